// A cycle's statistics: its published contributions counted by stakeholder group, region, country,
// development status, language, timeliness and week, beside the previous cycle's. Public: it counts only what
// the public list shows. Rows are read in keyset batches with the export's columns, never a text.
import type { Kysely } from "kysely";
import type { Actor, ForumRole } from "../../auth/index.js";
import {
  contributionBatches,
  contributionsPage,
  cycleHasGroupedCampaigns,
} from "../../contributions/index.js";
import type { Database } from "../../db/schema.js";
import { findCycle } from "../../forums/index.js";
import type { Place } from "../place.js";
import { requireMember } from "../policy.js";
import {
  type ComparedRow,
  compare,
  DIMENSIONS,
  type Dimension,
  type Figures,
  figuresCounter,
} from "./figures.js";

/** Counts one cycle's published contributions; `grouped`, each confirmed campaign once (its representative). */
export async function cycleFigures(db: Kysely<Database>, cycleId: string, grouped = false): Promise<Figures> {
  const counter = figuresCounter();
  const filter = { cycleId, statuses: ["published" as const], groupCampaigns: grouped };
  for await (const batch of contributionBatches(db, filter, 500)) for (const row of batch) counter.add(row);
  return counter.result();
}

/**
 * The cycle before this one: the cycle it continues when that is one of the three years before it, else
 * the year before's, if the forum has one.
 */
async function previousCycle(db: Kysely<Database>, place: Place, previousCycleId: string | null) {
  const found: { id: string; year: number }[] = [];
  for (const year of [place.cycle.year - 1, place.cycle.year - 2, place.cycle.year - 3]) {
    try {
      const { cycle } = await findCycle(db, place.forum.slug, year);
      found.push(cycle);
    } catch {
      // No cycle that year.
    }
  }
  return (
    (previousCycleId ? found.find((c) => c.id === previousCycleId) : undefined) ??
    found.find((c) => c.year === place.cycle.year - 1)
  );
}

/** What the statistics pages show. */
export interface Statistics {
  total: number;
  previous: { year: number; total: number } | undefined;
  dimensions: { dimension: Dimension; rows: ComparedRow[] }[];
  /** Each confirmed campaign counted once. */
  grouped: boolean;
  /** Whether the cycle has a confirmed campaign (the page offers counting each once only then). */
  campaigns: boolean;
}

/** The statistics of a cycle's published contributions, compared with the previous cycle's. */
export async function cycleStatistics(
  db: Kysely<Database>,
  args: { place: Place; previousCycleId: string | null; grouped?: boolean },
): Promise<Statistics> {
  const before = await previousCycle(db, args.place, args.previousCycleId);
  const grouped = args.grouped ?? false;
  const [current, previous, campaigns] = await Promise.all([
    cycleFigures(db, args.place.cycle.id, grouped),
    before ? cycleFigures(db, before.id, grouped) : Promise.resolve(undefined),
    cycleHasGroupedCampaigns(db, args.place.cycle.id),
  ]);
  return {
    grouped,
    campaigns,
    total: current.total,
    previous: before && previous ? { year: before.year, total: previous.total } : undefined,
    dimensions: DIMENSIONS.map((dimension) => ({ dimension, rows: compare(dimension, current, previous) })),
  };
}

/** The same statistics in the members' workspace: members only. */
export async function workspaceStatistics(
  db: Kysely<Database>,
  args: { actor: Actor; place: Place; previousCycleId: string | null; grouped?: boolean },
): Promise<{ stats: Statistics; roles: ForumRole[] }> {
  const roles = await requireMember(db, args.actor, args.place.forum.id);
  return { stats: await cycleStatistics(db, args), roles };
}

/** Whether a cycle has anything published (the card on the cycle's page): one row read, not all counted. */
export async function hasPublished(db: Kysely<Database>, cycleId: string): Promise<boolean> {
  return (await contributionsPage(db, { cycleId, statuses: ["published"], limit: 1 })).length > 0;
}
