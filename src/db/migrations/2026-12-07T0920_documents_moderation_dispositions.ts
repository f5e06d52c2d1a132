import { type Kysely, sql } from "kysely";

/**
 * The output document's review (F8): comments hidden by the secretariat with a reason, and the secretariat's
 * disposition of each comment (incorporated, partly, not incorporated, out of scope) with a note and the version
 * that addressed it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE document_comments
      ADD COLUMN hidden_at timestamptz,
      ADD COLUMN hidden_reason text,
      ADD COLUMN hidden_by uuid REFERENCES users(id) ON DELETE SET NULL`.execute(db);
  await sql`
    CREATE TABLE document_dispositions (
      comment_id uuid PRIMARY KEY REFERENCES document_comments(id) ON DELETE CASCADE,
      document_id uuid NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
      outcome text NOT NULL
        CHECK (outcome IN ('incorporated', 'partly', 'not_incorporated', 'out_of_scope')),
      note text NOT NULL DEFAULT '',
      version_id uuid REFERENCES document_versions(id) ON DELETE SET NULL,
      decided_by uuid REFERENCES users(id) ON DELETE SET NULL,
      decided_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX document_dispositions_document ON document_dispositions (document_id)`.execute(db);
}
