// The call for contributions itself: its message, overview, relevant reading and guidance, in the original
// language (translations come through the translation page, by text slot).
import type { Kysely } from "kysely";
import { recordAudit } from "../../audit/index.js";
import type { Database } from "../../db/schema.js";
import { inTransaction } from "../../db/transaction.js";
import { invalid } from "../../server/errors.js";
import { requireQuestionnaireEditor } from "../policy.js";
import { selectCall, selectQuestionnaire, upsertCall } from "../queries.js";
import type { Scope } from "../questionnaire/service.js";
import type { LocalizedText } from "../questionnaire-model.js";
import type { CallGuidance, CallTexts, ReadingLink } from "../tables.js";
import { forumLanguages } from "../view.js";

/** The longest title a call may have, in characters. */
export const CALL_TITLE_MAX = 200;

function pickOriginal(text: LocalizedText | undefined, lang: string): string | null {
  return text?.[lang] ?? null;
}

/** What the call editor (form or API) gives, in the original language. */
export interface CallInput {
  /** The call's own title; empty for the usual one ("Call for contributions: forum year"), absent to keep it. */
  title?: string;
  message: string;
  overview: string;
  guidanceNote?: string;
  /** "Title https://address" per line, or already parsed. */
  reading: string | { title: string; url: string }[];
  pagesMin?: number;
  pagesMax?: number;
  linksWelcome?: boolean;
  appendices?: boolean;
  editableFormats?: boolean;
}

/** Reads "Title https://address" lines; returns the links and the numbers of the lines that could not be read. */
export function parseReading(text: string): { links: { title: string; url: string }[]; badLines: number[] } {
  const links: { title: string; url: string }[] = [];
  const badLines: number[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    // The address is the last word; the title is what precedes it, trimmed of separators. No backtracking
    // pattern runs over the whole line.
    const space = line.search(/\S+$/);
    const url = line.slice(space);
    if (line.length > 2000 || !/^https?:\/\//.test(url) || !isWebAddress(url)) {
      badLines.push(i + 1);
      return;
    }
    const title = line
      .slice(0, space)
      .replace(/[\s:–—-]+$/u, "")
      .trim();
    links.push({ title: title || url, url });
  });
  return { links, badLines };
}

function isWebAddress(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

function keep(
  previous: LocalizedText | undefined,
  lang: string,
  value: string | undefined,
): LocalizedText | undefined {
  const text = (value ?? "").trim();
  if (!text) return undefined;
  if (previous && (previous[lang] ?? "").trim() === text) return previous;
  return { [lang]: text };
}

function pages(value: number | undefined, field: string, fields: Record<string, string>) {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 1 || value > 500) fields[field] = "calls.question.wholeNumber";
  return value;
}

/** The call's original language: the questionnaire's, else the forum's first. */
export async function callLanguage(
  db: Kysely<Database>,
  scope: Pick<Scope, "forum" | "cycle">,
): Promise<string> {
  const q = await selectQuestionnaire(db, scope.cycle.id);
  return q?.original_language ?? forumLanguages(scope.forum)[0]!;
}

/** Creates or updates a cycle's call; translations of unchanged texts are kept. */
export async function saveCall(db: Kysely<Database>, scope: Scope & { input: CallInput }) {
  const { actor, forum, cycle, input } = scope;
  await requireQuestionnaireEditor(db, actor, forum.id);
  const fields: Record<string, string> = {};
  if (!input.message.trim()) fields.message = "calls.call.messageRequired";
  // A title is one line: line breaks and runs of spaces typed or pasted into it become single spaces.
  const title = input.title === undefined ? undefined : input.title.replace(/\s+/gu, " ").trim();
  if (title && [...title].length > CALL_TITLE_MAX) fields.title = "calls.call.titleTooLong";
  const parsed =
    typeof input.reading === "string"
      ? parseReading(input.reading)
      : {
          links: input.reading,
          badLines: input.reading.filter((l) => !isWebAddress(l.url)).map((_, i) => i + 1),
        };
  if (parsed.badLines.length) fields.reading = "calls.call.readingInvalid";
  const guidance: CallGuidance = {
    pagesMin: pages(input.pagesMin, "pagesMin", fields),
    pagesMax: pages(input.pagesMax, "pagesMax", fields),
    linksWelcome: input.linksWelcome ?? false,
    appendices: input.appendices ?? false,
    editableFormats: input.editableFormats ?? false,
  };
  if (guidance.pagesMin && guidance.pagesMax && guidance.pagesMin > guidance.pagesMax)
    fields.pagesMax = "calls.question.minAboveMax";
  if (Object.keys(fields).length)
    throw invalid("Check the call's fields.", fields, { messageKey: "calls.refusal.callFields" });
  const lang = await callLanguage(db, scope);
  const previous = await selectCall(db, cycle.id);
  const texts: CallTexts = {
    title: title === undefined ? previous?.texts.title : keep(previous?.texts.title, lang, title),
    message: keep(previous?.texts.message, lang, input.message),
    overview: keep(previous?.texts.overview, lang, input.overview),
    guidanceNote: keep(previous?.texts.guidanceNote, lang, input.guidanceNote),
  };
  const reading: ReadingLink[] = parsed.links.map((l) => {
    const old = previous?.reading.find((r) => r.url === l.url);
    return { url: l.url, title: keep(old?.title, lang, l.title) ?? { [lang]: l.url } };
  });
  return inTransaction(db, async (trx) => {
    const row = await upsertCall(trx, {
      forumId: forum.id,
      cycleId: cycle.id,
      texts,
      reading,
      guidance,
      now: scope.now,
    });
    await recordAudit(trx, {
      actor,
      forumId: forum.id,
      action: previous ? "call.update" : "call.create",
      subjectType: "call",
      subjectId: row.id,
      before: previous ? { title: pickOriginal(previous.texts.title, lang) } : null,
      after: { title: pickOriginal(texts.title, lang), reading: reading.length },
    });
    return row;
  });
}

/** The call of a cycle, for anyone (the call page is public). */
export function getCall(db: Kysely<Database>, cycleId: string) {
  return selectCall(db, cycleId);
}
