// The language files we write carry: Word's run language for .docx (spelling, hyphenation, fonts), and the
// RFC 5545 LANGUAGE parameter for iCalendar text.
import type { Locale } from "./locales.js";

/** The language tag office software expects for each interface language (regional, as Word lists them). */
const OFFICE_TAGS: Record<Locale, string> = {
  en: "en-GB",
  es: "es-ES",
  fr: "fr-FR",
  ar: "ar-SA",
  zh: "zh-CN",
  ru: "ru-RU",
};

/** The regional tag of a language for office files ("zh" → "zh-CN": our Chinese is Simplified). */
export function officeLanguageTag(locale: Locale): string {
  return OFFICE_TAGS[locale];
}

/**
 * A .docx's default styles saying what language its text is in: the document's language for Latin and Cyrillic
 * text, and for East Asian and right-to-left runs the document's language when it is one of those, otherwise
 * Simplified Chinese and Arabic (the forum's other scripts), so a name in either is still checked as that.
 */
export function docxLanguageStyles(locale: Locale) {
  const tag = OFFICE_TAGS[locale];
  return {
    default: {
      document: {
        run: {
          language: {
            value: tag,
            eastAsia: locale === "zh" ? tag : OFFICE_TAGS.zh,
            bidirectional: locale === "ar" ? tag : OFFICE_TAGS.ar,
          },
        },
      },
    },
  };
}

/** Adds `;LANGUAGE=<tag>` to an iCalendar text's SUMMARY and DESCRIPTION lines, the words we wrote (RFC 5545, 3.2.10). */
export function withICalendarLanguage(ics: string, locale: Locale): string {
  const tag = OFFICE_TAGS[locale];
  return ics.replace(/^(SUMMARY|DESCRIPTION):/gm, `$1;LANGUAGE=${tag}:`);
}
