// What every part of contributions shares: the services' dependencies, the call's state, the reference prefix,
// the search text, and the refusals a draft or a withdrawn contribution meets. The work itself lives in each
// feature's service (submit/, moderation/, import/, extraction/).
import type { Kysely } from "kysely";
import type { Actor } from "../auth/index.js";
import type { Database } from "../db/schema.js";
import { type SnippetPart, segmentForSearch, snippetParts } from "../db/text-search.js";
import {
  type CycleRow,
  callMilestones,
  cycleById,
  cycleMilestones,
  type ForumRow,
  forumById,
} from "../forums/index.js";
import { AppError, notFound } from "../server/errors.js";
import { isLocale, type Locale } from "../ui/i18n/locales.js";
import { callMilestonesOf } from "./deadline-policy.js";
import { callWindow, mayRead } from "./policy.js";
import {
  type ContributionFileRow,
  type ContributionFilter,
  type ContributionListing,
  type ContributionRow,
  claimReferencePrefix,
  countMatchingUpTo,
  type ExportRow,
  estimateMatching,
  exportBatches,
  selectAnswerTallies,
  selectAutoPublish,
  selectByReference,
  selectContribution,
  selectContributionListing,
  selectContributions,
  selectFile,
  selectFiles,
  selectHeadlines,
  selectReferencePrefix,
} from "./queries.js";
import { prefixCandidates } from "./reference.js";
import { answersText } from "./submit/answers.js";

export const EXTRACT_JOB = "contributions.extract";
declare module "../jobs/kinds.js" {
  interface JobPayloads {
    "contributions.extract": { fileId: string };
  }
}

/** What every service needs besides its input. */
export interface ContributionDeps {
  db: Kysely<Database>;
  now: Date;
  secret: string;
  publicUrl: string;
  /** Where contributors write when the forum has no list of its own (the site's administrator). */
  adminEmail?: string;
}

/** The call's state at an instant: open with a timeliness, or refused with the matching error. */
export async function callState(db: Kysely<Database>, cycle: Pick<CycleRow, "id" | "status">, at: Date) {
  // The rows too, so a receipt mail composed in the same transaction does not read them again.
  const rows = await cycleMilestones(db, cycle.id);
  const milestones = callMilestonesOf(rows);
  return { rows, milestones, result: callWindow(cycle.status, milestones, at) };
}

/** The error for a call that does not take contributions at this instant. */
export function callNotOpenError(status: "not_open" | "closed"): AppError {
  return status === "closed"
    ? new AppError("call_closed", "The call for contributions has closed.", {
        messageKey: "contributions.closed.title",
      })
    : new AppError("call_not_open", "The call for contributions is not open yet.", {
        messageKey: "contributions.notOpen.title",
      });
}

/** Whether the sender may still change or withdraw a contribution: until the inclusion cutoff (or close). */
export async function editableUntil(db: Kysely<Database>, cycleId: string): Promise<Date | undefined> {
  const m = await callMilestones(db, cycleId);
  return m.inclusion_cutoff ?? m.call_closes ?? undefined;
}

/**
 * The forum's reference prefix: the stored one, or the first free candidate, claimed in the caller's
 * transaction. Unique on the site, and never changed once a reference has used it.
 */
/** Each database's forums' stored reference prefixes, by forum id. */
const knownPrefixes = new WeakMap<Kysely<Database>, Map<string, string>>();

export async function forumReferencePrefix(
  trx: Kysely<Database>,
  forum: Pick<ForumRow, "id" | "name" | "slug">,
  /** Remembers a committed prefix per database (a forum's prefix never changes once stored). */
  cacheFor?: Kysely<Database>,
): Promise<string> {
  const cache = cacheFor ? knownPrefixes.get(cacheFor) : undefined;
  const known = cache?.get(forum.id);
  if (known) return known;
  const stored = await selectReferencePrefix(trx, forum.id);
  // Found already stored, so committed by an earlier change: safe to remember. A prefix claimed below is
  // not, as this transaction may still fail.
  if (stored && cacheFor) {
    if (!knownPrefixes.has(cacheFor)) knownPrefixes.set(cacheFor, new Map());
    knownPrefixes.get(cacheFor)?.set(forum.id, stored);
  }
  if (stored) return stored;
  for (const candidate of prefixCandidates(forum)) {
    if (await claimReferencePrefix(trx, forum.id, candidate)) return candidate;
    // A concurrent first submission to the same forum may have claimed one for it meanwhile.
    const claimed = await selectReferencePrefix(trx, forum.id);
    if (claimed) return claimed;
  }
  throw new Error(`No free reference prefix for the forum ${forum.slug}.`);
}

