// Building questionnaires: create, sections and questions, variants, translations, comments and publishing.
// Every service checks the policy first and writes its audit row in the change's transaction.
import type { Kysely } from "kysely";
import { recordAudit } from "../../audit/index.js";
import type { Actor } from "../../auth/index.js";
import { actorLabel } from "../../auth/index.js";
import type { Database } from "../../db/schema.js";
import { inTransaction } from "../../db/transaction.js";
import type { CycleRow, ForumRow } from "../../forums/index.js";
import { enterCallPhase } from "../../forums/index.js";
import { conflict, invalid, isUniqueViolation, notFound } from "../../server/errors.js";
import { isLocale, type Locale } from "../../ui/i18n/locales.js";
import { translator } from "../../ui/i18n/translate.js";
import { callSlots } from "../call/slots.js";
import { addComment, type CommentTarget, listComments, setCommentStatus } from "../comments/service.js";
import { callPermissions, requireDraftReader, requireQuestionnaireEditor } from "../policy.js";
import { toPublished } from "../published.js";
import {
  insertQuestionnaire,
  insertVariant,
  insertVersion,
  latestVersionNumber,
  selectCall,
  selectLatestVersions,
  selectQuestionnaire,
  selectVariant,
  selectVariants,
  updateVariantDraft,
  updateVariantFromSource,
  upsertCall,
  type VariantRow,
} from "../queries.js";
import type {
  LocalizedText,
  PublishedQuestionnaire,
  Question,
  QuestionnaireSection,
} from "../questionnaire-model.js";
import {
  applyTranslations,
  buildQuestion,
  findQuestion,
  missingTranslations,
  moveQuestion as moveQuestionIn,
  moveSection as moveSectionIn,
  type QuestionInput,
  questionIds,
  questionnaireSlots,
  reorderSection,
  slugId,
  type TextSlot,
} from "../questions/edit.js";
import { applyDrift, driftCount, type VariantDrift, variantDrift } from "../variants/drift.js";
import { forumLanguages } from "../view.js";

/** The forum and cycle a service works in (from findCycle). */
export interface Scope {
  actor: Actor;
  forum: ForumRow;
  cycle: CycleRow;
  now: Date;
}

/** The editable part of a variant. */
export interface Draft {
  name: LocalizedText;
  audience: LocalizedText;
  sections: QuestionnaireSection[];
}

const VARIANT_KEY = /^[a-z0-9][a-z0-9_-]{0,39}$/;

