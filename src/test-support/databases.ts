// Test databases: every database test runs on PGlite and, when TEST_DATABASE_URL is set, on PostgreSQL as
// well, each in a database of its own that the test creates and drops.
import { randomBytes } from "node:crypto";
import pg from "pg";
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
  if (engine === "pglite") {
    const database = await openDatabase({ dataDir: "memory://" });
    await migrate(database);
    return { ...database, drop: () => database.close() };
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error("TEST_DATABASE_URL is not set");
  const name = `intersession_test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString() });
  await migrate(database);
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
