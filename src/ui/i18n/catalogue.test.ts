import { IntlMessageFormat } from "intl-messageformat";
import { describe, expect, it } from "vitest";
import { catalogue } from "./catalogue.js";
import { LOCALES } from "./locales.js";
import { MissingMessageError, translator } from "./translate.js";

describe("message catalogue", () => {
  const englishKeys = Object.keys(catalogue.en);

  it.each(LOCALES.filter((l) => l !== "en"))("translates every English message into %s", (locale) => {
    const missing = englishKeys.filter((key) => catalogue[locale][key] === undefined);
    expect(missing).toEqual([]);
    const extra = Object.keys(catalogue[locale]).filter((key) => catalogue.en[key] === undefined);
    expect(extra).toEqual([]);
  });

  it.each(LOCALES)("has only valid ICU messages in %s, with the same placeholders as English", (locale) => {
    const placeholders = (text: string) => [...text.matchAll(/\{\s*(\w+)\s*[,}]/g)].map((m) => m[1]).sort();
    for (const [key, text] of Object.entries(catalogue[locale])) {
      expect(() => new IntlMessageFormat(text, locale), `${locale}:${key}`).not.toThrow();
      expect(new Set(placeholders(text)), `${locale}:${key}`).toEqual(
        new Set(placeholders(catalogue.en[key] ?? "")),
      );
    }
  });

  it("applies plural rules per language", () => {
    expect(translator("en")("home.forumCount", { count: 1 })).toBe("1 forum");
    expect(translator("en")("home.forumCount", { count: 3 })).toBe("3 forums");
    expect(translator("fr")("home.forumCount", { count: 0 })).toBe("Aucun forum");
    expect(translator("ar")("home.forumCount", { count: 2 })).toBe("منتديان");
  });

  it("refuses a key no catalogue has, so typos never reach a page", () => {
    // A literal key is checked by the type checker (MessageKey); a computed one is checked here, at run time.
    expect(() => translator("es")("no.such.key" as string)).toThrow(MissingMessageError);
  });
});
