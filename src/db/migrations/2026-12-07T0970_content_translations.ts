import { type Kysely, sql } from "kysely";

/**
 * Content translations (F11): what the secretariat writes, given per language. One row per translated text,
 * keyed by what it translates (kind, entity, field) and the language; the forum is kept for its status page and
 * so a forum's deletion takes its translations with it. Entities of several tables are named here, so the key
 * has no foreign key of its own: a translation of a removed entity is never shown, since nothing asks for it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE content_translations (
      forum_id uuid NOT NULL REFERENCES forums(id) ON DELETE CASCADE,
      kind text NOT NULL,
      entity_id text NOT NULL,
      field text NOT NULL,
      locale text NOT NULL,
      text text NOT NULL,
      updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (kind, entity_id, field, locale)
    )`.execute(db);
  await sql`CREATE INDEX content_translations_forum ON content_translations (forum_id)`.execute(db);
}
