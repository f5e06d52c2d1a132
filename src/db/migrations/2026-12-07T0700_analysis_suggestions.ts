import { type Kysely, sql } from "kysely";

/**
 * Theme suggestions (F6): each run of the suggestion job for a cycle, its progress while it reads the
 * published contributions, and what it found (groups of similar contributions with their terms, and each
 * contribution's terms), kept until the next run. Nothing here is in the codebook until a member adds it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE analysis_suggestion_runs (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      forum_id uuid NOT NULL REFERENCES forums(id) ON DELETE CASCADE,
      cycle_id uuid NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
      status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
      total integer NOT NULL DEFAULT 0,
      done integer NOT NULL DEFAULT 0,
      result jsonb,
      requested_by uuid REFERENCES users(id) ON DELETE SET NULL,
      error text NOT NULL DEFAULT '',
      created_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX analysis_suggestion_runs_cycle ON analysis_suggestion_runs (cycle_id, created_at DESC)`.execute(
    db,
  );
}
