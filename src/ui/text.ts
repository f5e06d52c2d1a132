// Typed text as people send it: browsers submit a textarea with Windows line ends (CRLF), some tools a lone
// CR. Everything that stores typed text or splits it into paragraphs goes through here, so a blank line is a
// paragraph break whatever the line ends.

/** The text with every line end (CRLF, lone CR) written as "\n". */
export function normalizeLineEnds(text: string): string {
  return text.replace(/\r\n?/g, "\n");
}

/** The paragraphs of typed text: blocks separated by a blank line (spaces allowed on it), none empty. */
export function paragraphsOf(text: string): string[] {
  return normalizeLineEnds(text)
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.replace(/^\n+|\n+$/g, ""))
    .filter((paragraph) => paragraph.trim() !== "");
}
