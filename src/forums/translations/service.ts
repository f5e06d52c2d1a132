// Content translations: what the secretariat writes (a forum's name, a cycle's focus, a milestone's label, a
// meeting's title…) given per language. Pages ask `contentTexts` for the text in the reader's language and learn
// whether it is the original standing in for a missing translation (shown then with its own `lang`). Domains
// say what of theirs can be translated with `registerTranslatableSource`; the secretariat's pages list them.
import type { Kysely } from "kysely";
import { recordAudit } from "../../audit/index.js";
import type { Actor } from "../../auth/index.js";
import type { Database } from "../../db/schema.js";
import { inTransaction } from "../../db/transaction.js";
import { notFound } from "../../server/errors.js";
import { isLocale, LOCALES, type Locale } from "../../ui/i18n/locales.js";
import type { Translate } from "../../ui/i18n/translate.js";
import type { ForumRow } from "../lookup.js";
import { requireForumManager } from "../policy.js";
import {
  deleteTranslation,
  selectForumTranslations,
  selectTranslations,
  upsertTranslation,
} from "./queries.js";

/** What a text translates: a field of an entity of some kind ("meeting", id, "purpose"). */
export interface ContentKey {
  kind: string;
  id: string;
  field: string;
}

/** A text as a page shows it: in the reader's language, or the original standing in (`fallback`). */
export interface ShownText {
  text: string;
  /** The language the text is in. */
  lang: string;
  /** True when the reader's language was wanted and the original is shown instead. */
  fallback: boolean;
}

/** Something of a forum the secretariat wrote and may translate. */
export interface TranslatableItem {
  key: ContentKey;
  /** Where it shows, in the reader's words ("2017 · Focus"). */
  where: string;
  /** The original text. */
  text: string;
  /** Texts that their own domain keeps per language (the call's): the languages they have and where to edit. */
  elsewhere?: { locales: readonly string[]; href: (locale: Locale) => string };
}

/** A domain's list of what it lets the secretariat translate in one forum. */
export type TranslatableSource = (args: {
  db: Kysely<Database>;
  forum: ForumRow;
  t: Translate;
}) => Promise<TranslatableItem[]>;

const sources = new Set<TranslatableSource>();

/** Lets a domain add its texts (meetings' titles and purposes, the call's texts) to the translation pages. */
export function registerTranslatableSource(source: TranslatableSource): void {
  sources.add(source);
}

const MAX_LENGTH = 5000;
const keyOf = (k: ContentKey) => `${k.kind}__${k.id}__${k.field}`;

/**
 * The language the secretariat writes a forum's content in: the first language the forum lists (English for a
 * forum that lists none the interface speaks).
 */
export function originalLanguage(forum: { languages: readonly string[] }): Locale {
  return forum.languages.find(isLocale) ?? "en";
}

/** Looks texts up after `contentTexts` has read them. */
export type ContentLookup = (kind: string, id: string, field: string, original: string) => ShownText;

/**
 * Reads the translations a page needs in the reader's language, in one query per kind, and returns the lookup
 * that picks each text: the translation when there is one, else the original marked as a fallback.
 */
export async function contentTexts(
  db: Kysely<Database>,
  args: { locale: string; original: string; needs: Partial<Record<string, readonly string[]>> },
): Promise<ContentLookup> {
  const found = new Map<string, string>();
  if (args.locale !== args.original) {
    const kinds = Object.entries(args.needs).filter(([, ids]) => ids?.length);
    const rows = await Promise.all(
      kinds.map(([kind, ids]) => selectTranslations(db, { kind, entityIds: ids ?? [], locale: args.locale })),
    );
    for (const row of rows.flat())
      found.set(keyOf({ kind: row.kind, id: row.entity_id, field: row.field }), row.text);
  }
  return (kind, id, field, original) => {
    if (args.locale === args.original || !original)
      return { text: original, lang: args.locale, fallback: false };
    const text = found.get(keyOf({ kind, id, field }));
    return text
      ? { text, lang: args.locale, fallback: false }
      : { text: original, lang: args.original, fallback: true };
  };
}

