import { type Kysely, sql } from "kysely";

/**
 * The members' reading workspace (F6): what each member has read of a cycle's contributions, when they last
 * looked at the cycle's list (so the list can say what is new since), and their impressions of a contribution:
 * private or shared with the forum's members, threaded, with the members they mention.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE reading_marks (
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      contribution_id uuid NOT NULL REFERENCES contributions(id) ON DELETE CASCADE,
      cycle_id uuid NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
      read_at timestamptz NOT NULL DEFAULT now(),
      how text NOT NULL CHECK (how IN ('opened', 'by_hand')),
      PRIMARY KEY (user_id, contribution_id)
    )`.execute(db);
  await sql`CREATE INDEX reading_marks_cycle ON reading_marks (cycle_id, contribution_id)`.execute(db);
  await sql`
    CREATE TABLE reading_visits (
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      cycle_id uuid NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
      last_visit_at timestamptz NOT NULL,
      previous_visit_at timestamptz,
      PRIMARY KEY (user_id, cycle_id)
    )`.execute(db);
  await sql`
    CREATE TABLE impressions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      forum_id uuid NOT NULL REFERENCES forums(id) ON DELETE CASCADE,
      cycle_id uuid NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
      contribution_id uuid NOT NULL REFERENCES contributions(id) ON DELETE CASCADE,
      author_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      parent_id uuid REFERENCES impressions(id) ON DELETE CASCADE,
      visibility text NOT NULL CHECK (visibility IN ('private', 'shared')),
      body text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      edited_at timestamptz,
      deleted_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX impressions_contribution ON impressions (contribution_id, created_at)`.execute(db);
  await sql`
    CREATE TABLE impression_mentions (
      impression_id uuid NOT NULL REFERENCES impressions(id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      PRIMARY KEY (impression_id, user_id)
    )`.execute(db);
}
