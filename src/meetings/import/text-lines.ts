/** One physical line of the report, trimmed, with the hints its layout gives. */
export interface SourceLine {
  text: string;
  /**
   * The PDF-to-text conversions the forums' archives come from start the first
   * line of each page with a single space (or a form feed); a sentence that
   * ends at a page end and a line that starts the next page often mark a new
   * paragraph, so the hint is kept.
   */
  startsPage: boolean;
}

const INVISIBLE_CHARACTERS = /\u200b|\u200c|\u200d|\u2060|\ufeff/g;
const ODD_SPACES = /[\t\u00a0\u2002-\u200a\u202f\u205f\u3000]/g;

/** Normalises line ends and odd spaces, and splits the text into trimmed lines. */
export function splitSourceLines(text: string): SourceLine[] {
  const normalised = text
    .replace(INVISIBLE_CHARACTERS, "")
    .replace(/\r\n?/g, "\n")
    .replace(/\u2028|\u2029/g, "\n")
    .replace(ODD_SPACES, " ");
  const lines: SourceLine[] = [];
  let pageBreakPending = false;
  for (const raw of normalised.split("\n")) {
    const pieces = raw.split("\f");
    pieces.forEach((piece, index) => {
      if (index > 0) pageBreakPending = true;
      if (index < pieces.length - 1 && piece.trim() === "") return;
      const trimmed = piece.trim().replace(/ {2,}/g, " ");
      const singleLeadingSpace = /^ \S/.test(piece);
      lines.push({ text: trimmed, startsPage: trimmed !== "" && (pageBreakPending || singleLeadingSpace) });
      if (trimmed !== "") pageBreakPending = false;
    });
  }
  return lines;
}

/**
 * Some conversions put an empty line after every line of the page; in such a
 * text one empty line is a line wrap and only a longer gap separates
 * paragraphs.
 */
export function isDoubleSpaced(lines: readonly SourceLine[]): boolean {
  let textLines = 0;
  let followedBySingleGap = 0;
  for (let index = 0; index < lines.length; index++) {
    if (lines[index]?.text === "") continue;
    textLines++;
    if (lines[index + 1]?.text === "" && (lines[index + 2]?.text ?? "") !== "") followedBySingleGap++;
  }
  return textLines >= 6 && followedBySingleGap / textLines >= 0.6;
}

/**
 * True when the text ends with Word's paragraph separator (U+2029), white space aside: the layout reader
 * (files/layout-text.ts, WORD_PARAGRAPH_END) ends each paragraph of a Word file with it. A stray one
 * pasted inside a text decides nothing.
 */
function endsWithParagraphSeparator(text: string): boolean {
  let index = text.length - 1;
  while (index >= 0 && " \t\r\n".includes(text[index]!)) index--;
  return text[index] === "\u2029";
}

/** A line this long is no line of a printed page: a page of 11-point text holds about 100 characters. */
const UNWRAPPED_LINE_LENGTH = 160;

/**
 * True when each line of the text is a whole paragraph: a Word file read by its paragraphs (the layout
 * reader ends each with U+2029), or text Word saved, whose paragraphs run on one line each with no
 * empty line between them. Such lines are never re-joined, and a line that ends a paragraph needs no gap.
 * Recognised by lines too long for any printed page, among lines of prose.
 */
export function holdsOneParagraphPerLine(text: string, lines: readonly SourceLine[]): boolean {
  if (endsWithParagraphSeparator(text)) return true;
  let prose = 0;
  let unwrapped = 0;
  for (const line of lines) {
    if (line.text.length < 60) continue;
    prose++;
    if (line.text.length >= UNWRAPPED_LINE_LENGTH) unwrapped++;
  }
  return unwrapped >= 2 && unwrapped * 5 >= prose;
}
