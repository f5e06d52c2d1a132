// The audit folder's SQL: the audit log's rows. Only this folder touches the table.
import { type Insertable, type Kysely, sql } from "kysely";
import type { Database } from "../db/schema.js";
import type { AuditLogTable } from "./tables.js";

/** A place in the log, newest first: the exact time (as PostgreSQL prints it) and the row's id. */
export interface AuditCursor {
  at: string;
  id: number;
}

/** Writes one row of the log, with the caller's transaction. */
export async function insertAuditRow(trx: Kysely<Database>, row: Insertable<AuditLogTable>): Promise<void> {
  await trx.insertInto("audit_log").values(row).execute();
}

/** A forum's rows, keyset-paged on (at, id): below `before`, or above `after` (then read upward). */
export async function selectAuditRows(
  db: Kysely<Database>,
  q: {
    forumId: string;
    actorId?: string;
    actionPrefix?: string;
    limit: number;
    before?: AuditCursor;
    after?: AuditCursor;
  },
) {
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
    .limit(q.limit);
  if (q.actorId) query = query.where("actor_id", "=", q.actorId);
  if (q.actionPrefix) query = query.where("action", "like", `${q.actionPrefix.replace(/[%_\\]/g, "\\$&")}%`);
  if (q.before) query = query.where(sql<boolean>`(at, id) < (${q.before.at}::timestamptz, ${q.before.id})`);
  else if (q.after) query = query.where(sql<boolean>`(at, id) > (${q.after.at}::timestamptz, ${q.after.id})`);
  const rows = await query.execute();
  return upward ? rows.reverse() : rows;
}

/** The distinct people and kinds of change in a forum's log. */
export async function selectAuditFacets(db: Kysely<Database>, forumId: string) {
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
