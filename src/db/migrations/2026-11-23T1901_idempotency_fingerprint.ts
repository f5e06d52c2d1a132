import { type Kysely, sql } from "kysely";

/**
 * An Idempotency-Key replays a response only for the same caller sending the same request: the fingerprint
 * (a hash of the fields and files) tells a retry from a different submission that reuses a key.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE contribution_api_requests ADD COLUMN request_hash text NOT NULL DEFAULT ''`.execute(
    db,
  );
}
