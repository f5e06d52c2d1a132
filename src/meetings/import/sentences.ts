const ABBREVIATIONS = new Set([
  "mr",
  "mrs",
  "ms",
  "dr",
  "prof",
  "st",
  "no",
  "nos",
  "vs",
  "e.g",
  "i.e",
  "cf",
  "al",
  "approx",
  "amb",
  "h.e",
  "jr",
  "sr",
  "fig",
  "vol",
  "p",
  "pp",
]);

/**
 * Splits prose into sentences at ".", "!" or "?" followed by a capital,
 * keeping titles, initials ("Juan P. Salazar") and common abbreviations
 * inside their sentence.
 */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  for (const match of text.matchAll(/[.!?][)"'”’]*\s+(?=[A-Z“"(‘'])/g)) {
    // Only the word before the stop matters; reading back to the sentence start would be quadratic.
    const before = text.slice(Math.max(start, match.index - 40), match.index + 1);
    const lastWord = before.match(/(\S+)\.$/)?.[1]?.toLowerCase() ?? "";
    const bare = lastWord.replace(/^[("“‘']+/, "");
    if (ABBREVIATIONS.has(bare) || /^[a-z]$/i.test(bare) || /^(?:[a-z]\.)+[a-z]$/i.test(bare)) continue;
    sentences.push(text.slice(start, match.index + match[0].trimEnd().length).trim());
    start = match.index + match[0].length;
  }
  const rest = text.slice(start).trim();
  if (rest !== "") sentences.push(rest);
  return sentences;
}
