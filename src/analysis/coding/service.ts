// Coding: members tag stretches of a contribution's texts with the cycle's themes and sections and the
// "policy proposal" flag. An excerpt keeps its quote, context and offsets (src/anchoring); whenever its
// contribution's text changes (edited by its author, a file extracted again), each excerpt is found again in
// the change's transaction (the hook in ../plugin.ts), and one no longer found is kept as an orphan and
// listed, never dropped.
import type { Kysely } from "kysely";
import { anchorFor, reanchor, type TextAnchor, wordEdges } from "../../anchoring/index.js";
import { recordAudit } from "../../audit/index.js";
import { type Actor, actorLabel } from "../../auth/index.js";
import { getPublishedQuestionnaire } from "../../calls/index.js";
import { type ContributionRow, contributionById, filesOf } from "../../contributions/index.js";
import type { Database } from "../../db/schema.js";
import { inTransaction } from "../../db/transaction.js";
import { type FieldErrors, invalid, notFound } from "../../server/errors.js";
import { requireAnalysisMember } from "../policy.js";
import {
  type CodeRow,
  deleteExcerptRow,
  type ExcerptRow,
  insertExcerpt,
  replaceExcerptCodes,
  selectCodes,
  selectContributionExcerpts,
  selectExcerpt,
  selectExcerptCodes,
  updateExcerptAnchor,
} from "../queries.js";
import type { AnchorStatus } from "../tables.js";
import { type CodableText, codableTexts, findText, paragraphsOf } from "./texts.js";

export type { CodableText, ExcerptRow };

/** Contributions in these states can be coded: published ones (what every member may read). */
export const CODABLE_STATUSES = ["published"] as const;

/** An excerpt with its codes. */
export interface CodedExcerpt extends ExcerptRow {
  codeIds: string[];
}

/** Who codes, and when. */
export interface CodingScope {
  db: Kysely<Database>;
  actor: Actor;
  now: Date;
  /** The cycle the address names: a contribution of another cycle is not found there. */
  cycleId?: string;
}

/** The contribution if it exists and may be coded by the actor (a member of its forum); NotFound otherwise. */
export async function codableContribution(
  db: Kysely<Database>,
  actor: Actor,
  contributionId: string,
  cycleId?: string,
): Promise<ContributionRow> {
  const contribution = await contributionById(db, contributionId);
  if (!contribution || (cycleId !== undefined && contribution.cycle_id !== cycleId))
    throw notFound("There is no such contribution.", { messageKey: "analysis.refusal.noContribution" });
  await requireAnalysisMember(db, actor, contribution.forum_id);
  if (!(CODABLE_STATUSES as readonly string[]).includes(contribution.status))
    throw notFound("This contribution cannot be coded (it is not published).", {
      messageKey: "analysis.refusal.notPublished",
    });
  return contribution;
}

const anchorOfRow = (e: ExcerptRow): TextAnchor => ({
  quote: e.quote,
  prefix: e.prefix,
  suffix: e.suffix,
  start: e.start_offset,
  end: e.end_offset,
});

/**
 * Finds every excerpt of a contribution again in its current texts and records where (or that it is an
 * orphan, keeping its last offsets so it comes back if its text does); one transaction with one audit row
 * when anything moved. Returns the excerpts as they are now.
 */
