import type { ColumnType, Generated, JSONColumnType } from "kysely";
import type { LocalizedText, QuestionnaireSection } from "./questionnaire-model.js";

type Json<T extends object> = JSONColumnType<T, string | undefined, string>;

/** The `questionnaires` table: one per cycle, with its original language. */
export interface QuestionnairesTable {
  id: Generated<string>;
  forum_id: string;
  cycle_id: string;
  original_language: Generated<string>;
  created_at: Generated<Date>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

/** The `questionnaire_variants` table: the base questionnaire and its variants, each with its working draft. */
export interface QuestionnaireVariantsTable {
  id: Generated<string>;
  questionnaire_id: string;
  key: string;
  name: Json<LocalizedText>;
  audience: Json<LocalizedText>;
  derived_from: string | null;
  sections: Json<QuestionnaireSection[]>;
  /** The source's sections when the variant was derived or last updated from it (null for the base). */
  base_sections: JSONColumnType<QuestionnaireSection[] | null, string | null | undefined, string | null>;
  position: Generated<number>;
  created_at: Generated<Date>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

/** What a frozen version stores (the PublishedQuestionnaire without its row's own columns). */
export interface VersionContent {
  variantName: LocalizedText;
  audience?: LocalizedText;
  originalLanguage: string;
  languages: string[];
  sections: QuestionnaireSection[];
}

/** The `questionnaire_versions` table: published, frozen versions per variant. */
export interface QuestionnaireVersionsTable {
  id: Generated<string>;
  questionnaire_id: string;
  variant_key: string;
  version: number;
  content: Json<VersionContent>;
  published_at: Generated<Date>;
  published_by: string | null;
}

/** The call's texts, each in the forum's languages. */
export interface CallTexts {
  /** The call's own title; without one, pages say "Call for contributions: forum year". */
  title?: LocalizedText;
  message?: LocalizedText;
  overview?: LocalizedText;
  guidanceNote?: LocalizedText;
}

/** A titled link of the call's "relevant reading". */
export interface ReadingLink {
  title: LocalizedText;
  url: string;
}

/** The call's guidance on how to answer. */
export interface CallGuidance {
  pagesMin?: number;
  pagesMax?: number;
  linksWelcome?: boolean;
  appendices?: boolean;
  editableFormats?: boolean;
}

/** The `calls` table: one call for contributions per cycle. */
export interface CallsTable {
  id: Generated<string>;
  forum_id: string;
  cycle_id: string;
  texts: Json<CallTexts>;
  reading: Json<ReadingLink[]>;
  guidance: Json<CallGuidance>;
  created_at: Generated<Date>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

/** The `call_recipients` table: people a call was (or will be) sent to. */
export interface CallRecipientsTable {
  id: Generated<string>;
  call_id: string;
  forum_id: string;
  email: string;
  name: Generated<string>;
  organisation: Generated<string>;
  stakeholder_group: Generated<string>;
  country: Generated<string>;
  language: string | null;
  tags: Generated<string[]>;
  unsubscribed_at: Date | null;
  created_at: Generated<Date>;
}

export type ReminderStatus = "scheduled" | "sent" | "cancelled";

/** The `call_reminders` table: reminders scheduled for a date-time, to non-contributors (optionally of a tag). */
export interface CallRemindersTable {
  id: Generated<string>;
  call_id: string;
  run_at: Date;
  tag: string | null;
  /** A filter of the forum's contacts (contacts' `OutreachFilter`) the reminder goes to, instead of the tag. */
  audience: JSONColumnType<Record<string, string> | null, string | null | undefined, string | null>;
  status: Generated<ReminderStatus>;
  sent_count: Generated<number>;
  created_by: string | null;
  created_at: Generated<Date>;
  sent_at: Date | null;
}

/** The `call_sends` table: each message queued to a recipient, pointing at its outbox row. */
export interface CallSendsTable {
  id: Generated<string>;
  call_id: string;
  recipient_id: string;
  kind: "call" | "reminder";
  reminder_id: string | null;
  mail_id: string;
  created_at: Generated<Date>;
}

export type CommentStatus = "open" | "resolved";

/** The `comments` table: comments on an anchor (question, paragraph) of any target, with replies. */
export interface CommentsTable {
  id: Generated<string>;
  forum_id: string;
  target_type: string;
  target_id: string;
  anchor: Generated<string>;
  author_id: string | null;
  author_label: string;
  body: string;
  status: Generated<CommentStatus>;
  parent_id: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  resolved_at: Date | null;
  resolved_by: string | null;
}

export interface CallsTables {
  questionnaires: QuestionnairesTable;
  questionnaire_variants: QuestionnaireVariantsTable;
  questionnaire_versions: QuestionnaireVersionsTable;
  calls: CallsTable;
  call_recipients: CallRecipientsTable;
  call_reminders: CallRemindersTable;
  call_sends: CallSendsTable;
  comments: CommentsTable;
}
