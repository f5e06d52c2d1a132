import type { Generated } from "kysely";

export type MeetingKind = "virtual" | "informal" | "annual_session";
export type ActionStatus = "open" | "done" | "dropped";
export type DuePrecision = "exact" | "on_or_around" | "before" | "week_of" | "month" | "after";
export type PollAnswer = "yes" | "if_need_be" | "no";

/** The `meetings` table: virtual and informal meetings and sessions at the annual meeting. */
export interface MeetingsTable {
  id: Generated<string>;
  forum_id: string;
  cycle_id: string;
  /** Unique within the cycle: "virtual-meeting-3", "substantive-session-2016-12-08". */
  slug: string;
  kind: MeetingKind;
  /** The meeting's number within its cycle and kind ("Virtual Meeting III" is 3). */
  number: number | null;
  title: Generated<string>;
  /** The calendar day in the meeting's own zone. */
  date: string;
  /** Wall-clock "HH:MM" in `time_zone`; null for a record that gives the day only. */
  start_time: string | null;
  end_time: string | null;
  time_zone: Generated<string>;
  starts_at: Date | null;
  ends_at: Date | null;
  room: Generated<string>;
  organiser: Generated<string>;
  facilitator: Generated<string>;
  moderator: Generated<string>;
  purpose: Generated<string>;
  agenda: Generated<string>;
  join_url: Generated<string>;
  recording_stream_url: Generated<string>;
  recording_download_url: Generated<string>;
  recording_password: Generated<string>;
  /** The summary report as written in its editor: paragraphs separated by blank lines, "[1]: …" footnotes. */
  summary: Generated<string>;
  summary_published_at: Date | null;
  /** The contributions annex of an imported report, one contribution a line. */
  contributions_annex: Generated<string>;
  imported_from: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** The `meeting_attendance` table: the participants annex. */
export interface MeetingAttendanceTable {
  id: Generated<string>;
  meeting_id: string;
  user_id: string | null;
  name: string;
  /** Shown in parentheses after the name: "Facilitator", "IGF Secretariat". */
  role: Generated<string>;
  position: Generated<number>;
  created_at: Generated<Date>;
}

/** The `action_items` table: a meeting's next steps. */
export interface ActionItemsTable {
  id: Generated<string>;
  forum_id: string;
  meeting_id: string;
  text: string;
  owner_user_id: string | null;
  /** A free-text owner ("the Secretariat", "Members") when no one person owns the item. */
  owner_text: Generated<string>;
  /** The due date as worded: "on or around 15 August". */
  due_text: Generated<string>;
  due_date: string | null;
  due_precision: DuePrecision | null;
  status: Generated<ActionStatus>;
  position: Generated<number>;
  last_reminded_on: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** The `scheduling_polls` table. */
export interface SchedulingPollsTable {
  id: Generated<string>;
  forum_id: string;
  cycle_id: string;
  title: string;
  kind: MeetingKind;
  number: number | null;
  purpose: Generated<string>;
  duration_minutes: number;
  /** The organiser's zone, named in the invitations. */
  time_zone: string;
  status: Generated<"open" | "closed">;
  /** When answers close (optional); the people who have not answered are reminded the day before. */
  closes_at: Generated<Date | null>;
  meeting_id: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
  closed_at: Date | null;
}

/** The `poll_slots` table: the proposed start times. */
export interface PollSlotsTable {
  id: Generated<string>;
  poll_id: string;
  starts_at: Date;
}

/** The `poll_participants` table: who is asked (and invited when the poll closes). */
export interface PollParticipantsTable {
  poll_id: string;
  user_id: string;
  /** When the invitation to answer was queued (null: asked before invitations were sent). */
  invited_at: Generated<Date | null>;
  /** When the last reminder to answer was queued. */
  reminded_at: Generated<Date | null>;
}

/** The `poll_answers` table. */
export interface PollAnswersTable {
  slot_id: string;
  user_id: string;
  answer: PollAnswer;
  answered_at: Generated<Date>;
}

export interface MeetingTables {
  meetings: MeetingsTable;
  meeting_attendance: MeetingAttendanceTable;
  action_items: ActionItemsTable;
  scheduling_polls: SchedulingPollsTable;
  poll_slots: PollSlotsTable;
  poll_participants: PollParticipantsTable;
  poll_answers: PollAnswersTable;
}
