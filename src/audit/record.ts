// The audit log: who changed what, when, with a short before/after. Written with the same transaction
// handle as the change itself, so a change and its record commit (or roll back) together.
import { type Kysely, sql } from "kysely";
import { type Actor, actorId, actorLabel } from "../auth/actor.js";
import type { Database } from "../db/schema.js";

export interface AuditEntry {
  actor: Actor;
  forumId?: string | null;
  /** A dotted verb, e.g. "forum.create", "role.grant". */
  action: string;
  subjectType: string;
  subjectId?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/** Writes one audit row; call it inside the change's transaction. */
export async function recordAudit(trx: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await trx
    .insertInto("audit_log")
    .values({
      actor_kind: entry.actor.kind,
      actor_id: actorId(entry.actor),
      actor_label: actorLabel(entry.actor),
      forum_id: entry.forumId ?? null,
      action: entry.action,
      subject_type: entry.subjectType,
      subject_id: entry.subjectId ?? null,
      before: entry.before ? JSON.stringify(entry.before) : null,
      after: entry.after ? JSON.stringify(entry.after) : null,
    })
    .execute();
}

/** A place in the log, newest first: the exact time (as PostgreSQL prints it) and the row's id. */
export interface AuditCursor {
  at: string;
  id: number;
}

export interface AuditQuery {
  forumId: string;
  actorId?: string;
  actionPrefix?: string;
  limit?: number;
  /** Rows older than this place (the next page down), or… */
  before?: AuditCursor;
  /** …rows newer than this place (the page above). */
  after?: AuditCursor;
}

/** A forum's audit log, newest first, filterable by person and kind of change; keyset-paged on (at, id). */
export async function listAudit(db: Kysely<Database>, q: AuditQuery) {
  const upward = Boolean(q.after && !q.before);
  let query = db
    .selectFrom("audit_log")
    .select([
      "id",
      "at",
      sql<string>`at::text`.as("at_key"),
      "actor_kind",
      "actor_id",
      "actor_label",
      "action",
      "subject_type",
      "subject_id",
      "before",
      "after",
    ])
    .where("forum_id", "=", q.forumId)
    .orderBy("at", upward ? "asc" : "desc")
    .orderBy("id", upward ? "asc" : "desc")
    .limit(q.limit ?? 100);
  if (q.actorId) query = query.where("actor_id", "=", q.actorId);
  if (q.actionPrefix) query = query.where("action", "like", `${q.actionPrefix.replace(/[%_\\]/g, "\\$&")}%`);
  if (q.before) query = query.where(sql<boolean>`(at, id) < (${q.before.at}::timestamptz, ${q.before.id})`);
  else if (q.after) query = query.where(sql<boolean>`(at, id) > (${q.after.at}::timestamptz, ${q.after.id})`);
  const rows = await query.execute();
  return upward ? rows.reverse() : rows;
}

/** The distinct people and kinds of change in a forum's log, for the filter menus. */
export async function auditFacets(db: Kysely<Database>, forumId: string) {
  const actors = await db
    .selectFrom("audit_log")
    .select(["actor_id", "actor_label"])
    .distinct()
    .where("forum_id", "=", forumId)
    .where("actor_id", "is not", null)
    .orderBy("actor_label")
    .execute();
  const actions = await db
    .selectFrom("audit_log")
    .select("action")
    .distinct()
    .where("forum_id", "=", forumId)
    .orderBy("action")
    .execute();
  return { actors, actions: actions.map((a) => a.action) };
}