export async function refreshAnchors(
  db: Kysely<Database>,
  contribution: ContributionRow,
  texts: CodableText[],
  now: Date,
): Promise<ExcerptRow[]> {
  const excerpts = await selectContributionExcerpts(db, contribution.id);
  const changes: (Pick<ExcerptRow, "id" | "source" | "source_key" | "start_offset" | "end_offset"> & {
    anchor_status: AnchorStatus;
  })[] = [];
  for (const excerpt of excerpts) {
    const own = findText(texts, excerpt.source, excerpt.source_key);
    let found = own ? { text: own, match: reanchor(anchorOfRow(excerpt), own.text) } : undefined;
    // Not in its own text (a file replaced by a new upload, a passage moved into an answer): the same quote,
    // unchanged, in another of the contribution's texts is the excerpt moved there. Only an exact or moved
    // match counts across texts; an approximate one could be any similar sentence.
    if (!found?.match)
      for (const other of texts) {
        if (other === own) continue;
        const match = reanchor({ ...anchorOfRow(excerpt), start: 0, end: 0 }, other.text, { fuzzy: false });
        if (match) {
          found = { text: other, match: { ...match, confidence: "moved" } };
          break;
        }
      }
    const match = found?.match;
    const next = match
      ? {
          source: found!.text.source,
          source_key: found!.text.key,
          start_offset: match.start,
          end_offset: match.end,
          anchor_status: match.confidence,
        }
      : {
          source: excerpt.source,
          source_key: excerpt.source_key,
          start_offset: excerpt.start_offset,
          end_offset: excerpt.end_offset,
          anchor_status: "orphan" as const,
        };
    // An excerpt that was moved or fuzzily found keeps saying so until someone codes it afresh.
    const status: AnchorStatus =
      next.anchor_status === "exact" &&
      excerpt.anchor_status !== "orphan" &&
      excerpt.anchor_status !== "exact"
        ? excerpt.anchor_status
        : next.anchor_status;
    if (
      next.source !== excerpt.source ||
      next.source_key !== excerpt.source_key ||
      next.start_offset !== excerpt.start_offset ||
      next.end_offset !== excerpt.end_offset ||
      status !== excerpt.anchor_status
    ) {
      changes.push({ id: excerpt.id, ...next, anchor_status: status });
      Object.assign(excerpt, next, { anchor_status: status });
    }
  }
  if (changes.length > 0)
    await inTransaction(db, async (trx) => {
      for (const { id, ...anchor } of changes) await updateExcerptAnchor(trx, id, anchor, now);
      await recordAudit(trx, {
        actor: { kind: "system", label: "re-anchoring" },
        forumId: contribution.forum_id,
        action: "analysis.excerpt.reanchor",
        subjectType: "contribution",
        subjectId: contribution.id,
        after: {
          moved: changes.filter((c) => c.anchor_status !== "orphan").length,
          orphans: changes.filter((c) => c.anchor_status === "orphan").length,
        },
      });
    });
  return excerpts;
}

/** Everything the coding page shows: the texts with their paragraphs, the excerpts (re-anchored), the codebook. */
export async function viewCoding(scope: CodingScope, contributionId: string) {
  const { db, actor } = scope;
  const contribution = await codableContribution(db, actor, contributionId, scope.cycleId);
  const questionnaire = await getPublishedQuestionnaire(db, contribution.cycle_id, contribution.variant_key);
  const questions = new Map(
    (questionnaire?.sections ?? []).flatMap((s) => s.questions.map((q) => [q.id, q] as const)),
  );
  const texts = codableTexts(contribution, await filesOf(db, contribution.id), questions);
  const excerpts = await selectContributionExcerpts(db, contribution.id);
  const codeIds = await selectExcerptCodes(
    db,
    excerpts.map((e) => e.id),
  );
  const codes = await selectCodes(db, contribution.cycle_id);
  return {
    contribution,
    texts: texts.map((t) => ({ ...t, paragraphs: paragraphsOf(t.text) })),
    excerpts: excerpts.map((e): CodedExcerpt => ({ ...e, codeIds: codeIds.get(e.id) ?? [] })),
    codes,
    questions,
    originalLanguage: questionnaire?.originalLanguage,
  };
}

/** What a coding form or API call gives. */
export interface CodingInput {
  /** The text: "body", "file" or "answer", and its key (file id, question id, "" for the typed text). */
  source?: string;
  key?: string;
  /** A selection: offsets in that text (the page's script fills them), optionally with the quote seen. */
  start?: number;
  end?: number;
  quote?: string;
  prefix?: string;
  suffix?: string;
  /** Whole paragraphs, "source:key:start:end" each (the form without JavaScript). */
  paragraphs?: string[];
  themes?: string[];
  sections?: string[];
  proposal?: boolean;
  note?: string;
}

