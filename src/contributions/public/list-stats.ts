// What the public list shows around its rows: the cycle's published count, the filters' choices and how many
// contributions match a filter. Counting a forum's few hundred contributions is instant; a consultation's
// million takes a scan (150–200 ms of PostgreSQL each), so a large cycle keeps its figures for a minute, and:
// - one count per figure at a time: requests that need a figure being counted wait for that count rather than
//   start their own (a crowd arriving after a publication or an expiry costs one scan, not one each);
// - a figure that has expired, or that a publication made out of date, is still shown while it is counted
//   again, so no reader waits for a recount;
// - a filter's count stops at CAP_COUNT ("more than 10,000"), so a search matching half the cycle does not
//   read half the cycle;
// - only changes a reader can see (publication, unpublication, hiding, withdrawal of a published one) make the
//   figures out of date. Other processes catch up within the minute.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";
import { PUBLIC_STATUSES } from "../policy.js";
import {
  type ContributionFilter,
  type ContributionRow,
  countContributions,
  countMatching,
  countMatchingUpTo,
  type ExportRow,
  exportBatches as exportBatchesOf,
  onOneCore,
  selectListChoices,
  selectNewestContributions,
} from "../queries.js";

/** Rows on one page of the public list: enough to scan, light enough for a phone (about 28 KB of HTML). */
export const LIST_PAGE_SIZE = 50;

/** Below this many published contributions, figures are always exact and never kept. */
export const EXACT_BELOW = 10_000;
/** A filter's count stops here: beyond it, the list says "more than 10,000". */
export const CAP_COUNT = 10_000;
const KEEP_MS = 60_000;
/**
 * A kept figure read in its last seconds is counted again behind it, while it is still fresh: under steady
 * reading the minute never runs out, so readers are never shown a figure known to be out of date (a page showing
 * one can be kept only a second) and the recount happens when nobody needs it yet.
 */
const REFRESH_AHEAD_MS = 15_000;
/** Most filters' counts kept at once (searches are free text); the oldest go first. */
const MAX_KEPT = 2_000;

export interface ListStats {
  total: number;
  languages: string[];
  variants: string[];
  /** Country codes present among the published contributions, for the Country filter. */
  countries: string[];
}

/** How many contributions match: exactly, or "more than" the value when the count stopped there. */
export interface MatchCount {
  value: number;
  /** False when the real count is greater than `value` (the count stopped at its cap). */
  exact: boolean;
}

interface Kept<T> {
  value: T | undefined;
  until: number;
  /** The cycle's generation the value was counted in; a change a reader sees moves the cycle on. */
  generation: number;
  /** The count under way, which every request needing this figure waits for. */
  running: Promise<T> | undefined;
}

const kept = new Map<string, Kept<unknown>>();
const generations = new Map<string, number>();
/** How many times each cycle's readers were shown a figure being counted again (kept pages must not keep it). */
const outOfDateShown = new Map<string, number>();

function generationOf(cycleId: string): number {
  return generations.get(cycleId) ?? 0;
}

/**
 * Where a cycle's public side stands: it moves on with every change a reader sees (forgetListStats) and every
 * time a reader is shown a figure being counted again. A page made while it stood still may be kept
 * (server/page-cache.ts) for as long as `generation` does not move.
 */
export function publicState(cycleId: string): { generation: number; outOfDateShown: number } {
  return { generation: generationOf(cycleId), outOfDateShown: outOfDateShown.get(cycleId) ?? 0 };
}

/**
 * A kept figure: fresh, it is returned; out of date, it is returned while one recount runs; missing, the one
 * count under way is waited for. `keep` says whether the figure is worth keeping (large cycles only).
 */
