// Pure operations on a questionnaire draft (its sections and questions): building a question from input,
// keeping option and item ids stable across edits, moving things up and down, and listing every text that
// needs a translation. No SQL here: services load a draft, apply these, and save it.
import { randomBytes } from "node:crypto";
import { invalid } from "../../server/errors.js";
import type {
  ChoiceOption,
  LocalizedText,
  Question,
  QuestionnaireSection,
  QuestionType,
} from "../questionnaire-model.js";

/** Every question type, in the order the builder offers them. */
export const QUESTION_TYPES: readonly QuestionType[] = [
  "short_text",
  "long_text",
  "single_choice",
  "multiple_choice",
  "item_list",
  "link_list",
  "file_upload",
  "contributor_details",
  "consent",
];

/** Whether a string names a question type. */
export function isQuestionType(value: unknown): value is QuestionType {
  return typeof value === "string" && (QUESTION_TYPES as readonly string[]).includes(value);
}

/** What a person (form) or a program (API) gives to create or change a question, in the original language. */
export interface QuestionInput {
  id?: string;
  type: string;
  label: string;
  help?: string;
  required?: boolean;
  options?: string[];
  items?: string[];
  allowOther?: boolean;
  maxSelections?: number;
  guidanceUnit?: string;
  guidanceMin?: number;
  guidanceMax?: number;
  maxLength?: number;
  role?: string;
  maxFiles?: number;
  maxLinks?: number;
  allowAnonymous?: boolean;
  licence?: string;
}

const ID_PATTERN = /^[a-z][a-z0-9_]{0,59}$/;