/**
 * The text searched for a contribution: who (when readers may know it), what they wrote, their answers and
 * their files' text. An anonymous contributor's name and organisation are never in it: nobody may find a
 * contribution by what they cannot see (the e-mail address is never searchable either).
 */
export function searchTextOf(
  row: Pick<
    ContributionRow,
    "contributor_name" | "organisation" | "body_text" | "answers" | "reference" | "consent"
  >,
  files: Pick<ContributionFileRow, "file_name" | "extracted_text">[],
): string {
  const named = row.consent !== "anonymous";
  const text = [
    row.reference ?? "",
    named ? row.contributor_name : "",
    named ? row.organisation : "",
    row.body_text,
    answersText(undefined, row.answers),
    ...files.map((f) => `${f.file_name}\n${f.extracted_text ?? ""}`),
  ]
    .filter(Boolean)
    .join("\n\n")
    .slice(0, 1_000_000);
  return segmentForSearch(text);
}

/** Whether a row is a contributor's unsubmitted draft: theirs alone, invisible to the secretariat's pages. */
export function isContributorDraft(row: Pick<ContributionRow, "status" | "channel">): boolean {
  // Mail entered by the secretariat is its own draft until it confirms it.
  return row.status === "draft" && row.channel !== "email";
}

/** The refusal for any change to a withdrawn contribution: a withdrawal is final. */
export function withdrawnError(row: Pick<ContributionRow, "withdrawn_by">): AppError {
  return row.withdrawn_by === "author"
    ? new AppError(
        "conflict",
        "This contribution was withdrawn by its author: it can never be published again.",
        {
          messageKey: "contributions.moderate.withdrawnByAuthor",
        },
      )
    : new AppError("conflict", "This contribution was withdrawn: it can no longer be published.", {
        messageKey: "contributions.moderate.withdrawn",
      });
}

export function contributionLocale(row: Pick<ContributionRow, "form_language">): Locale {
  return isLocale(row.form_language) ? row.form_language : "en";
}

/** The forum and cycle a contribution belongs to (both always exist: the rows reference them). */
export async function forumAndCycleOf(
  db: Kysely<Database>,
  ids: { forumId: string; cycleId: string },
): Promise<{ forum: ForumRow; cycle: CycleRow }> {
  const [forum, cycle] = await Promise.all([forumById(db, ids.forumId), cycleById(db, ids.cycleId)]);
  if (!forum || !cycle) throw new Error(`The forum or cycle of a contribution is missing (${ids.cycleId}).`);
  return { forum, cycle };
}

/** A contribution the actor may read, with its forum and cycle; NotFound otherwise (as if it did not exist). */
export async function readableContribution(db: Kysely<Database>, actor: Actor, id: string) {
  const row = await selectContribution(db, id);
  if (!row || !(await mayRead(db, actor, row))) throw notFound();
  return { row, ...(await forumAndCycleOf(db, { forumId: row.forum_id, cycleId: row.cycle_id })) };
}

/** A cycle's contribution by its reference, if the actor may read it; NotFound otherwise. */
export async function readableByReference(
  db: Kysely<Database>,
  actor: Actor,
  cycleId: string,
  reference: string,
): Promise<ContributionRow> {
  const row = await selectByReference(db, cycleId, reference);
  if (!row || !(await mayRead(db, actor, row))) throw notFound();
  return row;
}

