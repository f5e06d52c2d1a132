/**
 * Reading past the slips a person makes when typing a report ("was facilitate by", "next setps", "Ocotber").
 * The words the parser keys on are matched with one slip allowed: a letter dropped, added, doubled, swapped
 * with its neighbour or mistyped. Short words are matched exactly (one slip turns "held" into "help"), and
 * the first letter is always kept, where people rarely slip and where most unrelated words differ.
 */

const MIN_TOLERANT_LENGTH = 5;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * A pattern source matching the word as typed with at most one slip after its first letter. Use it inside
 * a larger pattern; a lower-case letter stands for any inserted or mistyped one, so give the pattern the
 * "i" flag where capitals may follow.
 */
export function tolerant(word: string): string {
  if (word.length < MIN_TOLERANT_LENGTH || !/^[A-Za-z]+$/.test(word)) return escapeRegExp(word);
  const added: string[] = [];
  const mistyped: string[] = [];
  const swapped: string[] = [];
  const dropped: string[] = [];
  for (let index = 1; index <= word.length; index++) {
    const before = word.slice(0, index);
    added.push(`${before}[a-z]${word.slice(index)}`);
    if (index === word.length) continue;
    const after = word.slice(index + 1);
    mistyped.push(`${before}[a-z]${after}`);
    dropped.push(`${before}${after}`);
    if (index + 1 < word.length)
      swapped.push(`${before}${word[index + 1]}${word[index]}${word.slice(index + 2)}`);
  }
  // The word itself first and longer forms before shorter ones, so a match never stops short of the word typed.
  const variants = new Set([escapeRegExp(word), ...added, ...mistyped, ...swapped, ...dropped]);
  return `(?:${[...variants].join("|")})`;
}

/** A pattern source for a phrase of words, each matched as tolerant() does, apart by any white space. */
export function tolerantPhrase(phrase: string): string {
  return phrase
    .trim()
    .split(/\s+/)
    .map((word) => tolerant(word))
    .join("\\s+");
}

/** A pattern source for any one of the words, each matched as tolerant() does. */
export function tolerantAnyOf(...words: string[]): string {
  return `(?:${words.map((word) => tolerant(word)).join("|")})`;
}