/** Creates a cycle's questionnaire with its (empty) base variant. */
export async function createQuestionnaire(
  db: Kysely<Database>,
  scope: Scope & { input: { originalLanguage?: string; name?: string } },
) {
  const { actor, forum, cycle, input } = scope;
  await requireQuestionnaireEditor(db, actor, forum.id);
  const languages = forumLanguages(forum);
  const original = input.originalLanguage || languages[0]!;
  if (!isLocale(original) || !languages.includes(original))
    throw invalid(
      "Choose one of the forum's languages.",
      {
        originalLanguage: "calls.questionnaire.languageInvalid",
      },
      { messageKey: "calls.questionnaire.languageInvalid" },
    );
  const t = translator(original);
  try {
    return await inTransaction(db, async (trx) => {
      const q = await insertQuestionnaire(trx, {
        forumId: forum.id,
        cycleId: cycle.id,
        originalLanguage: original,
      });
      await insertVariant(trx, {
        questionnaire_id: q.id,
        key: "base",
        name: { [original]: input.name?.trim() || t("calls.variant.baseName") },
        audience: { [original]: t("calls.variant.baseAudience") },
        sections: [],
        position: 0,
      });
      await recordAudit(trx, {
        actor,
        forumId: forum.id,
        action: "questionnaire.create",
        subjectType: "questionnaire",
        subjectId: q.id,
        after: { cycle: cycle.year, original_language: original },
      });
      return q;
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw conflict("This cycle already has a questionnaire.", {
        messageKey: "calls.refusal.questionnaireExists",
      });
    throw error;
  }
}

/** A questionnaire draft as a reader sees it: the chosen variant, every variant, latest versions, permissions. */
export async function loadQuestionnaire(
  db: Kysely<Database>,
  scope: Omit<Scope, "now"> & { variantKey?: string },
) {
  const { actor, forum, cycle } = scope;
  await requireDraftReader(db, actor, forum.id);
  const questionnaire = await selectQuestionnaire(db, cycle.id);
  if (!questionnaire)
    throw notFound("This cycle has no questionnaire yet.", { messageKey: "calls.refusal.noQuestionnaire" });
  const variants = await selectVariants(db, questionnaire.id);
  const variant = variants.find((v) => v.key === (scope.variantKey || "base"));
  if (!variant)
    throw notFound("No such variant of the questionnaire.", { messageKey: "calls.refusal.noVariant" });
  const latest = new Map((await selectLatestVersions(db, cycle.id)).map((v) => [v.variant_key, v]));
  const permissions = await callPermissions(db, actor, forum.id);
  const comments = await listComments(db, commentTarget(forum.id, variant));
  const drift = driftOfVariants(variants, questionnaire.original_language);
  return { questionnaire, variants, variant, latest, permissions, comments, drift };
}

/** Each derived variant's drift from its source (only those that have some). */
function driftOfVariants(variants: VariantRow[], original: string): Map<string, VariantDrift> {
  const drift = new Map<string, VariantDrift>();
  for (const v of variants) {
    const source = v.derived_from ? variants.find((s) => s.key === v.derived_from) : undefined;
    if (!source) continue;
    const d = variantDrift({
      source: source.sections,
      snapshot: v.base_sections,
      variant: v.sections,
      original,
    });
    if (driftCount(d)) drift.set(v.key, d);
  }
  return drift;
}

/** The cycle's questionnaire and one of its variants, locked for the transaction; not found otherwise. */
async function lockVariant(trx: Kysely<Database>, cycleId: string, variantKey: string | undefined) {
  const questionnaire = await selectQuestionnaire(trx, cycleId);
  if (!questionnaire)
    throw notFound("This cycle has no questionnaire yet.", { messageKey: "calls.refusal.noQuestionnaire" });
  const variant = await selectVariant(trx, questionnaire.id, variantKey || "base", true);
  if (!variant)
    throw notFound("No such variant of the questionnaire.", { messageKey: "calls.refusal.noVariant" });
  return { questionnaire, variant };
}

/**
 * Brings a variant up to date with the questionnaire it was derived from: the source's new questions and its
 * rewordings of questions the variant did not reword; the variant's own additions, drops and rewordings stay.
 */
export async function updateVariantFromBase(
  db: Kysely<Database>,
  scope: VariantScope,
): Promise<VariantDrift> {
  const { actor, forum, cycle } = scope;
  await requireQuestionnaireEditor(db, actor, forum.id);
  return inTransaction(db, async (trx) => {
    const { questionnaire, variant } = await lockVariant(trx, cycle.id, scope.variantKey);
    const source = variant.derived_from
      ? await selectVariant(trx, questionnaire.id, variant.derived_from, true)
      : undefined;
    if (!source)
      throw invalid(
        "This variant was not derived from another.",
        { update: "calls.drift.notDerived" },
        { messageKey: "calls.drift.notDerived" },
      );
    const original = questionnaire.original_language;
    const drift = variantDrift({
      source: source.sections,
      snapshot: variant.base_sections,
      variant: variant.sections,
      original,
    });
    const sections = applyDrift({ source: source.sections, variant: variant.sections, original, drift });
    await updateVariantFromSource(trx, variant.id, { sections, baseSections: source.sections }, scope.now);
    await recordAudit(trx, {
      actor,
      forumId: forum.id,
      action: "questionnaire.variant.update_from_base",
      subjectType: "questionnaire_variant",
      subjectId: variant.id,
      after: { variant: variant.key, from: source.key, added: drift.added, reworded: drift.reworded },
    });
    return drift;
  });
}

/** Whether a cycle has a questionnaire (for showing "create" or the builder). */
export function hasQuestionnaire(db: Kysely<Database>, cycleId: string) {
  return selectQuestionnaire(db, cycleId).then(Boolean);
}

function commentTarget(forumId: string, variant: Pick<VariantRow, "id">): CommentTarget {
  return { forumId, type: "questionnaire_variant", id: variant.id };
}

/** Applies a change to a variant's draft in one transaction, with its audit row. */
async function editVariant<R>(
  db: Kysely<Database>,
  scope: Scope & { variantKey?: string },
  action: string,
  change: (
    draft: Draft,
    context: { original: string; takenIds: Set<string> },
  ) => { result: R; audit?: object },
): Promise<R> {
  const { actor, forum, cycle } = scope;
  await requireQuestionnaireEditor(db, actor, forum.id);
  return inTransaction(db, async (trx) => {
    const { questionnaire, variant } = await lockVariant(trx, cycle.id, scope.variantKey);
    // Ids are unique across every variant, so a question added to one variant never takes the id of a
    // different question in another, and shared questions stay comparable.
    const takenIds = new Set<string>();
    for (const v of await selectVariants(trx, questionnaire.id))
      for (const id of questionIds(v.sections)) takenIds.add(id);
    const draft: Draft = structuredClone({
      name: variant.name,
      audience: variant.audience,
      sections: variant.sections,
    });
    const { result, audit } = change(draft, { original: questionnaire.original_language, takenIds });
    await updateVariantDraft(trx, variant.id, draft, scope.now);
    await recordAudit(trx, {
      actor,
      forumId: forum.id,
      action: `questionnaire.${action}`,
      subjectType: "questionnaire_variant",
      subjectId: variant.id,
      after: { variant: variant.key, ...audit },
    });
    return result;
  });
}

type VariantScope = Scope & { variantKey?: string };

function requireSection(draft: Draft, sectionId: string): QuestionnaireSection {
  const section = draft.sections.find((s) => s.id === sectionId);
  if (!section)
    throw invalid(
      "Choose a section.",
      { sectionId: "calls.section.unknown" },
      { messageKey: "calls.section.unknown" },
    );
  return section;
}

function requireQuestion(draft: Draft, questionId: string) {
  const at = findQuestion(draft.sections, questionId);
  if (!at)
    throw notFound("No such question in this questionnaire.", { messageKey: "calls.refusal.noQuestionHere" });
  return at;
}

/** Adds a section at the end. */
export function addSection(
  db: Kysely<Database>,
  scope: VariantScope & { input: { title: string; intro?: string } },
) {
  return editVariant(db, scope, "section.add", (draft, { original }) => {
    const title = scope.input.title.trim();
    if (!title)
      throw invalid(
        "Give the section a title.",
        { title: "calls.section.titleRequired" },
        { messageKey: "calls.section.titleRequired" },
      );
    const id = slugId(title, "s", new Set(draft.sections.map((s) => s.id)));
    const intro = scope.input.intro?.trim();
    draft.sections.push({
      id,
      title: { [original]: title },
      ...(intro ? { intro: { [original]: intro } } : {}),
      questions: [],
    });
    return { result: id, audit: { section: id } };
  });
}

/** Moves a section up or down. */
export function moveSection(
  db: Kysely<Database>,
  scope: VariantScope & { sectionId: string; direction: "up" | "down" },
) {
  return editVariant(db, scope, "section.move", (draft) => {
    requireSection(draft, scope.sectionId);
    return {
      result: moveSectionIn(draft.sections, scope.sectionId, scope.direction),
      audit: { section: scope.sectionId },
    };
  });
}

/** Removes an empty section. */
export function removeSection(db: Kysely<Database>, scope: VariantScope & { sectionId: string }) {
  return editVariant(db, scope, "section.remove", (draft) => {
    const section = draft.sections.find((s) => s.id === scope.sectionId);
    if (!section)
      throw notFound("No such section in this questionnaire.", { messageKey: "calls.refusal.noSection" });
    if (section.questions.length)
      throw invalid(
        "Move or remove the section's questions first.",
        { sectionId: "calls.section.notEmpty" },
        { messageKey: "calls.section.notEmpty" },
      );
    draft.sections = draft.sections.filter((s) => s.id !== scope.sectionId);
    return { result: true, audit: { section: scope.sectionId } };
  });
}

/** Adds a question at the end of a section. */
export function addQuestion(
  db: Kysely<Database>,
  scope: VariantScope & { sectionId: string; input: QuestionInput },
): Promise<Question> {
  return editVariant(db, scope, "question.add", (draft, { original, takenIds }) => {
    const section = draft.sections.find((s) => s.id === scope.sectionId);
    const question = buildQuestion(scope.input, { lang: original, takenIds });
    if (!section)
      throw invalid(
        "Choose a section.",
        { sectionId: "calls.section.unknown" },
        { messageKey: "calls.section.unknown" },
      );
    section.questions.push(question);
    return { result: question, audit: { question: question.id, type: question.type } };
  });
}

/** Changes a question (its id stays, so answers stay comparable); translations of unchanged texts are kept. */
export function updateQuestion(
  db: Kysely<Database>,
  scope: VariantScope & { questionId: string; input: QuestionInput; sectionId?: string },
): Promise<Question> {
  return editVariant(db, scope, "question.update", (draft, { original, takenIds }) => {
    const at = requireQuestion(draft, scope.questionId);
    const question = buildQuestion(scope.input, { lang: original, existing: at.question, takenIds });
    at.section.questions[at.index] = question;
    if (scope.sectionId && scope.sectionId !== at.section.id) {
      const target = requireSection(draft, scope.sectionId);
      at.section.questions.splice(at.index, 1);
      target.questions.push(question);
    }
    return { result: question, audit: { question: question.id, type: question.type } };
  });
}

/** Moves a question one place up or down (crossing into the neighbouring section at an edge). */
export function moveQuestion(
  db: Kysely<Database>,
  scope: VariantScope & { questionId: string; direction: "up" | "down" },
) {
  return editVariant(db, scope, "question.move", (draft) => {
    requireQuestion(draft, scope.questionId);
    const moved = moveQuestionIn(draft.sections, scope.questionId, scope.direction);
    return { result: moved, audit: { question: scope.questionId, direction: scope.direction } };
  });
}

/** Puts a section's questions in a new order. */
export function reorderQuestions(
  db: Kysely<Database>,
  scope: VariantScope & { sectionId: string; order: string[] },
) {
  return editVariant(db, scope, "question.reorder", (draft) => {
    reorderSection(draft.sections, scope.sectionId, scope.order);
    return { result: true, audit: { section: scope.sectionId, order: scope.order } };
  });
}

/** Removes a question from this variant's draft (published versions keep it). */
export function removeQuestion(db: Kysely<Database>, scope: VariantScope & { questionId: string }) {
  return editVariant(db, scope, "question.remove", (draft) => {
    const at = requireQuestion(draft, scope.questionId);
    at.section.questions.splice(at.index, 1);
    return { result: true, audit: { question: scope.questionId } };
  });
}

/** Changes the variant's name and who it is for (original language). */
export function updateVariantInfo(
  db: Kysely<Database>,
  scope: VariantScope & { input: { name: string; audience: string } },
) {
  return editVariant(db, scope, "variant.update", (draft, { original }) => {
    const name = scope.input.name.trim();
    if (!name)
      throw invalid(
        "Give the variant a name.",
        { name: "calls.variant.nameRequired" },
        { messageKey: "calls.variant.nameRequired" },
      );
    if ((draft.name[original] ?? "") !== name) draft.name = { [original]: name };
    const audience = scope.input.audience.trim();
    if ((draft.audience[original] ?? "") !== audience)
      draft.audience = audience ? { [original]: audience } : {};
    return { result: true };
  });
}

/**
 * Creates a variant as a copy of another (the base unless said): the same questions with the same ids and
 * translations, ready to be reworded, added to or trimmed.
 */
export async function createVariant(
  db: Kysely<Database>,
  scope: Scope & { input: { key: string; name: string; audience?: string; from?: string } },
): Promise<VariantRow> {
  const { actor, forum, cycle, input } = scope;
  await requireQuestionnaireEditor(db, actor, forum.id);
  const fields: Record<string, string> = {};
  const key = input.key.trim().toLowerCase();
  if (!VARIANT_KEY.test(key) || key === "base") fields.key = "calls.variant.keyInvalid";
  if (!input.name.trim()) fields.name = "calls.variant.nameRequired";
  if (Object.keys(fields).length)
    throw invalid("Check the variant's fields.", fields, { messageKey: "calls.refusal.variantFields" });
  try {
    return await inTransaction(db, async (trx) => {
      const questionnaire = await selectQuestionnaire(trx, cycle.id);
      if (!questionnaire)
        throw notFound("This cycle has no questionnaire yet.", {
          messageKey: "calls.refusal.noQuestionnaire",
        });
      const source = await selectVariant(trx, questionnaire.id, input.from || "base");
      if (!source)
        throw invalid(
          "Choose the variant to start from.",
          { from: "calls.variant.unknown" },
          { messageKey: "calls.variant.unknown" },
        );
      const count = (await selectVariants(trx, questionnaire.id)).length;
      const original = questionnaire.original_language;
      const audience = input.audience?.trim();
      const row = await insertVariant(trx, {
        questionnaire_id: questionnaire.id,
        key,
        name: { [original]: input.name.trim() },
        audience: audience ? { [original]: audience } : {},
        derived_from: source.key,
        sections: structuredClone(source.sections),
        baseSections: source.sections,
        position: count,
      });
      await recordAudit(trx, {
        actor,
        forumId: forum.id,
        action: "questionnaire.variant.create",
        subjectType: "questionnaire_variant",
        subjectId: row.id,
        after: { key, from: source.key },
      });
      return row;
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw invalid(
        "That key is taken.",
        { key: "calls.variant.keyTaken" },
        { messageKey: "calls.variant.keyTaken" },
      );
    throw error;
  }
}

/** The translatable texts of a variant (and, for the base variant, of the call), with per-language gaps. */
export async function translationState(
  db: Kysely<Database>,
  scope: Omit<Scope, "now"> & { variantKey?: string },
) {
  const loaded = await loadQuestionnaire(db, scope);
  const call = loaded.variant.key === "base" ? await selectCall(db, scope.cycle.id) : undefined;
  const slots = [
    ...(call ? callSlots(call) : []),
    ...questionnaireSlots(loaded.variant.sections, {
      name: loaded.variant.name,
      audience: loaded.variant.audience,
    }),
  ];
  const original = loaded.questionnaire.original_language;
  const missing = Object.fromEntries(
    forumLanguages(scope.forum)
      .filter((l) => l !== original)
      .map((l) => [l, missingTranslations(slots, original, l).length]),
  ) as Partial<Record<Locale, number>>;
  return { ...loaded, slots, original, missing };
}

/** Saves translations into one language, keyed by text slot; an empty value removes that translation. */
export async function saveTranslations(
  db: Kysely<Database>,
  scope: VariantScope & { lang: string; values: Record<string, string | undefined> },
): Promise<number> {
  const { forum, cycle, lang } = scope;
  if (!isLocale(lang) || !forumLanguages(forum).includes(lang))
    throw invalid(
      "Choose one of the forum's languages.",
      { lang: "calls.questionnaire.languageInvalid" },
      { messageKey: "calls.questionnaire.languageInvalid" },
    );
  let callChanged: { slots: TextSlot[]; texts: object; reading: object; guidance: object } | undefined;
  const count = await editVariant(db, scope, "translate", (draft, { original }) => {
    if (lang === original)
      throw invalid(
        "That is the original language.",
        { lang: "calls.translate.isOriginal" },
        { messageKey: "calls.translate.isOriginal" },
      );
    const changed = applyTranslations(questionnaireSlots(draft.sections, draft), lang, scope.values);
    return { result: changed, audit: { lang, changed } };
  });
  if ((scope.variantKey || "base") !== "base") return count;
  // The call's own texts are translated on the base variant's page, in a transaction of their own.
  const call = await selectCall(db, cycle.id);
  if (!call) return count;
  const copy = structuredClone({ texts: call.texts, reading: call.reading, guidance: call.guidance });
  const slots = callSlots(copy);
  const changed = applyTranslations(slots, lang, scope.values);
  if (changed) {
    callChanged = { slots, ...copy };
    await inTransaction(db, async (trx) => {
      await upsertCall(trx, { forumId: forum.id, cycleId: cycle.id, ...callChanged!, now: scope.now });
      await recordAudit(trx, {
        actor: scope.actor,
        forumId: forum.id,
        action: "call.translate",
        subjectType: "call",
        subjectId: call.id,
        after: { lang, changed },
      });
    });
  }
  return count + changed;
}

/** Publishes a variant: freezes its draft as the next version. Later edits stay in the draft until published again. */
export async function publishVariant(
  db: Kysely<Database>,
  scope: VariantScope,
): Promise<PublishedQuestionnaire> {
  const { actor, forum, cycle } = scope;
  await requireQuestionnaireEditor(db, actor, forum.id);
  return inTransaction(db, async (trx) => {
    const { questionnaire, variant } = await lockVariant(trx, cycle.id, scope.variantKey);
    if (!variant.sections.some((s) => s.questions.length))
      throw invalid(
        "Add at least one question before publishing.",
        { publish: "calls.publish.empty" },
        { messageKey: "calls.publish.empty" },
      );
    const version = (await latestVersionNumber(trx, questionnaire.id, variant.key)) + 1;
    const row = await insertVersion(trx, {
      questionnaireId: questionnaire.id,
      key: variant.key,
      version,
      content: {
        variantName: variant.name,
        audience: variant.audience,
        originalLanguage: questionnaire.original_language,
        languages: forumLanguages(forum),
        sections: variant.sections,
      },
      publishedAt: scope.now,
      publishedBy: actorLabel(actor),
    });
    await recordAudit(trx, {
      actor,
      forumId: forum.id,
      action: "questionnaire.publish",
      subjectType: "questionnaire_version",
      subjectId: row.id,
      after: { variant: variant.key, version },
    });
    // A published questionnaire is a published call: the cycle leaves scoping with it.
    await enterCallPhase(trx, {
      actor,
      forumId: forum.id,
      cycleId: cycle.id,
      because: "questionnaire.publish",
    });
    return toPublished(row);
  });
}

/** A forum member's comment (or reply) on a question of a draft. */
export async function commentOnQuestion(
  db: Kysely<Database>,
  scope: VariantScope & { questionId: string; body: string; parentId?: string },
) {
  const { actor, forum, cycle } = scope;
  await requireDraftReader(db, actor, forum.id);
  const questionnaire = await selectQuestionnaire(db, cycle.id);
  const variant = questionnaire && (await selectVariant(db, questionnaire.id, scope.variantKey || "base"));
  if (!variant || !findQuestion(variant.sections, scope.questionId))
    throw notFound("No such question.", { messageKey: "calls.refusal.noQuestion" });
  return addComment(db, {
    actor,
    target: commentTarget(forum.id, variant),
    anchor: scope.questionId,
    body: scope.body,
    parentId: scope.parentId || undefined,
    now: scope.now,
  });
}

/** Marks a comment on a draft resolved or open (editors). */
export async function setQuestionCommentStatus(
  db: Kysely<Database>,
  scope: VariantScope & { commentId: string; status: "open" | "resolved" },
) {
  const { actor, forum, cycle } = scope;
  await requireQuestionnaireEditor(db, actor, forum.id);
  const questionnaire = await selectQuestionnaire(db, cycle.id);
  const variant = questionnaire && (await selectVariant(db, questionnaire.id, scope.variantKey || "base"));
  if (!variant)
    throw notFound("No such variant of the questionnaire.", { messageKey: "calls.refusal.noVariant" });
  await setCommentStatus(db, {
    actor,
    target: commentTarget(forum.id, variant),
    commentId: scope.commentId,
    status: scope.status,
    now: scope.now,
  });
}
