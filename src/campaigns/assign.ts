// Assignment at intake: a contribution just received joins the campaign of an earlier text it copies, by a few
// indexed lookups after the submission's commit (never a scan, never inside intake's transaction). An exact
// copy is found by its key; a near copy by the representatives of its 32 LSH buckets, compared signature to
// signature as the full run does. Joining a campaign takes that campaign's row lock for a moment, so copies of
// one letter arriving together take turns there, and nothing else waits.
import type { Kysely } from "kysely";
import { recordAudit } from "../audit/index.js";
import { contributionTexts, type ReceivedContribution } from "../contributions/index.js";
import type { Database } from "../db/schema.js";
import { inTransaction } from "../db/transaction.js";
import { bandKeys, DEFAULT_THRESHOLD, estimatedJaccard, fingerprintOf } from "./detection/index.js";
import { excerptOf } from "./excerpt.js";
import { insertCampaign } from "./queries.js";
import {
  claimBuckets,
  growCampaign,
  insertMember,
  insertText,
  lockTextCampaign,
  selectBuckets,
  selectExactText,
  selectSignatures,
  setTextsCampaign,
  signatureBytes,
  signatureOf,
} from "./signature-queries.js";

const SYSTEM = { kind: "system", label: "campaign assignment" } as const;

/** What happened to a received contribution. */
export type Assignment =
  | { kind: "alone" }
  | { kind: "joined" | "formed"; campaignId: string; copyOf: string; exact: boolean };

/** Assigns a received contribution to its campaign (joining one, or forming one with the text it copies). */
export async function assignAtIntake(db: Kysely<Database>, c: ReceivedContribution): Promise<Assignment> {
  const print = fingerprintOf(c.text);
  if (!print) return { kind: "alone" };
  const exact = await selectExactText(db, c.cycleId, print.exact);
  let copyOf = exact?.contribution_id;
  const keys = Array.from(bandKeys(print.signature));
  if (!exact) {
    // Each bucket's representative is a candidate; the whole signature decides, the closest wins.
    const held = await selectBuckets(db, c.cycleId, keys);
    const candidates = [...new Set(held.map((b) => b.representative_id))].filter((id) => id !== c.id);
    let best = DEFAULT_THRESHOLD;
    for (const other of await selectSignatures(db, candidates)) {
      if (!other.signature) continue;
      const similarity = estimatedJaccard(print.signature, signatureOf(other.signature));
      if (similarity >= best) {
        best = similarity;
        copyOf = other.contribution_id;
      }
    }
  }
  const stored = await insertText(db, {
    contribution_id: c.id,
    cycle_id: c.cycleId,
    exact_key: print.exact,
    signature: exact ? null : signatureBytes(print.signature),
  });
  if (!stored) return { kind: "alone" };
  if (!exact) await claimBuckets(db, c.cycleId, [...new Set(keys)], c.id);
  if (!copyOf) return { kind: "alone" };
  const original = copyOf;
  return inTransaction(db, async (trx) => {
    const partner = await lockTextCampaign(trx, original);
    if (partner?.campaign_id) {
      const position = await growCampaign(trx, partner.campaign_id, c.receivedAt);
      await insertMember(trx, partner.campaign_id, c.id, position);
      await setTextsCampaign(trx, [c.id], partner.campaign_id);
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
