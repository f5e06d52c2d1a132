import { IntlMessageFormat } from "intl-messageformat";
import { catalogue } from "./catalogue.js";
import { DEFAULT_LOCALE, type Locale } from "./locales.js";
import type { CheckedKey } from "./message-keys.js";

export type MessageValues = Record<string, string | number | Date | boolean | null | undefined>;

/** Translates a catalogue key with ICU values (plurals, selects) into the reader's language. */
export type Translate = <K extends string>(key: K & CheckedKey<K>, values?: MessageValues) => string;

const cache = new Map<string, IntlMessageFormat>();

/** Raised in development and tests for a key that no catalogue has, so a typo never reaches a page. */
export class MissingMessageError extends Error {}

const strict = process.env.NODE_ENV !== "production";

function formatFor(locale: Locale, key: string): IntlMessageFormat | undefined {
  let resolvedLocale: Locale = locale;
  let source = catalogue[locale][key];
  if (source === undefined) {
    resolvedLocale = DEFAULT_LOCALE;
    source = catalogue[DEFAULT_LOCALE][key];
  }
  if (source === undefined) {
    if (strict) throw new MissingMessageError(`No message "${key}" in the catalogue.`);
    return undefined;
  }
  const cacheKey = `${resolvedLocale}\u0000${key}`;
  let format = cache.get(cacheKey);
  if (!format) {
    format = new IntlMessageFormat(source, resolvedLocale);
    cache.set(cacheKey, format);
  }
  return format;
}

/**
 * A message whose values may be page elements (a name isolated in `<bdi>`): the text between them stays
 * plain strings, in the order the language puts them.
 */
export function translateParts<T>(
  locale: Locale,
  key: string,
  values: Record<string, string | number | T>,
): (string | T)[] {
  const format = formatFor(locale, key);
  if (!format) return [key];
  // biome-ignore lint/suspicious/noExplicitAny: intl-messageformat types element values loosely.
  const out = (format.format as (v: Record<string, unknown>) => any)(values);
  return Array.isArray(out) ? (out as (string | T)[]) : [out as string | T];
}

/** Returns the translator for a language; a key missing in it falls back to English. */
export function translator(locale: Locale): Translate {
  return (key, values) => {
    const format = formatFor(locale, key);
    if (!format) return key;
    return String(format.format(values as Record<string, string | number | Date>));
  };
}

/** Whether the catalogue has a key (in English, which is complete). */
export function hasMessage(key: string): boolean {
  return catalogue.en[key] !== undefined;
}
