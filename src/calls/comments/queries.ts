// The comments' SQL. The comments table is owned by this feature; its service validates, audits and calls these.
import type { Insertable, Kysely, Selectable } from "kysely";
import type { Database } from "../../db/schema.js";
import type { CommentsTable } from "../tables.js";

/** Where a comment sits: a forum's object of some type. */
interface TargetKey {
  forumId: string;
  type: string;
  id: string;
}

/** A comment of a target by id (its anchor, to check a reply stays on it). */
export function selectCommentOfTarget(
  db: Kysely<Database>,
  target: Omit<TargetKey, "forumId">,
  commentId: string,
): Promise<{ id: string; anchor: string } | undefined> {
  return db
    .selectFrom("comments")
    .select(["id", "anchor"])
    .where("id", "=", commentId)
    .where("target_type", "=", target.type)
    .where("target_id", "=", target.id)
    .executeTakeFirst();
}

/** Stores a comment and returns it. */
export function insertComment(
  db: Kysely<Database>,
  values: Insertable<CommentsTable>,
): Promise<Selectable<CommentsTable>> {
  return db.insertInto("comments").values(values).returningAll().executeTakeFirstOrThrow();
}

/** A target's comments, oldest first, optionally on one anchor. */
export function selectComments(
  db: Kysely<Database>,
  target: TargetKey,
  anchor?: string,
): Promise<Selectable<CommentsTable>[]> {
  let q = db
    .selectFrom("comments")
    .selectAll()
    .where("forum_id", "=", target.forumId)
    .where("target_type", "=", target.type)
    .where("target_id", "=", target.id)
    .orderBy("created_at")
    .orderBy("id");
  if (anchor !== undefined) q = q.where("anchor", "=", anchor);
  return q.execute();
}

/** Sets a target's comment's status; returns whether there was such a comment. */
export async function updateCommentStatus(
  db: Kysely<Database>,
  target: TargetKey,
  commentId: string,
  changes: {
    status: "open" | "resolved";
    updatedAt: Date;
    resolvedAt: Date | null;
    resolvedBy: string | null;
  },
): Promise<boolean> {
  const result = await db
    .updateTable("comments")
    .set({
      status: changes.status,
      updated_at: changes.updatedAt,
      resolved_at: changes.resolvedAt,
      resolved_by: changes.resolvedBy,
    })
    .where("id", "=", commentId)
    .where("forum_id", "=", target.forumId)
    .where("target_type", "=", target.type)
    .where("target_id", "=", target.id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
