// MinHash signatures: for each of k seeded permutations of the 32-bit shingle hashes, the smallest value a text
// reaches. Two texts agree on one slot with probability equal to the Jaccard similarity of their shingle sets,
// so the share of agreeing slots estimates it (standard error √(J(1−J)/k): ±0.035 at J = 0.8, k = 128).
import { fmix32 } from "./hash.js";

/** Permutations per signature. */
export const PERMUTATIONS = 128;

const seeds = Int32Array.from({ length: PERMUTATIONS }, (_, i) => fmix32(0x9e3779b9 + i * 0x85ebca6b));

/**
 * The signature of a set of shingle hashes. Permutation i is x ↦ fmix32(x ⊕ seedᵢ): an xor and Murmur's
 * finaliser are both bijections of 32-bit integers, so each is a true permutation, not merely a hash. Values
 * are kept as signed integers with the sign bit flipped (the same order as unsigned), so V8 never leaves
 * small-integer arithmetic in this loop, which is most of detection's time.
 */
export function minhashSignature(
  shingleHashes: Uint32Array,
  into = new Int32Array(PERMUTATIONS),
): Int32Array {
  into.fill(0x7fffffff);
  const k = into.length;
  for (let s = 0; s < shingleHashes.length; s++) {
    // A repeated shingle (adjacent once sorted) cannot lower any minimum.
    if (s > 0 && shingleHashes[s] === shingleHashes[s - 1]) continue;
    const x = shingleHashes[s]! | 0;
    for (let i = 0; i < k; i++) {
      let h = x ^ seeds[i]!;
      h ^= h >>> 16;
      h = Math.imul(h, 0x85ebca6b);
      h ^= h >>> 13;
      h = Math.imul(h, 0xc2b2ae35);
      h ^= h >>> 16;
      h ^= 0x80000000;
      if (h < into[i]!) into[i] = h;
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

/** The exact Jaccard similarity of two sets of shingle hashes (for tests and for checking the estimate). */
export function exactJaccard(a: Uint32Array, b: Uint32Array): number {
  const left = new Set(a);
  let both = 0;
  for (const x of new Set(b)) if (left.has(x)) both++;
  const union = left.size + new Set(b).size - both;
  return union === 0 ? 1 : both / union;
}
