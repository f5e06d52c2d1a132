import type { Generated, GeneratedAlways, JSONColumnType } from "kysely";
import type { Answers } from "../calls/index.js";

export type ContributionStatus = "draft" | "submitted" | "published" | "hidden" | "withdrawn";
export type ContributionChannel = "web" | "api" | "email" | "import" | "demo";
export type ReceivedSource = "server" | "mail_date" | "import";
export type PublishConsent = "with_name" | "anonymous";

/** The `contribution_settings` table: per-cycle intake settings. */
export interface ContributionSettingsTable {
  cycle_id: string;
  auto_publish: Generated<boolean>;
  updated_at: Generated<Date>;
}

/** The `contribution_sequences` table: the last reference number given in a cycle. */
export interface ContributionSequencesTable {
  cycle_id: string;
  last_number: number;
}

/** The `contributions` table: one answer to a cycle's call, from draft to publication. */
export interface ContributionsTable {
  id: Generated<string>;
  forum_id: string;
  cycle_id: string;
  number: number | null;
  reference: string | null;
  status: Generated<ContributionStatus>;
  status_reason: Generated<string>;
  channel: Generated<ContributionChannel>;
  idempotency_key: string | null;
  variant_key: Generated<string>;
  questionnaire_version_id: string | null;
  form_language: Generated<string>;
  answers: JSONColumnType<Answers, string | undefined, string>;
  body_text: Generated<string>;
  honorific: Generated<string>;
  contributor_name: Generated<string>;
  organisation: Generated<string>;
  stakeholder_group: string | null;
  country: string | null;
  region: string | null;
  email: Generated<string>;
  email_verified_at: Date | null;
  consent: PublishConsent | null;
  licence: Generated<string>;
  received_at: Date | null;
  received_source: Generated<ReceivedSource>;
  timeliness: "on_time" | "guaranteed" | "late" | null;
  language: string | null;
  search_text: Generated<string>;
  /** `to_tsvector('simple', search_text)`, kept by PostgreSQL; read by searches in SQL, never selected. */
  search_vector: GeneratedAlways<string | null>;
  is_sample: Generated<boolean>;
  edit_count: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  submitted_at: Date | null;
  published_at: Date | null;
  /** When it was withdrawn, and by whom: an author's withdrawal is final. */
  withdrawn_at: Date | null;
  withdrawn_by: "author" | "secretariat" | null;
  /** SHA-256 of the web form's fields and files that created it: its key replays only that request. */
  request_hash: Generated<string>;
}

/** The `contribution_files` table: a contribution's main document and appendices. */
export interface ContributionFilesTable {
  id: Generated<string>;
  contribution_id: string;
  role: Generated<"main" | "appendix">;
  position: Generated<number>;
  file_name: string;
  size: number;
  detected_type: string;
  media_type: string;
  sha256: string;
  warnings: JSONColumnType<string[], string | undefined, string>;
  extraction_status: Generated<"pending" | "done" | "failed">;
  extraction_error: string | null;
  extracted_text: string | null;
  language: string | null;
  created_at: Generated<Date>;
}

/** The `contribution_api_requests` table: first responses to API submissions, by Idempotency-Key. */
export interface ContributionApiRequestsTable {
  idempotency_key: string;
  contribution_id: string;
  status_code: number;
  response: JSONColumnType<Record<string, unknown>, string, string>;
  /** SHA-256 of the request's fields and files: a key replays only the request it was first sent with. */
  request_hash: Generated<string>;
  created_at: Generated<Date>;
}

/** The `contribution_reference_prefixes` table: each forum's reference prefix, unique on the site. */
export interface ContributionReferencePrefixesTable {
  prefix: string;
  /** Null for a prefix only reserved: existing references of several forums use it. */
  forum_id: string | null;
  created_at: Generated<Date>;
}

export interface ContributionTables {
  contribution_settings: ContributionSettingsTable;
  contribution_sequences: ContributionSequencesTable;
  contribution_reference_prefixes: ContributionReferencePrefixesTable;
  contributions: ContributionsTable;
  contribution_files: ContributionFilesTable;
  contribution_api_requests: ContributionApiRequestsTable;
}
