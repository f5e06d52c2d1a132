// The audit log: who changed what, when, with a short before/after. Written with the same transaction
// handle as the change itself, so a change and its record commit (or roll back) together.
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import { type AuditCursor, insertAuditRow, selectAuditFacets, selectAuditRows } from "./queries.js";

export type { AuditCursor } from "./queries.js";

/**
 * Who acted, as the log records it. Auth's `Actor` is one; it is spelled out here so that the log, which auth
 * writes to, does not depend on auth.
 */
export type AuditActor =
  | { kind: "anonymous" }
  | { kind: "user"; userId: string; name: string; email: string }
  | { kind: "token"; tokenId: string; name: string }
  | { kind: "system"; label: string };

/** A label for the audit log and for messages. */
export function actorLabel(actor: AuditActor): string {
  switch (actor.kind) {
    case "anonymous":
      return "anonymous";
    case "user":
      return `${actor.name} <${actor.email}>`;
    case "token":
      return `API token “${actor.name}”`;
    case "system":
      return actor.label;
  }
}

/** The actor's id for the audit log. */
export function actorId(actor: AuditActor): string | null {
  if (actor.kind === "user") return actor.userId;
  if (actor.kind === "token") return actor.tokenId;
  return null;
}

export interface AuditEntry {
  actor: AuditActor;
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
  await insertAuditRow(trx, {
    actor_kind: entry.actor.kind,
    actor_id: actorId(entry.actor),
    actor_label: actorLabel(entry.actor),
    forum_id: entry.forumId ?? null,
    action: entry.action,
    subject_type: entry.subjectType,
    subject_id: entry.subjectId ?? null,
    before: entry.before ? JSON.stringify(entry.before) : null,
    after: entry.after ? JSON.stringify(entry.after) : null,
  });
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
export function listAudit(db: Kysely<Database>, q: AuditQuery) {
  return selectAuditRows(db, { ...q, limit: q.limit ?? 100 });
}

/** The distinct people and kinds of change in a forum's log, for the filter menus. */
export function auditFacets(db: Kysely<Database>, forumId: string) {
  return selectAuditFacets(db, forumId);
}
