// Compare: every published answer to one question side by side, across the questionnaire's variants (which
// share question ids), filtered by who answered; for choice questions, how many chose each option.
import type { Kysely } from "kysely";
import type { Actor } from "../../auth/index.js";
import {
  listPublishedQuestionnaires,
  type PublishedQuestionnaire,
  type Question,
} from "../../calls/index.js";
import {
  answerTallies,
  type ContributionRow,
  contributionsPage,
  countMatchesUpTo,
} from "../../contributions/index.js";
import type { Database } from "../../db/schema.js";
import { notFound } from "../../server/errors.js";
import { CODABLE_STATUSES } from "../coding/service.js";
import { requireAnalysisMember } from "../policy.js";

/** Where in the workspace, and who asks. */
export interface CompareScope {
  db: Kysely<Database>;
  actor: Actor;
  forumId: string;
  cycleId: string;
}

/** Who answered: the filters a member may narrow the answers by. */
export interface CompareFilter {
  stakeholderGroup?: string;
  region?: string;
  country?: string;
  language?: string;
  timeliness?: string;
  /** Count each confirmed campaign once in the choices' counts (its copies' answers are still listed). */
  groupCampaigns?: boolean;
}

/** A place in arrival order. */
export interface ComparePosition {
  receivedAt: Date;
  id: string;
}

/** Answers shown on one page. */
export const COMPARE_PAGE = 50;
/** Contributions read per step while gathering a page (most answer most questions). */
const SCAN = 200;
/** Steps per page at most: a page on a question few answered stops there and offers the next. */
const MAX_STEPS = 50;

/** Question types whose answers are text, or choices, that can be compared. */
const COMPARABLE = new Set([
  "short_text",
  "long_text",
  "single_choice",
  "multiple_choice",
  "item_list",
  "link_list",
]);

/** A question as the variants ask it: the first variant's wording, and which variants ask it. */
export interface ComparedQuestion {
  question: Question;
  questionnaire: PublishedQuestionnaire;
  /** The keys of the variants asking it ("base", "nri"). */
  variants: string[];
  /** The questionnaires asking it, in the same order (for their variants' names). */
  askedIn: PublishedQuestionnaire[];
}

/** The comparable questions of the cycle's published questionnaires, each once (ids are shared by variants). */
export function comparableQuestions(questionnaires: PublishedQuestionnaire[]): ComparedQuestion[] {
  const byId = new Map<string, ComparedQuestion>();
  for (const q of questionnaires)
    for (const s of q.sections)
      for (const question of s.questions) {
        if (!COMPARABLE.has(question.type)) continue;
        const seen = byId.get(question.id);
        if (seen) {
          seen.variants.push(q.variantKey);
          seen.askedIn.push(q);
        } else byId.set(question.id, { question, questionnaire: q, variants: [q.variantKey], askedIn: [q] });
      }
  return [...byId.values()];
}

/** The questions a member can compare. */
export async function listComparableQuestions(scope: CompareScope) {
  await requireAnalysisMember(scope.db, scope.actor, scope.forumId);
  return comparableQuestions(await listPublishedQuestionnaires(scope.db, scope.cycleId));
}

/** Whether a stored answer says anything. */
export function hasAnswer(value: unknown): boolean {
  if (value === undefined || value === null || value === true || value === false) return false;
  if (typeof value === "string") return value.trim() !== "";
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object") {
    const o = value as Record<string, unknown>;
    if (Array.isArray(o.selected)) return o.selected.length > 0 || hasAnswer(o.other);
    return Object.values(o).some(hasAnswer);
  }
  return false;
}

/** The option ids an answer to a choice question chose ("other" for a written-in choice). */
export function chosenOptions(value: unknown): string[] {
  if (typeof value === "string" && value) return [value];
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const o = value as { selected?: unknown; other?: unknown };
    const selected = Array.isArray(o.selected) ? o.selected.filter((s) => typeof s === "string") : [];
    return typeof o.other === "string" && o.other.trim() ? [...selected, OTHER] : selected;
  }
  return [];
}

/** The key of written-in "other" choices in the counts. */
export const OTHER = "__other";

/** One contribution's answer. */
export interface ComparedAnswer {
  contribution: ContributionRow;
  answer: unknown;
}

const filterOf = (scope: CompareScope, f: CompareFilter) => ({
  cycleId: scope.cycleId,
  statuses: [...CODABLE_STATUSES],
  ...(f.stakeholderGroup ? { stakeholderGroup: f.stakeholderGroup } : {}),
  ...(f.region ? { region: f.region } : {}),
  ...(f.country ? { country: f.country } : {}),
  ...(f.language ? { language: f.language } : {}),
  ...(f.timeliness ? { timeliness: f.timeliness } : {}),
});

/**
 * How long a page of a large cycle (KEPT_FROM matching contributions or more) waits for a choice question's
 * counts it does not have yet: counting reads every matching answer (1.7 s and more on a million), so the page
 * is shown without them and the count, going on, is there for the next view. A smaller cycle's counts are
 * always waited for (they take milliseconds).
 */
export const COUNTS_WAIT_MS = 50;

