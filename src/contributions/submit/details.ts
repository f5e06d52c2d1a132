// The contributor's details as typed in the form or sent to the API: empty, from a stored row, from the
// form's fields, checked against the questionnaire, and cleaned for storage.
import type { Answers, ConsentQuestion, PublishedQuestionnaire } from "../../calls/index.js";
import { isCountryCode, isStakeholderGroup, regionOf } from "../../geo/countries.js";
import type { FieldErrors } from "../../server/errors.js";
import { isLocale } from "../../ui/i18n/locales.js";
import { normalizeLineEnds } from "../../ui/text.js";
import type { ContributionRow } from "../queries.js";
import type { PublishConsent } from "../tables.js";
import { answersBlank, type FormValues, fileQuestion, questionsOf, validateAnswers } from "./answers.js";

/** Licences a contributor may choose for publication. */
export const LICENCES = ["cc_by_4_0", "cc0", "forum_terms"] as const;

/** The contributor's details and content, as typed in the form or sent to the API. */
export interface ContributionDetails {
  honorific: string;
  contributor_name: string;
  organisation: string;
  stakeholder_group: string;
  country: string;
  email: string;
  consent: string;
  licence: string;
  body_text: string;
  answers: Answers;
  variant_key: string;
  form_language: string;
}

/** Empty details, for a new form. */
export function emptyDetails(variantKey = "base", language = "en"): ContributionDetails {
  return {
    honorific: "",
    contributor_name: "",
    organisation: "",
    stakeholder_group: "",
    country: "",
    email: "",
    consent: "",
    licence: "cc_by_4_0",
    body_text: "",
    answers: {},
    variant_key: variantKey,
    form_language: language,
  };
}

/** Details from a stored contribution, to fill the form again. */
export function detailsOf(row: ContributionRow): ContributionDetails {
  return {
    honorific: row.honorific,
    contributor_name: row.contributor_name,
    organisation: row.organisation,
    stakeholder_group: row.stakeholder_group ?? "",
    country: row.country ?? "",
    email: row.email,
    consent: row.consent ?? "",
    licence: row.licence,
    body_text: row.body_text,
    answers: row.answers,
    variant_key: row.variant_key,
    form_language: row.form_language,
  };
}

/** The questionnaire's consent question, if it asks one: its wording, whether anonymity is offered, its licence. */
export function consentQuestionOf(
  questionnaire: PublishedQuestionnaire | undefined,
): ConsentQuestion | undefined {
  return questionnaire
    ? (questionsOf(questionnaire).find((q) => q.type === "consent") as ConsentQuestion | undefined)
    : undefined;
}

/**
 * The one licence a questionnaire fixes (its consent question's), as a licence code when its words name one
 * ("CC BY 4.0" → cc_by_4_0), else in the secretariat's own words.
 */
export function fixedLicence(questionnaire: PublishedQuestionnaire | undefined): string | undefined {
  const text = consentQuestionOf(questionnaire)?.licence?.trim();
  if (!text) return undefined;
  const key = text.toLowerCase().replace(/[^a-z0-9]/g, "");
  if (/^(ccby40?|ccby40international|creativecommonsattribution40(international)?)$/.test(key))
    return "cc_by_4_0";
  if (/^(cc0(10)?|cczero|publicdomain)$/.test(key)) return "cc0";
  if (key === "forumterms") return "forum_terms";
  return text.slice(0, 200);
}

