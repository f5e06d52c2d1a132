import { type Kysely, sql } from "kysely";

/**
 * The analysis workspace (F6): a cycle's codebook (themes, nested through their parent, and the output
 * document's sections), excerpts coded from a contribution's text, one of its files' extracted text or one of
 * its answers, with the anchor that finds them again when that text changes, and which codes each carries.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE analysis_codes (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      forum_id uuid NOT NULL REFERENCES forums(id) ON DELETE CASCADE,
      cycle_id uuid NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('theme', 'section')),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      description text NOT NULL DEFAULT '',
      parent_id uuid REFERENCES analysis_codes(id) ON DELETE SET NULL,
      position integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX analysis_codes_name ON analysis_codes (cycle_id, kind, lower(name))`.execute(
    db,
  );
  await sql`CREATE INDEX analysis_codes_parent ON analysis_codes (parent_id)`.execute(db);
  await sql`
    CREATE TABLE analysis_excerpts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      forum_id uuid NOT NULL REFERENCES forums(id) ON DELETE CASCADE,
      cycle_id uuid NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
      contribution_id uuid NOT NULL REFERENCES contributions(id) ON DELETE CASCADE,
      source text NOT NULL CHECK (source IN ('body', 'file', 'answer')),
      source_key text NOT NULL DEFAULT '',
      quote text NOT NULL CHECK (length(quote) BETWEEN 1 AND 20000),
      prefix text NOT NULL DEFAULT '',
      suffix text NOT NULL DEFAULT '',
      start_offset integer NOT NULL CHECK (start_offset >= 0),
      end_offset integer NOT NULL CHECK (end_offset >= start_offset),
      anchor_status text NOT NULL DEFAULT 'exact' CHECK (anchor_status IN ('exact', 'moved', 'fuzzy', 'orphan')),
      proposal boolean NOT NULL DEFAULT false,
      note text NOT NULL DEFAULT '',
      coded_by uuid REFERENCES users(id) ON DELETE SET NULL,
      coded_by_label text NOT NULL DEFAULT '',
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX analysis_excerpts_cycle ON analysis_excerpts (cycle_id, created_at, id)`.execute(db);
  await sql`CREATE INDEX analysis_excerpts_contribution ON analysis_excerpts (contribution_id)`.execute(db);
  await sql`
    CREATE TABLE analysis_excerpt_codes (
      excerpt_id uuid NOT NULL REFERENCES analysis_excerpts(id) ON DELETE CASCADE,
      code_id uuid NOT NULL REFERENCES analysis_codes(id) ON DELETE CASCADE,
      PRIMARY KEY (excerpt_id, code_id)
    )`.execute(db);
  await sql`CREATE INDEX analysis_excerpt_codes_code ON analysis_excerpt_codes (code_id)`.execute(db);
}
