/**
 * The languages the interface speaks: the six official languages of the United Nations. This is the one list;
 * adding a language is adding a line here and its `messages/<code>.json` files (see CODE_STYLE.md).
 */
export const LANGUAGES = [
  { code: "en", name: "English", dir: "ltr" },
  { code: "es", name: "Español", dir: "ltr" },
  { code: "fr", name: "Français", dir: "ltr" },
  { code: "ar", name: "العربية", dir: "rtl" },
  { code: "zh", name: "中文", dir: "ltr" },
  { code: "ru", name: "Русский", dir: "ltr" },
] as const;

export const LOCALES = LANGUAGES.map((l) => l.code) as [Locale, ...Locale[]];
export type Locale = (typeof LANGUAGES)[number]["code"];
export const DEFAULT_LOCALE: Locale = "en";

/** Each language's own name, shown in the language switcher. */
export const LOCALE_NAMES = Object.fromEntries(LANGUAGES.map((l) => [l.code, l.name])) as Record<
  Locale,
  string
>;

/** Whether a string is one of the interface's languages. */
export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** Text direction of a language. */
export function directionOf(locale: Locale): "ltr" | "rtl" {
  return LANGUAGES.find((l) => l.code === locale)?.dir ?? "ltr";
}

// Chinese as written in Taiwan, Hong Kong and Macao uses Traditional characters; our Chinese is Simplified, as
// the UN's is. A reader who asks for Traditional Chinese is offered every other language they listed first and
// Simplified Chinese only after those (most such readers can read it, but may prefer, say, English).
const TRADITIONAL_CHINESE = /^zh-(hant|tw|hk|mo)(-|$)/;

/** Picks the best interface language from an Accept-Language header ("zh-CN", "zh-Hans", "zh-SG" → zh). */
export function negotiateLocale(acceptLanguage: string | undefined): Locale | undefined {
  if (!acceptLanguage) return undefined;
  const ranked = acceptLanguage
    .split(",")
    .map((part, order) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const lower = tag.trim().toLowerCase();
      return {
        base: lower.split("-")[0] ?? "",
        q: q ? Number(q.slice(2)) || 0 : 1,
        secondChoice: TRADITIONAL_CHINESE.test(lower),
        order,
      };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q || a.order - b.order);
  return (ranked.find((x) => !x.secondChoice && isLocale(x.base))?.base ??
    ranked.find((x) => x.secondChoice && isLocale(x.base))?.base) as Locale | undefined;
}