/** One contribution by id, as stored (callers check who may see it). */
export function contributionById(db: Kysely<Database>, id: string): Promise<ContributionRow | undefined> {
  return selectContribution(db, id);
}

/** A contribution's files in order. */
export function filesOf(db: Kysely<Database>, contributionId: string): Promise<ContributionFileRow[]> {
  return selectFiles(db, contributionId);
}

/** One stored file's record. */
export function fileById(db: Kysely<Database>, id: string): Promise<ContributionFileRow | undefined> {
  return selectFile(db, id);
}

/** Whether the cycle publishes a contribution by itself once its sender's address is checked. */
export function autoPublishes(db: Kysely<Database>, cycleId: string): Promise<boolean> {
  return selectAutoPublish(db, cycleId);
}

/** A page of contributions matching a filter, in keyset order. */
export async function contributionsPage(
  db: Kysely<Database>,
  filter: ContributionFilter,
): Promise<ContributionRow[]> {
  if (!filter.q?.trim() || filter.fewMatches !== undefined) return selectContributions(db, filter);
  // A search: how many it matches (up to a bound, through the text index) decides how its page is read.
  const { after: _a, before: _b, limit: _l, ...matching } = filter;
  const matches = await countMatchingUpTo(db, matching, FEW_MATCHES + 1);
  return selectContributions(db, { ...filter, fewMatches: matches <= FEW_MATCHES });
}

/** Up to this many matches, a search's page is read through the text index and sorted (see `fewMatches`). */
export const FEW_MATCHES = 1_000;

/** The highlighted snippet of a search in each of some contributions (a page's rows), by id. */
export async function searchSnippets(
  db: Kysely<Database>,
  ids: string[],
  q: string,
): Promise<Map<string, SnippetPart[]>> {
  const found = new Map<string, SnippetPart[]>();
  const missed: string[] = [];
  for (const row of await selectHeadlines(db, ids, q)) {
    const parts = snippetParts(row.headline);
    // A window cut around a word that was not a match ("formal" for "formacion"): the whole text is read.
    if (row.windowed && !parts.some((p) => p.match)) missed.push(row.id);
    else found.set(row.id, parts);
  }
  for (const row of await selectHeadlines(db, missed, q, { whole: true }))
    found.set(row.id, snippetParts(row.headline));
  return found;
}

/** Each distinct answer to a question among the contributions matching a filter, and how many gave it. */
export function answerTallies(
  db: Kysely<Database>,
  filter: Omit<ContributionFilter, "after" | "before" | "limit" | "q">,
  questionId: string,
): Promise<{ answer: unknown; n: number }[]> {
  return selectAnswerTallies(db, filter, questionId);
}

/** How many contributions match a filter (a search included), counting no further than `cap`. */
export function countMatchesUpTo(
  db: Kysely<Database>,
  filter: Omit<ContributionFilter, "after" | "before" | "limit">,
  cap: number,
): Promise<number> {
  return countMatchingUpTo(db, filter, cap);
}

/** PostgreSQL's rough estimate of how many contributions match a filter, read from its statistics. */
export function estimateMatches(
  db: Kysely<Database>,
  filter: Omit<ContributionFilter, "after" | "before" | "limit">,
): Promise<number> {
  return estimateMatching(db, filter);
}

/** A list page's contributions: only the columns the list shows. */
export function contributionListPage(
  db: Kysely<Database>,
  filter: ContributionFilter,
): Promise<ContributionListing[]> {
  return selectContributionListing(db, filter);
}

/** One contribution of a cycle by its reference, as stored (callers check who may see it). */
export function contributionByReference(
  db: Kysely<Database>,
  cycleId: string,
  reference: string,
): Promise<ContributionRow | undefined> {
  return selectByReference(db, cycleId, reference);
}

/** Every contribution matching a filter (the exports' columns), in batches of `size`: never all held at once. */
export function contributionBatches(
  db: Kysely<Database>,
  filter: Omit<ContributionFilter, "after" | "before" | "limit">,
  size: number,
): AsyncGenerator<ExportRow[]> {
  return exportBatches(db, filter, size);
}
