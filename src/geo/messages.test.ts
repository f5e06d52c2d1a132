import { IntlMessageFormat } from "intl-messageformat";
import { describe, expect, it } from "vitest";
import { messagesOf } from "../ui/i18n/catalogue.js";
import { LOCALES } from "../ui/i18n/locales.js";
import { REGIONS, STAKEHOLDER_GROUPS, SUBREGIONS } from "./countries.js";

const messages = messagesOf("geo");

describe("geo messages", () => {
  const english = Object.keys(messages.en).sort();

  it("names every region, sub-region, stakeholder group and development grouping", () => {
    const needed = [
      ...REGIONS.map((r) => `geo.region.${r}`),
      ...SUBREGIONS.map((s) => `geo.subregion.${s}`),
      ...STAKEHOLDER_GROUPS.map((g) => `geo.stakeholder.${g}`),
      "geo.ldc",
      "geo.lldc",
      "geo.sids",
      "geo.developing",
    ];
    expect(english).toEqual(expect.arrayContaining(needed));
  });

  it.each(LOCALES)("has every key, valid ICU and the English placeholders in %s", (locale) => {
    const entries: Record<string, string> = messages[locale];
    expect(Object.keys(entries).sort()).toEqual(english);
    const placeholders = (text: string) => [...text.matchAll(/\{\s*(\w+)\s*[,}]/g)].map((m) => m[1]).sort();
    for (const [key, text] of Object.entries(entries)) {
      expect(() => new IntlMessageFormat(text, locale), `${locale}:${key}`).not.toThrow();
      expect(placeholders(text), `${locale}:${key}`).toEqual(placeholders(messages.en[key] ?? ""));
    }
  });
});
