// A backup of the demo forum restored elsewhere is the same site: every table's rows and every file, on each
// engine. The figures (size, time) are printed for the closing note.
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { type Kysely, sql } from "kysely";
import { describe, expect, it } from "vitest";
import { type AppDatabase, openDatabase } from "../db/database.js";
import { migrateToLatest } from "../db/migrate.js";
import { seedDemoForum } from "../forums/index.js";
import { buildApp } from "../server/app.js";
import { testConfig } from "../test-support/app.js";
import { createTestDatabase, type TestDatabase, testEngines } from "../test-support/databases.js";
import { dailyBackup, listBackups, restoreBackup, writeBackup } from "./backup.js";

/** Each table's row count and a checksum of its rows in a fixed order. */
// biome-ignore lint/suspicious/noExplicitAny: every table, whatever its type.
async function tableChecksums(db: Kysely<any>): Promise<Record<string, string>> {
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(db);
  const out: Record<string, string> = {};
  for (const { name } of tables.rows) {
    const { rows } = await sql<{ n: number; sum: string | null }>`
      select count(*)::int as n, md5(string_agg(t::text, E'\n' order by t::text)) as sum
      from ${sql.table(name)} t`.execute(db);
    out[name] = `${rows[0]?.n}:${rows[0]?.sum ?? ""}`;
  }
  return out;
}

function fileChecksums(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out[relative(dir, path)] = createHash("sha256").update(readFileSync(path)).digest("hex");
  }
  return out;
}

/** The demo forum (every domain's part) and a few uploaded files in a data folder. */
async function fillWithDemo(database: AppDatabase, dataDir: string): Promise<void> {
  const app = await buildApp({ config: testConfig({ dataDir }), database, logger: false });
  await seedDemoForum(database.db, new Date("2026-11-23T12:00:00Z"));
  await app.close();
  for (const [i, text] of ["A submission's main document.", "Its appendix, 中文 и русский."].entries()) {
    const bytes = Buffer.from(text.repeat(200 * (i + 1)));
    const sha = createHash("sha256").update(bytes).digest("hex");
    mkdirSync(join(dataDir, "files", sha.slice(0, 2), sha.slice(2, 4)), { recursive: true });
    writeFileSync(join(dataDir, "files", sha.slice(0, 2), sha.slice(2, 4), sha), bytes);
  }
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

describe.each(testEngines)("backup and restore on %s", (engine) => {
  it("restores the demo forum identically: every table, every file", async () => {
    const sourceDir = mkdtempSync(join(tmpdir(), "intersession-backup-source-"));
    const targetDir = mkdtempSync(join(tmpdir(), "intersession-backup-target-"));
    const out = join(mkdtempSync(join(tmpdir(), "intersession-backups-")), "backup");
    const source =
      engine === "pglite" ? await openDatabase({ dataDir: sourceDir }) : await createTestDatabase(engine);
    const emptyTarget = engine === "postgres" ? await createTestDatabase(engine, { upTo: null }) : undefined;
    try {
      if (engine === "pglite") await migrateToLatest(source.db);
      await fillWithDemo(source, sourceDir);
      const before = await tableChecksums(source.db);
      expect(Number(before.contributions?.split(":")[0])).toBeGreaterThan(0);

      // Taken from the open database, as the running server's daily backup is.
      let started = Date.now();
      const manifest = await writeBackup({
        database: source,
        databaseUrl: engine === "postgres" ? source.location : undefined,
        dataDir: sourceDir,
        out,
        now: new Date(),
      });
      const backupMs = Date.now() - started;
      started = Date.now();
      const target = emptyTarget ? { databaseUrl: emptyTarget.location } : { dataDir: targetDir };
      await restoreBackup({ from: out, target, dataDir: targetDir, now: new Date() });
      const restoreMs = Date.now() - started;
      console.log(
        `backup round trip (${engine}, demo forum): database ${megabytes(manifest.databaseBytes)}, ` +
          `${manifest.files} files ${megabytes(manifest.filesBytes)}; backup ${backupMs} ms, restore ${restoreMs} ms`,
      );

      const restored = emptyTarget ?? (await openDatabase({ dataDir: targetDir }));
      try {
        expect(await tableChecksums(restored.db)).toEqual(before);
      } finally {
        if (!emptyTarget) await restored.close();
      }
      expect(fileChecksums(join(targetDir, "files"))).toEqual(fileChecksums(join(sourceDir, "files")));
      expect(Object.keys(fileChecksums(join(targetDir, "files")))).toHaveLength(2);
    } finally {
      await (engine === "postgres" ? (source as TestDatabase).drop() : source.close());
      await emptyTarget?.drop();
    }
  }, 300_000);
});

describe("the embedded default's daily backup", () => {
  it("keeps the backups of the retention period and deletes older ones", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "intersession-daily-"));
    const database = await openDatabase({ dataDir });
    try {
      await migrateToLatest(database.db);
      const day = (n: number) => new Date(Date.UTC(2026, 11, n, 3));
      for (const n of [1, 2, 3, 4, 5])
        await dailyBackup({ database, dataDir, retentionDays: 2, now: day(n) });
      const kept = await listBackups(join(dataDir, "backups"));
      expect(kept.map((b) => b.createdAt)).toEqual([day(5), day(4), day(3)]);
    } finally {
      await database.close();
    }
  }, 120_000);
});
