import { describe, expect, it } from "vitest";
import { paragraphsOf } from "./texts.js";

const slices = (text: string) => paragraphsOf(text).map((p) => text.slice(p.start, p.end));

describe("paragraphsOf", () => {
  it("splits at blank lines, whatever the line endings, and trims each paragraph", () => {
    expect(slices("  First one\ncontinues.\r\n\r\n \r\nSecond.  \n\n")).toEqual([
      "First one\ncontinues.",
      "Second.",
    ]);
  });

  it("splits at every line break when the text has no blank line (one paragraph a line)", () => {
    expect(slices("Line one.\nLine two.\r\nLine three.")).toEqual(["Line one.", "Line two.", "Line three."]);
  });

  it("gives nothing for an empty or blank text, and UTF-16 offsets for astral characters", () => {
    expect(paragraphsOf(" \n\n ")).toEqual([]);
    expect(paragraphsOf("𠜎 a\n\nb")).toEqual([
      { start: 0, end: 4 },
      { start: 6, end: 7 },
    ]);
  });
});