/** The details with the questionnaire's rules applied: a fixed licence is the licence, whatever was sent. */
export function withQuestionnaireRules(
  details: ContributionDetails,
  questionnaire: PublishedQuestionnaire | undefined,
): ContributionDetails {
  const fixed = fixedLicence(questionnaire);
  return fixed ? { ...details, licence: fixed } : details;
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Field errors of a submission: details, consent, licence, answers and the content itself. */
export function validateSubmission(
  details: ContributionDetails,
  files: { main: number; total: number },
  questionnaire: PublishedQuestionnaire | undefined,
  options: { secretariat?: boolean } = {},
): FieldErrors {
  const errors: FieldErrors = {};
  if (!details.contributor_name.trim() && !details.organisation.trim())
    errors.contributor_name = "contributions.error.nameOrOrganisation";
  if ([...details.contributor_name].length > 200) errors.contributor_name = "contributions.error.tooLong";
  if ([...details.organisation].length > 200) errors.organisation = "contributions.error.tooLong";
  if (!isStakeholderGroup(details.stakeholder_group))
    errors.stakeholder_group = "contributions.error.stakeholderGroup";
  if (!isCountryCode(details.country)) errors.country = "contributions.error.country";
  // Mail received by the secretariat may come from an address nobody should write to again.
  if (!emailPattern.test(details.email.trim()) && !(options.secretariat && details.email === ""))
    errors.email = "contributions.error.email";
  const consentQuestion = consentQuestionOf(questionnaire);
  if (details.consent !== "with_name" && details.consent !== "anonymous")
    errors.consent = "contributions.error.consent";
  else if (details.consent === "anonymous" && consentQuestion && !consentQuestion.allowAnonymous)
    errors.consent = "contributions.error.consentNamedOnly";
  const fixed = fixedLicence(questionnaire);
  if (fixed ? details.licence !== fixed : !(LICENCES as readonly string[]).includes(details.licence))
    errors.licence = "contributions.error.licence";
  if (questionnaire) {
    Object.assign(errors, validateAnswers(questionnaire, details.answers));
    if (fileQuestion(questionnaire, "main")?.required && files.main === 0)
      errors.main = "contributions.error.mainFile";
  } else if (!details.body_text.trim() && files.total === 0) {
    errors.body_text = "contributions.error.content";
  }
  if ([...details.body_text].length > 100_000) errors.body_text = "contributions.error.tooLong";
  return errors;
}

/** Whether a new submission carries nothing at all: no answer, no text, no detail typed (files are counted apart). */
export function isBlankSubmission(details: ContributionDetails): boolean {
  const typed = [
    details.honorific,
    details.contributor_name,
    details.organisation,
    details.stakeholder_group,
    details.country,
    details.email,
    details.consent,
    details.body_text,
  ];
  return typed.every((v) => v.trim() === "") && answersBlank(details.answers);
}

/** The details as stored: trimmed, bounded, unknown codes dropped, line ends normalised. */
export function cleanDetails(d: ContributionDetails, fixed: string | undefined) {
  const country = isCountryCode(d.country) ? d.country : null;
  return {
    honorific: d.honorific.trim().slice(0, 40),
    contributor_name: d.contributor_name.trim().slice(0, 200),
    organisation: d.organisation.trim().slice(0, 200),
    stakeholder_group: isStakeholderGroup(d.stakeholder_group) ? d.stakeholder_group : null,
    country,
    region: country ? regionOf(country) : null,
    email: d.email.trim().toLowerCase().slice(0, 320),
    consent: d.consent === "with_name" || d.consent === "anonymous" ? (d.consent as PublishConsent) : null,
    licence: fixed ?? ((LICENCES as readonly string[]).includes(d.licence) ? d.licence : ""),
    body_text: normalizeLineEnds(d.body_text).slice(0, 100_000),
    answers: JSON.stringify(d.answers ?? {}, (_key, value) =>
      typeof value === "string" ? normalizeLineEnds(value) : value,
    ),
    variant_key: d.variant_key || "base",
    form_language: isLocale(d.form_language) ? d.form_language : "en",
  };
}

/** Details typed in the form (first value of each field). */
export function detailsFromForm(fields: FormValues, base: ContributionDetails): ContributionDetails {
  const get = (name: string) => fields[name]?.[0];
  return {
    honorific: get("honorific") ?? "",
    contributor_name: get("contributor_name") ?? "",
    organisation: get("organisation") ?? "",
    stakeholder_group: get("stakeholder_group") ?? "",
    country: get("country") ?? "",
    email: get("email") ?? "",
    consent: get("consent") ?? "",
    licence: get("licence") ?? base.licence,
    body_text: get("body_text") ?? "",
    answers: {},
    variant_key: base.variant_key,
    form_language: base.form_language,
  };
}
