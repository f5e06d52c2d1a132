import { type Kysely, sql } from "kysely";

/**
 * The output document (F8): documents of a cycle, their versions (Markdown with a stable id per top-level block,
 * published to members or the public), and comments on a paragraph or a quote of a published version.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE documents (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      forum_id uuid NOT NULL REFERENCES forums(id) ON DELETE CASCADE,
      cycle_id uuid NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('output', 'introduction', 'background')),
      title text NOT NULL,
      review_opens text,
      review_closes text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX documents_cycle ON documents (cycle_id, created_at)`.execute(db);
  await sql`
    CREATE TABLE document_versions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      document_id uuid NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
      number integer NOT NULL,
      body text NOT NULL,
      block_ids jsonb NOT NULL,
      note text NOT NULL,
      published_to text NOT NULL DEFAULT 'none' CHECK (published_to IN ('none', 'members', 'public')),
      published_at timestamptz,
      created_by uuid REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (document_id, number)
    )`.execute(db);
  await sql`
    CREATE TABLE document_comments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      document_id uuid NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
      version_id uuid NOT NULL REFERENCES document_versions(id) ON DELETE CASCADE,
      parent_id uuid REFERENCES document_comments(id) ON DELETE CASCADE,
      author_id uuid REFERENCES users(id) ON DELETE SET NULL,
      on_behalf_of text,
      channel text NOT NULL CHECK (channel IN ('online', 'meeting', 'mailing_list', 'email')),
      paragraph_id text,
      quote text,
      prefix text,
      suffix text,
      quote_start integer,
      quote_end integer,
      body text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX document_comments_document ON document_comments (document_id, created_at)`.execute(
    db,
  );
}
