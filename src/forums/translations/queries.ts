// SQL for content translations. Only this folder touches the content_translations table.
import type { Kysely, Selectable } from "kysely";
import type { Database } from "../../db/schema.js";
import type { ContentTranslationsTable } from "../tables.js";

export type ContentTranslationRow = Selectable<ContentTranslationsTable>;

/** The stored translations of some entities of one kind in one language (or every language when none). */
export function selectTranslations(
  db: Kysely<Database>,
  args: { kind: string; entityIds: readonly string[]; locale?: string },
): Promise<ContentTranslationRow[]> {
  if (args.entityIds.length === 0) return Promise.resolve([]);
  let query = db
    .selectFrom("content_translations")
    .selectAll()
    .where("kind", "=", args.kind)
    .where("entity_id", "in", [...args.entityIds]);
  if (args.locale) query = query.where("locale", "=", args.locale);
  return query.execute();
}

/** Every stored translation of a forum's content. */
export function selectForumTranslations(
  db: Kysely<Database>,
  forumId: string,
): Promise<ContentTranslationRow[]> {
  return db.selectFrom("content_translations").selectAll().where("forum_id", "=", forumId).execute();
}

/** Writes one translation, replacing the one it had. */
export async function upsertTranslation(
  db: Kysely<Database>,
  row: Omit<ContentTranslationRow, "updated_at">,
): Promise<void> {
  await db
    .insertInto("content_translations")
    .values(row)
    .onConflict((oc) =>
      oc.columns(["kind", "entity_id", "field", "locale"]).doUpdateSet({
        text: row.text,
        updated_by: row.updated_by,
        updated_at: new Date(),
      }),
    )
    .execute();
}

/** Removes one translation (its field emptied). */
export async function deleteTranslation(
  db: Kysely<Database>,
  key: { kind: string; entity_id: string; field: string; locale: string },
): Promise<void> {
  await db
    .deleteFrom("content_translations")
    .where("kind", "=", key.kind)
    .where("entity_id", "=", key.entity_id)
    .where("field", "=", key.field)
    .where("locale", "=", key.locale)
    .execute();
}
