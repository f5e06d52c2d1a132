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
  selectCycleById,
  selectCyclePlaces,
  selectCycles,
  selectCycleYear,
  selectForumById,
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

/** The forum with this id, or undefined. */
export function forumById(db: Kysely<Database>, forumId: string): Promise<ForumRow | undefined> {
  return selectForumById(db, forumId);
}

/** The cycle with this id, or undefined. */
export function cycleById(db: Kysely<Database>, cycleId: string): Promise<CycleRow | undefined> {
  return selectCycleById(db, cycleId);
}

/** The forum with this slug, or NotFound. */
export async function findForum(db: Kysely<Database>, slug: string): Promise<ForumRow> {
  const forum = await selectForumBySlug(db, slug);
  if (!forum)
    throw notFound(`There is no forum “${slug}”.`, {
      messageKey: "forums.refusal.noForum",
      messageValues: { slug },
    });
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
  if (!cycle)
    throw notFound(`The forum “${forum.name}” has no cycle ${year}.`, {
      messageKey: "forums.refusal.noCycle",
      messageValues: { forum: forum.name, year: String(year) },
    });
  return { forum, cycle };
}

/** The year of the cycle with this id, or null if there is none. */
export async function cycleYear(db: Kysely<Database>, cycleId: string): Promise<number | null> {
  return (await selectCycleYear(db, cycleId)) ?? null;
}

/** The forum's cycle of that year, or undefined (for callers that treat a missing cycle their own way). */
export function cycleOfYear(
  db: Kysely<Database>,
  forumId: string,
  year: number,
): Promise<CycleRow | undefined> {
  return selectCycle(db, forumId, year);
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

/** Where a cycle belongs, for other domains' links and names: its year and its forum's id, slug and name. */
export interface CyclePlace {
  forum_id: string;
  forum_slug: string;
  forum_name: string;
  year: number;
}

/** Where each of these cycles belongs, by cycle id (one query for a whole list of rows). */
export async function cyclePlaces(
  db: Kysely<Database>,
  cycleIds: Iterable<string>,
): Promise<Map<string, CyclePlace>> {
  const rows = await selectCyclePlaces(db, [...new Set(cycleIds)]);
  return new Map(rows.map(({ cycle_id, ...place }) => [cycle_id, place]));
}

/** Where one cycle belongs; throws when there is no such cycle (callers hold a row that references it). */
export async function cyclePlace(db: Kysely<Database>, cycleId: string): Promise<CyclePlace> {
  const place = (await cyclePlaces(db, [cycleId])).get(cycleId);
  if (!place) throw new Error(`No cycle ${cycleId}.`);
  return place;
}
