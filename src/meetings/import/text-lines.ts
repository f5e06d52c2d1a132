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
