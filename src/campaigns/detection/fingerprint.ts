// A text's fingerprint for campaign detection: its words hashed once, the exact-copy key chained from those
// hashes, the shingles chained from them too, then the MinHash signature and its band keys. Plain ASCII text
// (most Latin-script letters) is lowered, split and hashed in one pass over its characters with no string
// made; any other text is normalised and split first. Both paths give the same word hashes for the same words,
// so a letter retyped with full-width or accented characters still meets its plain copy.
import { fmix32, hash32 } from "./hash.js";
import { minhashSignature, PERMUTATIONS } from "./minhash.js";
import { normaliseText } from "./normalise.js";
import { SHINGLE_WORDS, wordsOf } from "./shingles.js";

/** LSH bands and rows per band (see detector.ts for why 32 × 4). */
export const BANDS = 32;
export const ROWS_PER_BAND = PERMUTATIONS / BANDS;
/**
 * Bands kept in the intake index (the first 16 of the 32). The full run compares with all 32; the index keeps
 * one bucket row per band and distinct box, nearly all of them unique texts', so half the bands is half its
 * size and writing time. A new copy still meets a lone earlier text with probability 1 − (1 − J⁴)¹⁶: 0.9998 at
 * J = 0.8, 0.96 at the threshold 0.65; a copy of a campaign meets any of its members' buckets.
 */
export const INDEX_BANDS = 16;

/** What detection keeps of one text. */
export interface Fingerprint {
  /** The same for texts equal once normalised (64 bits of two hash chains over the words, in hex). */
  exact: string;
  signature: Int32Array;
  /** How many words the text has (Chinese and Japanese characters counted one by one). */
  words: number;
}

const ASCII = /^\p{ASCII}*$/u;
let words = new Uint32Array(4096);

function push(count: number, hash: number): number {
  if (count === words.length) {
    const grown = new Uint32Array(words.length * 2);
    grown.set(words);
    words = grown;
  }
  words[count] = hash;
  return count + 1;
}

/** The words of an ASCII text, lowered, split on anything but letters and digits, each hashed as hash32(word, 0). */
function asciiWordHashes(text: string): number {
  let count = 0;
  let h = 0;
  let length = 0;
  let pending = -1;
  const n = text.length;
  for (let i = 0; i <= n; i++) {
    let c = i < n ? text.charCodeAt(i) : 32;
    if (c >= 65 && c <= 90) c += 32;
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
      length++;
      if (pending < 0) pending = c;
      else {
        // hash32's body: two UTF-16 units per round.
        let k = pending | (c << 16);
        k = Math.imul(k, 0xcc9e2d51);
        k = (k << 15) | (k >>> 17);
        k = Math.imul(k, 0x1b873593);
        h ^= k;
        h = (h << 13) | (h >>> 19);
        h = (Math.imul(h, 5) + 0xe6546b64) | 0;
        pending = -1;
      }
    } else if (length > 0) {
      if (pending >= 0) {
        let k = Math.imul(pending, 0xcc9e2d51);
        k = (k << 15) | (k >>> 17);
        k = Math.imul(k, 0x1b873593);
        h ^= k;
      }
      h ^= length * 2;
      count = push(count, fmix32(h));
      h = 0;
      length = 0;
      pending = -1;
    }
  }
  return count;
}

/** Characters per shingle where Chinese or Japanese is taken character by character: three characters are
 * often one word, and texts on one subject share most of them. */
export const HAN_SHINGLE = 5;
/** Scripts whose words only a dictionary finds: their words come from shingles.ts's wordsOf. */
const NEEDS_DICTIONARY = /[\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
let shingleSize = SHINGLE_WORDS;

/** What a UTF-16 unit is to the word splitter: outside words, inside a word, or a Han or kana word alone. */
const SPACE = 0;
const WORD = 1;
const HAN = 2;
/** The class of every UTF-16 unit, filled on first use (64 KiB; surrogates are classed by code point). */
let classes: Uint8Array | undefined;
const LETTER_OR_NUMBER = /^[\p{L}\p{N}\p{M}]$/u;
const HAN_OR_KANA_UNIT = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]$/u;

function classOf(char: string): number {
  return !LETTER_OR_NUMBER.test(char) ? SPACE : HAN_OR_KANA_UNIT.test(char) ? HAN : WORD;
}

function unitClasses(): Uint8Array {
  if (classes) return classes;
  classes = new Uint8Array(0x10000);
  for (let unit = 0; unit < 0x10000; unit++)
    if (unit < 0xd800 || unit > 0xdfff) classes[unit] = classOf(String.fromCharCode(unit));
  return classes;
}

/**
 * The words of a text normalised as normaliseText does, hashed as hash32(word, 0), in one pass over the
 * normalised string with no word strings made: the same words as wordsOf (runs of letters, digits and marks;
 * each Han or kana character a word of its own), so both paths give the same hashes. The punctuation is not
 * replaced first: a unit outside the classes simply ends a word.
 */
