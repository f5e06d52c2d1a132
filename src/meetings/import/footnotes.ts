import { MARKDOWN_LINK, stripInlineMarkup } from "./markup.js";
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

const DIGIT_SUPERSCRIPTS = Object.fromEntries(
  Object.entries(SUPERSCRIPT_DIGITS).map(([superscript, digit]) => [digit, superscript]),
);

/** Turns "12" into "¹²". */
function digitsToSuperscript(digits: string): string {
  return [...digits].map((digit) => DIGIT_SUPERSCRIPTS[digit] ?? digit).join("");
}

/**
 * Where each "[" of the text is closed, counting the brackets in between ("[1: see [link]]"); an
 * unclosed one is absent. One pass over the text, so a line of many marks costs no more than its length.
 */
function closingBrackets(text: string): Map<number, number> {
  const closes = new Map<number, number>();
  const open: number[] = [];
  for (let index = 0; index < text.length; index++) {
    if (text[index] === "[") open.push(index);
    else if (text[index] === "]") {
      const start = open.pop();
      if (start !== undefined) closes.set(start, index);
    }
  }
  return closes;
}

/**
 * Reads Word's plain-text footnotes out of a line: a footnote "[1: text]" that follows its mark
 * "[footnoteRef:1]" on the same line is lifted out, and the marks become the superscript the reader saw
 * ("meeting¹"). A line that is all one "[1: text]" gives its footnote and no text.
 */
function readWordFootnotes(text: string): { text: string; footnotes: { marker: string; text: string }[] } {
  const footnotes: { marker: string; text: string }[] = [];
  const whole = text.match(/^\[(\d{1,3}):/);
  if (!whole && !text.includes("[footnoteRef:")) return { text, footnotes };
  const closes = closingBrackets(text);
  if (whole && closes.get(0) === text.length - 1) {
    return { text: "", footnotes: [{ marker: whole[1]!, text: text.slice(whole[0].length, -1).trim() }] };
  }
  let rest = "";
  let cursor = 0;
  for (const match of text.matchAll(/\[footnoteRef:(\d{1,3})\]\s*\[(\d{1,3}):/g)) {
    if (match.index < cursor || match[1] !== match[2]) continue;
    const open = match.index + match[0].length - match[2]!.length - 2;
    const close = closes.get(open);
    if (close === undefined) continue;
    footnotes.push({ marker: match[1]!, text: text.slice(open + match[2]!.length + 2, close).trim() });
    rest += text.slice(cursor, open).trimEnd();
    cursor = close + 1;
  }
  rest += text.slice(cursor);
  // A mark right after a word, as Word places it; one that opens the line is left as printed.
  rest = rest.replace(/(?<=\S)\s*\[footnoteRef:(\d{1,3})\]/g, (_, marker: string) =>
    digitsToSuperscript(marker),
  );
  return { text: rest, footnotes };
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

/** The footnote as printed (autolink brackets and Markdown gone) and its first address, a link's included. */
function readFootnoteText(text: string): { text: string; url: string | null } {
  const linked = [...text.matchAll(MARKDOWN_LINK)].find((match) => /^https?:\/\//i.test(match[2]!));
  const printed = stripInlineMarkup(text).trim();
  return { text: printed, url: findUrls(printed)[0]?.url ?? linked?.[2] ?? null };
}

/**
 * Lifts footnote lines out of the running text (they sit where the page ended,
 * often in the middle of a paragraph) so the paragraph can be re-joined.
 * Recognises superscript markers (¹²), "[1]" and "[^1]:", "^1", plain "1 text"
 * lines when they count up from the last footnote and hold an address, and
 * Word's plain-text form: "[footnoteRef:1]" in the text, "[1: text]" on a
 * line of its own or right after the mark. In text with one paragraph a line,
 * a footnote line needs no gap before it.
 */
export function extractFootnotes(
  lines: readonly SourceLine[],
  options: { paragraphPerLine?: boolean } = {},
): {
  lines: SourceLine[];
  footnotes: ReportFootnote[];
} {
  const kept: SourceLine[] = [];
  const footnotes: ReportFootnote[] = [];
  const add = (marker: string, text: string) => {
    const read = readFootnoteText(text);
    footnotes.push({ marker, text: read.text, url: read.url });
  };
  let lastNumber = 0;
  for (let index = 0; index < lines.length; index++) {
    const word = readWordFootnotes(lines[index]!.text);
    for (const footnote of word.footnotes) add(footnote.marker, footnote.text);
    if (word.footnotes.length > 0 && word.text === "") continue;
    const line = word.text === lines[index]!.text ? lines[index]! : { ...lines[index]!, text: word.text };
    const start = line.text === "" ? null : readFootnoteStart(line.text);
    const previousText = kept.at(-1)?.text ?? "";
    const startsOwnLine =
      options.paragraphPerLine || previousText === "" || line.startsPage || footnotes.length > 0;
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
    add(start.marker, text);
    if (/^\d+$/.test(start.marker)) lastNumber = Number(start.marker);
  }
  return { lines: kept, footnotes };
}

/** The footnote markers the running text refers to, in order of first use. */
export function findFootnoteReferences(text: string): string[] {
  const markers = new Set<string>();
  const pattern = new RegExp(
    `(?<=\\S)(${SUPERSCRIPT_CLASS}+)|\\[\\^?(\\d{1,3})\\](?!\\()|(?<=\\S)\\^(\\d{1,3})\\b|\\[footnoteRef:(\\d{1,3})\\]`,
    "g",
  );
  for (const match of text.matchAll(pattern)) {
    const marker = match[1] ? superscriptToDigits(match[1]) : (match[2] ?? match[3] ?? match[4]);
    if (marker) markers.add(marker);
  }
  return [...markers];
}
