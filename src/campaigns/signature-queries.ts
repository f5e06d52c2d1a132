// SQL for intake assignment: each received contribution's exact key, signature and campaign
// (`campaign_texts`), and the representatives of the cycle's LSH buckets (`campaign_buckets`). Every lookup is
// by an index and bounded (one exact match, at most 32 buckets, at most 32 signatures).
import { type Kysely, sql } from "kysely";
import type { Database } from "../db/schema.js";
import { compactSignature, PERMUTATIONS } from "./detection/index.js";

/**
 * A stored signature as the compact form compared (compactSignature: 128 bytes). An index written before
 * signatures were compact holds 128 little-endian int32: their low bytes are the same compact form.
 */
export function signatureOf(bytes: Uint8Array): Uint8Array {
  if (bytes.length === PERMUTATIONS) return bytes;
  const compact = new Uint8Array(PERMUTATIONS);
  for (let i = 0; i < PERMUTATIONS; i++) compact[i] = bytes[i * 4] ?? 0;
  return compact;
}

/** What one lookup at intake returns: an exact copy, or the texts holding the buckets this one falls into. */
export interface IntakeCandidate {
  /** "exact": an earlier text equal to one of these boxes; "near": a bucket representative's box. */
  kind: "exact" | "near";
  contribution_id: string;
  campaign_id: string | null;
  /** How many copies its campaign has (null when alone). */
  campaign_size: number | null;
  /** The exact key it shares (an exact copy's). */
  exact_key: string | null;
  signature: Uint8Array | null;
}

/**
 * The lookups of an assignment in one statement (one round trip): for each exact key, an earlier text sharing
 * it, and every signed box of the representatives of these band keys, each with its campaign and its size. The
 * representatives are gathered into an array first, so the texts are read by their key, never by a join the
 * planner might make a hash join over the whole table (it did, 1-4 s a lookup, on stale statistics).
 */
export async function selectIntakeCandidates(
  db: Kysely<Database>,
  args: { cycleId: string; contributionId: string; exactKeys: string[]; bandKeys: number[] },
): Promise<IntakeCandidate[]> {
  const { rows } = await sql<IntakeCandidate>`
    WITH exact AS (
      SELECT e.contribution_id, e.campaign_id, e.exact_key
      FROM unnest(${args.exactKeys}::text[]) AS k(key)
      CROSS JOIN LATERAL (
        SELECT contribution_id, campaign_id, exact_key FROM campaign_texts
        WHERE cycle_id = ${args.cycleId}::uuid AND exact_key = k.key
          AND contribution_id <> ${args.contributionId}::uuid
        LIMIT 1
      ) AS e
    ), near AS (
      SELECT t.contribution_id, t.campaign_id, t.signature
      FROM campaign_texts t
      WHERE t.contribution_id = ANY(ARRAY(
          SELECT representative_id FROM campaign_buckets
          WHERE cycle_id = ${args.cycleId}::uuid AND band_key = ANY(${args.bandKeys}::int4[])
            AND representative_id <> ${args.contributionId}::uuid
        ))
        AND t.signature IS NOT NULL
    ), found AS (
      SELECT 'exact' AS kind, contribution_id, campaign_id, exact_key, NULL::bytea AS signature FROM exact
      UNION ALL
      SELECT 'near', contribution_id, campaign_id, NULL, signature FROM near
    )
    SELECT f.kind, f.contribution_id, f.campaign_id, f.exact_key, f.signature, c.size AS campaign_size
    FROM found f LEFT JOIN campaigns c ON c.id = f.campaign_id`.execute(db);
  return rows;
}

/**
 * Keeps a contribution's fingerprints, claims the buckets nobody holds yet and, when the text it copies is
 * already in a campaign, joins it: one statement, so the usual case (a copy of a known letter) is one round
 * trip after the lookup. The partner's rows are locked while the campaign's count grows (the campaign's row
 * itself is locked by its update), so copies arriving together take turns. Nothing is written when the
 * contribution already has fingerprints (a replayed hook). Returns whether they were stored and the campaign
 * joined, if any (none when the text copied is still alone: the caller then forms the campaign).
 */
export async function storeAndJoin(
  db: Kysely<Database>,
  args: {
    cycleId: string;
    contributionId: string;
    at: Date;
    texts: { part: number; exact: string; signature: Int32Array | null }[];
    buckets: { key: number; part: number }[];
    partnerId: string | null;
  },
): Promise<{ stored: boolean; campaignId: string | null }> {
  const hex = args.texts.map((t) =>
    t.signature ? Buffer.from(compactSignature(t.signature)).toString("hex") : null,
  );
  const { rows } = await sql<{ stored: number; campaign_id: string | null }>`
    WITH fresh AS (
      SELECT NOT EXISTS (SELECT 1 FROM campaign_texts WHERE contribution_id = ${args.contributionId}::uuid) AS ok
    ), partner AS (
      SELECT campaign_id FROM campaign_texts
      WHERE contribution_id = ${args.partnerId}::uuid AND campaign_id IS NOT NULL
      LIMIT 1 FOR UPDATE
    ), grown AS (
      UPDATE campaigns
      SET size = size + 1, first_at = least(first_at, ${args.at}::timestamptz),
        last_at = greatest(last_at, ${args.at}::timestamptz)
      WHERE id = (SELECT campaign_id FROM partner) AND (SELECT ok FROM fresh)
      RETURNING id, size
    ), member AS (
      INSERT INTO campaign_members (campaign_id, contribution_id, position)
      SELECT id, ${args.contributionId}::uuid, size - 1 FROM grown
    ), stored AS (
      INSERT INTO campaign_texts (contribution_id, part, cycle_id, exact_key, signature, campaign_id)
      SELECT ${args.contributionId}::uuid, t.part, ${args.cycleId}::uuid, t.exact_key, decode(t.signature, 'hex'),
        (SELECT id FROM grown)
      FROM unnest(${args.texts.map((t) => t.part)}::int2[], ${args.texts.map((t) => t.exact)}::text[],
        ${hex}::text[]) AS t(part, exact_key, signature)
      ON CONFLICT (contribution_id, part) DO NOTHING
      RETURNING 1
    ), claimed AS (
      INSERT INTO campaign_buckets (cycle_id, band_key, representative_id, representative_part)
      SELECT ${args.cycleId}::uuid, b.k, ${args.contributionId}::uuid, b.p
      FROM unnest(${args.buckets.map((b) => b.key)}::int4[], ${args.buckets.map((b) => b.part)}::int2[]) AS b(k, p)
      WHERE (SELECT ok FROM fresh)
      ON CONFLICT (cycle_id, band_key) DO NOTHING
    )
    SELECT (SELECT count(*) FROM stored)::int AS stored, (SELECT id FROM grown) AS campaign_id`.execute(db);
  const row = rows[0];
  return { stored: Number(row?.stored ?? 0) > 0, campaignId: row?.campaign_id ?? null };
}

