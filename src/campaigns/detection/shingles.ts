// Word shingles over Unicode words. Scripts written without spaces (Chinese, Japanese, Thai…) have no words a
// regular expression can find: Han and kana are taken character by character, which keeps shingles stable
// however a dictionary would split a phrase; Thai, Lao, Khmer and Burmese are cut by Intl.Segmenter.
import { fmix32, hash32 } from "./hash.js";

/** Words per shingle: three keeps a swapped synonym from touching more than three shingles. */
export const SHINGLE_WORDS = 3;

const segmenter = new Intl.Segmenter("und", { granularity: "word" });
const HAN_KANA = "\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}";
/** A Han or kana character, or a run of anything else but spaces. */
const HAN_KANA_OR_WORD = new RegExp(`[${HAN_KANA}]|[^\\s${HAN_KANA}]+`, "gu");
/** Scripts written without spaces whose words only a dictionary finds. */
const NEEDS_DICTIONARY = /[\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const HAN_OR_KANA = new RegExp(`[${HAN_KANA}]`, "u");

/** The words of a normalised text; Chinese and Japanese one character each. */
export function wordsOf(normalised: string): string[] {
  if (NEEDS_DICTIONARY.test(normalised)) {
    const words: string[] = [];
    for (const { segment, isWordLike } of segmenter.segment(normalised)) {
      if (!isWordLike) continue;
      if (HAN_OR_KANA.test(segment)) for (const ch of segment) words.push(ch);
      else words.push(segment);
    }
    return words;
  }
  // Han and kana one character each; any other run between spaces is a word (the normalised text has no
  // punctuation left). A regular expression does this ten times faster than Intl.Segmenter.
  if (HAN_OR_KANA.test(normalised)) return normalised.match(HAN_KANA_OR_WORD) ?? [];
  return normalised.split(" ").filter((w) => w.length > 0);
}

/**
 * The hashed shingles of a normalised text (a text shorter than a shingle is one shingle). Each word is hashed
 * once and a shingle's hash chains its words' hashes, in order. Sorted, so MinHash skips repeats cheaply.
 */
export function shingleHashes(normalised: string, size = SHINGLE_WORDS): Uint32Array {
  const words = wordsOf(normalised);
  if (words.length === 0) return new Uint32Array(0);
  const hashes = words.map((w) => hash32(w, 0));
  const count = Math.max(1, words.length - size + 1);
  const out = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    let h = hashes[i]!;
    for (let j = 1; j < size && i + j < hashes.length; j++)
      h = fmix32(h ^ Math.imul(hashes[i + j]!, 0x85ebca6b));
    out[i] = h;
  }
  return out.sort();
}

/** The shingles themselves, for tests and for reading what was compared. */
export function shingles(normalised: string, size = SHINGLE_WORDS): string[] {
  const words = wordsOf(normalised);
  if (words.length <= size) return words.length ? [words.join(" ")] : [];
  const out = new Set<string>();
  for (let i = 0; i + size <= words.length; i++) out.add(words.slice(i, i + size).join(" "));
  return [...out];
}
