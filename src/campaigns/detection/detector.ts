// Grouping texts into campaigns. Exact copies (same normalised text) are collapsed first and cost one hash
// lookup each. Each distinct text gets a MinHash signature cut into bands; the first text to land in a band's
// bucket stays that bucket's representative, and a later text is compared only with the representatives of its
// 32 buckets, joined to them (union-find) when the estimated similarity clears the threshold. Work and memory
// grow with the number of texts, never with the pairs inside a campaign: a letter sent a million times is a
// million lookups, not half a trillion comparisons.
//
// Why 32 bands of 4 rows: a pair is a candidate with probability 1 − (1 − J⁴)³². At J = 0.8 (a copy with a
// synonym swapped and a sentence added) that is 1 − 5·10⁻⁸; at J = 0.5 it is 0.87, and at J = 0.3 it is 0.23, so
// copies are all but certain to meet while unrelated texts rarely cost a comparison. (16 × 8 would miss 3 % at
// J = 0.7; 64 × 2 would compare nearly every text sharing a common phrase.) The threshold then decides.

import { BANDS, INDEX_BANDS } from "./fingerprint.js";
import { estimatedJaccard, PERMUTATIONS } from "./minhash.js";
import { MIN_WORDS, type PackedPrints, packPrints, type WrittenBoxes } from "./prints.js";
import { UnionFind } from "./union-find.js";

export { MIN_WORDS };
/** Estimated Jaccard similarity above which two texts are one campaign's copies. */
export const DEFAULT_THRESHOLD = 0.65;

/** One group found: its members in the order they were added, and the one standing for them. */
export interface DetectedGroup {
  representative: string;
  members: string[];
}

/** A bucket table for one band: open addressing over typed arrays (a Map per band costs ten times the memory). */
class BucketTable {
  private keys = new Int32Array(1 << 14);
  private values = new Int32Array(1 << 14).fill(-1);
  private used = 0;

  /** Buckets held. */
  get size(): number {
    return this.used;
  }

  /** The representative already in the bucket, or -1 after making `value` its representative. */
  claim(key: number, value: number): number {
    if ((this.used + 1) * 2 > this.keys.length) this.grow();
    const mask = this.keys.length - 1;
    let slot = key & mask;
    for (;;) {
      const held = this.values[slot]!;
      if (held === -1) {
        this.keys[slot] = key;
        this.values[slot] = value;
        this.used++;
        return -1;
      }
      if (this.keys[slot] === key) return held;
      slot = (slot + 1) & mask;
    }
  }

  /** Every key and its representative. */
  *entries(): Generator<[number, number]> {
    for (let i = 0; i < this.keys.length; i++)
      if (this.values[i] !== -1) yield [this.keys[i]!, this.values[i]!];
  }

  private grow(): void {
    const keys = this.keys;
    const values = this.values;
    this.keys = new Int32Array(keys.length * 2);
    this.values = new Int32Array(keys.length * 2).fill(-1);
    this.used = 0;
    for (let i = 0; i < keys.length; i++) if (values[i] !== -1) this.claim(keys[i]!, values[i]!);
  }
}

/** Finds campaigns among texts added one at a time (arrival order). */
export class CampaignDetector {
  private readonly threshold: number;
  private readonly exact = new Map<string, number>();
  private readonly sets = new UnionFind();
  private readonly bands = Array.from({ length: BANDS }, () => new BucketTable());
  /** Per distinct text: its signature, how many copies, and who its copies are. */
  private signatures = new Int32Array(PERMUTATIONS * 1024);
  private readonly copies: string[][] = [];
  /** Which part of each copy (its own text 0, then answers and files in order). */
  private readonly copyParts: number[][] = [];
  private readonly exactKeys: string[] = [];
  /** Whether the distinct text has a signature (a short text is matched by its exact key only). */
  private readonly banded: boolean[] = [];
  /** Comparisons made (for the benchmark: it must grow with texts, not pairs). */
  comparisons = 0;

  constructor(options: { threshold?: number } = {}) {
    this.threshold = options.threshold ?? DEFAULT_THRESHOLD;
  }

  /**
   * Adds one contribution under its id: a text, or the boxes it typed (see mainPrint for the one compared); an
   * empty text (after normalising) joins nothing.
   */
  add(id: string, text: string | readonly string[] | WrittenBoxes): void {
    const boxes =
      typeof text === "string"
        ? { parts: [text], typed: 1 }
        : "parts" in text
          ? text
          : { parts: text, typed: text.length };
    this.addPrinted([id], packPrints([boxes]));
  }

  /**
   * Adds a batch of contributions already fingerprinted (packPrints, maybe on a worker thread), in order. Each
   * contribution is its main box only: boxes are joined by their likeness alone, never because one person wrote
   * them, so a group is the copies of one text.
   */
  addPrinted(ids: readonly string[], prints: PackedPrints): void {
    let box = 0;
    for (let c = 0; c < ids.length; c++) if (prints.boxes[c]) this.addBox(ids[c]!, prints, box++);
  }