function generalWordHashes(text: string): number {
  // NFKC, then case folding approximated as for normaliseText; NFKC again only when folding changed anything
  // (case mappings of NFKC text rarely leave it un-normalised, and then only where folding did something).
  const composed = text.normalize("NFKC");
  const folded = composed.toUpperCase().toLowerCase();
  const normalised = folded === composed ? composed : folded.normalize("NFKC");
  if (NEEDS_DICTIONARY.test(normalised)) {
    let count = 0;
    for (const word of wordsOf(normaliseText(text))) count = push(count, hash32(word, 0));
    return count;
  }
  const kinds = unitClasses();
  let count = 0;
  let han = false;
  let h = 0;
  let length = 0;
  let pending = -1;
  const n = normalised.length;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? normalised.charCodeAt(i) : 32;
    let kind: number;
    let width = 1;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const low = normalised.charCodeAt(i + 1);
      kind = low >= 0xdc00 && low <= 0xdfff ? classOf(normalised.slice(i, i + 2)) : SPACE;
      if (kind !== SPACE) width = 2;
    } else kind = c >= 0xd800 && c <= 0xdfff ? SPACE : kinds[c]!;
    if (kind !== WORD && length > 0) {
      // The word so far ends (hash32's tail and finaliser).
      if (pending >= 0) {
        let k = Math.imul(pending, 0xcc9e2d51);
        k = (k << 15) | (k >>> 17);
        k = Math.imul(k, 0x1b873593);
        h ^= k;
      }
      h ^= length * 2;
      count = push(count, fmix32(h));
      h = 0;
      length = 0;
      pending = -1;
    }
    if (kind === SPACE) continue;
    if (kind === HAN) han = true;
    // A word's units, two per round of hash32's body; a Han or kana character is a word of its own.
    for (let u = 0; u < width; u++) {
      const unit = normalised.charCodeAt(i + u);
      length++;
      if (pending < 0) pending = unit;
      else {
        let k = pending | (unit << 16);
        k = Math.imul(k, 0xcc9e2d51);
        k = (k << 15) | (k >>> 17);
        k = Math.imul(k, 0x1b873593);
        h ^= k;
        h = (h << 13) | (h >>> 19);
        h = (Math.imul(h, 5) + 0xe6546b64) | 0;
        pending = -1;
      }
    }
    i += width - 1;
    if (kind === HAN) {
      if (pending >= 0) {
        let k = Math.imul(pending, 0xcc9e2d51);
        k = (k << 15) | (k >>> 17);
        k = Math.imul(k, 0x1b873593);
        h ^= k;
      }
      h ^= length * 2;
      count = push(count, fmix32(h));
      h = 0;
      length = 0;
      pending = -1;
    }
  }
  shingleSize = han ? HAN_SHINGLE : SHINGLE_WORDS;
  return count;
}

/** The fingerprint of a text, or undefined when it has no words. */
export function fingerprintOf(
  text: string,
  signature = new Int32Array(PERMUTATIONS),
): Fingerprint | undefined {
  shingleSize = SHINGLE_WORDS;
  const count = ASCII.test(text) ? asciiWordHashes(text) : generalWordHashes(text);
  if (count === 0) return undefined;
  let a = 0x2545f491;
  let b = 0x6a09e667;
  for (let i = 0; i < count; i++) {
    const w = words[i]!;
    a = fmix32(Math.imul(a, 0x01000193) ^ w);
    b = fmix32((b + Math.imul(w, 0x85ebca6b)) ^ 0x5bd1e995);
  }
  const exact = hex(a) + hex(b ^ count);
  return { exact, signature: minhashSignature(shinglesOfWords(count, shingleSize), signature), words: count };
}

function hex(value: number): string {
  return (value >>> 0).toString(16).padStart(8, "0");
}

/** Shingle hashes of the first `count` word hashes: each chains its words' hashes in order. */
function shinglesOfWords(count: number, size: number): Uint32Array {
  const n = Math.max(1, count - size + 1);
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let h = words[i]!;
    for (let j = 1; j < size && i + j < count; j++) h = fmix32(h ^ Math.imul(words[i + j]!, 0x85ebca6b));
    out[i] = h;
  }
  return out;
}

/** The band keys of a signature: band b's key is a hash of its rows, seeded by b (into `into`, 32 of them). */
export function bandKeys(signature: Int32Array, into = new Int32Array(BANDS), offset = 0): Int32Array {
  for (let band = 0; band < BANDS; band++) {
    let h = band;
    for (let row = band * ROWS_PER_BAND; row < (band + 1) * ROWS_PER_BAND; row++)
      h = fmix32(h ^ signature[offset + row]!);
    into[band] = h | 0;
  }
  return into;
}
