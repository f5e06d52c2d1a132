// SQL for the output documents: documents, their versions and the comments on them. Only this folder touches
// these tables.
import type { Insertable, Kysely, Selectable } from "kysely";
import type { Database } from "../db/schema.js";
import type {
  DispositionOutcome,
  DocumentCommentsTable,
  DocumentDispositionsTable,
  DocumentsTable,
  DocumentVersionsTable,
  PublishedTo,
} from "./tables.js";

export type DocumentRow = Selectable<DocumentsTable>;
export type VersionRow = Selectable<DocumentVersionsTable>;
export type CommentRow = Selectable<DocumentCommentsTable>;
export type DispositionRow = Selectable<DocumentDispositionsTable>;

/** Writes a new document. */
export function insertDocument(trx: Kysely<Database>, row: Insertable<DocumentsTable>): Promise<DocumentRow> {
  return trx.insertInto("documents").values(row).returningAll().executeTakeFirstOrThrow();
}

/** A document by id. */
export function selectDocument(db: Kysely<Database>, id: string): Promise<DocumentRow | undefined> {
  return db.selectFrom("documents").selectAll().where("id", "=", id).executeTakeFirst();
}

/** A cycle's documents, oldest first. */
export function selectDocumentsOfCycle(db: Kysely<Database>, cycleId: string): Promise<DocumentRow[]> {
  return db
    .selectFrom("documents")
    .selectAll()
    .where("cycle_id", "=", cycleId)
    .orderBy("created_at")
    .execute();
}

/** Sets a document's own review dates (calendar days, or null) and its update time. */
export async function updateReviewDates(
  trx: Kysely<Database>,
  id: string,
  dates: { review_opens: string | null; review_closes: string | null },
  at: Date,
): Promise<void> {
  await trx
    .updateTable("documents")
    .set({ ...dates, updated_at: at })
    .where("id", "=", id)
    .execute();
}

/** Touches a document's update time. */
export async function touchDocument(trx: Kysely<Database>, id: string, at: Date): Promise<void> {
  await trx.updateTable("documents").set({ updated_at: at }).where("id", "=", id).execute();
}

/** Writes a new version. */
export function insertVersion(
  trx: Kysely<Database>,
  row: Insertable<DocumentVersionsTable>,
): Promise<VersionRow> {
  return trx.insertInto("document_versions").values(row).returningAll().executeTakeFirstOrThrow();
}

/** A document's versions, first to last. */
export function selectVersions(db: Kysely<Database>, documentId: string): Promise<VersionRow[]> {
  return db
    .selectFrom("document_versions")
    .selectAll()
    .where("document_id", "=", documentId)
    .orderBy("number")
    .execute();
}

/** The highest version number of a document (0 when none), locking the document's row for the new number. */
export async function lockLatestNumber(trx: Kysely<Database>, documentId: string): Promise<number> {
  await trx.selectFrom("documents").select("id").where("id", "=", documentId).forUpdate().execute();
  const row = await trx
    .selectFrom("document_versions")
    .select((eb) => eb.fn.max("number").as("latest"))
    .where("document_id", "=", documentId)
    .executeTakeFirst();
  return Number(row?.latest ?? 0);
}

/** Sets who may read a version. */
export async function updatePublication(
  trx: Kysely<Database>,
  versionId: string,
  to: PublishedTo,
  at: Date | null,
): Promise<void> {
  await trx
    .updateTable("document_versions")
    .set({ published_to: to, published_at: at })
    .where("id", "=", versionId)
    .execute();
}

/** Writes a comment. */
export function insertComment(
  trx: Kysely<Database>,
  row: Insertable<DocumentCommentsTable>,
): Promise<CommentRow> {
  return trx.insertInto("document_comments").values(row).returningAll().executeTakeFirstOrThrow();
}

/** A document's comments, oldest first. */
export function selectComments(db: Kysely<Database>, documentId: string): Promise<CommentRow[]> {
  return db
    .selectFrom("document_comments")
    .selectAll()
    .where("document_id", "=", documentId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

/** One comment of a document. */
export function selectComment(
  db: Kysely<Database>,
  documentId: string,
  id: string,
): Promise<CommentRow | undefined> {
  return db
    .selectFrom("document_comments")
    .selectAll()
    .where("document_id", "=", documentId)
    .where("id", "=", id)
    .executeTakeFirst();
}

/** Hides a comment (moderation) with its reason, or shows it again (reason null). */
export async function updateCommentHidden(
  trx: Kysely<Database>,
  id: string,
  hidden: { at: Date; reason: string; by: string | null } | null,
): Promise<void> {
  await trx
    .updateTable("document_comments")
    .set({
      hidden_at: hidden?.at ?? null,
      hidden_reason: hidden?.reason ?? null,
      hidden_by: hidden?.by ?? null,
    })
    .where("id", "=", id)
    .execute();
}

/** Writes (or replaces) the disposition of a comment. */
export async function upsertDisposition(
  trx: Kysely<Database>,
  row: {
    comment_id: string;
    document_id: string;
    outcome: DispositionOutcome;
    note: string;
    version_id: string | null;
    decided_by: string | null;
    decided_at: Date;
  },
): Promise<DispositionRow> {
  return trx
    .insertInto("document_dispositions")
    .values(row)
    .onConflict((oc) =>
      oc.column("comment_id").doUpdateSet({
        outcome: row.outcome,
        note: row.note,
        version_id: row.version_id,
        decided_by: row.decided_by,
        decided_at: row.decided_at,
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The dispositions of a document's comments. */
export function selectDispositions(db: Kysely<Database>, documentId: string): Promise<DispositionRow[]> {
  return db.selectFrom("document_dispositions").selectAll().where("document_id", "=", documentId).execute();
}

/** The latest version published to one of `audiences` of each of a cycle's documents, with its document. */
export function selectLatestPublished(
  db: Kysely<Database>,
  cycleId: string,
  audiences: PublishedTo[],
): Promise<(VersionRow & { title: string })[]> {
  return db
    .selectFrom("document_versions as v")
    .innerJoin("documents as d", "d.id", "v.document_id")
    .selectAll("v")
    .select("d.title")
    .distinctOn("v.document_id")
    .where("d.cycle_id", "=", cycleId)
    .where("v.published_to", "in", audiences)
    .orderBy("v.document_id")
    .orderBy("v.number", "desc")
    .execute();
}
