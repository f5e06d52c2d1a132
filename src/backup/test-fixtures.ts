// What backup tests compare: every table's rows, every sequence's position, every file's bytes; and the demo
// forum with a few uploaded files to back up.
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { type Kysely, sql } from "kysely";
import type { AppDatabase } from "../db/database.js";
import { seedDemoForum } from "../forums/index.js";
import { buildApp } from "../server/app.js";
import { testConfig } from "../test-support/app.js";

/** Each table's row count and a checksum of its rows in a fixed order. */
// biome-ignore lint/suspicious/noExplicitAny: every table, whatever its type.
export async function tableChecksums(db: Kysely<any>): Promise<Record<string, string>> {
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

/** Each sequence's last value (null when never used): a restored database must not hand out an id twice. */
// biome-ignore lint/suspicious/noExplicitAny: any database.
export async function sequenceValues(db: Kysely<any>): Promise<Record<string, string | null>> {
  const { rows } = await sql<{ name: string; last: string | null }>`
    select sequencename as name, last_value::text as last from pg_sequences
    where schemaname = 'public' order by sequencename`.execute(db);
  return Object.fromEntries(rows.map((r) => [r.name, r.last]));
}

/** Every file under `dir` by its path, with the sha256 of its bytes. */
export function fileChecksums(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out[relative(dir, path)] = createHash("sha256").update(readFileSync(path)).digest("hex");
  }
  return out;
}

/** The demo forum (every domain's part) and `files` uploaded files in a data folder. */
export async function fillWithDemo(database: AppDatabase, dataDir: string, files = 2): Promise<void> {
  const app = await buildApp({ config: testConfig({ dataDir }), database, logger: false });
  await seedDemoForum(database.db, new Date("2026-11-23T12:00:00Z"));
  await app.close();
  const texts = ["A submission's main document.", "Its appendix, 中文 и русский."];
  for (let i = 0; i < files; i++) {
    const bytes = Buffer.from(`${texts[i % 2]} ${i}`.repeat(200 * ((i % 5) + 1)));
    const sha = createHash("sha256").update(bytes).digest("hex");
    mkdirSync(join(dataDir, "files", sha.slice(0, 2), sha.slice(2, 4)), { recursive: true });
    writeFileSync(join(dataDir, "files", sha.slice(0, 2), sha.slice(2, 4), sha), bytes);
  }
}
