import { type Kysely, sql } from "kysely";

/**
 * A search of the public list pages through the cycle's arrival index and tests each row against the words
 * until 50 match. With only an index on the expression `to_tsvector('simple', search_text)`, every row tested
 * (and every row a bitmap scan rechecks) computed its vector again from the text: about half a millisecond a
 * row, 56 ms for a page of "encryption" on 20,000 contributions. The vector is now stored beside the text,
 * kept by PostgreSQL itself, and the full-text index reads it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE contributions
    ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED`.execute(
    db,
  );
  await sql`DROP INDEX contributions_search`.execute(db);
  await sql`CREATE INDEX contributions_search ON contributions USING gin (search_vector)`.execute(db);
}
