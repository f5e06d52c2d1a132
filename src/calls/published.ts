// The published (frozen) questionnaires of a cycle, as contributions see them: the contract in
// questionnaire-model.ts.
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import { isLocale, type Locale } from "../ui/i18n/locales.js";
import { selectLatestVersions, type VersionRow } from "./queries.js";
import type { PublishedQuestionnaire } from "./questionnaire-model.js";

/** A stored version as the contract's shape. */
export function toPublished(row: VersionRow): PublishedQuestionnaire {
  const c = row.content;
  return {
    versionId: row.id,
    questionnaireId: row.questionnaire_id,
    variantKey: row.variant_key,
    variantName: c.variantName,
    ...(c.audience ? { audience: c.audience } : {}),
    version: row.version,
    originalLanguage: (isLocale(c.originalLanguage) ? c.originalLanguage : "en") as Locale,
    languages: c.languages.filter(isLocale),
    sections: c.sections,
    publishedAt: row.published_at,
  };
}

/** The latest published version of a variant ("base" unless given) of a cycle's questionnaire. */
export async function getPublishedQuestionnaire(
  db: Kysely<Database>,
  cycleId: string,
  variantKey = "base",
): Promise<PublishedQuestionnaire | undefined> {
  const [row] = await selectLatestVersions(db, cycleId, variantKey);
  return row ? toPublished(row) : undefined;
}

/** The latest published version of every variant of a cycle's questionnaire, base first. */
export async function listPublishedQuestionnaires(
  db: Kysely<Database>,
  cycleId: string,
): Promise<PublishedQuestionnaire[]> {
  return (await selectLatestVersions(db, cycleId)).map(toPublished);
}
