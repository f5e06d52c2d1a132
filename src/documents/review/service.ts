// The secretariat's side of the review: hiding a comment with a reason (moderation; the comment stays on record
// and readers see that it was hidden and why), answering each comment with a disposition (incorporated, partly,
// not incorporated, out of scope) with a note and the version that addressed it, and the public report "what
// happened to the comments" with its counts. Every change writes its audit row in its transaction.
import type { Kysely } from "kysely";
import { recordAudit } from "../../audit/index.js";
import { type Actor, findUserById } from "../../auth/index.js";
import type { Database } from "../../db/schema.js";
import { inTransaction } from "../../db/transaction.js";
import { AppError, type FieldErrors } from "../../server/errors.js";
import { documentAccess, mayRead, requireEditor } from "../policy.js";
import {
  type CommentRow,
  type DispositionRow,
  type DocumentRow,
  selectComment,
  selectComments,
  selectDispositions,
  selectDocument,
  selectVersions,
  updateCommentHidden,
  upsertDisposition,
  type VersionRow,
} from "../queries.js";
import { incomplete, noSuch } from "../refusals.js";
import type { DispositionOutcome } from "../tables.js";

export const OUTCOMES: DispositionOutcome[] = ["incorporated", "partly", "not_incorporated", "out_of_scope"];
/** The longest moderation reason and disposition note, in characters. */
export const MAX_NOTE_LENGTH = 2000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function editable(db: Kysely<Database>, actor: Actor, documentId: string, commentId: string) {
  const document = UUID.test(documentId) ? await selectDocument(db, documentId) : undefined;
  if (!document) throw noSuch("document");
  const access = await documentAccess(db, actor, document.forum_id);
  requireEditor(actor, access);
  const comment = UUID.test(commentId) ? await selectComment(db, document.id, commentId) : undefined;
  if (!comment) throw noSuch("comment");
  return { document, comment };
}

/** Hides a comment with a reason (or shows it again when `hide` is false). Secretariat only. */
export async function moderateComment(
  db: Kysely<Database>,
  args: { actor: Actor; documentId: string; commentId: string; hide: boolean; reason?: string; now: Date },
): Promise<void> {
  const { document, comment } = await editable(db, args.actor, args.documentId, args.commentId);
  const reason = (args.reason ?? "").trim();
  if (args.hide && (!reason || reason.length > MAX_NOTE_LENGTH))
    throw new AppError("invalid", "Say why the comment is hidden.", {
      fields: { reason: "documents.error.reason" },
      messageKey: "documents.error.reason",
    });
  await inTransaction(db, async (trx) => {
    await updateCommentHidden(
      trx,
      comment.id,
      args.hide ? { at: args.now, reason, by: args.actor.kind === "user" ? args.actor.userId : null } : null,
    );
    await recordAudit(trx, {
      actor: args.actor,
      forumId: document.forum_id,
      action: args.hide ? "document.comment.hide" : "document.comment.show",
      subjectType: "document_comment",
      subjectId: comment.id,
      before: { hidden: comment.hidden_at !== null, reason: comment.hidden_reason },
      after: { hidden: args.hide, reason: args.hide ? reason : null },
    });
  });
}

/** What the disposition form and the API send. */
export interface DispositionInput {
  outcome?: string;
  note?: string;
  /** The number of the version that addressed the comment (optional). */
  version?: number | string;
}

