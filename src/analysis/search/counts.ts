// How many contributions a members' search matches, at a cost that does not grow with the matches:
// - counted exactly up to a cap (a LIMIT-ed count through the text index reads at most cap + 1 rows), beyond
//   which the page says "more than 1,000";
// - beyond the cap, PostgreSQL's own estimate of all the matches (its statistics, no row read) is given beside
//   it, labelled as an estimate: it is rough (1.75× too high for a common word, 3× too low for a phrase at
//   100,000 contributions), which is why it is never shown as a count;
// - a count that reached the cap is kept a minute per search, and one count runs at a time for a search:
//   members paging through a common word's results, or searching it together, count it once. A count under
//   the cap is always made afresh: it is cheap (few matches), and a newly published contribution shows at once.
import type { Kysely } from "kysely";
import { type ContributionRow, countMatchesUpTo, estimateMatches } from "../../contributions/index.js";
import type { Database } from "../../db/schema.js";

/** What is searched: a cycle's contributions in some statuses, for the reader's words. */
export interface SearchFilter {
  cycleId: string;
  statuses: ContributionRow["status"][];
  q: string;
}

/** A search's count as a member sees it. */
export interface SearchCount {
  /** Exactly this many when `exact`; otherwise more than this many (the cap). */
  value: number;
  exact: boolean;
  /** Beyond the cap, PostgreSQL's estimate of all the matches (rounded), when it is above the cap. */
  estimate?: number | undefined;
}

/** How long a count that reached the cap is kept. */
const KEEP_MS = 60_000;
/** Most searches' counts kept at once; the oldest go first. */
const MAX_KEPT = 1_000;

interface Kept {
  count: SearchCount | undefined;
  until: number;
  running: Promise<SearchCount> | undefined;
}
const kept = new Map<string, Kept>();

/** An estimate as it is shown: two significant figures, since it is no more precise than that. */
export function roundEstimate(n: number): number {
  if (n < 100) return Math.round(n);
  const unit = 10 ** (Math.floor(Math.log10(n)) - 1);
  return Math.round(n / unit) * unit;
}

async function countAfresh(db: Kysely<Database>, filter: SearchFilter, cap: number): Promise<SearchCount> {
  const n = await countMatchesUpTo(db, filter, cap + 1);
  if (n <= cap) return { value: n, exact: true };
  const estimate = await estimateMatches(db, filter);
  return { value: cap, exact: false, estimate: estimate > cap ? roundEstimate(estimate) : undefined };
}

/**
 * The count of a search (a filter with `q`), stopping at `cap`; one that reached the cap is kept a minute and
 * counted once at a time.
 */
export function searchCount(
  db: Kysely<Database>,
  filter: SearchFilter,
  cap: number,
  now = Date.now(),
): Promise<SearchCount> {
  const key = JSON.stringify([
    filter.cycleId,
    [...filter.statuses].sort(),
    filter.q.trim().replace(/\s+/g, " ").toLowerCase(),
    cap,
  ]);
  let entry = kept.get(key);
  if (entry?.count && entry.until > now) return Promise.resolve(entry.count);
  if (entry?.running) return entry.running;
  if (!entry) {
    if (kept.size >= MAX_KEPT) {
      const oldest = kept.keys().next().value;
      if (oldest !== undefined) kept.delete(oldest);
    }
    entry = { count: undefined, until: 0, running: undefined };
    kept.set(key, entry);
  }
  const current = entry;
  current.running = countAfresh(db, filter, cap)
    .then((count) => {
      if (!count.exact) {
        current.count = count;
        current.until = now + KEEP_MS;
      } else if (kept.get(key) === current) kept.delete(key);
      return count;
    })
    .finally(() => {
      current.running = undefined;
    });
  return current.running;
}

/** Forgets every kept count (benchmarks measuring a first search). */
export function forgetSearchCounts(): void {
  kept.clear();
}
