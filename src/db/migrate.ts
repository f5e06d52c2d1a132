// Timestamped, append-only migrations, the same on PGlite and PostgreSQL. Each file in ./migrations exports
// `up(db)`; the file name (a UTC timestamp first) is its identity and its order.
import { readdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import {
  type Kysely,
  type Migration,
  type MigrationProvider,
  type MigrationResultSet,
  Migrator,
  sql,
} from "kysely";

const MIGRATION_FILE = /^\d{4}-\d{2}-\d{2}T\d{4}_[a-z0-9_]+\.(ts|js)$/;

class FolderMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const folder = fileURLToPath(new URL("./migrations/", import.meta.url));
    const files = (await readdir(folder)).filter((f) => MIGRATION_FILE.test(f)).sort();
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      const module = (await import(new URL(`./migrations/${file}`, import.meta.url).href)) as Migration;
      migrations[file.replace(/\.(ts|js)$/, "")] = module;
    }
    return migrations;
  }
}

/** Raised when the database holds a migration this code does not know: a newer Intersession made it. */
export class NewerSchemaError extends Error {
  constructor(readonly migrationName: string) {
    super(
      `This database was made by a newer Intersession (migration ${migrationName}); install that version or restore a backup.`,
    );
    this.name = "NewerSchemaError";
  }
}

/** The names of the migrations this code knows, oldest first. */
export async function knownMigrationNames(): Promise<string[]> {
  return Object.keys(await new FolderMigrationProvider().getMigrations()).sort();
}

/** The migrations the database has had, oldest first (none for an empty database). */
// biome-ignore lint/suspicious/noExplicitAny: migrations run on any schema.
export async function appliedMigrations(db: Kysely<any>): Promise<string[]> {
  const table = await sql<{ present: boolean }>`
    select to_regclass('kysely_migration') is not null as present`.execute(db);
  if (!table.rows[0]?.present) return [];
  const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return applied.rows.map((r) => r.name);
}

/**
 * Refuses a database that a newer release has migrated: running older code on it could misread or damage its
 * data, and Kysely's own message ("corrupted migrations") would not tell the person what to do.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run on any schema.
async function refuseNewerSchema(db: Kysely<any>, known: Set<string>): Promise<void> {
  const unknown = (await appliedMigrations(db)).filter((name) => !known.has(name));
  const newest = unknown.at(-1);
  if (newest) throw new NewerSchemaError(newest);
}

/**
 * Brings the database to the newest schema (or, with `upTo`, to that migration and no further, as an older
 * release would have); throws with the failing migration's name on error.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run on any schema.
export async function migrateToLatest(db: Kysely<any>, upTo?: string): Promise<string[]> {
  const provider = new FolderMigrationProvider();
  await refuseNewerSchema(db, new Set(Object.keys(await provider.getMigrations())));
  const migrator = new Migrator({ db, provider });
  const { error, results }: MigrationResultSet = upTo
    ? await migrator.migrateTo(upTo)
    : await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error) {
    const name = failed ? ` in ${failed.migrationName}` : "";
    throw new Error(
      `Database migration failed${name}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
