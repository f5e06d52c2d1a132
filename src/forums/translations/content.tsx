// Showing content that may be a translation: a fallback (the original standing in for a missing translation)
// carries its own `lang`, so screen readers read it in its language and the browser picks its fonts.
import { UserText } from "../../ui/components.js";
import { directionOf, isLocale } from "../../ui/i18n/locales.js";
import type { ShownText } from "./service.js";

/** The `lang` (and `dir`) attributes an element holding the text needs: none unless it is a fallback. */
export function langAttributes(value: ShownText): { lang?: string; dir?: "ltr" | "rtl" } {
  if (!value.fallback) return {};
  return { lang: value.lang, dir: isLocale(value.lang) ? directionOf(value.lang) : undefined };
}

/** A translated text among other text (`<bdi>`, isolated as typed text is), marked with its language when a fallback. */
export function ContentText({ value }: { value: ShownText }) {
  return <UserText text={value.text} lang={value.fallback ? value.lang : undefined} />;
}
