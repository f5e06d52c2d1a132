import { type Kysely, sql } from "kysely";

/**
 * Campaigns at intake (F7): each received contribution's exact-copy key, MinHash signature and campaign, by part (its own text, each
 * answer, each file, as detection compares them), and
 * the LSH buckets' representatives, so a new contribution is assigned to its campaign by a few indexed lookups
 * instead of a full run. An exact copy keeps no signature (its original has it). A bucket's key folds the band
 * number in (each band's key is seeded by it), so one index serves all 32 bands.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE campaign_texts (
      contribution_id uuid NOT NULL REFERENCES contributions(id) ON DELETE CASCADE,
      part smallint NOT NULL,
      cycle_id uuid NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
      exact_key text NOT NULL,
      signature bytea,
      campaign_id uuid REFERENCES campaigns(id) ON DELETE SET NULL,
      PRIMARY KEY (contribution_id, part)
    )`.execute(db);
  await sql`CREATE INDEX campaign_texts_exact ON campaign_texts (cycle_id, exact_key)`.execute(db);
  await sql`CREATE INDEX campaign_texts_campaign ON campaign_texts (campaign_id) WHERE campaign_id IS NOT NULL`.execute(
    db,
  );
  await sql`
    CREATE TABLE campaign_buckets (
      cycle_id uuid NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
      band_key integer NOT NULL,
      representative_id uuid NOT NULL,
      representative_part smallint NOT NULL,
      PRIMARY KEY (cycle_id, band_key)
    )`.execute(db);
}
