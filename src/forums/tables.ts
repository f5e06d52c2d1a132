import type { ColumnType, Generated } from "kysely";

/** The `forums` table. */
export interface ForumsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  description: Generated<string>;
  host_organisation: Generated<string>;
  languages: Generated<string[]>;
  time_zone: Generated<string>;
  mailing_list: string | null;
  is_demo: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export type CycleStatus = "scoping" | "call_open" | "analysis" | "drafting" | "public_review" | "closed";

/** The `cycles` table: one forum's year of work. */
export interface CyclesTable {
  id: Generated<string>;
  forum_id: string;
  year: number;
  focus: Generated<string>;
  description: Generated<string>;
  status: Generated<CycleStatus>;
  previous_cycle_id: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** The `milestones` table: dated points of a cycle, each with its own time zone. */
export interface MilestonesTable {
  id: Generated<string>;
  cycle_id: string;
  kind: string;
  label: Generated<string>;
  at: Date;
  time_zone: string;
  /** A date given without a time: shown as a day, meaning its end for deadlines and its start otherwise. */
  all_day: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** The `cycle_participants` table: the roster of a cycle. */
export interface CycleParticipantsTable {
  cycle_id: string;
  user_id: string;
  joined_at: Generated<Date>;
}

/** The `forum_invitations` table. */
export interface ForumInvitationsTable {
  id: Generated<string>;
  forum_id: string;
  email: string;
  name: Generated<string>;
  role: Generated<string>;
  token_hash: string;
  invited_by: string | null;
  created_at: Generated<Date>;
  expires_at: Date;
  accepted_at: Date | null;
}

/** The `join_requests` table. */
export interface JoinRequestsTable {
  id: Generated<string>;
  forum_id: string;
  user_id: string;
  message: Generated<string>;
  status: Generated<"pending" | "approved" | "declined">;
  decided_by: string | null;
  decided_at: Date | null;
  created_at: Generated<Date>;
}

/** The `list_subscriptions` table: who receives the forum's mailing-list messages. */
export interface ListSubscriptionsTable {
  forum_id: string;
  email: string;
  user_id: string | null;
  subscribed: Generated<boolean>;
  updated_at: Generated<Date>;
}

/**
 * The `content_translations` table: what the secretariat wrote (a forum's name, a cycle's focus, a milestone's
 * label, a meeting's title…) in another language, keyed by what it translates: (kind, entity, field, locale).
 * The original stays in its own row; a missing translation is simply absent.
 */
export interface ContentTranslationsTable {
  forum_id: string;
  kind: string;
  entity_id: string;
  field: string;
  locale: string;
  text: string;
  updated_by: string | null;
  updated_at: Generated<Date>;
}

export interface ForumTables {
  forums: ForumsTable;
  cycles: CyclesTable;
  milestones: MilestonesTable;
  cycle_participants: CycleParticipantsTable;
  forum_invitations: ForumInvitationsTable;
  join_requests: JoinRequestsTable;
  list_subscriptions: ListSubscriptionsTable;
  content_translations: ContentTranslationsTable;
}
