// SQL for the reading workspace: read marks, visits to the reading list, impressions and their mentions. Only
// this folder touches these tables; contributions and people are reached through their domains' exports.
import type { Kysely, Selectable } from "kysely";
import type { Database } from "../db/schema.js";
import type { ImpressionsTable, ImpressionVisibility, ReadHow } from "./tables.js";

export type ImpressionRow = Selectable<ImpressionsTable>;

/** Marks a contribution read for a member; returns false when it already was (nothing changes then). */
export async function insertMark(
  trx: Kysely<Database>,
  mark: { userId: string; contributionId: string; cycleId: string; how: ReadHow; at: Date },
): Promise<boolean> {
  const row = await trx
    .insertInto("reading_marks")
    .values({
      user_id: mark.userId,
      contribution_id: mark.contributionId,
      cycle_id: mark.cycleId,
      how: mark.how,
      read_at: mark.at,
    })
    .onConflict((oc) => oc.columns(["user_id", "contribution_id"]).doNothing())
    .returning("user_id")
    .executeTakeFirst();
  return Boolean(row);
}

/** Removes a member's read mark; returns false when there was none. */
export async function deleteMark(trx: Kysely<Database>, userId: string, contributionId: string) {
  const result = await trx
    .deleteFrom("reading_marks")
    .where("user_id", "=", userId)
    .where("contribution_id", "=", contributionId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** What one member has read in a cycle. */
export function selectMarksOf(db: Kysely<Database>, userId: string, cycleId: string) {
  return db
    .selectFrom("reading_marks")
    .select(["contribution_id", "read_at", "how"])
    .where("user_id", "=", userId)
    .where("cycle_id", "=", cycleId)
    .execute();
}

/** Whether a member has read one contribution. */
export async function selectMark(db: Kysely<Database>, userId: string, contributionId: string) {
  return db
    .selectFrom("reading_marks")
    .select(["read_at", "how"])
    .where("user_id", "=", userId)
    .where("contribution_id", "=", contributionId)
    .executeTakeFirst();
}

/** Every read mark of a cycle: who read what (the secretariat's table). */
export function selectCycleMarks(db: Kysely<Database>, cycleId: string) {
  return db
    .selectFrom("reading_marks")
    .select(["user_id", "contribution_id", "read_at"])
    .where("cycle_id", "=", cycleId)
    .execute();
}

/** A member's visits to a cycle's reading list. */
export function selectVisit(db: Kysely<Database>, userId: string, cycleId: string) {
  return db
    .selectFrom("reading_visits")
    .select(["last_visit_at", "previous_visit_at"])
    .where("user_id", "=", userId)
    .where("cycle_id", "=", cycleId)
    .executeTakeFirst();
}

/** Writes a member's visits to a cycle's reading list. */
export async function upsertVisit(
  trx: Kysely<Database>,
  visit: { userId: string; cycleId: string; last: Date; previous: Date | null },
): Promise<void> {
  await trx
    .insertInto("reading_visits")
    .values({
      user_id: visit.userId,
      cycle_id: visit.cycleId,
      last_visit_at: visit.last,
      previous_visit_at: visit.previous,
    })
    .onConflict((oc) =>
      oc.columns(["user_id", "cycle_id"]).doUpdateSet({
        last_visit_at: visit.last,
        previous_visit_at: visit.previous,
      }),
    )
    .execute();
}

/** Writes a new impression. */
export function insertImpression(
  trx: Kysely<Database>,
  values: {
    forum_id: string;
    cycle_id: string;
    contribution_id: string;
    author_id: string;
    parent_id: string | null;
    visibility: ImpressionVisibility;
    body: string;
    created_at: Date;
  },
): Promise<ImpressionRow> {
  return trx.insertInto("impressions").values(values).returningAll().executeTakeFirstOrThrow();
}

/** One impression by id (the caller has checked the id's form). */
export function selectImpression(db: Kysely<Database>, id: string, forUpdate = false) {
  let q = db.selectFrom("impressions").selectAll().where("id", "=", id);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** The impressions of a contribution a member may see: every shared one and their own private ones. */
export function selectVisibleImpressions(db: Kysely<Database>, contributionId: string, viewerId: string) {
  return db
    .selectFrom("impressions")
    .selectAll()
    .where("contribution_id", "=", contributionId)
    .where((eb) => eb.or([eb("visibility", "=", "shared"), eb("author_id", "=", viewerId)]))
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

/** How many impressions a member may see on each contribution of a cycle (deleted ones not counted). */
export async function countVisibleImpressions(db: Kysely<Database>, cycleId: string, viewerId: string) {
  const rows = await db
    .selectFrom("impressions")
    .select(["contribution_id", (eb) => eb.fn.countAll<number>().as("n")])
    .where("cycle_id", "=", cycleId)
    .where("deleted_at", "is", null)
    .where((eb) => eb.or([eb("visibility", "=", "shared"), eb("author_id", "=", viewerId)]))
    .groupBy("contribution_id")
    .execute();
  return new Map(rows.map((r) => [r.contribution_id, Number(r.n)]));
}

/** Changes an impression's text and visibility. */
export function updateImpressionRow(
  trx: Kysely<Database>,
  id: string,
  values: { body?: string; visibility?: ImpressionVisibility; edited_at?: Date; deleted_at?: Date },
) {
  return trx
    .updateTable("impressions")
    .set(values)
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The people an impression already mentions. */
export async function selectMentions(db: Kysely<Database>, impressionId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("impression_mentions")
    .select("user_id")
    .where("impression_id", "=", impressionId)
    .execute();
  return rows.map((r) => r.user_id);
}

/** Records that an impression mentions these people. */
export async function insertMentions(trx: Kysely<Database>, impressionId: string, userIds: string[]) {
  if (!userIds.length) return;
  await trx
    .insertInto("impression_mentions")
    .values(userIds.map((user_id) => ({ impression_id: impressionId, user_id })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}
