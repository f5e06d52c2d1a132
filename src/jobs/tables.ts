import type { Generated, JSONColumnType } from "kysely";

/** The `jobs` table: a small Postgres-backed queue (works the same on PGlite). */
export interface JobsTable {
  id: Generated<number>;
  kind: string;
  payload: JSONColumnType<Record<string, unknown>, string, string>;
  run_at: Generated<Date>;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  locked_until: Date | null;
  last_error: string | null;
  done_at: Date | null;
  failed_at: Date | null;
  created_at: Generated<Date>;
}

export interface JobTables {
  jobs: JobsTable;
}
