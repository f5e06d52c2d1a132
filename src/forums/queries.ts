// SQL for the forums table. Only this folder touches it.
import type { Kysely, Selectable } from "kysely";
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

/** A forum by id. */
export function selectForumById(db: Kysely<Database>, forumId: string): Promise<ForumRow | undefined> {
  return db.selectFrom("forums").selectAll().where("id", "=", forumId).executeTakeFirst();
}

/** A cycle by id. */
export function selectCycleById(db: Kysely<Database>, cycleId: string): Promise<CycleRow | undefined> {
  return db.selectFrom("cycles").selectAll().where("id", "=", cycleId).executeTakeFirst();
}
