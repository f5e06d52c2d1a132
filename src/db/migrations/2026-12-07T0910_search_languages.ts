import { type Kysely, sql } from "kysely";

/**
 * Search in the language of each text (F6). One text-search configuration per stemmed language, each passing
 * words through `unaccent` before the stemmer ("formacion" finds "formación", "governments" is
 * "government"), and `intersession_simple` (unaccent, no stemmer) for Arabic, Chinese and every other
 * language. The stored vectors of contributions and excerpts take the configuration of their text's language.
 * Chinese has no spaces between words: the stored search text carries a space between two CJK characters
 * (written by `segmentForSearch` in src/db/text-search.ts; rows stored before are segmented here), so each
 * character is a lexeme and a query's CJK run is searched as a phrase of characters (a substring match).
 *
 * The expression is written out here rather than imported: a migration must keep meaning what it meant.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [name, copy, stem] of [
    ["intersession_en", "english", "english_stem"],
    ["intersession_es", "spanish", "spanish_stem"],
    ["intersession_fr", "french", "french_stem"],
    ["intersession_ru", "russian", "russian_stem"],
    ["intersession_simple", "simple", "simple"],
  ] as const) {
    await sql`CREATE TEXT SEARCH CONFIGURATION ${sql.raw(name)} (COPY = ${sql.raw(copy)})`.execute(db);
    await sql`ALTER TEXT SEARCH CONFIGURATION ${sql.raw(name)}
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, ${sql.raw(stem)}`.execute(db);
  }
  const config = (column: string) =>
    sql.raw(`CASE ${column}
      WHEN 'en' THEN 'intersession_en'::regconfig
      WHEN 'es' THEN 'intersession_es'::regconfig
      WHEN 'fr' THEN 'intersession_fr'::regconfig
      WHEN 'ru' THEN 'intersession_ru'::regconfig
      ELSE 'intersession_simple'::regconfig END`);
  const cjk = "([\\u2e80-\\u9fff\\uf900-\\ufaff\\uff66-\\uff9f])";

  await sql`UPDATE contributions
    SET search_text = regexp_replace(regexp_replace(search_text, ${`${cjk}${cjk}`}, '\\1 \\2', 'g'), ${`${cjk}${cjk}`}, '\\1 \\2', 'g')
    WHERE search_text ~ ${`${cjk}${cjk}`}`.execute(db);
  await sql`ALTER TABLE contributions DROP COLUMN search_vector`.execute(db);
  await sql`ALTER TABLE contributions ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (to_tsvector(${config("language")}, search_text)) STORED`.execute(db);
  await sql`CREATE INDEX contributions_search ON contributions USING gin (search_vector)`.execute(db);

  await sql`ALTER TABLE analysis_excerpts ADD COLUMN language text`.execute(db);
  await sql`UPDATE analysis_excerpts e SET language = c.language FROM contributions c
    WHERE c.id = e.contribution_id`.execute(db);
  await sql`ALTER TABLE analysis_excerpts ADD COLUMN search_text text NOT NULL DEFAULT ''`.execute(db);
  await sql`UPDATE analysis_excerpts
    SET search_text = regexp_replace(regexp_replace(quote || E'\n\n' || note, ${`${cjk}${cjk}`}, '\\1 \\2', 'g'), ${`${cjk}${cjk}`}, '\\1 \\2', 'g')`.execute(
    db,
  );
  await sql`ALTER TABLE analysis_excerpts ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (to_tsvector(${config("language")}, search_text)) STORED`.execute(db);
  await sql`CREATE INDEX analysis_excerpts_search ON analysis_excerpts USING gin (search_vector)`.execute(db);
}
