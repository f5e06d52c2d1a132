// How other domains find a forum and a cycle from a URL's slug and year: one call that either returns both
// or raises NotFound, so every handler treats a missing forum the same way.
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import { notFound } from "../server/errors.js";
import {
  type CycleRow,
  type ForumRow,
  type MilestoneRow,
  selectCycle,
  selectCycles,
  selectCycleYear,
  selectForumBySlug,
  selectForums,
  selectMilestone,
  selectMilestones,
} from "./queries.js";

export type { CycleRow, ForumRow, MilestoneRow };

/** Every forum, by name. */
export function listForums(db: Kysely<Database>): Promise<ForumRow[]> {
  return selectForums(db);
}

/** The forum with this slug, or undefined: for callers that treat a missing forum their own way. */
export function forumBySlug(db: Kysely<Database>, slug: string): Promise<ForumRow | undefined> {
  return selectForumBySlug(db, slug);
}

/** The forum with this slug, or NotFound. */
export async function findForum(db: Kysely<Database>, slug: string): Promise<ForumRow> {
  const forum = await selectForumBySlug(db, slug);
  if (!forum) throw notFound(`There is no forum “${slug}”.`);
  return forum;
}

/** The forum and its cycle of that year, or NotFound. */
export async function findCycle(
  db: Kysely<Database>,
  slug: string,
  year: number | string,
): Promise<{ forum: ForumRow; cycle: CycleRow }> {
  const forum = await findForum(db, slug);
  const y = typeof year === "number" ? year : /^\d{4}$/.test(year) ? Number(year) : Number.NaN;
  const cycle = Number.isFinite(y) ? await selectCycle(db, forum.id, y) : undefined;
  if (!cycle) throw notFound(`The forum “${forum.name}” has no cycle ${year}.`);
  return { forum, cycle };
}

/** The year of the cycle with this id, or null if there is none. */
export async function cycleYear(db: Kysely<Database>, cycleId: string): Promise<number | null> {
  return (await selectCycleYear(db, cycleId)) ?? null;
}

/** A forum's cycles, newest first. */
export function listCycles(db: Kysely<Database>, forumId: string): Promise<CycleRow[]> {
  return selectCycles(db, forumId);
}

/** One milestone of a cycle, or undefined. */
export function findMilestone(
  db: Kysely<Database>,
  cycleId: string,
  id: string,
): Promise<MilestoneRow | undefined> {
  return selectMilestone(db, cycleId, id);
}

/** A cycle's milestones in time order. */
export function cycleMilestones(db: Kysely<Database>, cycleId: string): Promise<MilestoneRow[]> {
  return selectMilestones(db, cycleId);
}

/** The milestones that govern a call for contributions, by kind (the first of each kind). */
export async function callMilestones(db: Kysely<Database>, cycleId: string) {
  const rows = await selectMilestones(db, cycleId);
  const at = (kind: string) => rows.find((m) => m.kind === kind)?.at;
  return {
    call_opens: at("call_opens"),
    soft_deadline: at("soft_deadline"),
    inclusion_cutoff: at("inclusion_cutoff"),
    call_closes: at("call_closes"),
  };
}
