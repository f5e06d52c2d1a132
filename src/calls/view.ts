// Small helpers shared by the calls pages, the mail and the document: texts in a chosen language with the
// language actually used (so pages can mark it with `lang`), and the wording of a question's settings.
import type { FieldErrors } from "../server/errors.js";
import { isLocale, type Locale } from "../ui/i18n/locales.js";
import type { PageContext } from "../ui/page-context.js";
import type { LocalizedText, Question } from "./questionnaire-model.js";

/** A text in the wanted language, else the original, with the language it is in. */
export function pickWithLang(
  text: LocalizedText | undefined,
  lang: string,
  original: string,
): { text: string; lang: string } {
  if (!text) return { text: "", lang: original };
  const wanted = text[lang];
  if (wanted) return { text: wanted, lang };
  const fallback = text[original];
  if (fallback) return { text: fallback, lang: original };
  const [anyLang, anyText] = Object.entries(text).find(([, v]) => typeof v === "string" && v) ?? [
    original,
    "",
  ];
  return { text: anyText ?? "", lang: anyLang };
}

/** Field errors (catalogue keys) in the reader's language. */
export function shownErrors(ctx: PageContext, errors: FieldErrors | undefined): FieldErrors | undefined {
  return errors ? Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, ctx.t(v)])) : undefined;
}

/** Field errors with their keys prefixed, for a form whose fields are prefixed on a page with several forms. */
export function prefixErrors(errors: FieldErrors, prefix: string): FieldErrors {
  return Object.fromEntries(Object.entries(errors).map(([k, v]) => [`${prefix}${k}`, v]));
}

/** camelCase service field names → the snake_case names of form fields. */
export function snakeErrors(errors: FieldErrors): FieldErrors {
  return Object.fromEntries(
    Object.entries(errors).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v]),
  );
}

/** A question's settings in words: "Required · Long text · 2 to 3 pages". */
export function questionFacts(q: Question, t: PageContext["t"]): string[] {
  const facts = [
    t(q.required ? "calls.question.required" : "calls.question.optional"),
    t(`calls.type.${q.type}`),
  ];
  if (q.type === "long_text" && q.guidance)
    facts.push(
      t(`calls.guidance.${q.guidance.unit}`, { min: q.guidance.min ?? 0, max: q.guidance.max ?? 0 }),
    );
  if ((q.type === "short_text" || q.type === "long_text") && q.maxLength)
    facts.push(t("calls.question.maxLengthFact", { count: q.maxLength }));
  if (q.type === "multiple_choice" && q.allowOther) facts.push(t("calls.question.allowOtherFact"));
  if (q.type === "multiple_choice" && q.maxSelections)
    facts.push(t("calls.question.maxSelectionsFact", { count: q.maxSelections }));
  if (q.type === "file_upload") facts.push(t(`calls.question.role.${q.role}`));
  if (q.type === "file_upload" && q.maxFiles)
    facts.push(t("calls.question.maxFilesFact", { count: q.maxFiles }));
  if (q.type === "link_list" && q.maxLinks)
    facts.push(t("calls.question.maxLinksFact", { count: q.maxLinks }));
  if (q.type === "consent" && q.allowAnonymous) facts.push(t("calls.question.allowAnonymousFact"));
  return facts;
}

/** The content language a reader gets: asked for, else the interface's when offered, else the original. */
export function contentLanguage(
  asked: string | undefined,
  ui: Locale,
  offered: readonly string[],
  original: string,
): string {
  if (asked && offered.includes(asked)) return asked;
  if (offered.includes(ui)) return ui;
  return original;
}

/** The languages a forum offers, as interface locales (English when it names none we speak). */
export function forumLanguages(forum: { languages: readonly string[] }): Locale[] {
  const langs = forum.languages.filter(isLocale);
  return langs.length ? langs : ["en"];
}
