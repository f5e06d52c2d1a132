import type { Generated } from "kysely";

/** How a contribution came to be marked read: its page was opened, or the member marked it by hand. */
export type ReadHow = "opened" | "by_hand";
/** Who sees an impression: its author only, or every member of the forum. */
export type ImpressionVisibility = "private" | "shared";

/** The `reading_marks` table: a member has read a contribution. */
export interface ReadingMarksTable {
  user_id: string;
  contribution_id: string;
  cycle_id: string;
  read_at: Generated<Date>;
  how: ReadHow;
}

/** The `reading_visits` table: a member's last two visits to a cycle's reading list. */
export interface ReadingVisitsTable {
  user_id: string;
  cycle_id: string;
  last_visit_at: Date;
  previous_visit_at: Date | null;
}

/** The `impressions` table: a member's note on a contribution, or a reply to one. */
export interface ImpressionsTable {
  id: Generated<string>;
  forum_id: string;
  cycle_id: string;
  contribution_id: string;
  author_id: string;
  parent_id: string | null;
  visibility: ImpressionVisibility;
  body: string;
  created_at: Generated<Date>;
  edited_at: Date | null;
  deleted_at: Date | null;
}

/** The `impression_mentions` table: the members an impression mentions (each notified once). */
export interface ImpressionMentionsTable {
  impression_id: string;
  user_id: string;
}

export interface ReadingTables {
  reading_marks: ReadingMarksTable;
  reading_visits: ReadingVisitsTable;
  impressions: ImpressionsTable;
  impression_mentions: ImpressionMentionsTable;
}
