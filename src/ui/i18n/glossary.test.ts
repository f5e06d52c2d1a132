import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { catalogue } from "./catalogue.js";
import { LOCALES, type Locale } from "./locales.js";

// Each language's glossary (docs/glossary/<locale>.md) ends with a table "## Avoided terms": words the catalogue
// must not use because the glossary chose another. The first column lists them, separated by commas.
const glossaryPath = (locale: Locale) => new URL(`../../../docs/glossary/${locale}.md`, import.meta.url);

/** The avoided terms of a glossary's text, from the first column of its "Avoided terms" table. */
function avoidedTerms(markdown: string): string[] {
  const section = markdown.split(/^## Avoided terms\s*$/m)[1]?.split(/^## /m)[0] ?? "";
  const rows = section.split("\n").filter((line) => line.trim().startsWith("|"));
  return rows
    .slice(2) // the header row and the |---| row
    .flatMap((row) => (row.split("|")[1] ?? "").split(","))
    .map((term) => term.replaceAll("`", "").trim())
    .filter((term) => term !== "");
}

/** Whether a text uses a term: as a whole word, or anywhere for Chinese, which has no spaces between words. */
function uses(text: string, term: string): boolean {
  if (/\p{Script=Han}/u.test(term)) return text.includes(term);
  const escaped = term.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(?<![\\p{L}\\p{M}])${escaped}(?![\\p{L}\\p{M}])`, "iu").test(text);
}

describe("glossaries", () => {
  const translated = LOCALES.filter((l) => l !== "en");

  it.each(translated)("has a glossary for %s listing the terms it avoids", (locale) => {
    expect(existsSync(glossaryPath(locale))).toBe(true);
    expect(avoidedTerms(readFileSync(glossaryPath(locale), "utf8")).length).toBeGreaterThan(0);
  });

  it.each(translated)("keeps the %s catalogue to its glossary's terms", (locale) => {
    const avoided = avoidedTerms(readFileSync(glossaryPath(locale), "utf8"));
    const offending = Object.entries(catalogue[locale]).flatMap(([key, text]) =>
      avoided.filter((term) => uses(text, term)).map((term) => `${key}: ${term}`),
    );
    expect(offending).toEqual([]);
  });

  it("finds an avoided word inside a sentence, in any case, but not inside a longer word", () => {
    expect(uses("Ответили 3 вклада.", "вклада")).toBe(true);
    expect(uses("Вклады по регионам", "вклады")).toBe(true);
    expect(uses("Откройте вкладку «Файлы».", "вклад")).toBe(false);
    expect(uses("阅读 2017 年的意见稿", "意见稿")).toBe(true);
    expect(
      avoidedTerms(
        "## Avoided terms\n\n| avoid | use |\n|---|---|\n| `a`, b | c |\n| d | e |\n\n## Next\n| x | y |",
      ),
    ).toEqual(["a", "b", "d"]);
  });
});
