// What the public list shows around its rows: the cycle's published count and the filters' choices. Counting
// a forum's few hundred contributions is instant; a consultation's million takes a sequential scan (about
// 150 ms each on PostgreSQL), so large cycles keep these figures for a minute. Publication in this process
// forgets them at once; other processes catch up within the minute.
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import { PUBLIC_STATUSES } from "./policy.js";
import { countContributions, selectListChoices } from "./queries.js";

/** Rows on one page of the public list: enough to scan, light enough for a phone (about 28 KB of HTML). */
export const LIST_PAGE_SIZE = 50;

/** Below this many published contributions, figures are always exact and never kept. */
export const EXACT_BELOW = 10_000;
const KEEP_MS = 60_000;

export interface ListStats {
  total: number;
  languages: string[];
  variants: string[];
  /** Country codes present among the published contributions, for the Country filter. */
  countries: string[];
}

const kept = new Map<string, { stats: ListStats; until: number }>();

/** The published count and filter choices of a cycle's public list. */
export async function listStats(db: Kysely<Database>, cycleId: string, now = Date.now()): Promise<ListStats> {
  const entry = kept.get(cycleId);
  if (entry && entry.until > now) return entry.stats;
  const [total, choices] = await Promise.all([
    countContributions(db, cycleId, PUBLIC_STATUSES),
    selectListChoices(db, cycleId, PUBLIC_STATUSES),
  ]);
  const stats = { total, ...choices };
  if (total >= EXACT_BELOW) kept.set(cycleId, { stats, until: now + KEEP_MS });
  else kept.delete(cycleId);
  return stats;
}

/** Forgets a cycle's figures after a change to what is published. */
export function forgetListStats(cycleId: string): void {
  kept.delete(cycleId);
}
