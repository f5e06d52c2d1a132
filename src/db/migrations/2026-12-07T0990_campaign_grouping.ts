import { type Kysely, sql } from "kysely";

/**
 * Campaigns as one entry (F7): the public list asks on every request whether a cycle has a confirmed campaign
 * (to offer grouping), and which rows of a page represent one, so confirmed campaigns are indexed by cycle and
 * by representative (a cycle's thousands of detected groups are not read for it).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX campaigns_confirmed_cycle ON campaigns (cycle_id) WHERE status = 'confirmed'`.execute(
    db,
  );
  await sql`CREATE INDEX campaigns_confirmed_representative ON campaigns (representative_id) WHERE status = 'confirmed'`.execute(
    db,
  );
}