  private addBox(id: string, prints: PackedPrints, box: number): void {
    const exactKey = prints.exact[box]!;
    const part = prints.parts[box]!;
    const known = this.exact.get(exactKey);
    if (known !== undefined) {
      this.copies[known]!.push(id);
      this.copyParts[known]!.push(part);
      return;
    }
    const banded = prints.banded[box] === 1;
    const index = this.sets.add();
    this.exact.set(exactKey, index);
    this.copies.push([id]);
    this.copyParts.push([part]);
    this.exactKeys.push(exactKey);
    this.banded.push(banded);
    if (!banded) return;
    const from = box * PERMUTATIONS;
    this.store(index, prints.signatures.subarray(from, from + PERMUTATIONS));
    for (let band = 0; band < BANDS; band++) {
      const held = this.bands[band]!.claim(prints.keys[box * BANDS + band]!, index);
      if (held === -1 || this.sets.find(held) === this.sets.find(index)) continue;
      this.comparisons++;
      // Band keys are 32-bit hashes and a bucket's representative may resemble this text by chance in one
      // band: the whole signature decides.
      if (estimatedJaccard(prints.signatures, this.signatures, from, held * PERMUTATIONS) >= this.threshold)
        this.sets.union(held, index);
    }
  }

  /** Groups of at least `minSize` texts (copies counted), largest first; the representative is the text copied most. */
  groups(minSize = 2): DetectedGroup[] {
    const byRoot = new Map<number, number[]>();
    for (let i = 0; i < this.copies.length; i++) {
      const root = this.sets.find(i);
      const list = byRoot.get(root);
      if (list) list.push(i);
      else byRoot.set(root, [i]);
    }
    const groups: DetectedGroup[] = [];
    for (const distinct of byRoot.values()) {
      let total = 0;
      let best = distinct[0]!;
      for (const i of distinct) {
        total += this.copies[i]!.length;
        if (this.copies[i]!.length > this.copies[best]!.length) best = i;
      }
      if (total < minSize) continue;
      // Distinct texts are indexed in arrival order; members keep it within each distinct text's copies (one
      // box a contribution, so nobody is listed twice).
      const members = distinct.flatMap((i) => this.copies[i]!);
      groups.push({ representative: this.copies[best]![0]!, members });
    }
    return groups.sort((a, b) => b.members.length - a.members.length);
  }

  /**
   * What intake assignment needs to carry on from this run, a row at a time so a caller can write it in
   * slices: each box's exact key and, for the first of each exact key, its signature (in arrival order of
   * distinct boxes)…
   */
  *indexTexts(): Generator<{ id: string; part: number; exact: string; signature: Int32Array | null }> {
    for (let i = 0; i < this.copies.length; i++) {
      const ids = this.copies[i]!;
      const parts = this.copyParts[i]!;
      const signature = this.banded[i]
        ? this.signatures.subarray(i * PERMUTATIONS, (i + 1) * PERMUTATIONS)
        : null;
      yield { id: ids[0]!, part: parts[0]!, exact: this.exactKeys[i]!, signature };
      for (let c = 1; c < ids.length; c++)
        yield { id: ids[c]!, part: parts[c]!, exact: this.exactKeys[i]!, signature: null };
    }
  }

  /**
   * …and the representative of each bucket of the bands the index keeps (INDEX_BANDS), sorted by key so the
   * database's index on (cycle, key) is filled in order rather than at random pages.
   */
  indexBuckets(): { keys: Int32Array; representatives: string[]; parts: Int32Array } {
    let count = 0;
    for (let band = 0; band < INDEX_BANDS; band++) count += this.bands[band]!.size;
    // Key (as unsigned, in the high half) and distinct box in one 64-bit integer: a native sort orders both.
    const packed = new BigUint64Array(count);
    let n = 0;
    for (let band = 0; band < INDEX_BANDS; band++)
      for (const [key, index] of this.bands[band]!.entries())
        packed[n++] = (BigInt((key ^ 0x80000000) >>> 0) << 32n) | BigInt(index);
    packed.sort();
    const keys = new Int32Array(count);
    const representatives: string[] = new Array(count);
    const parts = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      const index = Number(packed[i]! & 0xffffffffn);
      keys[i] = Number(packed[i]! >> 32n) ^ 0x80000000;
      representatives[i] = this.copies[index]![0]!;
      parts[i] = this.copyParts[index]![0]!;
    }
    return { keys, representatives, parts };
  }

  private store(index: number, signature: Int32Array): void {
    const offset = index * PERMUTATIONS;
    if (offset + PERMUTATIONS > this.signatures.length) {
      // Short texts keep no signature, so the index may have moved on by more than one.
      let length = this.signatures.length * 2;
      while (offset + PERMUTATIONS > length) length *= 2;
      const grown = new Int32Array(length);
      grown.set(this.signatures);
      this.signatures = grown;
    }
    this.signatures.set(signature, offset);
  }
}

/** Groups a list of texts in one go. */
export function detectCampaigns(
  texts: Iterable<{ id: string; text: string | readonly string[] | WrittenBoxes }>,
  options: { threshold?: number; minSize?: number } = {},
): DetectedGroup[] {
  const detector = new CampaignDetector(options);
  for (const { id, text } of texts) detector.add(id, text);
  return detector.groups(options.minSize);
}
