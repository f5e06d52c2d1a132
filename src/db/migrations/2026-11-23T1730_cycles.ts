import { type Kysely, sql } from "kysely";

/** Yearly cycles, their milestones, members' participation, invitations, join requests and list subscriptions. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE cycles (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      forum_id uuid NOT NULL REFERENCES forums(id) ON DELETE CASCADE,
      year integer NOT NULL CHECK (year BETWEEN 1990 AND 2200),
      focus text NOT NULL DEFAULT '',
      description text NOT NULL DEFAULT '',
      status text NOT NULL DEFAULT 'scoping'
        CHECK (status IN ('scoping', 'call_open', 'analysis', 'drafting', 'public_review', 'closed')),
      previous_cycle_id uuid REFERENCES cycles(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (forum_id, year)
    )`.execute(db);
  await sql`
    CREATE TABLE milestones (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      cycle_id uuid NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('call_opens', 'soft_deadline', 'inclusion_cutoff', 'call_closes', 'first_draft',
        'review_opens', 'review_closes', 'annual_meeting', 'custom')),
      label text NOT NULL DEFAULT '',
      at timestamptz NOT NULL,
      time_zone text NOT NULL,
      all_day boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  // One of each standard milestone per cycle; custom ones are free.
  await sql`CREATE UNIQUE INDEX milestones_one_per_kind ON milestones (cycle_id, kind) WHERE kind <> 'custom'`.execute(
    db,
  );
  await sql`CREATE INDEX milestones_cycle_at ON milestones (cycle_id, at)`.execute(db);
  await sql`
    CREATE TABLE cycle_participants (
      cycle_id uuid NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      joined_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (cycle_id, user_id)
    )`.execute(db);
  await sql`
    CREATE TABLE forum_invitations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      forum_id uuid NOT NULL REFERENCES forums(id) ON DELETE CASCADE,
      email text NOT NULL,
      name text NOT NULL DEFAULT '',
      role text NOT NULL DEFAULT 'member',
      token_hash text NOT NULL UNIQUE,
      invited_by uuid REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      accepted_at timestamptz
    )`.execute(db);
  await sql`
    CREATE TABLE join_requests (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      forum_id uuid NOT NULL REFERENCES forums(id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      message text NOT NULL DEFAULT '',
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'declined')),
      decided_by uuid REFERENCES users(id) ON DELETE SET NULL,
      decided_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX join_requests_one_pending ON join_requests (forum_id, user_id) WHERE status = 'pending'`.execute(
    db,
  );
  await sql`
    CREATE TABLE list_subscriptions (
      forum_id uuid NOT NULL REFERENCES forums(id) ON DELETE CASCADE,
      email text NOT NULL,
      user_id uuid REFERENCES users(id) ON DELETE SET NULL,
      subscribed boolean NOT NULL DEFAULT true,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (forum_id, email)
    )`.execute(db);
}
