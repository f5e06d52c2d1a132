// Answers to a published questionnaire: read from a form or an API body, and checked against the questions.
// Pure functions over a PublishedQuestionnaire, so they are tested with literal questionnaires.
import type { Answers, PublishedQuestionnaire, Question } from "../../calls/index.js";
import type { FieldErrors } from "../../server/errors.js";

/** Question types whose answers live in `answers` (the others map to the contribution's own columns). */
const ANSWERED_HERE = new Set([
  "short_text",
  "long_text",
  "single_choice",
  "multiple_choice",
  "item_list",
  "link_list",
]);

/** Default number of link rows a link-list question offers. */
export const DEFAULT_LINK_ROWS = 5;
const DEFAULT_MAX_LENGTH = { short_text: 500, long_text: 50_000 } as const;

/** Every question of a questionnaire, in order. */
export function questionsOf(questionnaire: PublishedQuestionnaire): Question[] {
  return questionnaire.sections.flatMap((s) => s.questions);
}

/** The form field name of a question (and of a part of it). */
export function answerField(questionId: string, ...parts: (string | number)[]): string {
  return ["a", questionId, ...parts].join(".");
}

/** A form body where a field may repeat (checkboxes). */
export type FormValues = Record<string, string[]>;

const first = (form: FormValues, name: string) => (form[name]?.[0] ?? "").trim();

/** Reads the answers of a questionnaire from form fields named by answerField. */
export function answersFromForm(questionnaire: PublishedQuestionnaire, form: FormValues): Answers {
  const answers: Answers = {};
  for (const q of questionsOf(questionnaire)) {
    switch (q.type) {
      case "short_text":
      case "long_text":
      case "single_choice": {
        const value = first(form, answerField(q.id));
        if (value) answers[q.id] = value;
        break;
      }
      case "multiple_choice": {
        const selected = (form[answerField(q.id)] ?? []).map((v) => v.trim()).filter(Boolean);
        const other = first(form, answerField(q.id, "other"));
        if (selected.length || other) answers[q.id] = other ? { selected, other } : { selected };
        break;
      }
      case "item_list": {
        const items: Record<string, string> = {};
        for (const item of q.items) {
          const value = first(form, answerField(q.id, item.id));
          if (value) items[item.id] = value;
        }
        if (Object.keys(items).length) answers[q.id] = items;
        break;
      }
      case "link_list": {
        const links: { url: string; title?: string }[] = [];
        const rows = q.maxLinks ?? DEFAULT_LINK_ROWS;
        for (let i = 0; i < rows; i++) {
          const url = first(form, answerField(q.id, "url", i));
          const title = first(form, answerField(q.id, "title", i));
          if (url || title) links.push(title ? { url, title } : { url });
        }
        if (links.length) answers[q.id] = links;
        break;
      }
      default:
        break;
    }
  }
  return answers;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === "string") return value.trim() === "";
  if (Array.isArray(value)) return value.length === 0;
  if (isRecord(value)) {
    if ("selected" in value) return isEmpty(value.selected) && isEmpty(value.other);
    return Object.values(value).every(isEmpty);
  }
  return false;
}

