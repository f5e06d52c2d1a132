import { type Kysely, sql } from "kysely";

/**
 * Scheduling polls tell people they exist: an optional time when answers close (a reminder goes out the day
 * before), and per person asked when they were invited and last reminded, so nobody is mailed twice by a
 * double click or by a button pressed just before the automatic reminder.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE scheduling_polls ADD COLUMN closes_at timestamptz`.execute(db);
  await sql`ALTER TABLE poll_participants ADD COLUMN invited_at timestamptz`.execute(db);
  await sql`ALTER TABLE poll_participants ADD COLUMN reminded_at timestamptz`.execute(db);
}
