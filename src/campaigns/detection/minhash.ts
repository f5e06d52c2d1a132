// MinHash signatures: k slots, each the smallest hash a text reaches in it. Two texts agree on one slot with probability equal to the Jaccard similarity of their shingle sets,
// so the share of agreeing slots estimates it (standard error √(J(1−J)/k): ±0.035 at J = 0.8, k = 128).
import { fmix32 } from "./hash.js";

/** Permutations per signature. */
export const PERMUTATIONS = 128;

/** Marks a bin no shingle fell into (before densification). */
const EMPTY = 0x7fffffff;
const BIN_SHIFT = 32 - Math.log2(PERMUTATIONS);

/**
 * The signature of a set of shingle hashes, by one-permutation hashing with optimal densification (Shrivastava,
 * ICML 2017): each shingle's hash is used once, its top 7 bits choosing one of 128 bins and the whole hash
 * competing for that bin's minimum; a bin no shingle reached borrows the minimum of the first reached bin on its
 * own fixed probe sequence, the same for every text. Two texts agree on a slot with probability equal to their
 * Jaccard similarity, as with 128 separate permutations, for 1/128 of the hashing: k permutations cost k
 * multiply-shift rounds per shingle and were three quarters of detection's time.
 * Values are kept as signed integers with the sign bit flipped (the order of the unsigned hashes), so V8 stays
 * in small-integer arithmetic.
 */
export function minhashSignature(
  shingleHashes: Uint32Array,
  into = new Int32Array(PERMUTATIONS),
): Int32Array {
  into.fill(EMPTY);
  const n = shingleHashes.length;
  for (let s = 0; s < n; s++) {
    const x = shingleHashes[s]!;
    const bin = x >>> BIN_SHIFT;
    const v = (x ^ 0x80000000) | 0;
    if (v < into[bin]!) into[bin] = v;
  }
  if (n === 0) return into;
  // Which bins a shingle reached, before any is filled by borrowing (four 32-bit words for 128 bins).
  const reached = [0, 0, 0, 0];
  let empty = 0;
  for (let bin = 0; bin < PERMUTATIONS; bin++) {
    if (into[bin] !== EMPTY) reached[bin >>> 5]! |= 1 << (bin & 31);
    else empty++;
  }
  if (empty === 0) return into;
  const filled = into.slice();
  for (let bin = 0; bin < PERMUTATIONS; bin++) {
    if (filled[bin] !== EMPTY) continue;
    for (let attempt = 1; ; attempt++) {
      const from = fmix32(Math.imul(bin + 1, 0x9e3779b1) ^ attempt) >>> BIN_SHIFT;
      if ((reached[from >>> 5]! >>> (from & 31)) & 1) {
        into[bin] = filled[from]!;
        break;
      }
    }
  }
  return into;
}

/** The share of slots where two signatures (at the given offsets of their arrays) agree. */
export function estimatedJaccard(
  a: Int32Array,
  b: Int32Array,
  aOffset = 0,
  bOffset = 0,
  length = PERMUTATIONS,
): number {
  let same = 0;
  for (let i = 0; i < length; i++) if (a[aOffset + i] === b[bOffset + i]) same++;
  return same / length;
}

/**
 * A signature as kept for comparison: the low byte of each value. Two texts' values that differ agree in
 * their low byte by chance once in 256, so the estimate reads (1 − J)/256 high (0.0014 at the 0.65
 * threshold), for a quarter of the memory and of the intake index on disk.
 */
export function compactSignature(signature: Int32Array, offset = 0): Uint8Array {
  const out = new Uint8Array(PERMUTATIONS);
  for (let i = 0; i < PERMUTATIONS; i++) out[i] = signature[offset + i]! & 0xff;
  return out;
}

/** The estimated Jaccard similarity of two compact signatures. */
export function compactSimilarity(a: Uint8Array, b: Uint8Array): number {
  let same = 0;
  for (let i = 0; i < PERMUTATIONS; i++) if (a[i] === b[i]) same++;
  return same / PERMUTATIONS;
}

/** The exact Jaccard similarity of two sets of shingle hashes (for tests and for checking the estimate). */
export function exactJaccard(a: Uint32Array, b: Uint32Array): number {
  const left = new Set(a);
  let both = 0;
  for (const x of new Set(b)) if (left.has(x)) both++;
  const union = left.size + new Set(b).size - both;
  return union === 0 ? 1 : both / union;
}
