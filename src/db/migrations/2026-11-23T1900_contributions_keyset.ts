import { type Kysely, sql } from "kysely";

/**
 * The public list pages through contributions in arrival order with a (received_at, id) keyset; the index
 * carries the tie-breaker so a page of a million-row cycle is an index range scan, not a sort.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX contributions_cycle_status_arrival ON contributions (cycle_id, status, received_at, id)`.execute(
    db,
  );
  await sql`DROP INDEX contributions_cycle_status`.execute(db);
}
