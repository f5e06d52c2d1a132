// Campaigns of a cycle: a full detection run (a background job, or the command line with its progress), the
// list and one campaign with its members, what a member adds to the template, and the secretariat's decision.
import type { Kysely } from "kysely";
import { recordAudit } from "../audit/index.js";
import type { Actor } from "../auth/index.js";
import { contributionTextBatches, contributionTexts, groupingChanged } from "../contributions/index.js";
import type { Database } from "../db/schema.js";
import { inTransaction } from "../db/transaction.js";
import { enqueueJob, type JobOf } from "../jobs/queue.js";
import { notFound } from "../server/errors.js";
import {
  CampaignDetector,
  type DiffPart,
  defaultWorkers,
  FingerprintPool,
  type PackedPrints,
  packPrints,
  wordDiff,
} from "./detection/index.js";
import { excerptOf } from "./excerpt.js";
import { requireCampaignSecretariat } from "./policy.js";
import {
  type CampaignRow,
  type CampaignRunRow,
  deleteCampaigns,
  insertCampaign,
  insertRun,
  selectCampaign,
  selectCampaigns,
  selectDecisions,
  selectLatestRun,
  selectMemberIds,
  selectRun,
  updateCampaignStatus,
  updateRun,
} from "./queries.js";
import { analyseIndex, deleteCycleIndex, insertBuckets, insertTexts } from "./signature-queries.js";

export const DETECT_JOB = "campaigns.detect";
declare module "../jobs/kinds.js" {
  interface JobPayloads {
    "campaigns.detect": { runId: string };
  }
}

/** Contributions read per batch: a few hundred keep the memory flat and the progress moving. */
const BATCH = 500;
/** Batches handed to the hashing workers and not yet grouped. */
const IN_FLIGHT = 4;
/** Member ids per page of the API and the campaign's page. */
export const MEMBER_PAGE = 1000;
const SYSTEM = { kind: "system", label: "campaign detection" } as const;

/** The forum and cycle a campaign service works in. */
export interface CampaignPlace {
  forumId: string;
  cycleId: string;
}

/** Queues a full detection over the cycle (the secretariat only); returns the run. */
export async function requestDetection(
  db: Kysely<Database>,
  args: { actor: Actor; place: CampaignPlace },
): Promise<CampaignRunRow> {
  await requireCampaignSecretariat(db, args.actor, args.place.forumId);
  return inTransaction(db, async (trx) => {
    const run = await insertRun(trx, args.place.forumId, args.place.cycleId);
    await enqueueJob(trx, DETECT_JOB, { runId: run.id });
    await recordAudit(trx, {
      actor: args.actor,
      forumId: args.place.forumId,
      action: "campaigns.detect_requested",
      subjectType: "cycle",
      subjectId: args.place.cycleId,
    });
    return run;
  });
}

/** Starts a run outside the queue (the command line, which runs it at once). */
export function createRun(db: Kysely<Database>, place: CampaignPlace): Promise<CampaignRunRow> {
  return insertRun(db, place.forumId, place.cycleId);
}

/**
 * Runs detection over every received contribution of the run's cycle (submitted, published or hidden; drafts
 * and withdrawals are nobody's letter), then replaces the cycle's campaigns with what it found, keeping the
 * secretariat's decision on a campaign whose representative is unchanged.
 */
