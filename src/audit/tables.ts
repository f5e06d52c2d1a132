import type { Generated, JSONColumnType } from "kysely";

/** The `audit_log` table: one row per change, written in the change's own transaction. */
export interface AuditLogTable {
  id: Generated<number>;
  at: Generated<Date>;
  actor_kind: string;
  actor_id: string | null;
  actor_label: string;
  forum_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  before: JSONColumnType<Record<string, unknown> | null, string | null, string | null>;
  after: JSONColumnType<Record<string, unknown> | null, string | null, string | null>;
}

export interface AuditTables {
  audit_log: AuditLogTable;
}
