// Theme suggestions: a member asks for them, a background job reads the cycle's published contributions and
// keeps what it found, the page shows its progress and then the groups and terms, and a member adds a term to
// the codebook in one click. Nothing enters the codebook without a person.
import type { Kysely } from "kysely";
import { recordAudit } from "../../audit/index.js";
import type { Actor } from "../../auth/index.js";
import { contributionBatches, contributionsPage, filesOf } from "../../contributions/index.js";
import type { Database } from "../../db/schema.js";
import { inTransaction } from "../../db/transaction.js";
import { enqueueJob, type JobOf } from "../../jobs/queue.js";
import { createCode } from "../codebook/service.js";
import { CODABLE_STATUSES } from "../coding/service.js";
import { requireAnalysisMember } from "../policy.js";
import {
  insertSuggestionRun,
  isUuid,
  selectCodes,
  selectLatestSuggestionRun,
  selectSuggestionRun,
  updateSuggestionRun,
} from "../queries.js";
import { type DocumentInput, suggest } from "./keyphrases.js";
import type { StoredSuggestions } from "./stored.js";

export const SUGGEST_JOB = "analysis.suggest";
declare module "../../jobs/kinds.js" {
  interface JobPayloads {
    "analysis.suggest": { runId: string };
  }
}

/** Where in the workspace, who asks, and when. */
export interface SuggestionScope {
  db: Kysely<Database>;
  actor: Actor;
  forumId: string;
  cycleId: string;
  now: Date;
}

/** Queues a run of the suggestions for the cycle (or returns the one already waiting or running), audited. */
export async function requestSuggestions(scope: SuggestionScope) {
  const { db, actor, forumId, cycleId } = scope;
  await requireAnalysisMember(db, actor, forumId);
  return inTransaction(db, async (trx) => {
    const latest = await selectLatestSuggestionRun(trx, cycleId);
    if (latest && (latest.status === "queued" || latest.status === "running")) return latest;
    const run = await insertSuggestionRun(trx, {
      forum_id: forumId,
      cycle_id: cycleId,
      requested_by: actor.kind === "user" ? actor.userId : null,
    });
    await enqueueJob(trx, SUGGEST_JOB, { runId: run.id });
    await recordAudit(trx, {
      actor,
      forumId,
      action: "analysis.suggestions.run",
      subjectType: "analysis_suggestion_run",
      subjectId: run.id,
    });
    return run;
  });
}

/** The cycle's latest run and the codebook's theme names (a suggestion already there is shown as such). */
export async function viewSuggestions(scope: Omit<SuggestionScope, "now">) {
  const { db, actor, forumId, cycleId } = scope;
  await requireAnalysisMember(db, actor, forumId);
  const run = await selectLatestSuggestionRun(db, cycleId);
  const codes = await selectCodes(db, cycleId);
  const themes = new Set(codes.filter((c) => c.kind === "theme").map((c) => c.name.toLowerCase()));
  return { run, themes };
}

/** Adds a suggested term to the codebook as a theme: the codebook's own service, with its audit row. */
export async function acceptSuggestion(scope: SuggestionScope, term: string) {
  return createCode(scope, { name: term.trim(), kind: "theme", parent_id: null });
}

/** Every string an answer holds, except file ids and addresses (they name nothing). */
function answerStrings(value: unknown, out: string[]): string[] {
  if (typeof value === "string") {
    if (!isUuid(value) && !/^https?:\/\//.test(value)) out.push(value);
  } else if (Array.isArray(value)) for (const v of value) answerStrings(v, out);
  else if (value && typeof value === "object")
    for (const [key, v] of Object.entries(value)) if (key !== "url") answerStrings(v, out);
  return out;
}

/** The job: reads the cycle's published contributions (counting them first for the progress), then weighs. */
export function suggestionJobHandler(deps: { db: Kysely<Database>; clock: () => Date }) {
  return async (job: JobOf<"analysis.suggest">) => {
    const { db } = deps;
    const run = await selectSuggestionRun(db, job.payload.runId);
    if (!run || run.status === "done") return;
    const filter = { cycleId: run.cycle_id, statuses: [...CODABLE_STATUSES] };
    try {
      let total = 0;
      for await (const batch of contributionBatches(db, filter, 1000)) total += batch.length;
      await updateSuggestionRun(db, run.id, { status: "running", total, done: 0 });
      const documents: DocumentInput[] = [];
      const references = new Map<string, string | null>();
      let after: { receivedAt: Date; id: string } | undefined;
      for (;;) {
        const rows = await contributionsPage(db, { ...filter, limit: 200, ...(after ? { after } : {}) });
        for (const row of rows) {
          const files = await filesOf(db, row.id);
          const text = [
            row.body_text,
            ...answerStrings(row.answers, []),
            ...files.map((f) => f.extracted_text ?? ""),
          ]
            .filter(Boolean)
            .join("\n");
          documents.push({ id: row.id, text, language: row.language || "en" });
          references.set(row.id, row.reference);
        }
        await updateSuggestionRun(db, run.id, { done: documents.length });
        const last = rows.at(-1);
        if (rows.length < 200 || !last?.received_at) break;
        after = { receivedAt: last.received_at, id: last.id };
      }
      const found = suggest(documents);
      const ref = (id: string) => references.get(id) ?? null;
      const result: StoredSuggestions = {
        clusters: found.clusters.map((c) => ({
          terms: c.terms,
          members: c.members.map((m) => ({ ...m, reference: ref(m.id) })),
        })),
        documents: found.documents.map((d) => ({ ...d, reference: ref(d.id) })),
      };
      await updateSuggestionRun(db, run.id, {
        status: "done",
        total: documents.length,
        done: documents.length,
        result: JSON.stringify(result),
        finished_at: deps.clock(),
      });
    } catch (error) {
      await updateSuggestionRun(db, run.id, {
        status: "failed",
        error: error instanceof Error ? error.message.slice(0, 500) : "failed",
        finished_at: deps.clock(),
      });
      throw error;
    }
  };
}
