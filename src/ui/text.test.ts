import { describe, expect, it } from "vitest";
import { normalizeLineEnds, paragraphsOf } from "./text.js";

describe("typed text", () => {
  it("writes every line end as a newline", () => {
    expect(normalizeLineEnds("a\r\nb\rc\nd")).toBe("a\nb\nc\nd");
  });

  it("splits paragraphs at blank lines whatever the line ends", () => {
    for (const text of [
      "First.\n\nSecond.\nstill second.",
      "First.\r\n\r\nSecond.\r\nstill second.",
      "First.\r\rSecond.\rstill second.",
      "First.\r\n  \r\n\r\nSecond.\nstill second.\r\n",
    ])
      expect(paragraphsOf(text)).toEqual(["First.", "Second.\nstill second."]);
    expect(paragraphsOf("")).toEqual([]);
    expect(paragraphsOf("\r\n\r\n")).toEqual([]);
  });
});
