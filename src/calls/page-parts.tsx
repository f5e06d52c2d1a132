// What the calls pages share: the language names, the cycle's base address, texts in a chosen language.
import { isolated } from "../ui/components.js";
import { directionOf, isLocale, LOCALE_NAMES } from "../ui/i18n/locales.js";
import type { PageContext } from "../ui/page-context.js";
import { paragraphsOf } from "../ui/text.js";
import type { LocalizedText } from "./questionnaire-model.js";
import { pickWithLang } from "./view.js";

export type Forum = { slug: string; name: string };
export type Cycle = { year: number };
export type Values = Record<string, string>;

/** A language's name in its own language, or the code when it is not one of ours. */
export const langName = (lang: string) => (isLocale(lang) ? LOCALE_NAMES[lang] : lang);
/** A language's name in a list or sentence, isolated: "العربية: 3 texts missing" stays in that order. */
export const LangName = ({ lang }: { lang: string }) => <bdi lang={lang}>{langName(lang)}</bdi>;
/** A language's name inside a translated string (a label, a sentence), isolated with U+2068 … U+2069. */
export const langInText = (lang: string) => isolated(langName(lang));
/** The address of a forum's cycle, under which its call pages sit. */
export const base = (forum: Forum, cycle: Cycle) => `/f/${forum.slug}/${cycle.year}`;

/** A text in the wanted language (falling back to the original), marked with its language when it differs. */
export function Localized({
  ctx,
  text,
  lang,
  original,
  as: Tag = "span",
}: {
  ctx: PageContext;
  text: LocalizedText | undefined;
  lang: string;
  original: string;
  as?: "span" | "p" | "div";
}) {
  const picked = pickWithLang(text, lang, original);
  if (picked.lang === ctx.locale) return <Tag>{picked.text}</Tag>;
  return (
    <Tag lang={picked.lang} dir={isLocale(picked.lang) ? directionOf(picked.lang) : undefined}>
      {picked.text}
    </Tag>
  );
}

/** A typed text shown as paragraphs, one per blank-line-separated block. */
export function Paragraphs({ text, lang }: { text: string; lang?: string }) {
  return (
    <div lang={lang}>
      {paragraphsOf(text).map((p, i) => (
        <p key={i}>{p}</p>
      ))}
    </div>
  );
}