/**
 * One question compared: up to 50 answers after `after` in arrival order (contributions that did not answer
 * are passed over), where the next page starts, and for a choice question the count of each option over every
 * matching contribution (`counting` when a large cycle's were not ready within `countsWaitMs`).
 */
export async function compareQuestion(
  scope: CompareScope,
  questionId: string,
  filter: CompareFilter,
  after?: ComparePosition,
  options: { countsWaitMs?: number } = {},
) {
  await requireAnalysisMember(scope.db, scope.actor, scope.forumId);
  const questionnaires = await listPublishedQuestionnaires(scope.db, scope.cycleId);
  const compared = comparableQuestions(questionnaires).find((q) => q.question.id === questionId);
  if (!compared)
    throw notFound("This cycle's questionnaires ask no such question.", {
      messageKey: "analysis.refusal.noQuestion",
    });
  const base = filterOf(scope, filter);
  const answers: ComparedAnswer[] = [];
  let position = after;
  let next: ComparePosition | undefined;
  for (let step = 0; step < MAX_STEPS; step++) {
    const rows = await contributionsPage(scope.db, {
      ...base,
      limit: SCAN,
      ...(position ? { after: position } : {}),
    });
    let stoppedAt: ContributionRow | undefined;
    for (const row of rows) {
      const answer = row.answers?.[questionId];
      if (hasAnswer(answer)) {
        if (answers.length === COMPARE_PAGE) break;
        answers.push({ contribution: row, answer });
      }
      stoppedAt = row;
    }
    const last = stoppedAt ?? rows.at(-1);
    position = last?.received_at ? { receivedAt: last.received_at, id: last.id } : position;
    const full = answers.length === COMPARE_PAGE;
    const exhausted = rows.length < SCAN && (!stoppedAt || stoppedAt === rows.at(-1));
    if (exhausted) break;
    if (full || step === MAX_STEPS - 1) {
      next = position;
      break;
    }
  }
  const q = compared.question;
  let counts: ChoiceCounts | undefined;
  let counting = false;
  if (q.type === "single_choice" || q.type === "multiple_choice") {
    const large =
      options.countsWaitMs !== undefined && (await countMatchesUpTo(scope.db, base, KEPT_FROM)) >= KEPT_FROM;
    counts = await countChoices(scope, questionId, filter, {
      ...(large ? { waitMs: options.countsWaitMs } : {}),
    });
    counting = !counts;
  }
  return { ...compared, questionnaires, answers, next, counts, counting };
}

/** The counts of a question with this many answers or more are kept a minute (see `countChoices`). */
export const KEPT_FROM = 5_000;
const KEEP_MS = 60_000;
/** Counts made or under way; `outwaited` when a page stopped waiting for it (then it is kept whatever its size). */
const kept = new Map<string, { at: number; running: Promise<ChoiceCounts>; outwaited: boolean }>();

/** How many chose each option, and how many answered at all. */
export interface ChoiceCounts {
  counts: Map<string, number>;
  answered: number;
}

/**
 * How many matching contributions chose each option of a choice question, and how many answered at all.
 * Counting reads every matching contribution's answers (1.3 s of PostgreSQL for 100,000), so when a question
 * has KEPT_FROM answers or more, or its count outlasted a page's wait, its counts under a filter are kept for
 * a minute, and pages asked for meanwhile (the next ones, or another member's) share one count rather than
 * start their own. With `waitMs`, undefined when the count is not ready by then (it goes on for the next view).
 */
export async function countChoices(
  scope: CompareScope,
  questionId: string,
  filter: CompareFilter,
  options: { now?: number; waitMs?: number } = {},
): Promise<ChoiceCounts | undefined> {
  const now = options.now ?? Date.now();
  for (const [k, e] of kept) if (now - e.at >= KEEP_MS) kept.delete(k);
  const key = JSON.stringify([scope.cycleId, questionId, filterOf(scope, filter), !!filter.groupCampaigns]);
  let entry = kept.get(key);
  if (!entry) {
    const made = { at: now, running: tallyChoices(scope, questionId, filter), outwaited: false };
    entry = made;
    kept.set(key, made);
    made.running.then(
      (result) => {
        if (result.answered < KEPT_FROM && !made.outwaited && kept.get(key) === made) kept.delete(key);
      },
      () => {
        if (kept.get(key) === made) kept.delete(key);
      },
    );
  }
  if (options.waitMs === undefined) return entry.running;
  const waited = entry;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => {
      waited.outwaited = true;
      resolve(undefined);
    }, options.waitMs);
  });
  try {
    return await Promise.race([waited.running, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The counts, counted now: each distinct answer once with how many gave it, grouped by PostgreSQL. */
export async function tallyChoices(
  scope: CompareScope,
  questionId: string,
  filter: CompareFilter,
): Promise<ChoiceCounts> {
  const counts = new Map<string, number>();
  let answered = 0;
  const tallyFilter = {
    ...filterOf(scope, filter),
    ...(filter.groupCampaigns ? { groupCampaigns: true } : {}),
  };
  for (const { answer, n } of await answerTallies(scope.db, tallyFilter, questionId)) {
    const chosen = chosenOptions(answer);
    if (chosen.length) answered += n;
    for (const id of new Set(chosen)) counts.set(id, (counts.get(id) ?? 0) + n);
  }
  return { counts, answered };
}