/** The languages a forum's content may be translated into: every interface language but the original. */
export function targetLanguages(forum: ForumRow): Locale[] {
  const original = originalLanguage(forum);
  return LOCALES.filter((l) => l !== original);
}

/** Everything of a forum that can be translated, from every registered source, in their order. */
async function translatableItems(db: Kysely<Database>, forum: ForumRow, t: Translate) {
  return (await Promise.all([...sources].map((source) => source({ db, forum, t }))))
    .flat()
    .filter((i) => i.text);
}

/** One language's state: each item with its translation, if any. */
export interface LanguageStatus {
  locale: Locale;
  items: (TranslatableItem & { translation?: string })[];
  missing: number;
}

/** The translation status of a forum's content, per target language (the secretariat's page). */
export async function translationStatus(
  db: Kysely<Database>,
  args: { actor: Actor; forum: ForumRow; t: Translate },
): Promise<{ original: Locale; languages: LanguageStatus[] }> {
  await requireForumManager(db, args.actor, args.forum.id);
  const items = await translatableItems(db, args.forum, args.t);
  const stored = new Map<string, string>();
  for (const row of await selectForumTranslations(db, args.forum.id))
    stored.set(`${row.locale}|${keyOf({ kind: row.kind, id: row.entity_id, field: row.field })}`, row.text);
  const languages = targetLanguages(args.forum).map((locale) => {
    const withText = items.map((item) => ({
      ...item,
      translation: item.elsewhere
        ? item.elsewhere.locales.includes(locale)
          ? item.text
          : undefined
        : stored.get(`${locale}|${keyOf(item.key)}`),
    }));
    return { locale, items: withText, missing: withText.filter((i) => !i.translation).length };
  });
  return { original: originalLanguage(args.forum), languages };
}

/** The status of one target language, refused for a language that is not one (the original, or unknown). */
export async function languageStatus(
  db: Kysely<Database>,
  args: { actor: Actor; forum: ForumRow; t: Translate; locale: string },
): Promise<{ original: Locale; language: LanguageStatus }> {
  const status = await translationStatus(db, args);
  const language = status.languages.find((l) => l.locale === args.locale);
  if (!language)
    throw notFound("Not a language this forum's content is translated into.", {
      messageKey: "forums.refusal.notContentLanguage",
    });
  return { original: status.original, language };
}

/**
 * Saves the translations into one language typed on the secretariat's page: a filled field is stored, an
 * emptied one removed; fields of texts kept elsewhere, or not the forum's, are ignored. One audit row.
 */
export async function saveContentTranslations(
  db: Kysely<Database>,
  args: {
    actor: Actor;
    forum: ForumRow;
    t: Translate;
    locale: string;
    fields: Record<string, string | undefined>;
  },
): Promise<{ changed: number }> {
  const { language } = await languageStatus(db, args);
  const changes = language.items
    .filter((item) => !item.elsewhere)
    .map((item) => ({
      item,
      text: (args.fields[keyOf(item.key)] ?? item.translation ?? "").trim().slice(0, MAX_LENGTH),
    }))
    .filter(({ item, text }) => text !== (item.translation ?? ""));
  if (changes.length === 0) return { changed: 0 };
  const updatedBy = args.actor.kind === "user" ? args.actor.userId : null;
  await inTransaction(db, async (trx) => {
    for (const { item, text } of changes) {
      const key = {
        kind: item.key.kind,
        entity_id: item.key.id,
        field: item.key.field,
        locale: language.locale,
      };
      if (text)
        await upsertTranslation(trx, { ...key, forum_id: args.forum.id, text, updated_by: updatedBy });
      else await deleteTranslation(trx, key);
    }
    await recordAudit(trx, {
      actor: args.actor,
      forumId: args.forum.id,
      action: "content.translate",
      subjectType: "forum",
      subjectId: args.forum.id,
      after: { locale: language.locale, fields: changes.map(({ item }) => keyOf(item.key)) },
    });
  });
  return { changed: changes.length };
}

/** The form field's name for an item. */
export const fieldName = keyOf;