/** A readable id from a text ("Denial of service" → "denial_of_service"), or a random one for scripts without Latin letters. */
export function slugId(text: string, prefix: string, taken: ReadonlySet<string>): string {
  const slug = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .split("_")
    .slice(0, 5)
    .join("_")
    .slice(0, 32)
    .replace(/_+$/, "");
  const base = `${prefix}_${slug || randomBytes(3).toString("hex")}`;
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}_${n}`;
  return id;
}

/** Lines of a textarea, trimmed, without empty ones. */
export function lines(text: string | undefined): string[] {
  return (text ?? "")
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

/**
 * Options (or items) from their labels, keeping the id and translations of each label that is still there, so
 * answers and translations survive a reworded sibling.
 */
export function buildChoices(
  labels: string[],
  existing: ChoiceOption[] | undefined,
  lang: string,
  prefix: string,
): ChoiceOption[] {
  const unused = [...(existing ?? [])];
  const taken = new Set<string>();
  const out: ChoiceOption[] = [];
  for (const label of labels) {
    const match = unused.findIndex((o) => (o.label[lang] ?? "").trim() === label);
    if (match >= 0) {
      const [kept] = unused.splice(match, 1);
      out.push(kept!);
      taken.add(kept!.id);
      continue;
    }
    out.push({ id: "", label: { [lang]: label } });
  }
  for (const o of unused) taken.add(o.id);
  for (const o of out) {
    if (o.id) continue;
    o.id = slugId(o.label[lang] ?? "", prefix, taken);
    taken.add(o.id);
  }
  return out;
}

function localized(
  value: string | undefined,
  lang: string,
  previous?: LocalizedText,
): LocalizedText | undefined {
  const text = (value ?? "").trim();
  if (!text) return undefined;
  // The same original text keeps its translations; a reworded one drops them, since they no longer match.
  if (previous && (previous[lang] ?? "").trim() === text) return previous;
  return { [lang]: text };
}

function positive(
  value: number | undefined,
  field: string,
  fields: Record<string, string>,
): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 1 || value > 1_000_000) {
    fields[field] = "calls.question.wholeNumber";
    return undefined;
  }
  return value;
}

/** Builds a question from input, checking every field; throws `invalid` with the fields at fault. */
export function buildQuestion(
  input: QuestionInput,
  context: { lang: string; existing?: Question; takenIds: ReadonlySet<string> },
): Question {
  const fields: Record<string, string> = {};
  const { lang, existing } = context;
  if (!isQuestionType(input.type)) fields.type = "calls.question.unknownType";
  const label = localized(input.label, lang, existing?.label);
  if (!label) fields.label = "calls.question.labelRequired";
  let id = existing?.id;
  if (!id) {
    if (input.id) {
      if (!ID_PATTERN.test(input.id)) fields.id = "calls.question.idInvalid";
      else if (context.takenIds.has(input.id)) fields.id = "calls.question.idTaken";
      id = input.id;
    } else id = slugId(input.label ?? "", "q", context.takenIds);
  }
  const base = {
    id,
    required: input.required ?? false,
    label: label ?? { [lang]: "" },
    ...(localized(input.help, lang, existing?.help)
      ? { help: localized(input.help, lang, existing?.help) }
      : {}),
  };
  const maxLength = positive(input.maxLength, "maxLength", fields);
  let question: Question | undefined;
  switch (input.type) {
    case "short_text":
      question = { ...base, type: "short_text", ...(maxLength ? { maxLength } : {}) };
      break;
    case "long_text": {
      const min = positive(input.guidanceMin, "guidanceMin", fields);
      const max = positive(input.guidanceMax, "guidanceMax", fields);
      if (min && max && min > max) fields.guidanceMax = "calls.question.minAboveMax";
      const unit = input.guidanceUnit === "pages" ? "pages" : "words";
      question = {
        ...base,
        type: "long_text",
        ...(min || max ? { guidance: { unit, ...(min ? { min } : {}), ...(max ? { max } : {}) } } : {}),
        ...(maxLength ? { maxLength } : {}),
      };
      break;
    }
    case "single_choice":
    case "multiple_choice": {
      const labels = input.options ?? [];
      if (labels.length < 2) fields.options = "calls.question.optionsRequired";
      const previous = existing && "options" in existing ? existing.options : undefined;
      const options = buildChoices(labels, previous, lang, "o");
      if (input.type === "single_choice") question = { ...base, type: "single_choice", options };
      else {
        const maxSelections = positive(input.maxSelections, "maxSelections", fields);
        question = {
          ...base,
          type: "multiple_choice",
          options,
          allowOther: input.allowOther ?? false,
          ...(maxSelections ? { maxSelections } : {}),
        };
      }
      break;
    }
    case "item_list": {
      const labels = input.items ?? [];
      if (labels.length < 1) fields.items = "calls.question.itemsRequired";
      const previous = existing?.type === "item_list" ? existing.items : undefined;
      question = { ...base, type: "item_list", items: buildChoices(labels, previous, lang, "i") };
      break;
    }
    case "link_list": {
      const maxLinks = positive(input.maxLinks, "maxLinks", fields);
      question = { ...base, type: "link_list", ...(maxLinks ? { maxLinks } : {}) };
      break;
    }
    case "file_upload": {
      const maxFiles = positive(input.maxFiles, "maxFiles", fields);
      question = {
        ...base,
        type: "file_upload",
        role: input.role === "appendix" ? "appendix" : "main",
        ...(maxFiles ? { maxFiles } : {}),
      };
      break;
    }
    case "contributor_details":
      question = { ...base, type: "contributor_details" };
      break;
    case "consent": {
      const licence = (input.licence ?? "").trim();
      question = {
        ...base,
        type: "consent",
        allowAnonymous: input.allowAnonymous ?? false,
        ...(licence ? { licence } : {}),
      };
      break;
    }
  }
  if (Object.keys(fields).length || !question)
    throw invalid("Check the question's fields.", fields, { messageKey: "calls.refusal.questionFields" });
  return question;
}

/** Every question id used in these sections. */
export function questionIds(sections: QuestionnaireSection[]): Set<string> {
  return new Set(sections.flatMap((s) => s.questions.map((q) => q.id)));
}

/** Where a question is: its section, its index in it, and the question. */
export function findQuestion(sections: QuestionnaireSection[], questionId: string) {
  for (const [sectionIndex, section] of sections.entries()) {
    const index = section.questions.findIndex((q) => q.id === questionId);
    if (index >= 0) return { section, sectionIndex, index, question: section.questions[index]! };
  }
  return undefined;
}

/**
 * Moves a question one place up or down; at the edge of its section it crosses into the neighbouring
 * section (last place of the one before, first place of the one after). Returns false when it cannot move.
 */
export function moveQuestion(
  sections: QuestionnaireSection[],
  questionId: string,
  direction: "up" | "down",
): boolean {
  const at = findQuestion(sections, questionId);
  if (!at) return false;
  const { section, sectionIndex, index, question } = at;
  const step = direction === "up" ? -1 : 1;
  const target = index + step;
  if (target >= 0 && target < section.questions.length) {
    section.questions[index] = section.questions[target]!;
    section.questions[target] = question;
    return true;
  }
  const neighbour = sections[sectionIndex + step];
  if (!neighbour) return false;
  section.questions.splice(index, 1);
  if (direction === "up") neighbour.questions.push(question);
  else neighbour.questions.unshift(question);
  return true;
}

/** Moves a section one place up or down. Returns false when it cannot move. */
export function moveSection(
  sections: QuestionnaireSection[],
  sectionId: string,
  direction: "up" | "down",
): boolean {
  const index = sections.findIndex((s) => s.id === sectionId);
  const target = index + (direction === "up" ? -1 : 1);
  if (index < 0 || target < 0 || target >= sections.length) return false;
  const moved = sections[index]!;
  sections[index] = sections[target]!;
  sections[target] = moved;
  return true;
}

/** Puts a section's questions in the given order; the ids must be exactly the section's questions. */
export function reorderSection(sections: QuestionnaireSection[], sectionId: string, order: string[]): void {
  const section = sections.find((s) => s.id === sectionId);
  if (!section)
    throw invalid(
      "No such section.",
      { sectionId: "calls.section.unknown" },
      { messageKey: "calls.section.unknown" },
    );
  const current = section.questions.map((q) => q.id);
  const same =
    order.length === current.length &&
    new Set(order).size === order.length &&
    order.every((id) => current.includes(id));
  if (!same)
    throw invalid(
      "List every question of the section once.",
      { order: "calls.question.orderMismatch" },
      { messageKey: "calls.question.orderMismatch" },
    );
  section.questions = order.map((id) => section.questions.find((q) => q.id === id)!);
}

/** One translatable text of a call or questionnaire, by a stable key, pointing into the document. */
export interface TextSlot {
  key: string;
  /** What the text is, for the translator: a catalogue key. */
  role: string;
  /** The text object itself (mutating it changes the document it came from). */
  text: LocalizedText;
  multiline: boolean;
  /** The question or section it belongs to, for grouping. */
  group: string;
}

/** Every translatable text of a questionnaire draft (and its variant's name and audience). */
export function questionnaireSlots(
  sections: QuestionnaireSection[],
  variant: { name: LocalizedText; audience: LocalizedText },
): TextSlot[] {
  const slots: TextSlot[] = [
    { key: "v:name", role: "calls.slot.variantName", text: variant.name, multiline: false, group: "variant" },
    {
      key: "v:audience",
      role: "calls.slot.audience",
      text: variant.audience,
      multiline: false,
      group: "variant",
    },
  ];
  for (const s of sections) {
    slots.push({
      key: `s:${s.id}:title`,
      role: "calls.slot.sectionTitle",
      text: s.title,
      multiline: false,
      group: s.id,
    });
    if (s.intro)
      slots.push({
        key: `s:${s.id}:intro`,
        role: "calls.slot.sectionIntro",
        text: s.intro,
        multiline: true,
        group: s.id,
      });
    for (const q of s.questions) {
      slots.push({
        key: `q:${q.id}:label`,
        role: "calls.slot.label",
        text: q.label,
        multiline: true,
        group: q.id,
      });
      if (q.help)
        slots.push({
          key: `q:${q.id}:help`,
          role: "calls.slot.help",
          text: q.help,
          multiline: true,
          group: q.id,
        });
      if (q.type === "single_choice" || q.type === "multiple_choice")
        for (const o of q.options)
          slots.push({
            key: `q:${q.id}:o:${o.id}`,
            role: "calls.slot.option",
            text: o.label,
            multiline: false,
            group: q.id,
          });
      if (q.type === "item_list")
        for (const i of q.items)
          slots.push({
            key: `q:${q.id}:i:${i.id}`,
            role: "calls.slot.item",
            text: i.label,
            multiline: true,
            group: q.id,
          });
    }
  }
  return slots;
}

/** Sets (or, for an empty value, removes) each slot's text in a language; returns how many changed. */
export function applyTranslations(
  slots: TextSlot[],
  lang: string,
  values: Record<string, string | undefined>,
): number {
  let changed = 0;
  for (const slot of slots) {
    const value = values[slot.key];
    if (value === undefined) continue;
    const text = value.trim();
    const before = slot.text[lang] ?? "";
    if (text === before) continue;
    if (text) slot.text[lang] = text;
    else delete slot.text[lang];
    changed++;
  }
  return changed;
}

/** Slots whose original text is there but whose translation into `lang` is missing. */
export function missingTranslations(slots: TextSlot[], original: string, lang: string): TextSlot[] {
  if (lang === original) return [];
  return slots.filter((s) => (s.text[original] ?? "").trim() !== "" && !(s.text[lang] ?? "").trim());
}