/** The chosen codes, checked to be the cycle's of the right kind. */
function chosenCodes(codes: CodeRow[], input: CodingInput, fields: FieldErrors): string[] {
  const pick = (ids: string[] | undefined, kind: "theme" | "section", field: string) => {
    const chosen = [...new Set(ids ?? [])].filter(Boolean);
    if (chosen.some((id) => !codes.some((c) => c.id === id && c.kind === kind)))
      fields[field] = "analysis.coding.error.unknownCode";
    return chosen;
  };
  return [...pick(input.themes, "theme", "themes"), ...pick(input.sections, "section", "sections")];
}

/** Where the input's selections are: each an anchor in one of the contribution's texts. */
function selections(texts: CodableText[], input: CodingInput, fields: FieldErrors) {
  const found: { text: CodableText; anchor: TextAnchor }[] = [];
  for (const value of input.paragraphs ?? []) {
    const match = /^(body|file|answer):(.*):(\d+):(\d+)$/.exec(value);
    const text = match ? findText(texts, match[1]!, match[2]!) : undefined;
    const start = Number(match?.[3]);
    const end = Number(match?.[4]);
    // Only a paragraph of the current text: a stale page's offsets are refused, not trusted.
    if (!text || !paragraphsOf(text.text).some((p) => p.start === start && p.end === end)) {
      fields.paragraphs = "analysis.coding.error.stale";
      continue;
    }
    found.push({ text, anchor: anchorFor(text.text, start, end) });
  }
  if (input.start !== undefined && input.end !== undefined && input.end > input.start) {
    const text = findText(texts, input.source ?? "", input.key ?? "");
    if (!text || input.end > text.text.length) fields.selection = "analysis.coding.error.stale";
    else {
      const selected = anchorFor(text.text, input.start, input.end);
      // The page's quote may join paragraphs with other line breaks than the text: compare without them.
      const loose = (s: string) => s.replace(/\s+/g, " ").trim();
      if (input.quote !== undefined && loose(input.quote) !== loose(selected.quote))
        fields.selection = "analysis.coding.error.stale";
      else {
        // What was meant, not where the drag happened to stop: whole words.
        const edges = wordEdges(text.text, input.start, input.end);
        found.push({ text, anchor: anchorFor(text.text, edges.start, edges.end) });
      }
    }
  } else if (input.quote !== undefined && (input.paragraphs ?? []).length === 0) {
    // A quote with its context (the API): looked for in the named text, or in each text in reading order.
    const candidates = input.source
      ? texts.filter((t) => t.source === input.source && t.key === (input.key ?? ""))
      : texts;
    const wanted: TextAnchor = {
      quote: input.quote,
      prefix: input.prefix ?? "",
      suffix: input.suffix ?? "",
      start: input.start ?? 0,
      end: (input.start ?? 0) + input.quote.length,
    };
    for (const text of candidates) {
      const match = reanchor(wanted, text.text);
      if (match && match.confidence !== "fuzzy") {
        found.push({ text, anchor: anchorFor(text.text, match.start, match.end) });
        break;
      }
    }
    if (found.length === 0) fields.quote = "analysis.coding.error.quoteNotFound";
  }
  if (found.length === 0 && !fields.paragraphs && !fields.selection && !fields.quote)
    fields.selection = "analysis.coding.error.nothingSelected";
  return found;
}

