import { IntlMessageFormat } from "intl-messageformat";
import { catalogue } from "./catalogue.js";
import { DEFAULT_LOCALE, type Locale } from "./locales.js";

export type MessageValues = Record<string, string | number | Date | boolean | null | undefined>;

/** Translates a catalogue key with ICU values (plurals, selects) into the reader's language. */
export type Translate = (key: string, values?: MessageValues) => string;

const cache = new Map<string, IntlMessageFormat>();

/** Raised in development and tests for a key that no catalogue has, so a typo never reaches a page. */
export class MissingMessageError extends Error {}

const strict = process.env.NODE_ENV !== "production";

/** Returns the translator for a language; a key missing in it falls back to English. */
export function translator(locale: Locale): Translate {
  return (key, values) => {
    let resolvedLocale: Locale = locale;
    let source = catalogue[locale][key];
    if (source === undefined) {
      resolvedLocale = DEFAULT_LOCALE;
      source = catalogue[DEFAULT_LOCALE][key];
    }
    if (source === undefined) {
      if (strict) throw new MissingMessageError(`No message "${key}" in the catalogue.`);
      return key;
    }
    const cacheKey = `${resolvedLocale}\u0000${key}`;
    let format = cache.get(cacheKey);
    if (!format) {
      format = new IntlMessageFormat(source, resolvedLocale);
      cache.set(cacheKey, format);
    }
    return String(format.format(values as Record<string, string | number | Date>));
  };
}

/** Whether the catalogue has a key (in English, which is complete). */
export function hasMessage(key: string): boolean {
  return catalogue.en[key] !== undefined;
}