function remembered<T>(
  cycleId: string,
  key: string,
  /** `behind` is true when a figure is shown while this count runs: nobody waits for it. */
  count: (behind: boolean) => Promise<T>,
  keep: (value: T) => boolean,
  now: number,
): { value: T | undefined; fresh: boolean; next: Promise<T> } {
  const generation = generationOf(cycleId);
  let entry = kept.get(key) as Kept<T> | undefined;
  if (entry?.value !== undefined && entry.until > now && entry.generation === generation) {
    if (entry.until - now < REFRESH_AHEAD_MS && !entry.running)
      refreshAhead(cycleId, key, entry, count, keep, now);
    return { value: entry.value, fresh: true, next: Promise.resolve(entry.value) };
  }
  if (!entry) {
    if (kept.size >= MAX_KEPT) {
      const oldest = kept.keys().next().value;
      if (oldest !== undefined) kept.delete(oldest);
    }
    entry = { value: undefined, until: 0, generation: -1, running: undefined };
    kept.set(key, entry as Kept<unknown>);
  }
  const current = entry;
  if (!current.running) {
    current.running = count(current.value !== undefined)
      .then((value) => {
        if (keep(value)) {
          current.value = value;
          current.until = now + KEEP_MS;
          current.generation = generation;
        } else if (kept.get(key) === current) kept.delete(key);
        return value;
      })
      .finally(() => {
        current.running = undefined;
      });
    // A failed recount behind a shown figure must not go unhandled; the next request counts again.
    current.running.catch(() => undefined);
  }
  if (current.value !== undefined) outOfDateShown.set(cycleId, (outOfDateShown.get(cycleId) ?? 0) + 1);
  return { value: current.value, fresh: false, next: current.running };
}

/**
 * Counts a fresh figure again behind it (its minute is nearly over). The new figure replaces it only if nothing
 * a reader sees changed meanwhile: a change moves the cycle on, and its figure is then counted again anyway.
 */
function refreshAhead<T>(
  cycleId: string,
  key: string,
  entry: Kept<T>,
  count: (behind: boolean) => Promise<T>,
  keep: (value: T) => boolean,
  now: number,
): void {
  const generation = entry.generation;
  const running = count(true).then((value) => {
    if (generationOf(cycleId) !== generation || entry.generation !== generation) return value;
    if (keep(value)) {
      entry.value = value;
      entry.until = now + KEEP_MS;
    } else if (kept.get(key) === entry) kept.delete(key);
    return value;
  });
  entry.running = running;
  running
    .finally(() => {
      if (entry.running === running) entry.running = undefined;
    })
    // A failed refresh leaves the figure as it was; the next reader after its minute counts again.
    .catch(() => undefined);
}

function statsKey(cycleId: string): string {
  return `stats\n${cycleId}`;
}

/** The published count and filter choices of a cycle's public list (a large cycle's may be a minute old). */
export async function listStats(db: Kysely<Database>, cycleId: string, now = Date.now()): Promise<ListStats> {
  const found = remembered(
    cycleId,
    statsKey(cycleId),
    async (behind): Promise<ListStats> => {
      if (behind)
        // Nobody waits for a recount behind a shown figure: it takes one core, one scan after another, and
        // leaves the other to the readers (four parallel scans took both cores for the ~600 ms of a recount).
        return onOneCore(db, async (trx) => {
          const total = await countContributions(trx, cycleId, PUBLIC_STATUSES);
          return { total, ...(await selectListChoices(trx, cycleId, PUBLIC_STATUSES)) };
        });
      const [total, choices] = await Promise.all([
        countContributions(db, cycleId, PUBLIC_STATUSES),
        selectListChoices(db, cycleId, PUBLIC_STATUSES),
      ]);
      return { total, ...choices };
    },
    (stats) => stats.total >= EXACT_BELOW,
    now,
  );
  return found.value ?? found.next;
}

/** The filter's conditions as a key: the same filter written differently (spaces, case) is one figure. */
export function filterKey(f: Omit<ContributionFilter, "after" | "before" | "limit">): string {
  return JSON.stringify([
    f.cycleId,
    [...f.statuses].sort(),
    f.stakeholderGroup ?? "",
    f.region ?? "",
    f.country ?? "",
    f.language ?? "",
    f.timeliness ?? "",
    f.variant ?? "",
    (f.q ?? "").trim().replace(/\s+/g, " ").toLowerCase(),
    f.receivedBefore?.toISOString() ?? "",
    f.groupCampaigns ? "grouped" : "",
    f.campaignId ?? "",
  ]);
}

