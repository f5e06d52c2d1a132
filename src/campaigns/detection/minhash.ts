// MinHash signatures: for each of k seeded permutations of the 32-bit shingle hashes, the smallest value a text
// reaches. Two texts agree on one slot with probability equal to the Jaccard similarity of their shingle sets,
// so the share of agreeing slots estimates it (standard error √(J(1−J)/k): ±0.035 at J = 0.8, k = 128).
import { fmix32 } from "./hash.js";

/** Permutations per signature. */
export const PERMUTATIONS = 128;

const seeds = Uint32Array.from({ length: PERMUTATIONS }, (_, i) => fmix32(0x9e3779b9 + i * 0x85ebca6b));

/**
 * The signature of a set of shingle hashes. Permutation i is x ↦ fmix32(x ⊕ seedᵢ): an xor and Murmur's
 * finaliser are both bijections of 32-bit integers, so each is a true permutation, not merely a hash.
 */
export function minhashSignature(
  shingleHashes: Uint32Array,
  into = new Uint32Array(PERMUTATIONS),
): Uint32Array {
  into.fill(0xffffffff);
  const k = into.length;
  for (let s = 0; s < shingleHashes.length; s++) {
    const x = shingleHashes[s]!;
    for (let i = 0; i < k; i++) {
      const v = fmix32(x ^ seeds[i]!);
      if (v < into[i]!) into[i] = v;
    }
  }
  return into;
}

/** The share of slots where two signatures (at the given offsets of their arrays) agree. */
export function estimatedJaccard(
  a: Uint32Array,
  b: Uint32Array,
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
