import { describe, expect, it } from "vitest";
import { catalogue } from "./catalogue.js";
import { directionOf, LOCALES, negotiateLocale } from "./locales.js";
import { translator } from "./translate.js";

describe("the interface's languages", () => {
  it("speaks the six official languages of the United Nations, Arabic right to left", () => {
    expect([...LOCALES].sort()).toEqual(["ar", "en", "es", "fr", "ru", "zh"]);
    expect(LOCALES.filter((l) => directionOf(l) === "rtl")).toEqual(["ar"]);
  });

  it.each([
    ["zh-CN,zh;q=0.9,en;q=0.8", "zh"],
    ["zh-Hans", "zh"],
    ["zh-SG", "zh"],
    ["zh-Hans-TW", "zh"],
    ["ru-RU,ru;q=0.9", "ru"],
    ["es-419,es;q=0.9", "es"],
    ["fr-CA", "fr"],
  ])("serves %s in %s", (header, expected) => {
    expect(negotiateLocale(header)).toBe(expected);
  });

  it("offers Simplified Chinese to a Traditional Chinese reader only after every other language they listed", () => {
    expect(negotiateLocale("zh-TW,zh;q=0.9,en;q=0.8")).toBe("zh");
    expect(negotiateLocale("zh-TW,en;q=0.8")).toBe("en");
    expect(negotiateLocale("zh-Hant-HK,fr;q=0.5")).toBe("fr");
    expect(negotiateLocale("zh-HK")).toBe("zh");
    expect(negotiateLocale("de-DE,ja;q=0.5")).toBeUndefined();
  });

  it("applies Russian's four plural forms and Chinese's one", () => {
    const ru = translator("ru");
    expect([1, 2, 5, 21, 22, 25, 1.5].map((count) => ru("home.forumCount", { count }))).toEqual([
      "1 форум",
      "2 форума",
      "5 форумов",
      "21 форум",
      "22 форума",
      "25 форумов",
      "1,5 форума",
    ]);
    expect(translator("zh")("home.forumCount", { count: 3 })).toBe("3 个论坛");
  });

  it("has every key in Chinese and Russian", () => {
    for (const locale of ["zh", "ru"] as const)
      expect(Object.keys(catalogue[locale]).length).toBe(Object.keys(catalogue.en).length);
  });
});
