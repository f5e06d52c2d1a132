// One campaign as the secretariat reads it: the representative text, a page of copies each with who sent it,
// when, and the words it adds to the template, the signals over its copies, and the split of chosen copies
// into a campaign of their own.
import type { Kysely } from "kysely";
import { recordAudit } from "../audit/index.js";
import type { Actor } from "../auth/index.js";
import {
  type ContributionFacts,
  contributionFacts,
  contributionTexts,
  groupingChanged,
} from "../contributions/index.js";
import type { Database } from "../db/schema.js";
import { inTransaction } from "../db/transaction.js";
import { AppError, notFound } from "../server/errors.js";
import { wordDiff } from "./detection/index.js";
import { excerptOf } from "./excerpt.js";
import { requireCampaignSecretariat } from "./policy.js";
import {
  type CampaignRow,
  insertCampaign,
  removeMembers,
  selectCampaign,
  selectMemberIds,
  selectMembersAmong,
  updateCampaignSummary,
} from "./queries.js";
import type { CampaignPlace } from "./service.js";
import { type CampaignSignals, campaignSignals } from "./signals.js";
import { setTextsCampaign } from "./signature-queries.js";

/** Copies per page of the campaign's page (each is diffed against the template). */
export const VIEW_PAGE = 100;
/** Copies the signals look at: the first ones, so a campaign of a million opens in a second. */
export const SIGNAL_CAP = 20_000;
const COPY_DIFF_WORDS = 800;

/** One copy on the campaign's page. */
export interface CampaignCopy extends ContributionFacts {
  /** The words this copy adds to the template, each run of them in order; empty for a copy as it is. */
  additions: string[];
  /** How many runs of the template's words it leaves out or changes. */
  removals: number;
}

/** A campaign's page: the campaign, its template's text, a page of copies, its signals. */
export interface CampaignView {
  campaign: CampaignRow;
  template: string;
  copies: CampaignCopy[];
  from: number;
  next: number | null;
  signals: CampaignSignals;
}

async function campaignIn(db: Kysely<Database>, place: CampaignPlace, id: string): Promise<CampaignRow> {
  const campaign = await selectCampaign(db, id);
  if (!campaign || campaign.cycle_id !== place.cycleId)
    throw notFound("No such campaign in this cycle.", { messageKey: "campaigns.refusal.noCampaign" });
  return campaign;
}

/** A campaign with a page of its copies and what each adds, and its signals (the secretariat only). */
export async function campaignView(
  db: Kysely<Database>,
  args: { actor: Actor; place: CampaignPlace; campaignId: string; from?: number },
): Promise<CampaignView> {
  await requireCampaignSecretariat(db, args.actor, args.place.forumId);
  const campaign = await campaignIn(db, args.place, args.campaignId);
  const from = Math.max(0, args.from ?? 0);
  const pageIds = await selectMemberIds(db, campaign.id, from, VIEW_PAGE);
  const [texts, facts] = await Promise.all([
    contributionTexts(db, [campaign.representative_id, ...pageIds]),
    contributionFacts(db, pageIds),
  ]);
  const textOf = new Map(texts.map((t) => [t.id, t.text]));
  const template = textOf.get(campaign.representative_id) ?? campaign.excerpt;
  const factsOf = new Map(facts.map((f) => [f.id, f]));
  const copies: CampaignCopy[] = [];
  for (const id of pageIds) {
    const f = factsOf.get(id);
    if (!f) continue;
    // A page diffs a hundred copies: the first 800 words of each keep it to a few million comparisons.
    const parts = wordDiff(template, textOf.get(id) ?? "", COPY_DIFF_WORDS);
    copies.push({
      ...f,
      additions: parts.filter((p) => p.kind === "added").map((p) => p.text),
      removals: parts.filter((p) => p.kind === "removed").length,
    });
  }
  const considered = await selectMemberIds(db, campaign.id, 0, SIGNAL_CAP);
  const signals = campaignSignals(await contributionFacts(db, considered));
  const next = from + pageIds.length < campaign.size ? from + pageIds.length : null;
  return { campaign, template, copies, from, next, signals };
}

/**
 * Splits chosen copies off into a campaign of their own (the secretariat only), with its audit row: the
 * first chosen copy stands for the new one; the old one keeps its representative unless it was chosen.
 */
export async function splitCampaign(
  db: Kysely<Database>,
  args: { actor: Actor; place: CampaignPlace; campaignId: string; memberIds: string[]; now: Date },
): Promise<{ kept: string; split: string }> {
  await requireCampaignSecretariat(db, args.actor, args.place.forumId);
  const result = await inTransaction(db, async (trx) => {
    const campaign = await campaignIn(trx, args.place, args.campaignId);
    const chosen = await selectMembersAmong(trx, campaign.id, args.memberIds);
    if (chosen.length === 0 || chosen.length === campaign.size)
      throw new AppError("invalid", "Choose some of the copies, not none and not all.", {
        messageKey: "campaigns.split.choose",
      });
    const left = await removeMembers(trx, campaign.id, chosen);
    const representative = chosen.includes(campaign.representative_id)
      ? ((await selectMemberIds(trx, campaign.id, 0, 1))[0] ?? campaign.representative_id)
      : campaign.representative_id;
    const texts = await contributionTexts(trx, [representative, chosen[0]!]);
    const excerpt = (id: string) => excerptOf(texts.find((t) => t.id === id)?.text ?? "");
    await updateCampaignSummary(trx, campaign.id, {
      size: left,
      representative_id: representative,
      excerpt: excerpt(representative),
    });
    const arrivals = (await contributionFacts(trx, chosen))
      .map((f) => f.receivedAt?.getTime())
      .filter((t): t is number => t !== undefined);
    const split = await insertCampaign(
      trx,
      {
        forum_id: campaign.forum_id,
        cycle_id: campaign.cycle_id,
        representative_id: chosen[0]!,
        excerpt: excerpt(chosen[0]!),
        first_at: arrivals.length ? new Date(Math.min(...arrivals)) : null,
        last_at: arrivals.length ? new Date(Math.max(...arrivals)) : null,
        status: "detected",
        decided_at: null,
      },
      chosen,
    );
    await setTextsCampaign(trx, chosen, split);
    await recordAudit(trx, {
      actor: args.actor,
      forumId: args.place.forumId,
      action: "campaigns.split",
      subjectType: "campaign",
      subjectId: campaign.id,
      before: { size: campaign.size },
      after: { size: left, split, splitSize: chosen.length },
    });
    return { kept: campaign.id, split };
  });
  groupingChanged(args.place.cycleId);
  return result;
}
