import { type Kysely, sql } from "kysely";

/**
 * Campaigns as one entry (F7): the public list finds which rows of a page represent a confirmed campaign by
 * their id, so campaigns are indexed by representative.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX campaigns_representative ON campaigns (representative_id)`.execute(db);
}
