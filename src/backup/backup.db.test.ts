// A backup of the demo forum restored elsewhere is the same site: every table's rows and every file, on each
// engine. The figures (size, time) are printed for the closing note.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../db/database.js";
import { migrateToLatest } from "../db/migrate.js";
import { createTestDatabase, type TestDatabase, testEngines } from "../test-support/databases.js";
import { dailyBackup, listBackups, restoreBackup, writeBackup } from "./backup.js";
import { fileChecksums, fillWithDemo, sequenceValues, tableChecksums } from "./test-fixtures.js";

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
      const sequencesBefore = await sequenceValues(source.db);
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
        expect(await sequenceValues(restored.db)).toEqual(sequencesBefore);
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
