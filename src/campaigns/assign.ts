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
import { bandKeys, DEFAULT_THRESHOLD, estimatedJaccard, INDEX_BANDS, mainPrint } from "./detection/index.js";
import { excerptOf } from "./excerpt.js";
import { insertCampaign } from "./queries.js";
import {
  growCampaign,
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

/** Assigns a received contribution to its campaign (joining one, or forming one with the text it copies). */
export async function assignAtIntake(db: Kysely<Database>, c: ReceivedContribution): Promise<Assignment> {
  // The box compared, as the full run compares it: the longest typed box long enough, else the whole text as
  // an exact copy only (files' text is extracted later, so intake sees typed boxes only).
  const main = mainPrint({ parts: c.parts, typed: c.parts.length });
  if (!main) return { kind: "alone" };
  const signature = main.signature;
  // The bands kept in the index, each key once.
  const bands = signature ? [...new Set(bandKeys(signature).subarray(0, INDEX_BANDS))] : [];
  const found = await selectIntakeCandidates(db, {
    cycleId: c.cycleId,
    contributionId: c.id,
    exactKeys: [main.exact],
    bandKeys: bands,
  });
  const exact = found.find((f) => f.kind === "exact");
  let copyOf = exact?.contribution_id;
  // Every other text still alone that this one resembles joins the campaign with it, as the full run's union
  // would join them (a copy that missed the letter's first copy meets a later, closer one).
  const alsoLike = new Set<string>();
  if (!exact && signature) {
    // Each bucket's representative is a candidate; the whole signature decides, the closest wins.
    let best = DEFAULT_THRESHOLD;
    for (const other of found) {
      if (!other.signature) continue;
      const similarity = estimatedJaccard(signature, signatureOf(other.signature));
      if (similarity >= DEFAULT_THRESHOLD && !other.campaign_id) alsoLike.add(other.contribution_id);
      if (similarity >= best) {
        best = similarity;
        copyOf = other.contribution_id;
      }
    }
  }
  const done = await storeAndJoin(db, {
    cycleId: c.cycleId,
    contributionId: c.id,
    at: c.receivedAt,
    texts: [main],
    buckets: bands.map((key) => ({ key, part: main.part })),
    partnerId: copyOf ?? null,
  });
  if (!done.stored || !copyOf) return { kind: "alone" };
  const original = copyOf;
  alsoLike.delete(original);
  // The usual case, a copy of a letter already in a campaign, is done: it joined in the same statement.
  if (done.campaignId && !alsoLike.size)
    return { kind: "joined", campaignId: done.campaignId, copyOf: original, exact: !!exact };
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
      return { kind: "joined", campaignId: done.campaignId, copyOf: original, exact: !!exact };
    }
    const partner = await lockTextCampaign(trx, original);
    if (partner?.campaign_id) {
      const position = await growCampaign(trx, partner.campaign_id, c.receivedAt);
      await insertMember(trx, partner.campaign_id, c.id, position);
      await setTextsCampaign(trx, [c.id], partner.campaign_id);
      await adopt(trx, partner.campaign_id);
      return { kind: "joined", campaignId: partner.campaign_id, copyOf: original, exact: !!exact };
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
      after: { representative: original, copy: c.id, exact: !!exact },
    });
    return { kind: "formed", campaignId, copyOf: original, exact: !!exact };
  });
}