/** Codes one or more stretches of a contribution (one excerpt each) with themes, sections and the flag. */
export async function codeExcerpts(
  scope: CodingScope,
  contributionId: string,
  input: CodingInput,
): Promise<ExcerptRow[]> {
  const { db, actor } = scope;
  const contribution = await codableContribution(db, actor, contributionId, scope.cycleId);
  const texts = codableTexts(contribution, await filesOf(db, contribution.id));
  const codes = await selectCodes(db, contribution.cycle_id);
  const fields: FieldErrors = {};
  const codeIds = chosenCodes(codes, input, fields);
  const found = selections(texts, input, fields);
  if (codeIds.length === 0 && !input.proposal) fields.themes = "analysis.coding.error.noCode";
  if (Object.keys(fields).length > 0)
    throw invalid("The excerpt cannot be saved as it is.", fields, {
      messageKey: "analysis.refusal.excerptUnsaved",
    });
  return inTransaction(db, async (trx) => {
    const rows: ExcerptRow[] = [];
    for (const { text, anchor } of found) {
      const row = await insertExcerpt(
        trx,
        {
          forum_id: contribution.forum_id,
          cycle_id: contribution.cycle_id,
          contribution_id: contribution.id,
          source: text.source,
          source_key: text.key,
          quote: anchor.quote,
          prefix: anchor.prefix,
          suffix: anchor.suffix,
          start_offset: anchor.start,
          end_offset: anchor.end,
          proposal: input.proposal === true,
          note: (input.note ?? "").trim().slice(0, 4000),
          coded_by: actor.kind === "user" ? actor.userId : null,
          coded_by_label: actor.kind === "user" || actor.kind === "token" ? actor.name : actorLabel(actor),
          language: text.language,
        },
        codeIds,
      );
      await recordAudit(trx, {
        actor,
        forumId: contribution.forum_id,
        action: "analysis.excerpt.create",
        subjectType: "analysis_excerpt",
        subjectId: row.id,
        after: {
          contribution: contribution.reference,
          source: text.source,
          codes: codeIds,
          proposal: row.proposal,
        },
      });
      rows.push(row);
    }
    return rows;
  });
}

/** Removes an excerpt of the forum (any member may: the coding is shared work). */
export async function deleteExcerpt(
  scope: CodingScope & { forumId: string },
  excerptId: string,
): Promise<ExcerptRow> {
  const { db, actor, forumId } = scope;
  await requireAnalysisMember(db, actor, forumId);
  const excerpt = await selectExcerpt(db, excerptId);
  if (!excerpt || excerpt.forum_id !== forumId || (scope.cycleId && excerpt.cycle_id !== scope.cycleId))
    throw notFound("There is no such excerpt.", { messageKey: "analysis.refusal.noExcerpt" });
  await inTransaction(db, async (trx) => {
    await deleteExcerptRow(trx, excerpt.id);
    await recordAudit(trx, {
      actor,
      forumId: excerpt.forum_id,
      action: "analysis.excerpt.delete",
      subjectType: "analysis_excerpt",
      subjectId: excerpt.id,
      before: { quote: excerpt.quote.slice(0, 200) },
    });
  });
  return excerpt;
}

/** Changes an excerpt's themes, sections and policy-proposal flag (any member: the coding is shared work). */
export async function recodeExcerpt(
  scope: CodingScope & { forumId: string },
  excerptId: string,
  input: Pick<CodingInput, "themes" | "sections" | "proposal">,
): Promise<ExcerptRow> {
  const { db, actor, forumId, now } = scope;
  await requireAnalysisMember(db, actor, forumId);
  const excerpt = await selectExcerpt(db, excerptId);
  if (!excerpt || excerpt.forum_id !== forumId || (scope.cycleId && excerpt.cycle_id !== scope.cycleId))
    throw notFound("There is no such excerpt.", { messageKey: "analysis.refusal.noExcerpt" });
  const fields: FieldErrors = {};
  const codeIds = chosenCodes(await selectCodes(db, excerpt.cycle_id), input, fields);
  if (codeIds.length === 0 && !input.proposal) fields.themes = "analysis.coding.error.noCode";
  if (Object.keys(fields).length > 0)
    throw invalid("The excerpt's codes cannot be saved as they are.", fields, {
      messageKey: "analysis.refusal.excerptCodesUnsaved",
    });
  const before = (await selectExcerptCodes(db, [excerpt.id])).get(excerpt.id) ?? [];
  await inTransaction(db, async (trx) => {
    await replaceExcerptCodes(trx, excerpt.id, codeIds, input.proposal === true, now);
    await recordAudit(trx, {
      actor,
      forumId,
      action: "analysis.excerpt.recode",
      subjectType: "analysis_excerpt",
      subjectId: excerpt.id,
      before: { codes: before, proposal: excerpt.proposal },
      after: { codes: codeIds, proposal: input.proposal === true },
    });
  });
  return { ...excerpt, proposal: input.proposal === true };
}
