import { type Kysely, sql } from "kysely";

/**
 * What a variant's source looked like when the variant was derived (or last updated from it), so the source's
 * later edits can be told apart from the variant's own. Existing variants take their source's current draft:
 * nothing they were derived from is known to have changed since.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE questionnaire_variants ADD COLUMN base_sections jsonb`.execute(db);
  await sql`
    UPDATE questionnaire_variants v
       SET base_sections = s.sections
      FROM questionnaire_variants s
     WHERE s.questionnaire_id = v.questionnaire_id
       AND s.key = v.derived_from`.execute(db);
}
