import { type MessageFormatElement, parse, TYPE } from "@formatjs/icu-messageformat-parser";
import { IntlMessageFormat } from "intl-messageformat";
import { describe, expect, it } from "vitest";
import { catalogue } from "./catalogue.js";
import { LOCALES, type Locale } from "./locales.js";
import { translator } from "./translate.js";

// Each plural must name the forms the language needs. Russian has four (one: 1, 21, 101…; few: 2–4, 22…;
// many: 5–20, 25…; other: fractions); Arabic six, where an exact `=0` may stand for `zero`. Every language needs
// `other`. Spanish's and French's `many` is only for millions ("1 000 000 de"), so it is not asked for.
const REQUIRED: Record<Locale, string[]> = {
  en: ["other"],
  es: ["other"],
  fr: ["other"],
  zh: ["other"],
  ar: ["other"],
  ru: ["one", "few", "many", "other"],
};

const COUNTS = [0, 1, 2, 5, 21, 101];

type Walked = { plurals: { options: string[] }[]; values: Record<string, unknown> };

/** Every plural in a message, and a value of the right kind for each of its arguments (n for numbers). */
function walk(
  elements: MessageFormatElement[],
  n: number,
  out: Walked = { plurals: [], values: {} },
): Walked {
  for (const element of elements) {
    if (element.type === TYPE.plural) {
      out.plurals.push({ options: Object.keys(element.options) });
      out.values[element.value] = n;
      for (const option of Object.values(element.options)) walk(option.value, n, out);
    } else if (element.type === TYPE.select) {
      out.values[element.value] ??= "other";
      for (const option of Object.values(element.options)) walk(option.value, n, out);
    } else if (element.type === TYPE.number) {
      out.values[element.value] = n;
    } else if (element.type === TYPE.date || element.type === TYPE.time) {
      out.values[element.value] = new Date(Date.UTC(2026, 11, 18));
    } else if (element.type === TYPE.argument) {
      out.values[element.value] ??= "x";
    } else if (element.type === TYPE.tag) {
      out.values[element.value] = (chunks: unknown[]) => chunks.join("");
      walk(element.children, n, out);
    }
  }
  return out;
}

const withPlurals = (locale: Locale) =>
  Object.entries(catalogue[locale]).filter(([, text]) => walk(parse(text), 0).plurals.length > 0);

describe("plural forms in every catalogue", () => {
  it.each(LOCALES)("gives each plural in %s the forms its language needs", (locale) => {
    const messages = withPlurals(locale);
    expect(messages.length).toBeGreaterThan(10);
    const lacking = messages.flatMap(([key, text]) =>
      walk(parse(text), 0).plurals.flatMap(({ options }) => {
        const missing = REQUIRED[locale].filter((form) => !options.includes(form));
        return missing.length > 0 ? [`${key}: no ${missing.join(", ")}`] : [];
      }),
    );
    expect(lacking).toEqual([]);
  });

  it.each(LOCALES)("formats every plural in %s for 0, 1, 2, 5, 21 and 101", (locale) => {
    const failures: string[] = [];
    for (const [key, text] of withPlurals(locale)) {
      for (const n of COUNTS) {
        try {
          const { values } = walk(parse(text), n);
          const out = new IntlMessageFormat(text, locale).format(values as Record<string, string>);
          const flat = Array.isArray(out) ? out.join("") : String(out);
          if (flat.includes("{") || flat.includes("}")) failures.push(`${key} (${n}): ${flat}`);
        } catch (error) {
          failures.push(`${key} (${n}): ${(error as Error).message}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it("says a word limit in Russian with the noun agreeing with its number", () => {
    const ru = translator("ru");
    expect([1, 2, 5, 21, 101].map((max) => ru("calls.guidance.words", { min: 0, max }))).toEqual([
      "до 1 слова",
      "до 2 слов",
      "до 5 слов",
      "до 21 слова",
      "до 101 слова",
    ]);
    expect(ru("calls.guidance.words", { min: 100, max: 500 })).toBe("от 100 до 500 слов");
    expect(ru("calls.guidance.words", { min: 1, max: 0 })).toBe("не менее 1 слова");
    expect([1, 3, 21].map((max) => ru("calls.guidance.pages", { min: 0, max }))).toEqual([
      "до 1 страницы",
      "до 3 страниц",
      "до 21 страницы",
    ]);
    expect(ru("calls.guidance.pages", { min: 5, max: 0 })).toBe("не менее 5 страниц");
  });
});
