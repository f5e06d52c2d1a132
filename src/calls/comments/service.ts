// Comments on an anchor inside any target: a question of a questionnaire draft today, a paragraph of a draft
// document tomorrow. Generic on purpose (target type, target id, anchor), so another domain can reuse it; the
// caller decides who may comment and read, and these functions store, list and resolve. The comments table is
// owned here.
import type { Kysely, Selectable } from "kysely";
import { recordAudit } from "../../audit/index.js";
import { type Actor, actorLabel } from "../../auth/index.js";
import type { Database } from "../../db/schema.js";
import { inTransaction } from "../../db/transaction.js";
import { invalid, notFound } from "../../server/errors.js";
import type { CommentsTable } from "../tables.js";
import { insertComment, selectCommentOfTarget, selectComments, updateCommentStatus } from "./queries.js";

export type CommentRow = Selectable<CommentsTable>;

/** What a comment is about: a forum's object of some type. */
export interface CommentTarget {
  forumId: string;
  type: string;
  id: string;
}

export const COMMENT_MAX_LENGTH = 10_000;

/** Adds a comment (or a reply, with `parentId`) on an anchor of a target, with its audit row. */
export async function addComment(
  db: Kysely<Database>,
  args: { actor: Actor; target: CommentTarget; anchor: string; body: string; parentId?: string; now: Date },
): Promise<CommentRow> {
  const body = args.body.trim();
  if (!body)
    throw invalid(
      "Write a comment first.",
      { body: "calls.comment.empty" },
      { messageKey: "calls.comment.empty" },
    );
  if (body.length > COMMENT_MAX_LENGTH)
    throw invalid(
      "The comment is too long.",
      { body: "calls.comment.tooLong" },
      { messageKey: "calls.comment.tooLong" },
    );
  const { target } = args;
  return inTransaction(db, async (trx) => {
    if (args.parentId) {
      const parent = await selectCommentOfTarget(trx, target, args.parentId);
      if (!parent || parent.anchor !== args.anchor)
        throw notFound("The comment you reply to is not there.", {
          messageKey: "calls.refusal.replyParentMissing",
        });
    }
    const row = await insertComment(trx, {
      forum_id: target.forumId,
      target_type: target.type,
      target_id: target.id,
      anchor: args.anchor,
      author_id: args.actor.kind === "user" ? args.actor.userId : null,
      author_label: args.actor.kind === "user" ? args.actor.name : actorLabel(args.actor),
      body,
      parent_id: args.parentId ?? null,
      created_at: args.now,
      updated_at: args.now,
    });
    await recordAudit(trx, {
      actor: args.actor,
      forumId: target.forumId,
      action: "comment.add",
      subjectType: target.type,
      subjectId: target.id,
      after: { anchor: args.anchor, comment: row.id, reply_to: args.parentId ?? null },
    });
    return row;
  });
}

/** A target's comments, oldest first (optionally on one anchor). */
export function listComments(
  db: Kysely<Database>,
  target: CommentTarget,
  anchor?: string,
): Promise<CommentRow[]> {
  return selectComments(db, target, anchor);
}

/** Marks a comment of a target resolved (or open again), with its audit row. */
export async function setCommentStatus(
  db: Kysely<Database>,
  args: { actor: Actor; target: CommentTarget; commentId: string; status: "open" | "resolved"; now: Date },
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const found = await updateCommentStatus(trx, args.target, args.commentId, {
      status: args.status,
      updatedAt: args.now,
      resolvedAt: args.status === "resolved" ? args.now : null,
      resolvedBy: args.status === "resolved" ? actorLabel(args.actor) : null,
    });
    if (!found) throw notFound("No such comment.", { messageKey: "calls.refusal.noComment" });
    await recordAudit(trx, {
      actor: args.actor,
      forumId: args.target.forumId,
      action: `comment.${args.status === "resolved" ? "resolve" : "reopen"}`,
      subjectType: args.target.type,
      subjectId: args.target.id,
      after: { comment: args.commentId },
    });
  });
}

/** Comments grouped as threads: each top-level comment with its replies, per anchor. */
export function threadsByAnchor(
  rows: CommentRow[],
): Map<string, { comment: CommentRow; replies: CommentRow[] }[]> {
  const byAnchor = new Map<string, { comment: CommentRow; replies: CommentRow[] }[]>();
  const threads = new Map<string, { comment: CommentRow; replies: CommentRow[] }>();
  for (const row of rows) {
    if (row.parent_id) continue;
    const thread = { comment: row, replies: [] as CommentRow[] };
    threads.set(row.id, thread);
    const list = byAnchor.get(row.anchor) ?? [];
    list.push(thread);
    byAnchor.set(row.anchor, list);
  }
  for (const row of rows) if (row.parent_id) threads.get(row.parent_id)?.replies.push(row);
  return byAnchor;
}
