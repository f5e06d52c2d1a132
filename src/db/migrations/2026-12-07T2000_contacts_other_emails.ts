import { type Kysely, sql } from "kysely";

/**
 * Contacts (F10): a merge of two contacts that both had an address keeps the dropped one, so the merged
 * contact's history still finds what was sent to it and what it contributed. Seen by the secretariat only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE contacts ADD COLUMN other_emails text[] NOT NULL DEFAULT '{}'`.execute(db);
}
