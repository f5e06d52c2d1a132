// Showing content that may be a translation: a fallback (the original standing in for a missing translation)
// carries its own `lang`, so screen readers read it in its language and the browser picks its fonts.
import { UserText } from "../../ui/components.js";
import { directionOf, isLocale } from "../../ui/i18n/locales.js";
import type { PageContext } from "../../ui/page-context.js";
import { originalLanguage, type ShownText } from "./service.js";

/** The `lang` (and `dir`) attributes an element holding the text needs: none unless it is a fallback. */
export function langAttributes(value: ShownText): { lang?: string; dir?: "ltr" | "rtl" } {
  if (!value.fallback) return {};
  return { lang: value.lang, dir: isLocale(value.lang) ? directionOf(value.lang) : undefined };
}

/** A translated text among other text (`<bdi>`, isolated as typed text is), marked with its language when a fallback. */
export function ContentText({ value }: { value: ShownText }) {
  return <UserText text={value.text} lang={value.fallback ? value.lang : undefined} />;
}

/**
 * The forum's name as the header shows it: translated for the reader (read once per request by
 * `forumNameHook`), else the original, marked as a fallback when its language is not the page's.
 */
export function shownForumName(
  ctx: PageContext,
  forum: { slug: string; name: string; languages: readonly string[] },
): ShownText {
  if (ctx.forumName?.slug === forum.slug)
    return {
      text: ctx.forumName.text,
      lang: ctx.forumName.lang,
      fallback: ctx.forumName.lang !== ctx.locale,
    };
  const lang = originalLanguage(forum);
  return { text: forum.name, lang, fallback: lang !== ctx.locale };
}
