// The call's guidance on length reads as a person would write it, whatever the numbers: "up to 1 page", not
// "up to 1 pages".
import { describe, expect, it } from "vitest";
import { translator } from "../ui/i18n/translate.js";

describe("the call's length guidance", () => {
  it.each([
    ["en", 0, 1, "up to 1 page"],
    ["en", 1, 0, "at least 1 page"],
    ["en", 2, 5, "2 to 5 pages"],
    ["es", 0, 1, "hasta 1 página"],
    ["fr", 0, 1, "jusqu’à 1 page"],
    ["ru", 0, 1, "до 1 страницы"],
    ["ru", 0, 5, "до 5 страниц"],
  ] as const)("in %s, from %i to %i pages: %s", (locale, min, max, expected) => {
    expect(translator(locale)("calls.guidance.pages", { min, max })).toBe(expected);
  });

  it("says one word in the singular", () => {
    expect(translator("en")("calls.guidance.words", { min: 0, max: 1 })).toBe("up to 1 word");
  });
});
