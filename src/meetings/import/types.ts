/**
 * The proposed meeting record a summary report yields. Field names of
 * ProposedMeeting are a public API contract (see the import routes); add
 * fields rather than rename them.
 */

export type MeetingKind = "virtual" | "informal" | "annual_session";

/**
 * How exactly a date in the text pins a day: "on 15 August" is exact, "on or
 * around 15 August" approximate, "before 15 August" a deadline, "the week of
 * 9 October" a week starting (in the report's words) on that date, "in
 * September" a month (date is the first of the month), "shortly after 15
 * September" an open interval after the date.
 */
export type DatePrecision = "exact" | "on_or_around" | "before" | "week_of" | "month" | "after";

/** A date as the report words it, resolved against the meeting's year where it can be. */
export interface ApproximateDate {
  text: string;
  date: string | null;
  precision: DatePrecision | null;
}

export interface ReportParagraph {
  number: number;
  text: string;
}

export interface ReportFootnote {
  marker: string;
  text: string;
  url: string | null;
}

export type LinkKind = "recording" | "document" | "other";

export interface ReportLink {
  url: string;
  label: string | null;
  kind: LinkKind;
  password: string | null;
}

export interface ReportParticipant {
  name: string;
  role: string | null;
}

export interface ReportContribution {
  /** Null when the annex names an organisation and no person. */
  name: string | null;
  organisation: string | null;
}

export interface ReportNextStep {
  text: string;
  owner: string | null;
  due: ApproximateDate | null;
  /** "list": an item of the report's next-steps list; "prose": a commitment read from a sentence. */
  source: "list" | "prose";
}

export interface ReportSession {
  date: string | null;
  start: string | null;
  end: string | null;
  room: string | null;
  title: string;
  organiser: string | null;
  /** The report's own name for the day, such as "Day-Zero/Pre-Event Day". */
  dayLabel: string | null;
  description: string | null;
}

export type AnnexKind = "participants" | "contributions" | "other";

export interface ReportAnnex {
  /** The annex's numeral as printed after OCR repair ("II"), or null for an unlabelled section. */
  label: string | null;
  title: string;
  kind: AnnexKind;
  text: string;
}

export type WarningCode =
  | "missing_title"
  | "missing_date"
  | "date_conflict"
  | "year_conflict"
  | "year_inferred"
  | "missing_number"
  | "number_conflict"
  | "unknown_kind"
  | "missing_facilitator"
  | "facilitator_conflict"
  | "moderator_conflict"
  | "no_paragraph_numbers"
  | "paragraph_numbering_gap"
  | "unnumbered_paragraphs"
  | "footnote_missing"
  | "footnote_unreferenced"
  | "link_missing_target"
  | "link_placeholder"
  | "link_ocr_suspect"
  | "ocr_suspect_text"
  | "annex_missing"
  | "no_participants"
  | "contributions_without_date"
  | "contribution_count_differs"
  | "next_steps_from_prose"
  | "next_step_without_owner";

export interface ImportWarning {
  code: WarningCode;
  message: string;
}

export interface ProposedMeeting {
  title: string | null;
  kind: MeetingKind | null;
  number: number | null;
  date: string | null;
  facilitator: string | null;
  moderator: string | null;
  paragraphs: ReportParagraph[];
  footnotes: ReportFootnote[];
  links: ReportLink[];
  participants: ReportParticipant[];
  contributions: ReportContribution[];
  contributionsAsOf: string | null;
  next_steps: ReportNextStep[];
  next_meeting: ApproximateDate | null;
  sessions: ReportSession[];
  annexes: ReportAnnex[];
  warnings: ImportWarning[];
}
