// The texts of a contribution that can be coded: what its author typed, each file's extracted text, and each
// written answer. An excerpt names its text by source and key, so it is looked for again in the same text.
import type { Question } from "../../calls/index.js";
import type { ContributionFileRow, ContributionRow } from "../../contributions/index.js";
import type { ExcerptSource } from "../tables.js";

/** One codable text of a contribution. */
export interface CodableText {
  source: ExcerptSource;
  /** The file's id for a file, the question's id for an answer, "" for the typed text. */
  key: string;
  /** The file's name or the question's id: what the page names the text by. */
  label: string;
  text: string;
  language: string | null;
}

/** Questions whose answers are prose a member can code (not choices, links or details). */
const PROSE: readonly string[] = ["short_text", "long_text"];

/**
 * A contribution's codable texts, in reading order: the typed text, the answers, then the files. Given the
 * questionnaire's questions by id, only answers to prose questions are offered (a choice's value is not text).
 */
export function codableTexts(
  contribution: ContributionRow,
  files: ContributionFileRow[],
  questions?: ReadonlyMap<string, Question>,
): CodableText[] {
  const texts: CodableText[] = [];
  if (contribution.body_text.trim())
    texts.push({
      source: "body",
      key: "",
      label: "",
      text: contribution.body_text,
      language: contribution.language,
    });
  for (const [question, answer] of Object.entries(contribution.answers ?? {})) {
    const asked = questions?.get(question);
    if (asked && !PROSE.includes(asked.type)) continue;
    if (typeof answer === "string" && answer.trim())
      texts.push({
        source: "answer",
        key: question,
        label: question,
        text: answer,
        language: contribution.language,
      });
  }
  for (const file of files) {
    if (file.extraction_status === "done" && file.extracted_text?.trim())
      texts.push({
        source: "file",
        key: file.id,
        label: file.file_name,
        text: file.extracted_text,
        language: file.language ?? contribution.language,
      });
  }
  return texts;
}

/** The text an excerpt was coded in, if the contribution still has it. */
export function findText(texts: CodableText[], source: string, key: string): CodableText | undefined {
  return texts.find((t) => t.source === source && t.key === key);
}

/** A paragraph: UTF-16 offsets [start, end) of a stretch between blank lines, its edges' whitespace left out. */
export interface Paragraph {
  start: number;
  end: number;
}

/**
 * The paragraphs of a text: stretches separated by blank lines; a text without blank lines (one paragraph a
 * line, as many extractions give) is split at each line break instead.
 */
export function paragraphsOf(text: string): Paragraph[] {
  const separator = /\n[ \t\r\f\v]*\n/.test(text) ? /\r?\n[ \t\r\f\v]*(?:\r?\n[ \t\r\f\v]*)+/g : /\r?\n/g;
  const paragraphs: Paragraph[] = [];
  let from = 0;
  const push = (start: number, end: number) => {
    let s = start;
    let e = end;
    while (s < e && /\s/.test(text[s]!)) s++;
    while (e > s && /\s/.test(text[e - 1]!)) e--;
    if (e > s) paragraphs.push({ start: s, end: e });
  };
  for (const match of text.matchAll(separator)) {
    push(from, match.index);
    from = match.index + match[0].length;
  }
  push(from, text.length);
  return paragraphs;
}
