import { describe, expect, it } from "vitest";
import { formatSummary, inlineParts, parseParticipantLines, parseSummary, romanNumeral } from "./format.js";

describe("meeting text formats", () => {
  it("writes roman numerals", () => {
    expect([1, 3, 4, 7, 9, 14, 40, 1999].map(romanNumeral)).toEqual([
      "I",
      "III",
      "IV",
      "VII",
      "IX",
      "XIV",
      "XL",
      "MCMXCIX",
    ]);
  });

  it("reads paragraphs and footnotes from the summary editor's text, and writes them back", () => {
    const text =
      "First paragraph [1].\nSecond line.\n\nSecond paragraph https://example.org/a.\n\n[1]: A note https://example.org/n";
    const parsed = parseSummary(text);
    expect(parsed.paragraphs).toEqual([
      { number: 1, text: "First paragraph [1].\nSecond line." },
      { number: 2, text: "Second paragraph https://example.org/a." },
    ]);
    expect(parsed.footnotes).toEqual([{ marker: "1", text: "A note https://example.org/n" }]);
    expect(formatSummary(parsed)).toBe(text);
    expect(inlineParts("See https://example.org/a. [2]")).toEqual([
      { kind: "text", value: "See " },
      { kind: "url", value: "https://example.org/a" },
      { kind: "text", value: ". " },
      { kind: "ref", value: "2" },
    ]);
  });

  it("keeps a paragraph's own number, as in the original report, and counts on from it", () => {
    const text = "1. First.\n\n2. Second.\n\n4. Fourth, the third was never there.\n\nUnnumbered.";
    const parsed = parseSummary(text);
    expect(parsed.paragraphs.map((p) => [p.number, p.text])).toEqual([
      [1, "First."],
      [2, "Second."],
      [4, "Fourth, the third was never there."],
      [5, "Unnumbered."],
    ]);
    expect(formatSummary(parsed)).toBe(text);
    // A year or a bare number is not a paragraph number.
    expect(parseSummary("2017. A year.\n\n3.5 million").paragraphs.map((p) => p.number)).toEqual([1, 2]);
  });

  it("reads annex lines with roles in parentheses", () => {
    expect(parseParticipantLines("Markus Kummer (Facilitator)\n\n- Oscar Avila\n")).toEqual([
      { name: "Markus Kummer", role: "Facilitator" },
      { name: "Oscar Avila", role: "" },
    ]);
  });
});
