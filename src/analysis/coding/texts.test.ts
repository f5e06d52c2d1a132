import { describe, expect, it } from "vitest";
import type { Question } from "../../calls/index.js";
import type { ContributionFileRow, ContributionRow } from "../../contributions/index.js";
import { codableTexts, paragraphsOf } from "./texts.js";

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

describe("codableTexts", () => {
  const contribution = {
    body_text: "Typed text.",
    language: "en",
    answers: {
      q_story: "A long answer.",
      q_region: "africa",
      q_blank: "  ",
      q_links: ["https://example.org"],
    },
  } as unknown as ContributionRow;
  const files = [
    {
      id: "f1",
      file_name: "main.pdf",
      extraction_status: "done",
      extracted_text: "From the PDF.",
      language: "fr",
    },
    { id: "f2", file_name: "scan.pdf", extraction_status: "failed", extracted_text: null, language: null },
  ] as unknown as ContributionFileRow[];

  it("offers the typed text, written answers and extracted files, in that order", () => {
    expect(codableTexts(contribution, files).map((t) => `${t.source}:${t.key}:${t.language}`)).toEqual([
      "body::en",
      "answer:q_story:en",
      "answer:q_region:en",
      "file:f1:fr",
    ]);
  });

  it("leaves out answers to questions that are not prose, given the questionnaire", () => {
    const questions = new Map<string, Question>([
      ["q_story", { id: "q_story", type: "long_text" } as Question],
      ["q_region", { id: "q_region", type: "single_choice" } as Question],
    ]);
    expect(codableTexts(contribution, files, questions).map((t) => t.key)).toEqual(["", "q_story", "f1"]);
  });
});
