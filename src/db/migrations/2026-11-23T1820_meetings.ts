import { type Kysely, sql } from "kysely";

/** Meetings, attendance, scheduling polls, next steps (action items), and the daily overdue-reminder job. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE meetings (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      forum_id uuid NOT NULL REFERENCES forums(id) ON DELETE CASCADE,
      cycle_id uuid NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
      slug text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('virtual', 'informal', 'annual_session')),
      number integer CHECK (number IS NULL OR number BETWEEN 1 AND 3999),
      title text NOT NULL DEFAULT '',
      date text NOT NULL CHECK (date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      start_time text CHECK (start_time IS NULL OR start_time ~ '^[0-9]{2}:[0-9]{2}$'),
      end_time text CHECK (end_time IS NULL OR end_time ~ '^[0-9]{2}:[0-9]{2}$'),
      time_zone text NOT NULL DEFAULT 'UTC',
      starts_at timestamptz,
      ends_at timestamptz,
      room text NOT NULL DEFAULT '',
      organiser text NOT NULL DEFAULT '',
      facilitator text NOT NULL DEFAULT '',
      moderator text NOT NULL DEFAULT '',
      purpose text NOT NULL DEFAULT '',
      agenda text NOT NULL DEFAULT '',
      join_url text NOT NULL DEFAULT '',
      recording_stream_url text NOT NULL DEFAULT '',
      recording_download_url text NOT NULL DEFAULT '',
      recording_password text NOT NULL DEFAULT '',
      summary text NOT NULL DEFAULT '',
      summary_published_at timestamptz,
      contributions_annex text NOT NULL DEFAULT '',
      imported_from text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (cycle_id, slug)
    )`.execute(db);
  await sql`CREATE INDEX meetings_forum_date ON meetings (forum_id, date)`.execute(db);
  await sql`
    CREATE TABLE meeting_attendance (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      meeting_id uuid NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
      user_id uuid REFERENCES users(id) ON DELETE SET NULL,
      name text NOT NULL,
      role text NOT NULL DEFAULT '',
      position integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX meeting_attendance_person ON meeting_attendance (meeting_id, user_id) WHERE user_id IS NOT NULL`.execute(
    db,
  );
  await sql`
    CREATE TABLE action_items (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      forum_id uuid NOT NULL REFERENCES forums(id) ON DELETE CASCADE,
      meeting_id uuid NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
      text text NOT NULL,
      owner_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
      owner_text text NOT NULL DEFAULT '',
      due_text text NOT NULL DEFAULT '',
      due_date text CHECK (due_date IS NULL OR due_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      due_precision text CHECK (due_precision IS NULL OR due_precision IN
        ('exact', 'on_or_around', 'before', 'week_of', 'month', 'after')),
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dropped')),
      position integer NOT NULL DEFAULT 0,
      last_reminded_on text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX action_items_owner_open ON action_items (owner_user_id) WHERE status = 'open'`.execute(
    db,
  );
  await sql`CREATE INDEX action_items_forum_open ON action_items (forum_id) WHERE status = 'open'`.execute(
    db,
  );
  await sql`
    CREATE TABLE scheduling_polls (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      forum_id uuid NOT NULL REFERENCES forums(id) ON DELETE CASCADE,
      cycle_id uuid NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
      title text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('virtual', 'informal', 'annual_session')),
      number integer,
      purpose text NOT NULL DEFAULT '',
      duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 15 AND 600),
      time_zone text NOT NULL,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
      meeting_id uuid REFERENCES meetings(id) ON DELETE SET NULL,
      created_by uuid REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      closed_at timestamptz
    )`.execute(db);
  await sql`
    CREATE TABLE poll_slots (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      poll_id uuid NOT NULL REFERENCES scheduling_polls(id) ON DELETE CASCADE,
      starts_at timestamptz NOT NULL,
      UNIQUE (poll_id, starts_at)
    )`.execute(db);
  await sql`
    CREATE TABLE poll_participants (
      poll_id uuid NOT NULL REFERENCES scheduling_polls(id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      PRIMARY KEY (poll_id, user_id)
    )`.execute(db);
  await sql`
    CREATE TABLE poll_answers (
      slot_id uuid NOT NULL REFERENCES poll_slots(id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      answer text NOT NULL CHECK (answer IN ('yes', 'if_need_be', 'no')),
      answered_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (slot_id, user_id)
    )`.execute(db);
  // The daily reminder job schedules its own next run; this is its first.
  await sql`INSERT INTO jobs (kind, payload) VALUES ('meetings.remind-overdue', '{}')`.execute(db);
}