/** A text's campaign, its rows locked until the transaction ends (two copies joining at once take turns). */
export async function lockTextCampaign(
  db: Kysely<Database>,
  contributionId: string,
): Promise<{ campaign_id: string | null } | undefined> {
  const rows = await db
    .selectFrom("campaign_texts")
    .select("campaign_id")
    .where("contribution_id", "=", contributionId)
    .orderBy("part")
    .forUpdate()
    .execute();
  return rows.length ? { campaign_id: rows.find((r) => r.campaign_id)?.campaign_id ?? null } : undefined;
}

/** Records which campaign some texts belong to. */
export async function setTextsCampaign(
  db: Kysely<Database>,
  ids: string[],
  campaignId: string,
): Promise<void> {
  await db
    .updateTable("campaign_texts")
    .set({ campaign_id: campaignId })
    .where("contribution_id", "in", ids)
    .execute();
}

/** Counts one more member in a campaign (its row locked by the update); returns the member's position. */
export async function growCampaign(db: Kysely<Database>, campaignId: string, at: Date): Promise<number> {
  const row = await db
    .updateTable("campaigns")
    .set((eb) => ({
      size: eb("size", "+", 1),
      first_at: sql<Date>`least(first_at, ${at})`,
      last_at: sql<Date>`greatest(last_at, ${at})`,
    }))
    .where("id", "=", campaignId)
    .returning("size")
    .executeTakeFirstOrThrow();
  return row.size - 1;
}

/** Adds one member at a position. */
export async function insertMember(
  db: Kysely<Database>,
  campaignId: string,
  contributionId: string,
  position: number,
): Promise<void> {
  await db
    .insertInto("campaign_members")
    .values({ campaign_id: campaignId, contribution_id: contributionId, position })
    .execute();
}

/** Removes a cycle's fingerprints and buckets (a full run writes them again). */
export async function deleteCycleIndex(db: Kysely<Database>, cycleId: string): Promise<void> {
  await db.deleteFrom("campaign_texts").where("cycle_id", "=", cycleId).execute();
  await db.deleteFrom("campaign_buckets").where("cycle_id", "=", cycleId).execute();
}

/** Writes fingerprints in bulk (a full run): arrays unnested, the signatures as hex, one statement per call. */
export async function insertTexts(
  db: Kysely<Database>,
  rows: {
    contribution_id: string;
    part: number;
    cycle_id: string;
    exact_key: string;
    signature: Uint8Array | null;
    campaign_id: string | null;
  }[],
): Promise<void> {
  if (!rows.length) return;
  await sql`
    INSERT INTO campaign_texts (contribution_id, part, cycle_id, exact_key, signature, campaign_id)
    SELECT t.c, t.p, ${rows[0]!.cycle_id}::uuid, t.e, decode(t.s, 'hex'), t.g
    FROM unnest(${rows.map((r) => r.contribution_id)}::uuid[], ${rows.map((r) => r.part)}::int2[],
      ${rows.map((r) => r.exact_key)}::text[],
      ${rows.map((r) => (r.signature ? Buffer.from(r.signature).toString("hex") : null))}::text[],
      ${rows.map((r) => r.campaign_id)}::uuid[]) AS t(c, p, e, s, g)`.execute(db);
}

/**
 * Writes bucket representatives in bulk (a full run), sorted by key as the detector gives them: arrays
 * unnested, fifty thousand per statement.
 */
export async function insertBuckets(
  db: Kysely<Database>,
  cycleId: string,
  keys: Int32Array,
  representative: (i: number) => string,
  parts: Int32Array,
): Promise<void> {
  for (let start = 0; start < keys.length; start += 50_000) {
    const k = Array.from(keys.subarray(start, start + 50_000));
    const r = Array.from(k, (_, i) => representative(start + i));
    const p = Array.from(parts.subarray(start, start + 50_000));
    await sql`
      INSERT INTO campaign_buckets (cycle_id, band_key, representative_id, representative_part)
      SELECT ${cycleId}::uuid, t.k, t.r, t.p FROM unnest(${k}::int4[], ${r}::uuid[], ${p}::int2[]) AS t(k, r, p)
      ON CONFLICT DO NOTHING`.execute(db);
  }
}

/**
 * Refreshes the planner's statistics of the intake index after a full run rewrote a cycle's share of it, so
 * the first assignments are planned on its real size rather than on what the tables held before.
 */
export async function analyseIndex(db: Kysely<Database>): Promise<void> {
  await sql`ANALYZE campaign_texts, campaign_buckets`.execute(db);
}
