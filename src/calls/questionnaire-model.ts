// The shape of a published (frozen) questionnaire version: the contract between calls (which builds,
// translates and publishes questionnaires) and contributions (which renders and stores answers to them).
// Question ids are stable across versions and variants, so answers stay comparable.
import type { Locale } from "../ui/i18n/locales.js";

/** Text in the forum's languages; the original language is always present. */
export type LocalizedText = Partial<Record<Locale, string>> & { [original: string]: string | undefined };

export type QuestionType =
  | "short_text"
  | "long_text"
  | "single_choice"
  | "multiple_choice"
  | "item_list"
  | "link_list"
  | "file_upload"
  | "contributor_details"
  | "consent";

interface QuestionBase {
  /** Stable id, shared by every version and variant of the questionnaire (e.g. "q_critical_issue"). */
  id: string;
  type: QuestionType;
  required: boolean;
  label: LocalizedText;
  help?: LocalizedText;
}

export interface ShortTextQuestion extends QuestionBase {
  type: "short_text";
  maxLength?: number;
}

export interface LongTextQuestion extends QuestionBase {
  type: "long_text";
  /** Guidance, not a hard limit: "about 500 words" or "2 to 3 pages". */
  guidance?: { unit: "words" | "pages"; min?: number; max?: number };
  maxLength?: number;
}

export interface ChoiceOption {
  id: string;
  label: LocalizedText;
}

export interface SingleChoiceQuestion extends QuestionBase {
  type: "single_choice";
  options: ChoiceOption[];
}

export interface MultipleChoiceQuestion extends QuestionBase {
  type: "multiple_choice";
  options: ChoiceOption[];
  /** Adds "Other (please specify)" with its own text box. */
  allowOther: boolean;
  maxSelections?: number;
}

/** A list of items each with its own answer box (the records' list of threats, each asking for policy options). */
export interface ItemListQuestion extends QuestionBase {
  type: "item_list";
  items: ChoiceOption[];
}

export interface LinkListQuestion extends QuestionBase {
  type: "link_list";
  maxLinks?: number;
}

export interface FileUploadQuestion extends QuestionBase {
  type: "file_upload";
  /** "main" for the main document, "appendix" for supporting files. */
  role: "main" | "appendix";
  maxFiles?: number;
}

export interface ContributorDetailsQuestion extends QuestionBase {
  type: "contributor_details";
}

export interface ConsentQuestion extends QuestionBase {
  type: "consent";
  /** Publication choices offered: with name, or anonymised. */
  allowAnonymous: boolean;
  licence?: string;
}

export type Question =
  | ShortTextQuestion
  | LongTextQuestion
  | SingleChoiceQuestion
  | MultipleChoiceQuestion
  | ItemListQuestion
  | LinkListQuestion
  | FileUploadQuestion
  | ContributorDetailsQuestion
  | ConsentQuestion;

export interface QuestionnaireSection {
  id: string;
  title: LocalizedText;
  intro?: LocalizedText;
  questions: Question[];
}

/** A frozen, published version: what a contribution records it answered. */
export interface PublishedQuestionnaire {
  versionId: string;
  questionnaireId: string;
  /** "base" or a variant's key, e.g. "nri". */
  variantKey: string;
  variantName: LocalizedText;
  /** Who the variant is for ("national and regional IGF initiatives"); optional, added by calls. */
  audience?: LocalizedText;
  version: number;
  originalLanguage: Locale;
  languages: Locale[];
  sections: QuestionnaireSection[];
  publishedAt: Date;
}

/**
 * Answers keyed by question id. Shapes by type: short/long text → string; single choice → option id;
 * multiple choice → { selected: string[], other?: string }; item list → Record<itemId, string>;
 * link list → { url: string; title?: string }[]; file upload → file ids (string[]); contributor details and
 * consent are stored in the contribution's own columns and appear here only as `true` when given.
 */
export type Answers = Record<string, unknown>;

/** Picks the text in the reader's language, falling back to the original language. */
export function pickText(text: LocalizedText | undefined, locale: Locale, original: Locale): string {
  if (!text) return "";
  return text[locale] ?? text[original] ?? Object.values(text).find((v) => typeof v === "string") ?? "";
}
