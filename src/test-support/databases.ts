// Test databases: every database test runs on PGlite and, when TEST_DATABASE_URL is set, on PostgreSQL as
// well, each in a database of its own that the test creates and drops.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import pg from "pg";
import { inject } from "vitest";
import { type AppDatabase, type Engine, openDatabase } from "../db/database.js";
import { migrateToLatest } from "../db/migrate.js";

/** The engines this run tests against. */
export const testEngines: Engine[] = process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];

/** A migrated, empty database for one test file; `drop()` closes it and removes it. */
export interface TestDatabase extends AppDatabase {
  drop(): Promise<void>;
}

/**
 * Creates a fresh database on the given engine and migrates it: to the newest schema, or with `upTo` to that
 * migration (an older release's schema), or not at all with `upTo: null`.
 */
export async function createTestDatabase(
  engine: Engine,
  { upTo }: { upTo?: string | null } = {},
): Promise<TestDatabase> {
  const migrate = async (database: AppDatabase) => {
    if (upTo !== null) await migrateToLatest(database.db, upTo);
  };
  // The newest schema is copied from what the run's global setup migrated (migrated-once.ts), when it ran.
  const copyMigrated = upTo === undefined;
  if (engine === "pglite") {
    const snapshotFile = copyMigrated ? migratedOnce("migratedPgliteSnapshot") : undefined;
    if (snapshotFile) {
      const database = await openDatabase({ dataDir: "memory://", loadSnapshot: readFileSync(snapshotFile) });
      return { ...database, drop: () => database.close() };
    }
    const database = await openDatabase({ dataDir: "memory://" });
    await migrate(database);
    return { ...database, drop: () => database.close() };
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error("TEST_DATABASE_URL is not set");
  const name = `intersession_test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const template = copyMigrated ? migratedOnce("migratedPostgresTemplate") : undefined;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ""}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString() });
  if (!template) await migrate(database);
  return {
    ...database,
    drop: async () => {
      await database.close();
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** What the global setup provided, or nothing outside Vitest's projects that have it (the reliability suite). */
function migratedOnce(key: "migratedPgliteSnapshot" | "migratedPostgresTemplate"): string | undefined {
  try {
    return inject(key);
  } catch {
    return undefined;
  }
}