export async function runDetection(
  db: Kysely<Database>,
  args: {
    runId: string;
    now: () => Date;
    onProgress?: (processed: number) => void;
    /** Hashing worker threads (0: hash on this thread); one per spare core, at most two, unless given. */
    workers?: number;
  },
): Promise<{ processed: number; campaigns: number; seconds: { detect: number; write: number } }> {
  const run = await selectRun(db, args.runId);
  if (!run) throw notFound("No such detection run.", { messageKey: "campaigns.refusal.noRun" });
  await updateRun(db, run.id, { status: "running", started_at: args.now(), processed: 0 });
  try {
    const started = performance.now();
    const detector = new CampaignDetector();
    const arrival = new Map<string, Date | null>();
    const excerpts = new Map<string, string>();
    let processed = 0;
    // Hashing is nearly all the CPU: once a cycle fills a whole batch, workers hash while this thread reads
    // the next rows and groups the batches already hashed, in their order. A small cycle is hashed here.
    let pool: FingerprintPool | undefined;
    const hashed: { ids: string[]; prints: Promise<PackedPrints> }[] = [];
    const group = async (upTo: number) => {
      while (hashed.length > upTo) {
        const next = hashed.shift()!;
        detector.addPrinted(next.ids, await next.prints);
        processed += next.ids.length;
        await updateRun(db, run.id, { processed });
        args.onProgress?.(processed);
      }
    };
    try {
      for await (const batch of contributionTextBatches(
        db,
        { cycleId: run.cycle_id, statuses: ["submitted", "published", "hidden"] },
        BATCH,
      )) {
        for (const c of batch) arrival.set(c.id, c.receivedAt);
        const texts = batch.map((c) => ({ parts: c.parts, typed: c.typed }));
        if (!pool && batch.length === BATCH && (args.workers ?? defaultWorkers()) > 0)
          pool = new FingerprintPool(args.workers ?? defaultWorkers());
        hashed.push({
          ids: batch.map((c) => c.id),
          prints: pool ? pool.print(texts) : Promise.resolve(packPrints(texts)),
        });
        // A few batches in flight keep every worker busy without holding the cycle's text in memory.
        await group(pool ? IN_FLIGHT : 0);
      }
      await group(0);
    } finally {
      // Rejected batches still waiting are dropped with the run (it fails).
      for (const h of hashed) h.prints.catch(() => undefined);
      await pool?.close();
    }
    const groups = detector.groups();
    const detected = performance.now();
    const representatives = await contributionTexts(
      db,
      groups.map((g) => g.representative),
    );
    for (const r of representatives) excerpts.set(r.id, excerptOf(r.text));
    await inTransaction(db, async (trx) => {
      const decisions = await selectDecisions(trx, run.cycle_id);
      await deleteCampaigns(trx, run.cycle_id);
      const campaignOf = new Map<string, string>();
      for (const g of groups) {
        const times = g.members.map((id) => arrival.get(id)?.getTime() ?? Number.NaN).filter(Number.isFinite);
        const decision = decisions.get(g.representative);
        const id = await insertCampaign(
          trx,
          {
            forum_id: run.forum_id,
            cycle_id: run.cycle_id,
            representative_id: g.representative,
            excerpt: excerpts.get(g.representative) ?? "",
            first_at: times.length ? new Date(Math.min(...times)) : null,
            last_at: times.length ? new Date(Math.max(...times)) : null,
            status: decision?.status ?? "detected",
            decided_at: decision?.decided_at ?? null,
          },
          g.members,
        );
        for (const member of g.members) campaignOf.set(member, id);
      }
      // What intake assignment carries on from: every text's key and signature, every bucket's representative.
      await deleteCycleIndex(trx, run.cycle_id);
      // The buckets first: building their rows lets the detector's bucket tables go before the texts are written.
      const buckets = detector.indexBuckets();
      // Written in slices as the detector gives them, so the index never sits in memory twice.
      let texts: Parameters<typeof insertTexts>[1] = [];
      for (const t of detector.indexTexts()) {
        texts.push({
          contribution_id: t.id,
          part: t.part,
          cycle_id: run.cycle_id,
          exact_key: t.exact,
          signature: t.signature ? Uint8Array.from(t.signature) : null,
          campaign_id: campaignOf.get(t.id) ?? null,
        });
        if (texts.length === 5000) {
          await insertTexts(trx, texts);
          texts = [];
        }
      }
      await insertTexts(trx, texts);
      await insertBuckets(trx, run.cycle_id, buckets.keys, buckets.representative, buckets.parts);
      await updateRun(trx, run.id, { status: "done", finished_at: args.now(), campaigns: groups.length });
      await recordAudit(trx, {
        actor: SYSTEM,
        forumId: run.forum_id,
        action: "campaigns.detected",
        subjectType: "cycle",
        subjectId: run.cycle_id,
        after: { contributions: processed, campaigns: groups.length },
      });
    });
    await analyseIndex(db);
    const seconds = { detect: (detected - started) / 1000, write: (performance.now() - detected) / 1000 };
    return { processed, campaigns: groups.length, seconds };
  } catch (error) {
    await updateRun(db, run.id, { status: "failed", finished_at: args.now() });
    throw error;
  }
}

