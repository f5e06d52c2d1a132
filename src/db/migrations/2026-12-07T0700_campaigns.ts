import { type Kysely, sql } from "kysely";

/**
 * Campaigns (F7): groups of a cycle's contributions found to be copies of one letter, each with its size,
 * the contribution standing for it and its members; the secretariat's decision on it; and the detection runs
 * with their progress.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE campaign_runs (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      forum_id uuid NOT NULL REFERENCES forums(id) ON DELETE CASCADE,
      cycle_id uuid NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
      status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
      processed integer NOT NULL DEFAULT 0,
      campaigns integer NOT NULL DEFAULT 0,
      started_at timestamptz,
      finished_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX campaign_runs_cycle ON campaign_runs (cycle_id, created_at)`.execute(db);
  await sql`
    CREATE TABLE campaigns (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      forum_id uuid NOT NULL REFERENCES forums(id) ON DELETE CASCADE,
      cycle_id uuid NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
      size integer NOT NULL,
      representative_id uuid NOT NULL REFERENCES contributions(id) ON DELETE CASCADE,
      excerpt text NOT NULL DEFAULT '',
      first_at timestamptz,
      last_at timestamptz,
      status text NOT NULL DEFAULT 'detected' CHECK (status IN ('detected', 'confirmed', 'dismissed')),
      decided_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX campaigns_cycle ON campaigns (cycle_id, size DESC, id)`.execute(db);
  await sql`
    CREATE TABLE campaign_members (
      campaign_id uuid NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
      contribution_id uuid NOT NULL REFERENCES contributions(id) ON DELETE CASCADE,
      position integer NOT NULL,
      PRIMARY KEY (campaign_id, position)
    )`.execute(db);
  await sql`CREATE INDEX campaign_members_contribution ON campaign_members (contribution_id)`.execute(db);
}
