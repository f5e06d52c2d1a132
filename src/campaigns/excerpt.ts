// The start of a representative text, kept on the campaign so lists need no contribution read.
const EXCERPT = 280;

/** The first 280 characters of a text, spaces folded, cut at a word with an ellipsis. */
export function excerptOf(text: string): string {
  const flat = text.replace(/\s+/gu, " ").trim();
  return flat.length <= EXCERPT ? flat : `${flat.slice(0, EXCERPT).replace(/\s+\S*$/u, "")}…`;
}