function checkOne(q: Question, value: unknown): string | undefined {
  const lengthOk = (text: string, max: number | undefined, fallback: number) =>
    [...text].length <= (max ?? fallback);
  switch (q.type) {
    case "short_text":
    case "long_text":
      if (typeof value !== "string") return "contributions.answer.invalid";
      if (!lengthOk(value, q.maxLength, DEFAULT_MAX_LENGTH[q.type])) return "contributions.answer.tooLong";
      return undefined;
    case "single_choice":
      if (typeof value !== "string" || !q.options.some((o) => o.id === value))
        return "contributions.answer.badOption";
      return undefined;
    case "multiple_choice": {
      if (!isRecord(value) || !Array.isArray(value.selected)) return "contributions.answer.invalid";
      const selected = value.selected as unknown[];
      if (!selected.every((s) => typeof s === "string" && q.options.some((o) => o.id === s)))
        return "contributions.answer.badOption";
      if (new Set(selected).size !== selected.length) return "contributions.answer.badOption";
      if (value.other !== undefined && (typeof value.other !== "string" || !q.allowOther))
        return "contributions.answer.invalid";
      const count = selected.length + (typeof value.other === "string" && value.other.trim() ? 1 : 0);
      if (q.maxSelections !== undefined && count > q.maxSelections) return "contributions.answer.tooMany";
      return undefined;
    }
    case "item_list": {
      if (!isRecord(value)) return "contributions.answer.invalid";
      for (const [itemId, text] of Object.entries(value)) {
        if (!q.items.some((i) => i.id === itemId) || typeof text !== "string")
          return "contributions.answer.invalid";
        if (!lengthOk(text, undefined, DEFAULT_MAX_LENGTH.long_text)) return "contributions.answer.tooLong";
      }
      return undefined;
    }
    case "link_list": {
      if (!Array.isArray(value)) return "contributions.answer.invalid";
      if (value.length > (q.maxLinks ?? DEFAULT_LINK_ROWS)) return "contributions.answer.tooMany";
      for (const link of value) {
        if (!isRecord(link) || typeof link.url !== "string" || !isHttpUrl(link.url))
          return "contributions.answer.badUrl";
        if (link.title !== undefined && typeof link.title !== "string") return "contributions.answer.invalid";
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/**
 * Checks answers against the questionnaire: unknown questions, shapes, options, lengths, links, and (unless
 * `partial`, for drafts) required answers. Returns field errors keyed by answerField(question id).
 */
export function validateAnswers(
  questionnaire: PublishedQuestionnaire,
  answers: Answers,
  options: { partial?: boolean } = {},
): FieldErrors {
  const errors: FieldErrors = {};
  const questions = questionsOf(questionnaire);
  const byId = new Map(questions.map((q) => [q.id, q]));
  for (const id of Object.keys(answers)) {
    const q = byId.get(id);
    if (!q || !ANSWERED_HERE.has(q.type)) errors[answerField(id)] = "contributions.answer.unknownQuestion";
  }
  for (const q of questions) {
    if (!ANSWERED_HERE.has(q.type)) continue;
    const value = answers[q.id];
    if (isEmpty(value)) {
      if (q.required && !options.partial) errors[answerField(q.id)] = "contributions.answer.required";
      continue;
    }
    const problem = checkOne(q, value);
    if (problem) errors[answerField(q.id)] = problem;
  }
  return errors;
}

/** Whether nothing at all was answered: every value, however nested, is blank. */
export function answersBlank(answers: Answers): boolean {
  const blank = (value: unknown): boolean =>
    value === undefined ||
    value === null ||
    (typeof value === "string" && value.trim() === "") ||
    (Array.isArray(value) && value.every(blank)) ||
    (isRecord(value) && Object.values(value).every(blank));
  return blank(answers);
}

/** The plain text of the answers, for search and for language detection. */
export function answersText(questionnaire: PublishedQuestionnaire | undefined, answers: Answers): string {
  const parts: string[] = [];
  const collect = (value: unknown) => {
    if (typeof value === "string") parts.push(value);
    else if (Array.isArray(value)) value.forEach(collect);
    else if (isRecord(value)) {
      for (const [key, v] of Object.entries(value)) if (key !== "selected" && key !== "url") collect(v);
    }
  };
  const ids = questionnaire ? questionsOf(questionnaire).map((q) => q.id) : Object.keys(answers);
  for (const id of ids) {
    const q = questionnaire ? questionsOf(questionnaire).find((x) => x.id === id) : undefined;
    if (q?.type === "single_choice") continue;
    collect(answers[id]);
  }
  return parts.join("\n\n");
}

/** Whether the questionnaire asks for a main document, and whether it must be given. */
export function fileQuestion(
  questionnaire: PublishedQuestionnaire | undefined,
  role: "main" | "appendix",
): { required: boolean } | undefined {
  if (!questionnaire) return undefined;
  const q = questionsOf(questionnaire).find((x) => x.type === "file_upload" && x.role === role);
  return q ? { required: q.required } : undefined;
}
