// Word shingles over Unicode words. Scripts written without spaces (Chinese, Japanese, Thai…) have no words a
// regular expression can find, so Intl.Segmenter cuts them; Han and kana are then taken character by character,
// which keeps shingles stable however the segmenter's dictionary splits a phrase.
import { hash32 } from "./hash.js";

/** Words per shingle: three keeps a swapped synonym from touching more than three shingles. */
export const SHINGLE_WORDS = 3;

const segmenter = new Intl.Segmenter("und", { granularity: "word" });
const CHARACTER_SCRIPTS = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const SPACELESS =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

/** The words of a normalised text; Chinese and Japanese one character each. */
export function wordsOf(normalised: string): string[] {
  if (!SPACELESS.test(normalised)) return normalised.split(" ").filter((w) => w.length > 0);
  const words: string[] = [];
  for (const { segment, isWordLike } of segmenter.segment(normalised)) {
    if (!isWordLike) continue;
    if (CHARACTER_SCRIPTS.test(segment)) {
      for (const ch of segment) words.push(ch);
    } else words.push(segment);
  }
  return words;
}

/** The distinct hashed shingles of a normalised text (a text shorter than a shingle is one shingle). */
export function shingleHashes(normalised: string, size = SHINGLE_WORDS): Uint32Array {
  const words = wordsOf(normalised);
  if (words.length === 0) return new Uint32Array(0);
  const seen = new Set<number>();
  if (words.length <= size) seen.add(hash32(words.join(" "), 0));
  else for (let i = 0; i + size <= words.length; i++) seen.add(hash32(words.slice(i, i + size).join(" "), 0));
  return Uint32Array.from(seen);
}

/** The shingles themselves, for tests and for reading what was compared. */
export function shingles(normalised: string, size = SHINGLE_WORDS): string[] {
  const words = wordsOf(normalised);
  if (words.length <= size) return words.length ? [words.join(" ")] : [];
  const out = new Set<string>();
  for (let i = 0; i + size <= words.length; i++) out.add(words.slice(i, i + size).join(" "));
  return [...out];
}
