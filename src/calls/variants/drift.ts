// A variant is a copy of the questionnaire it was derived from, with a snapshot of that source as it was then.
// Comparing the source now, the snapshot and the variant tells the source's later edits apart from the
// variant's own: the source's new questions and its rewordings of questions the variant left alone can be
// brought in, while the variant's additions, drops and rewordings stay. Pure functions over sections.
import { isLocale } from "../../ui/i18n/locales.js";
import type { Question, QuestionnaireSection } from "../questionnaire-model.js";

/** What updating a variant from its source would bring in. */
export interface VariantDrift {
  /** Questions the source added since the snapshot, that the variant can take. */
  added: string[];
  /** Questions the source reworded since the snapshot, that the variant has not reworded itself. */
  reworded: string[];
}

/** How many questions an update would bring in or reword. */
export function driftCount(drift: VariantDrift): number {
  return drift.added.length + drift.reworded.length;
}

function isLocalizedText(value: unknown): value is Record<string, string> {
  if (!value || typeof value !== "object" || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  return entries.length > 0 && entries.every(([k, v]) => isLocale(k) && typeof v === "string");
}

/** A value with every text cut down to its original language, keys sorted: what "wording" compares. */
function wording(value: unknown, original: string): unknown {
  if (Array.isArray(value)) return value.map((v) => wording(v, original));
  if (isLocalizedText(value)) return value[original] ?? "";
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, wording(v, original)]),
    );
  return value;
}

const sameWording = (a: unknown, b: unknown, original: string) =>
  JSON.stringify(wording(a, original)) === JSON.stringify(wording(b, original));

/** The source's reworded question, keeping the variant's translations of texts whose original is unchanged. */
function withVariantTranslations(source: unknown, variant: unknown, original: string): unknown {
  if (isLocalizedText(source) && isLocalizedText(variant))
    return source[original] === variant[original] ? { ...variant, ...source } : source;
  if (Array.isArray(source) && Array.isArray(variant))
    return source.map((s, i) => {
      const id = (s as { id?: unknown } | null)?.id;
      const match =
        id === undefined ? variant[i] : variant.find((v) => (v as { id?: unknown } | null)?.id === id);
      return match === undefined ? s : withVariantTranslations(s, match, original);
    });
  if (
    source &&
    typeof source === "object" &&
    variant &&
    typeof variant === "object" &&
    !Array.isArray(variant)
  )
    return Object.fromEntries(
      Object.entries(source).map(([k, v]) => [
        k,
        withVariantTranslations(v, (variant as Record<string, unknown>)[k], original),
      ]),
    );
  return source;
}

function questionsById(
  sections: QuestionnaireSection[],
): Map<string, { question: Question; sectionId: string }> {
  const map = new Map<string, { question: Question; sectionId: string }>();
  for (const s of sections) for (const q of s.questions) map.set(q.id, { question: q, sectionId: s.id });
  return map;
}

/**
 * What changed in the source since the snapshot that the variant can take. A new question counts when its
 * section is in the variant, or is itself new in the source; a question the variant dropped stays dropped.
 */
export function variantDrift(args: {
  source: QuestionnaireSection[];
  snapshot: QuestionnaireSection[] | null;
  variant: QuestionnaireSection[];
  original: string;
}): VariantDrift {
  const { source, snapshot, variant, original } = args;
  // A variant without a snapshot predates drift tracking and was given its source's state when it came.
  if (!snapshot) return { added: [], reworded: [] };
  const before = questionsById(snapshot);
  const mine = questionsById(variant);
  const snapshotSections = new Set(snapshot.map((s) => s.id));
  const variantSections = new Set(variant.map((s) => s.id));
  const added: string[] = [];
  const reworded: string[] = [];
  for (const section of source)
    for (const q of section.questions) {
      const then = before.get(q.id);
      const own = mine.get(q.id);
      if (!then) {
        const home = variantSections.has(section.id) || !snapshotSections.has(section.id);
        if (!own && home) added.push(q.id);
      } else if (
        own &&
        !sameWording(q, then.question, original) &&
        sameWording(own.question, then.question, original)
      )
        reworded.push(q.id);
    }
  return { added, reworded };
}

/** The variant's sections with the drift brought in: new questions placed after their neighbours, rewordings. */
export function applyDrift(args: {
  source: QuestionnaireSection[];
  variant: QuestionnaireSection[];
  original: string;
  drift: VariantDrift;
}): QuestionnaireSection[] {
  const { source, original, drift } = args;
  const sections = structuredClone(args.variant);
  const reworded = new Set(drift.reworded);
  const added = new Set(drift.added);
  const sourceQuestions = questionsById(source);
  for (const s of sections)
    s.questions = s.questions.map((q) => {
      const from = sourceQuestions.get(q.id);
      return from && reworded.has(q.id)
        ? (withVariantTranslations(structuredClone(from.question), q, original) as Question)
        : q;
    });
  source.forEach((sourceSection, sectionIndex) => {
    const newQuestions = sourceSection.questions.filter((q) => added.has(q.id));
    if (!newQuestions.length) return;
    let target = sections.find((s) => s.id === sourceSection.id);
    if (!target) {
      // A section new in the source comes after the nearest earlier source section the variant has.
      target = { ...structuredClone(sourceSection), questions: [] };
      const earlier = source
        .slice(0, sectionIndex)
        .reverse()
        .map((s) => sections.findIndex((v) => v.id === s.id))
        .find((i) => i >= 0);
      sections.splice(earlier === undefined ? 0 : earlier + 1, 0, target);
    }
    const into = target;
    sourceSection.questions.forEach((q, i) => {
      if (!added.has(q.id)) return;
      // After the nearest earlier question of the source's section that the variant's section has.
      const after = sourceSection.questions
        .slice(0, i)
        .reverse()
        .map((p) => into.questions.findIndex((v) => v.id === p.id))
        .find((index) => index >= 0);
      into.questions.splice(after === undefined ? 0 : after + 1, 0, structuredClone(q));
    });
  });
  return sections;
}
