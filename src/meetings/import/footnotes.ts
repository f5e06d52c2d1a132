import type { SourceLine } from "./text-lines.js";
import type { ReportFootnote } from "./types.js";
import { findTrailingUrl, findUrls, isUrlContinuation } from "./urls.js";

const SUPERSCRIPT_DIGITS: Record<string, string> = {
  "⁰": "0",
  "¹": "1",
  "²": "2",
  "³": "3",
  "⁴": "4",
  "⁵": "5",
  "⁶": "6",
  "⁷": "7",
  "⁸": "8",
  "⁹": "9",
};
const SUPERSCRIPT_CLASS = "[⁰¹²³⁴⁵⁶⁷⁸⁹]";
const MONTH_START =
  /^(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b/i;

/** Turns "¹²" into "12". */
export function superscriptToDigits(text: string): string {
  return [...text].map((character) => SUPERSCRIPT_DIGITS[character] ?? character).join("");
}

interface FootnoteStart {
  marker: string;
  text: string;
  /** Plain "1 text" lines are footnotes only in a run that counts up, and only if they carry an address. */
  plain: boolean;
}

function readFootnoteStart(text: string): FootnoteStart | null {
  const superscript = text.match(new RegExp(`^(${SUPERSCRIPT_CLASS}+)\\s*(\\S.*)$`));
  if (superscript)
    return { marker: superscriptToDigits(superscript[1]!), text: superscript[2]!, plain: false };
  const bracketed = text.match(/^\[\^?(\d{1,3})\](?::|\s)\s*(\S.*)$/);
  if (bracketed) return { marker: bracketed[1]!, text: bracketed[2]!, plain: false };
  const caret = text.match(/^\^(\d{1,3})\s+(\S.*)$/);
  if (caret) return { marker: caret[1]!, text: caret[2]!, plain: false };
  const plain = text.match(/^(\d{1,2})\s+(\S.*)$/);
  if (plain && !MONTH_START.test(plain[2]!)) return { marker: plain[1]!, text: plain[2]!, plain: true };
  return null;
}

function cleanFootnoteText(text: string): string {
  return text.replace(/<(https?:\/\/[^>\s]+)>/gi, "$1").trim();
}

/**
 * Lifts footnote lines out of the running text (they sit where the page ended,
 * often in the middle of a paragraph) so the paragraph can be re-joined.
 * Recognises superscript markers (¹²), "[1]" and "[^1]:", "^1", and plain
 * "1 text" lines when they count up from the last footnote and hold an address.
 */
export function extractFootnotes(lines: readonly SourceLine[]): {
  lines: SourceLine[];
  footnotes: ReportFootnote[];
} {
  const kept: SourceLine[] = [];
  const footnotes: ReportFootnote[] = [];
  let lastNumber = 0;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const start = line.text === "" ? null : readFootnoteStart(line.text);
    const previousText = kept.at(-1)?.text ?? "";
    const startsOwnLine = previousText === "" || line.startsPage || footnotes.length > 0;
    const acceptable =
      start !== null &&
      startsOwnLine &&
      (!start.plain || (Number(start.marker) === lastNumber + 1 && findUrls(start.text).length > 0));
    if (!start || !acceptable) {
      kept.push(line);
      continue;
    }
    let text = start.text;
    // A long address in a footnote wraps onto the next line just as in the prose.
    while (index + 1 < lines.length) {
      const next = lines[index + 1]!;
      const trailingUrl = findTrailingUrl(text.replace(/>$/, ""));
      if (!trailingUrl || next.text === "" || !isUrlContinuation(trailingUrl, next.text)) break;
      text = text.replace(/>$/, "") + next.text;
      index++;
    }
    const cleaned = cleanFootnoteText(text);
    footnotes.push({ marker: start.marker, text: cleaned, url: findUrls(cleaned)[0]?.url ?? null });
    if (/^\d+$/.test(start.marker)) lastNumber = Number(start.marker);
  }
  return { lines: kept, footnotes };
}

/** The footnote markers the running text refers to, in order of first use. */
export function findFootnoteReferences(text: string): string[] {
  const markers = new Set<string>();
  const pattern = new RegExp(
    `(?<=\\S)(${SUPERSCRIPT_CLASS}+)|\\[\\^?(\\d{1,3})\\](?!\\()|(?<=\\S)\\^(\\d{1,3})\\b`,
    "g",
  );
  for (const match of text.matchAll(pattern)) {
    const marker = match[1] ? superscriptToDigits(match[1]) : (match[2] ?? match[3]);
    if (marker) markers.add(marker);
  }
  return [...markers];
}