/** Records (or changes) the secretariat's answer to a comment. */
export async function setDisposition(
  db: Kysely<Database>,
  args: { actor: Actor; documentId: string; commentId: string; input: DispositionInput; now: Date },
): Promise<DispositionRow> {
  const { document, comment } = await editable(db, args.actor, args.documentId, args.commentId);
  const fields: FieldErrors = {};
  const outcome = (args.input.outcome ?? "") as DispositionOutcome;
  if (!OUTCOMES.includes(outcome)) fields.outcome = "documents.error.outcome";
  const note = (args.input.note ?? "").replace(/\r\n?/g, "\n").trim();
  if (note.length > MAX_NOTE_LENGTH) fields.note = "documents.error.noteLong";
  if (comment.parent_id) fields.outcome = "documents.error.dispositionOfReply";
  const versions = await selectVersions(db, document.id);
  const number = String(args.input.version ?? "").trim();
  let version: VersionRow | undefined;
  if (number) {
    version = versions.find((v) => v.number === Number(number));
    if (!version) fields.version = "documents.error.version";
  }
  if (Object.keys(fields).length) throw incomplete("disposition", fields);
  return inTransaction(db, async (trx) => {
    const row = await upsertDisposition(trx, {
      comment_id: comment.id,
      document_id: document.id,
      outcome,
      note,
      version_id: version?.id ?? null,
      decided_by: args.actor.kind === "user" ? args.actor.userId : null,
      decided_at: args.now,
    });
    await recordAudit(trx, {
      actor: args.actor,
      forumId: document.forum_id,
      action: "document.comment.disposition",
      subjectType: "document_comment",
      subjectId: comment.id,
      after: { outcome, note, version: version?.number ?? null },
    });
    return row;
  });
}

/** A comment on the report: who made it, where, on which version, and what became of it. */
export interface ReportEntry {
  comment: CommentRow;
  authorName: string;
  madeOnVersion: number;
  disposition: { outcome: DispositionOutcome; note: string; version: number | null } | null;
}

/** The outcome a report may be filtered by: an outcome, or "pending" (no answer yet). */
export type ReportFilter = DispositionOutcome | "pending";

/**
 * "What happened to the comments": the top-level comments on the versions the actor may read, each with its
 * disposition (hidden comments keep their place, without their text), the counts per outcome, and the rows
 * matching `filter` when one is given.
 */
export async function dispositionReport(
  db: Kysely<Database>,
  args: { actor: Actor; documentId: string; filter?: string },
): Promise<{
  document: DocumentRow;
  entries: ReportEntry[];
  counts: Record<ReportFilter | "all", number>;
  filter: ReportFilter | null;
  secretariat: boolean;
}> {
  const document = UUID.test(args.documentId) ? await selectDocument(db, args.documentId) : undefined;
  if (!document) throw noSuch("document");
  const access = await documentAccess(db, args.actor, document.forum_id);
  const versions = await selectVersions(db, document.id);
  const readable = versions.filter((v) => v.published_to !== "none" && mayRead(access, v.published_to));
  if (!readable.length) throw noSuch("document");
  const numberOf = new Map(versions.map((v) => [v.id, v.number]));
  const readableIds = new Set(readable.map((v) => v.id));
  const dispositions = new Map((await selectDispositions(db, document.id)).map((d) => [d.comment_id, d]));
  const names = new Map<string, string>();
  const entries: ReportEntry[] = [];
  for (const comment of await selectComments(db, document.id)) {
    if (comment.parent_id || !readableIds.has(comment.version_id)) continue;
    let authorName = comment.on_behalf_of ?? "";
    if (!authorName && comment.author_id) {
      if (!names.has(comment.author_id))
        names.set(comment.author_id, (await findUserById(db, comment.author_id))?.name ?? "");
      authorName = names.get(comment.author_id) ?? "";
    }
    const d = dispositions.get(comment.id);
    entries.push({
      comment,
      authorName,
      madeOnVersion: numberOf.get(comment.version_id) ?? 0,
      disposition: d
        ? {
            outcome: d.outcome,
            note: d.note,
            version: d.version_id ? (numberOf.get(d.version_id) ?? null) : null,
          }
        : null,
    });
  }
  const counts = {
    all: entries.length,
    pending: 0,
    incorporated: 0,
    partly: 0,
    not_incorporated: 0,
    out_of_scope: 0,
  };
  for (const e of entries) counts[e.disposition?.outcome ?? "pending"]++;
  const filter =
    args.filter && (args.filter === "pending" || OUTCOMES.includes(args.filter as DispositionOutcome))
      ? (args.filter as ReportFilter)
      : null;
  return {
    document,
    entries: filter ? entries.filter((e) => (e.disposition?.outcome ?? "pending") === filter) : entries,
    counts,
    filter,
    secretariat: access.secretariat,
  };
}