/** The job handler: runs the queued detection. */
export function detectionHandler(deps: { db: Kysely<Database>; clock: () => Date }) {
  return async (job: JobOf<"campaigns.detect">): Promise<void> => {
    await runDetection(deps.db, { runId: job.payload.runId, now: deps.clock });
  };
}

/** A cycle's campaigns, largest first, and the latest run (the secretariat only). */
export async function cycleCampaigns(
  db: Kysely<Database>,
  args: { actor: Actor; place: CampaignPlace },
): Promise<{ campaigns: CampaignRow[]; run: CampaignRunRow | undefined }> {
  await requireCampaignSecretariat(db, args.actor, args.place.forumId);
  const [campaigns, run] = await Promise.all([
    selectCampaigns(db, args.place.cycleId),
    selectLatestRun(db, args.place.cycleId),
  ]);
  return { campaigns, run };
}

/** One campaign of the cycle with a page of its member ids from `from` (the secretariat only). */
export async function campaignWithMembers(
  db: Kysely<Database>,
  args: { actor: Actor; place: CampaignPlace; campaignId: string; from?: number },
): Promise<{ campaign: CampaignRow; memberIds: string[]; from: number; next: number | null }> {
  await requireCampaignSecretariat(db, args.actor, args.place.forumId);
  const campaign = await selectCampaign(db, args.campaignId);
  if (!campaign || campaign.cycle_id !== args.place.cycleId)
    throw notFound("No such campaign in this cycle.", { messageKey: "campaigns.refusal.noCampaign" });
  const from = Math.max(0, args.from ?? 0);
  const memberIds = await selectMemberIds(db, campaign.id, from, MEMBER_PAGE);
  const next = from + memberIds.length < campaign.size ? from + memberIds.length : null;
  return { campaign, memberIds, from, next };
}

/** What one member adds to the campaign's template: a word diff against the representative. */
export async function memberDifference(
  db: Kysely<Database>,
  args: { actor: Actor; place: CampaignPlace; campaignId: string; memberId: string },
): Promise<{ campaign: CampaignRow; parts: DiffPart[] }> {
  await requireCampaignSecretariat(db, args.actor, args.place.forumId);
  const campaign = await selectCampaign(db, args.campaignId);
  if (!campaign || campaign.cycle_id !== args.place.cycleId)
    throw notFound("No such campaign in this cycle.", { messageKey: "campaigns.refusal.noCampaign" });
  const texts = await contributionTexts(db, [campaign.representative_id, args.memberId]);
  const template = texts.find((t) => t.id === campaign.representative_id);
  const copy = texts.find((t) => t.id === args.memberId);
  if (!template || !copy) throw notFound("No such member.", { messageKey: "campaigns.refusal.noMember" });
  return { campaign, parts: wordDiff(template.text, copy.text) };
}

/** Confirms a group as a campaign or dismisses it (the secretariat only), with its audit row. */
export async function decideCampaign(
  db: Kysely<Database>,
  args: {
    actor: Actor;
    place: CampaignPlace;
    campaignId: string;
    decision: "confirmed" | "dismissed";
    now: Date;
  },
): Promise<void> {
  await requireCampaignSecretariat(db, args.actor, args.place.forumId);
  await inTransaction(db, async (trx) => {
    const campaign = await selectCampaign(trx, args.campaignId);
    if (!campaign || campaign.cycle_id !== args.place.cycleId)
      throw notFound("No such campaign in this cycle.", { messageKey: "campaigns.refusal.noCampaign" });
    await updateCampaignStatus(trx, campaign.id, args.decision, args.now);
    await recordAudit(trx, {
      actor: args.actor,
      forumId: args.place.forumId,
      action: `campaigns.${args.decision === "confirmed" ? "confirm" : "dismiss"}`,
      subjectType: "campaign",
      subjectId: campaign.id,
      before: { status: campaign.status },
      after: { status: args.decision, size: campaign.size },
    });
  });
  // The public list's kept counts with campaigns grouped (a large cycle's) are counted again.
  groupingChanged(args.place.cycleId);
}