/**
 * How many contributions match a filter, counting at most CAP_COUNT + 1 of them. In a large cycle (`large`) the
 * figure is kept like the cycle's own; with `waitMs`, a figure not known yet is waited for at most that long
 * (undefined after it, while the count goes on for the next reader).
 */
export async function matchCount(
  db: Kysely<Database>,
  filter: Omit<ContributionFilter, "after" | "before" | "limit">,
  options: { large: boolean; waitMs?: number; now?: number },
): Promise<MatchCount | undefined> {
  const found = remembered(
    filter.cycleId,
    `match\n${filterKey(filter)}`,
    async (): Promise<MatchCount> => {
      const n = await countMatchingUpTo(db, filter, CAP_COUNT + 1);
      return n > CAP_COUNT ? { value: CAP_COUNT, exact: false } : { value: n, exact: true };
    },
    () => options.large,
    options.now ?? Date.now(),
  );
  if (found.value) return found.value;
  if (options.waitMs === undefined) return found.next;
  let timer: ReturnType<typeof globalThis.setTimeout> | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = globalThis.setTimeout(() => resolve(undefined), options.waitMs);
  });
  try {
    return await Promise.race([found.next, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** What a change a reader sees did to one contribution, for the cycle's own figures to follow without a recount. */
export interface PublicChange {
  /** 1: it became public; -1: it is no longer public. */
  published: 1 | -1;
  contribution: { language: string | null; variant_key: string; country: string | null };
}

function withValue(values: string[], value: string | null): string[] {
  if (value === null || values.includes(value)) return values;
  return [...values, value].sort();
}

/** The cycle's figures after one contribution became public or stopped being public. */
export function followChange(stats: ListStats, change: PublicChange): ListStats {
  const total = Math.max(0, stats.total + change.published);
  // A choice the last of its contributions left stays offered until the next recount (within the minute): it
  // then finds nothing, which the list says plainly. A new one must be offered at once.
  if (change.published < 0) return { ...stats, total };
  const { language, variant_key, country } = change.contribution;
  return {
    total,
    languages: withValue(stats.languages, language),
    variants: withValue(stats.variants, variant_key),
    countries: withValue(stats.countries, country),
  };
}

/**
 * Marks a cycle's figures out of date after a change a reader sees. Given what changed (a publication, a
 * withdrawal), the cycle's published count and filter choices follow it at once, without a recount: on a
 * million contributions the recount is four scans of the cycle, and readers arriving after a publication shared
 * the machine with them (p99 154 ms in the second after it). Filters' counts, and every figure after a change
 * not described, are still shown while they are counted again, once. Another process learns of the change only
 * when its own figures expire (within the minute).
 */
export function forgetListStats(cycleId: string, change?: PublicChange): void {
  const before = generationOf(cycleId);
  generations.set(cycleId, before + 1);
  if (!change) return;
  const entry = kept.get(statsKey(cycleId)) as Kept<ListStats> | undefined;
  // Only a figure exact for the state just left can follow the change. A count under way then finds the cycle
  // moved on: a refresh's figure is dropped, a recount's is marked out of date and counted again.
  if (entry?.value === undefined || entry.generation !== before) return;
  entry.value = followChange(entry.value, change);
  entry.generation = before + 1;
}

/** Waits for every count under way (tests, and benchmarks that need settled figures). */
export async function settleListStats(): Promise<void> {
  await Promise.allSettled([...kept.values()].map((e) => e.running));
}

/** How many contributions match a filter, exactly (a small cycle's page position, the annex's count). */
export function countMatches(
  db: Kysely<Database>,
  filter: Omit<ContributionFilter, "after" | "limit">,
): Promise<number> {
  return countMatching(db, filter);
}

/** The newest contributions matching a filter (the Atom feed). */
export function newestContributions(
  db: Kysely<Database>,
  filter: ContributionFilter & { limit: number },
): Promise<ContributionRow[]> {
  return selectNewestContributions(db, filter);
}

/** Every contribution matching a filter, in keyset batches of the exports' columns. */
export function exportBatches(
  db: Kysely<Database>,
  filter: Omit<ContributionFilter, "after" | "before" | "limit">,
  batchSize: number,
): AsyncGenerator<ExportRow[]> {
  return exportBatchesOf(db, filter, batchSize);
}
