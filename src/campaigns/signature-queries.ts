// SQL for intake assignment: each received contribution's exact key, signature and campaign
// (`campaign_texts`), and the representatives of the cycle's LSH buckets (`campaign_buckets`). Every lookup is
// by an index and bounded (one exact match, at most 32 buckets, at most 32 signatures).
import { type Kysely, sql } from "kysely";
import type { Database } from "../db/schema.js";
import { PERMUTATIONS } from "./detection/index.js";

/** A signature as stored: 128 int32, little-endian. */
export function signatureBytes(signature: Int32Array): Uint8Array {
  return new Uint8Array(
    signature.buffer.slice(signature.byteOffset, signature.byteOffset + PERMUTATIONS * 4),
  );
}

/** A stored signature back as integers. */
export function signatureOf(bytes: Uint8Array): Int32Array {
  return new Int32Array(Uint8Array.from(bytes).buffer, 0, PERMUTATIONS);
}

/** An earlier text of the cycle equal to one of these once normalised, if any. */
export function selectExactText(
  db: Kysely<Database>,
  cycleId: string,
  exactKeys: string[],
): Promise<{ contribution_id: string } | undefined> {
  return db
    .selectFrom("campaign_texts")
    .select("contribution_id")
    .where("cycle_id", "=", cycleId)
    .where("exact_key", "in", exactKeys)
    .limit(1)
    .executeTakeFirst();
}

/** The representatives of the buckets these band keys fall into (at most one per key). */
export function selectBuckets(
  db: Kysely<Database>,
  cycleId: string,
  keys: number[],
): Promise<{ band_key: number; representative_id: string; representative_part: number }[]> {
  return db
    .selectFrom("campaign_buckets")
    .select(["band_key", "representative_id", "representative_part"])
    .where("cycle_id", "=", cycleId)
    .where("band_key", "in", keys)
    .execute();
}

/** Some contributions' signatures, every part. */
export function selectSignatures(
  db: Kysely<Database>,
  ids: string[],
): Promise<{ contribution_id: string; part: number; signature: Uint8Array | null }[]> {
  if (!ids.length) return Promise.resolve([]);
  return db
    .selectFrom("campaign_texts")
    .select(["contribution_id", "part", "signature"])
    .where("contribution_id", "in", ids)
    .where("signature", "is not", null)
    .execute();
}

/** Keeps a contribution's fingerprints (nothing when it already has them: a replayed hook). */
export async function insertText(
  db: Kysely<Database>,
  rows: {
    contribution_id: string;
    part: number;
    cycle_id: string;
    exact_key: string;
    signature: Uint8Array | null;
  }[],
): Promise<boolean> {
  const done = await db
    .insertInto("campaign_texts")
    .values(rows)
    .onConflict((oc) => oc.columns(["contribution_id", "part"]).doNothing())
    .executeTakeFirst();
  return Number(done.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Makes this text the representative of the buckets nobody holds yet. */
export async function claimBuckets(
  db: Kysely<Database>,
  cycleId: string,
  keys: { key: number; part: number }[],
  representativeId: string,
): Promise<void> {
  if (!keys.length) return;
  await db
    .insertInto("campaign_buckets")
    .values(
      keys.map((k) => ({
        cycle_id: cycleId,
        band_key: k.key,
        representative_id: representativeId,
        representative_part: k.part,
      })),
    )
    .onConflict((oc) => oc.columns(["cycle_id", "band_key"]).doNothing())
    .execute();
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

/** Writes fingerprints in bulk (a full run), a thousand rows per statement. */
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
  for (let start = 0; start < rows.length; start += 1000)
    await db
      .insertInto("campaign_texts")
      .values(rows.slice(start, start + 1000))
      .execute();
}

/** Writes bucket representatives in bulk (a full run): arrays unnested, twenty thousand per statement. */
export async function insertBuckets(
  db: Kysely<Database>,
  cycleId: string,
  keys: number[],
  representatives: string[],
  parts: number[],
): Promise<void> {
  for (let start = 0; start < keys.length; start += 20_000) {
    const k = keys.slice(start, start + 20_000);
    const r = representatives.slice(start, start + 20_000);
    const p = parts.slice(start, start + 20_000);
    await sql`
      INSERT INTO campaign_buckets (cycle_id, band_key, representative_id, representative_part)
      SELECT ${cycleId}::uuid, t.k, t.r, t.p FROM unnest(${k}::int4[], ${r}::uuid[], ${p}::int2[]) AS t(k, r, p)
      ON CONFLICT DO NOTHING`.execute(db);
  }
}
