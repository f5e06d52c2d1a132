// SQL for the forums, cycles and milestones tables. Only this folder touches them.
import type { Insertable, Kysely, Selectable, Updateable } from "kysely";
import type { Database } from "../db/schema.js";
import type { CycleStatus, CyclesTable, ForumsTable, MilestonesTable } from "./tables.js";

export type ForumRow = Selectable<ForumsTable>;

/** Every forum, by name. */
export function selectForums(db: Kysely<Database>): Promise<ForumRow[]> {
  return db.selectFrom("forums").selectAll().orderBy("name").execute();
}

/** One forum by its slug. */
export function selectForumBySlug(db: Kysely<Database>, slug: string): Promise<ForumRow | undefined> {
  return db.selectFrom("forums").selectAll().where("slug", "=", slug).executeTakeFirst();
}

export type CycleRow = Selectable<CyclesTable>;
export type MilestoneRow = Selectable<MilestonesTable>;

/** One cycle of a forum by year. */
export function selectCycle(
  db: Kysely<Database>,
  forumId: string,
  year: number,
): Promise<CycleRow | undefined> {
  return db
    .selectFrom("cycles")
    .selectAll()
    .where("forum_id", "=", forumId)
    .where("year", "=", year)
    .executeTakeFirst();
}

/** The year of one cycle by its id. */
export async function selectCycleYear(db: Kysely<Database>, cycleId: string): Promise<number | undefined> {
  return (await db.selectFrom("cycles").select("year").where("id", "=", cycleId).executeTakeFirst())?.year;
}

/** A forum's latest cycle (its current one), if it has any. */
export function selectLatestCycle(db: Kysely<Database>, forumId: string): Promise<CycleRow | undefined> {
  return db
    .selectFrom("cycles")
    .selectAll()
    .where("forum_id", "=", forumId)
    .orderBy("year", "desc")
    .executeTakeFirst();
}

/** A forum's cycles, newest first. */
export function selectCycles(db: Kysely<Database>, forumId: string): Promise<CycleRow[]> {
  return db
    .selectFrom("cycles")
    .selectAll()
    .where("forum_id", "=", forumId)
    .orderBy("year", "desc")
    .execute();
}

/** A cycle's milestones in time order. */
export function selectMilestones(db: Kysely<Database>, cycleId: string): Promise<MilestoneRow[]> {
  return db
    .selectFrom("milestones")
    .selectAll()
    .where("cycle_id", "=", cycleId)
    .orderBy("at")
    .orderBy("kind")
    .execute();
}

/** One milestone of a cycle. */
export function selectMilestone(
  db: Kysely<Database>,
  cycleId: string,
  id: string,
): Promise<MilestoneRow | undefined> {
  return db
    .selectFrom("milestones")
    .selectAll()
    .where("cycle_id", "=", cycleId)
    .where("id", "=", id)
    .executeTakeFirst();
}

/** Moves a cycle from one status to another if it is still in the first; returns whether it moved. */
export async function moveCycleStatus(
  db: Kysely<Database>,
  args: { cycleId: string; from: CycleStatus; to: CycleStatus },
): Promise<boolean> {
  const moved = await db
    .updateTable("cycles")
    .set({ status: args.to, updated_at: new Date() })
    .where("id", "=", args.cycleId)
    .where("status", "=", args.from)
    .returning("id")
    .executeTakeFirst();
  return moved !== undefined;
}

/** Inserts a forum. */
export function insertForum(db: Kysely<Database>, values: Insertable<ForumsTable>): Promise<ForumRow> {
  return db.insertInto("forums").values(values).returningAll().executeTakeFirstOrThrow();
}

/** Changes a forum's row. */
export function updateForumRow(
  db: Kysely<Database>,
  id: string,
  values: Updateable<ForumsTable>,
): Promise<ForumRow> {
  return db.updateTable("forums").set(values).where("id", "=", id).returningAll().executeTakeFirstOrThrow();
}

/** The forum's latest cycle before `beforeYear` (or exactly of `year` when given) — the one a new cycle continues. */
export function selectCycleBefore(
  db: Kysely<Database>,
  args: { forumId: string; beforeYear: number; year?: number },
): Promise<CycleRow | undefined> {
  return db
    .selectFrom("cycles")
    .selectAll()
    .where("forum_id", "=", args.forumId)
    .where("year", "<", args.beforeYear)
    .$if(args.year !== undefined, (q) => q.where("year", "=", args.year as number))
    .orderBy("year", "desc")
    .executeTakeFirst();
}

/** Inserts a cycle. */
export function insertCycle(db: Kysely<Database>, values: Insertable<CyclesTable>): Promise<CycleRow> {
  return db.insertInto("cycles").values(values).returningAll().executeTakeFirstOrThrow();
}

/** Changes a cycle's row. */
export function updateCycleRow(
  db: Kysely<Database>,
  id: string,
  values: Updateable<CyclesTable>,
): Promise<CycleRow> {
  return db.updateTable("cycles").set(values).where("id", "=", id).returningAll().executeTakeFirstOrThrow();
}

/** Inserts a milestone. */
export function insertMilestone(
  db: Kysely<Database>,
  values: Insertable<MilestonesTable>,
): Promise<MilestoneRow> {
  return db.insertInto("milestones").values(values).returningAll().executeTakeFirstOrThrow();
}

/** Changes a milestone's row. */
export function updateMilestoneRow(
  db: Kysely<Database>,
  id: string,
  values: Updateable<MilestonesTable>,
): Promise<MilestoneRow> {
  return db
    .updateTable("milestones")
    .set(values)
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Deletes a milestone of a cycle; returns it, or undefined if the cycle has no such milestone. */
export function deleteMilestoneRow(
  db: Kysely<Database>,
  cycleId: string,
  id: string,
): Promise<MilestoneRow | undefined> {
  return db
    .deleteFrom("milestones")
    .where("id", "=", id)
    .where("cycle_id", "=", cycleId)
    .returningAll()
    .executeTakeFirst();
}

/** Every milestone of a forum's cycles, in time order, with its cycle's year: the calendar feed's events. */
export function selectForumMilestones(db: Kysely<Database>, forumId: string) {
  return db
    .selectFrom("milestones")
    .innerJoin("cycles", "cycles.id", "milestones.cycle_id")
    .select([
      "milestones.id",
      "milestones.kind",
      "milestones.label",
      "milestones.at",
      "milestones.time_zone",
      "cycles.year",
    ])
    .where("cycles.forum_id", "=", forumId)
    .orderBy("milestones.at")
    .execute();
}

/** Where cycles belong: each cycle's year and its forum's id, slug and name (for other domains' links). */
export function selectCyclePlaces(db: Kysely<Database>, cycleIds: readonly string[]) {
  if (cycleIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("cycles")
    .innerJoin("forums", "forums.id", "cycles.forum_id")
    .select([
      "cycles.id as cycle_id",
      "forums.id as forum_id",
      "forums.slug as forum_slug",
      "forums.name as forum_name",
      "cycles.year",
    ])
    .where("cycles.id", "in", [...cycleIds])
    .execute();
}

/** A forum by id. */
export function selectForumById(db: Kysely<Database>, forumId: string): Promise<ForumRow | undefined> {
  return db.selectFrom("forums").selectAll().where("id", "=", forumId).executeTakeFirst();
}

/** A cycle by id. */
export function selectCycleById(db: Kysely<Database>, cycleId: string): Promise<CycleRow | undefined> {
  return db.selectFrom("cycles").selectAll().where("id", "=", cycleId).executeTakeFirst();
}
