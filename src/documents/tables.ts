import type { Generated, JSONColumnType } from "kysely";

/** What a document is for: the cycle's output document, an introduction, a background paper. */
export type DocumentKind = "output" | "introduction" | "background";
/** Who may read a version: nobody beyond the secretariat yet, the forum's members, or everyone. */
export type PublishedTo = "none" | "members" | "public";
/** Where a comment was made. */
export type CommentChannel = "online" | "meeting" | "mailing_list" | "email";

/** The `documents` table: a document of a cycle, with its own review window when the cycle has none. */
export interface DocumentsTable {
  id: Generated<string>;
  forum_id: string;
  cycle_id: string;
  kind: DocumentKind;
  title: string;
  /** Calendar dates (YYYY-MM-DD, the cycle's milestones win when it has review milestones). */
  review_opens: string | null;
  review_closes: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** The `document_versions` table: a saved text with the stable id of each of its top-level blocks. */
export interface DocumentVersionsTable {
  id: Generated<string>;
  document_id: string;
  number: number;
  body: string;
  /** The id of each top-level block of `body`, in order. */
  block_ids: JSONColumnType<string[], string, string>;
  note: string;
  published_to: Generated<PublishedTo>;
  published_at: Date | null;
  created_by: string | null;
  created_at: Generated<Date>;
}

/** The `document_comments` table: a comment on a paragraph or a quote of a published version, or a reply. */
export interface DocumentCommentsTable {
  id: Generated<string>;
  document_id: string;
  version_id: string;
  parent_id: string | null;
  author_id: string | null;
  /** The person a comment made elsewhere is logged for by the secretariat. */
  on_behalf_of: string | null;
  channel: CommentChannel;
  paragraph_id: string | null;
  quote: string | null;
  prefix: string | null;
  suffix: string | null;
  /** UTF-16 offsets of the quote in its paragraph's text, in the version commented on. */
  quote_start: number | null;
  quote_end: number | null;
  body: string;
  created_at: Generated<Date>;
  /** A comment the secretariat hid (moderation), when, why and by whom; it stays for the record. */
  hidden_at: Date | null;
  hidden_reason: string | null;
  hidden_by: string | null;
}

/** What the secretariat did with a comment. */
export type DispositionOutcome = "incorporated" | "partly" | "not_incorporated" | "out_of_scope";

/** The `document_dispositions` table: the secretariat's answer to a comment, with the version that addressed it. */
export interface DocumentDispositionsTable {
  comment_id: string;
  document_id: string;
  outcome: DispositionOutcome;
  note: Generated<string>;
  version_id: string | null;
  decided_by: string | null;
  decided_at: Generated<Date>;
}

export interface DocumentTables {
  documents: DocumentsTable;
  document_versions: DocumentVersionsTable;
  document_comments: DocumentCommentsTable;
  document_dispositions: DocumentDispositionsTable;
}
