// Typed text as people send it: browsers submit a textarea with Windows line ends (CRLF), some tools a lone
// CR. Everything that stores typed text or splits it into paragraphs goes through here, so a blank line is a
// paragraph break whatever the line ends.

/** The text with every line end (CRLF, lone CR) written as "\n". */
export function normalizeLineEnds(text: string): string {
  return text.replace(/\r\n?/g, "\n");
}

/**
 * The text of a file a person exported from a spreadsheet or an editor, whatever its encoding: UTF-8 (with or
 * without a byte-order mark), UTF-16 with its mark (Excel's "Unicode Text"), or, when the bytes are not valid
 * UTF-8, Windows-1252 (Excel's "CSV (Comma delimited)" on a Western-European Windows). Read as UTF-8 regardless,
 * such a file's "René" became "Ren\uFFFD" on every row it was imported into.
 */
export function decodeTextFile(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("windows-1252").decode(bytes);
  }
}

/** The paragraphs of typed text: blocks separated by a blank line (spaces allowed on it), none empty. */
export function paragraphsOf(text: string): string[] {
  return normalizeLineEnds(text)
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.replace(/^\n+|\n+$/g, ""))
    .filter((paragraph) => paragraph.trim() !== "");
}

// A label typed by a person may already end in its own mark: a question ("…belong to?"), a colon ("Links:") or
// a full stop. Joining it to a message must not add a second one ("belong to?: Answer…").
const CLOSING_MARK = /[?!.…؟。？！]\s*$/u;
const TRAILING_COLON = /\s*[:;：؛]\s*$/u;

/** How a label joins what follows it: "own" when it ends in its own mark, else "colon", with any typed colon removed. */
export function labelBeforeMessage(label: string): { label: string; join: "own" | "colon" } {
  const trimmed = label.trim();
  if (CLOSING_MARK.test(trimmed)) return { label: trimmed, join: "own" };
  return { label: trimmed.replace(TRAILING_COLON, ""), join: "colon" };
}
