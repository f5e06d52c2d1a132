// Vitest's global setup for the database and browser tests: the schema is migrated once per run instead of
// once per test database. Migrating a fresh PGlite (initdb, then every migration) took 3-5 s of each of the
// ~100 PGlite databases a run creates, and about 1.5 s of each PostgreSQL one; copying a migrated one takes a
// fraction of that. PGlite gets a snapshot file of a migrated in-memory database, PostgreSQL a template
// database; both are this run's own and are removed when the run ends.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../db/database.js";
import { migrateToLatest } from "../db/migrate.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** A gzipped tar of a migrated, empty PGlite data folder. */
    migratedPgliteSnapshot: string | undefined;
    /** A migrated, empty PostgreSQL database to copy with CREATE DATABASE … TEMPLATE. */
    migratedPostgresTemplate: string | undefined;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const folder = mkdtempSync(join(tmpdir(), "intersession-migrated-"));
  const snapshotFile = join(folder, "pglite.tar.gz");
  const pglite = await openDatabase({ dataDir: "memory://" });
  try {
    await migrateToLatest(pglite.db);
    const snapshot = pglite.snapshot;
    if (!snapshot) throw new Error("PGlite gave no snapshot");
    writeFileSync(snapshotFile, await snapshot());
  } finally {
    await pglite.close();
  }
  project.provide("migratedPgliteSnapshot", snapshotFile);

  const adminUrl = process.env.TEST_DATABASE_URL;
  let template: string | undefined;
  if (adminUrl) {
    template = `intersession_template_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
    await adminQuery(adminUrl, `CREATE DATABASE ${template}`);
    const url = new URL(adminUrl);
    url.pathname = `/${template}`;
    const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 1 });
    try {
      await migrateToLatest(database.db);
    } finally {
      // No connection may remain to a template while it is copied.
      await database.close();
    }
  }
  project.provide("migratedPostgresTemplate", template);

  return async () => {
    rmSync(folder, { recursive: true, force: true });
    if (adminUrl && template) await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
  };
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}
