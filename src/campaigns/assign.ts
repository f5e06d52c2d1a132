// Assignment at intake: a contribution just received joins the campaign of an earlier text it copies, after the
// submission's commit (never a scan, never inside intake's transaction), in two round trips for the usual
// case: one statement for every lookup (an exact copy of its main box by key; else the representatives of its LSH
// buckets with their signatures, compared signature to signature as the full run does), one to store its
// fingerprints and join the campaign of the text it copies. Joining takes that campaign's row lock for a
// moment, so copies of one letter arriving together take turns there, and nothing else waits. Forming a new
// campaign (the text copied was alone) or adopting other lone look-alikes is a short transaction after it.
import type { Kysely } from "kysely";
import { recordAudit } from "../audit/index.js";
import { contributionTexts, type ReceivedContribution } from "../contributions/index.js";
import type { Database } from "../db/schema.js";
import { inTransaction } from "../db/transaction.js";
import {
  type BoxPrint,
  bandKeys,
  compactSignature,
  compactSimilarity,
  comparedBoxes,
  DEFAULT_THRESHOLD,
  INDEX_BANDS,
} from "./detection/index.js";
import { excerptOf } from "./excerpt.js";
import { insertCampaign } from "./queries.js";
import {
  growCampaign,
  type IntakeCandidate,
  insertMember,
  lockTextCampaign,
  selectIntakeCandidates,
  setTextsCampaign,
  signatureOf,
  storeAndJoin,
} from "./signature-queries.js";

const SYSTEM = { kind: "system", label: "campaign assignment" } as const;

/** What happened to a received contribution. */
export type Assignment =
  | { kind: "alone" }
  | { kind: "joined" | "formed"; campaignId: string; copyOf: string; exact: boolean };

/** A box of the new contribution and an earlier text it copies. */
interface Claim {
  box: BoxPrint;
  other: IntakeCandidate;
  similarity: number;
}

/**
 * Whether look-alike `a` claims the contribution before `b`, as the full run decides: the longer box's first
 * (a letter over a short stock answer), then a text in a larger campaign, then the closer.
 */
function claimsBefore(a: Claim, b: Claim): boolean {
  if (a.box.words !== b.box.words) return a.box.words > b.box.words;
  const sizeA = a.other.campaign_size ?? 0;
  const sizeB = b.other.campaign_size ?? 0;
  if (sizeA !== sizeB) return sizeA > sizeB;
  return a.similarity > b.similarity;
}

/** Assigns a received contribution to its campaign (joining one, or forming one with the text it copies). */
export async function assignAtIntake(db: Kysely<Database>, c: ReceivedContribution): Promise<Assignment> {
  // The boxes compared, as the full run compares them: each typed box long enough, else the whole text as an
  // exact copy only (files' text is extracted later, so intake sees typed boxes only).
  const prints = comparedBoxes({ parts: c.parts, typed: c.parts.length });
  if (!prints.length) return { kind: "alone" };
  // The bands kept in the index, each key once (two boxes of one contribution may share one).
  const buckets = new Map<number, { key: number; part: number }>();
  for (const p of prints)
    if (p.signature)
      for (const key of bandKeys(p.signature).subarray(0, INDEX_BANDS))
        if (!buckets.has(key)) buckets.set(key, { key, part: p.part });
  const found = await selectIntakeCandidates(db, {
    cycleId: c.cycleId,
    contributionId: c.id,
    exactKeys: prints.map((p) => p.exact),
    bandKeys: [...buckets.keys()],
  });
  // What each box copies: the earlier text with its exact key, else every bucket representative it resembles.
  // As in the full run, the contribution goes with its longest box that copies anything (see claimsBefore).
  let chosen: Claim | undefined;
  const likeOf = new Map<BoxPrint, IntakeCandidate[]>();
  for (const box of prints) {
    const like: { other: IntakeCandidate; similarity: number }[] = [];
    const copy = found.find((f) => f.kind === "exact" && f.exact_key === box.exact);
    if (copy) like.push({ other: copy, similarity: 1 });
    else if (box.signature) {
      const compact = compactSignature(box.signature);
      for (const other of found) {
        if (other.kind !== "near" || !other.signature) continue;
        const similarity = compactSimilarity(compact, signatureOf(other.signature));
        if (similarity >= DEFAULT_THRESHOLD) like.push({ other, similarity });
      }
    }
    likeOf.set(
      box,
      like.map((l) => l.other),
    );
    for (const l of like) {
      const claim = { box, ...l };
      if (!chosen || claimsBefore(claim, chosen)) chosen = claim;
    }
  }
  const copyOf = chosen?.other.contribution_id;
  const exact = chosen?.similarity === 1 && chosen.other.kind === "exact";
  // Every other text still alone that the chosen box resembles joins the campaign with it, as the full run's
  // union would join them (a copy that missed the letter's first copy meets a later, closer one).
  const alsoLike = new Set<string>();
  if (chosen)
    for (const other of likeOf.get(chosen.box) ?? [])
      if (!other.campaign_id && other.contribution_id !== copyOf) alsoLike.add(other.contribution_id);
  const done = await storeAndJoin(db, {
    cycleId: c.cycleId,
    contributionId: c.id,
    at: c.receivedAt,
    texts: prints,
    buckets: [...buckets.values()],
    partnerId: copyOf ?? null,
  });
  if (!done.stored || !copyOf) return { kind: "alone" };
  const original = copyOf;
  alsoLike.delete(original);
  // The usual case, a copy of a letter already in a campaign, is done: it joined in the same statement.
  if (done.campaignId && !alsoLike.size)
    return { kind: "joined", campaignId: done.campaignId, copyOf: original, exact };
  /** Adds texts still alone to a campaign (each row locked first, so two arrivals never both add one). */
  const adopt = async (trx: Kysely<Database>, campaignId: string) => {
    for (const id of alsoLike) {
      const other = await lockTextCampaign(trx, id);
      if (!other || other.campaign_id) continue;
      await insertMember(trx, campaignId, id, await growCampaign(trx, campaignId, c.receivedAt));
      await setTextsCampaign(trx, [id], campaignId);
    }
  };
  return inTransaction(db, async (trx) => {
    if (done.campaignId) {
      await adopt(trx, done.campaignId);
      return { kind: "joined", campaignId: done.campaignId, copyOf: original, exact };
    }
    const partner = await lockTextCampaign(trx, original);
    if (partner?.campaign_id) {
      const position = await growCampaign(trx, partner.campaign_id, c.receivedAt);
      await insertMember(trx, partner.campaign_id, c.id, position);
      await setTextsCampaign(trx, [c.id], partner.campaign_id);
      await adopt(trx, partner.campaign_id);
      return { kind: "joined", campaignId: partner.campaign_id, copyOf: original, exact };
    }
    // The text it copies was alone: the two form a new campaign, which the secretariat then decides on.
    const [first] = await contributionTexts(trx, [original]);
    const firstAt = first?.receivedAt ?? c.receivedAt;
    const campaignId = await insertCampaign(
      trx,
      {
        forum_id: c.forumId,
        cycle_id: c.cycleId,
        representative_id: original,
        excerpt: excerptOf(first?.text ?? c.text),
        first_at: firstAt < c.receivedAt ? firstAt : c.receivedAt,
        last_at: firstAt < c.receivedAt ? c.receivedAt : firstAt,
        status: "detected",
        decided_at: null,
      },
      [original, c.id],
    );
    await setTextsCampaign(trx, [original, c.id], campaignId);
    await adopt(trx, campaignId);
    await recordAudit(trx, {
      actor: SYSTEM,
      forumId: c.forumId,
      action: "campaigns.formed",
      subjectType: "campaign",
      subjectId: campaignId,
      after: { representative: original, copy: c.id, exact },
    });
    return { kind: "formed", campaignId, copyOf: original, exact };
  });
}
