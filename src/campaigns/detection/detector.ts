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
import { compactSignature, compactSimilarity, PERMUTATIONS } from "./minhash.js";
import { MIN_WORDS, type PackedPrints, packPrints, type WrittenBoxes } from "./prints.js";
import { UnionFind } from "./union-find.js";

export { MIN_WORDS };
/** Estimated Jaccard similarity above which two texts are one campaign's copies. */
export const DEFAULT_THRESHOLD = 0.65;
/**
 * How like the group's first text a text must also be to join it. Joining through whichever copy a text meets
 * (single linkage) lets a chain of texts, each close to the next, drift anywhere: stock phrases of a language
 * chained thousands of unrelated answers into one "campaign" at a million (precision 0.88). Every copy of a
 * letter stays within reach of the letter, however its paragraphs were reordered and its words swapped; a
 * chain's far end does not. On the million-contribution corpus: 0.4 split campaigns (recall 0.89), 0.3 still
 * some (0.97), 0.2 kept them whole (0.9995) with precision 0.98.
 */
export const DEFAULT_FOUNDER_THRESHOLD = 0.2;

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
    // Up to three quarters full: half would double the memory of 32 tables of a million keys each, and a
    // linear probe at 0.75 still reads two or three slots on average.
    if ((this.used + 1) * 4 > this.keys.length * 3) this.grow();
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

  /** Lets the table's memory go (a finished run's, before writing the index). */
  release(): void {
    this.keys = new Int32Array(0);
    this.values = new Int32Array(0);
    this.used = 0;
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

/** A growable list of 32-bit integers (a plain array of numbers costs four times the memory). */
class IntList {
  private items = new Int32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.items.length) {
      const grown = new Int32Array(this.items.length * 2);
      grown.set(this.items);
      this.items = grown;
    }
    this.items[this.length++] = value;
  }

  get(index: number): number {
    return this.items[index]!;
  }

  set(index: number, value: number): void {
    this.items[index] = value;
  }
}

/**
 * Compact signatures (compactSignature: one byte a value, 128 bytes a text) kept in fixed chunks, so a million
 * of them never need one copy of all of them to grow.
 */
class SignatureStore {
  private static readonly PER_CHUNK = 8192;
  private readonly chunks: Uint8Array[] = [];
  private count = 0;

  /** Keeps a compact signature; returns its slot. */
  add(compact: Uint8Array): number {
    const slot = this.count++;
    const chunk = Math.floor(slot / SignatureStore.PER_CHUNK);
    if (chunk === this.chunks.length)
      this.chunks.push(new Uint8Array(SignatureStore.PER_CHUNK * PERMUTATIONS));
    this.chunks[chunk]!.set(compact, (slot % SignatureStore.PER_CHUNK) * PERMUTATIONS);
    return slot;
  }

  /** The compact signature in a slot (a view, not a copy). */
  get(slot: number): Uint8Array {
    const offset = (slot % SignatureStore.PER_CHUNK) * PERMUTATIONS;
    return this.chunks[Math.floor(slot / SignatureStore.PER_CHUNK)]!.subarray(offset, offset + PERMUTATIONS);
  }
}

/**
 * Finds campaigns among contributions added one at a time (arrival order). Each compared box of a contribution
 * is a "row"; rows with the same normalised text share one distinct text; distinct texts are joined by their
 * likeness alone, never because one person wrote them. After the run, each contribution belongs to the group of
 * its longest box that has copies: a supporter's letter puts them in the campaign however long the answers of
 * their own beside it (those have no copies), a short stock answer they share with others does not outweigh
 * it, and stock phrases never chain two people's other boxes, or whole campaigns, together (joining a
 * contribution's boxes did, at a million: F1 0.33).
 */
export class CampaignDetector {
  private readonly threshold: number;
  private readonly founderThreshold: number;
  private readonly exact = new Map<string, number>();
  private readonly sets = new UnionFind();
  private readonly bands = Array.from({ length: BANDS }, () => new BucketTable());
  private readonly signatures = new SignatureStore();
  /**
   * Per distinct text: its exact key, its signature's slot (-1: none kept), its first row, and for a
   * group's root the group's first text (always a bucket's representative, so its signature is kept).
   */
  private readonly exactKeys: string[] = [];
  private readonly founder = new IntList();
  private readonly signatureSlot = new IntList();
  private readonly firstRow = new IntList();
  /** Per row: its distinct text, its contribution, part and words. */
  private readonly rowText = new IntList();
  private readonly rowWords = new IntList();
  private readonly rowContribution = new IntList();
  private readonly rowPart = new IntList();
  /** Per contribution, in arrival order: its id and its first row (its rows are consecutive). */
  private readonly ids: string[] = [];
  private readonly contributionRow = new IntList();
  /** Comparisons made (for the benchmark: it must grow with texts, not pairs). */
  comparisons = 0;

  constructor(options: { threshold?: number; founderThreshold?: number } = {}) {
    this.threshold = options.threshold ?? DEFAULT_THRESHOLD;
    this.founderThreshold = options.founderThreshold ?? DEFAULT_FOUNDER_THRESHOLD;
  }

  /**
   * Adds one contribution under its id: a text, or the boxes it typed (see comparedBoxes); an empty text
   * (after normalising) joins nothing.
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

  /** Adds a batch of contributions already fingerprinted (packPrints, maybe on a worker thread), in order. */
  addPrinted(ids: readonly string[], prints: PackedPrints): void {
    let box = 0;
    for (let c = 0; c < ids.length; c++) {
      const count = prints.boxes[c]!;
      if (!count) continue;
      const contribution = this.ids.length;
      this.ids.push(ids[c]!);
      this.contributionRow.push(this.rowText.length);
      for (let k = 0; k < count; k++, box++) this.addBox(contribution, prints, box);
    }
  }

  private addBox(contribution: number, prints: PackedPrints, box: number): void {
    const exactKey = prints.exact[box]!;
    const row = this.rowText.length;
    this.rowContribution.push(contribution);
    this.rowPart.push(prints.parts[box]!);
    this.rowWords.push(prints.words[box]!);
    const known = this.exact.get(exactKey);
    if (known !== undefined) {
      this.rowText.push(known);
      return;
    }
    const index = this.sets.add();
    this.exact.set(exactKey, index);
    this.exactKeys.push(exactKey);
    this.rowText.push(index);
    this.firstRow.push(row);
    this.signatureSlot.push(-1);
    this.founder.push(index);
    if (prints.banded[box] !== 1) return;
    const compact = compactSignature(prints.signatures, box * PERMUTATIONS);
    for (let band = 0; band < BANDS; band++) {
      const held = this.bands[band]!.claim(prints.keys[box * BANDS + band]!, index);
      if (held === -1) {
        // A bucket's representative is compared with every later text falling into it: keep its signature.
        if (this.signatureSlot.get(index) === -1) this.signatureSlot.set(index, this.signatures.add(compact));
        continue;
      }
      const heldRoot = this.sets.find(held);
      const ownRoot = this.sets.find(index);
      if (heldRoot === ownRoot) continue;
      this.comparisons++;
      // Band keys are 32-bit hashes and a bucket's representative may resemble this text by chance in one
      // band: the whole signature decides.
      if (this.similarity(compact, held) < this.threshold) continue;
      // Close to the copy it met, it must be near the group's first text too (see DEFAULT_FOUNDER_THRESHOLD);
      // when this text already joined another group, the two groups' first texts must be near each other.
      const theirFounder = this.founder.get(heldRoot);
      const ownFounder = this.founder.get(ownRoot);
      const near =
        ownRoot === index
          ? this.similarity(compact, theirFounder)
          : this.similarity(this.keptSignature(ownFounder), theirFounder);
      if (near < this.founderThreshold) continue;
      const root = this.sets.union(heldRoot, ownRoot);
      this.founder.set(root, Math.min(theirFounder, ownFounder));
    }
  }

  /** A text's kept compact signature, if it has one (bucket representatives only). */
  private keptSignature(text: number): Uint8Array | undefined {
    const slot = this.signatureSlot.get(text);
    return slot === -1 ? undefined : this.signatures.get(slot);
  }

  /** The estimated similarity of a compact signature and a kept text's (0 when it has none kept). */
  private similarity(compact: Uint8Array | undefined, text: number): number {
    const slot = this.signatureSlot.get(text);
    if (slot === -1 || !compact) return 0;
    return compactSimilarity(compact, this.signatures.get(slot));
  }

  /**
   * Groups of at least `minSize` contributions, largest first. Each contribution goes to the group of its
   * longest box in a group that reaches `minSize` contributions (the first such box on a tie); the
   * representative is the member whose text in the group is copied most.
   */
  groups(minSize = 2): DetectedGroup[] {
    const texts = this.exactKeys.length;
    const root = new Int32Array(texts);
    for (let i = 0; i < texts; i++) root[i] = this.sets.find(i);
    const rowsOf = (c: number): [number, number] => [
      this.contributionRow.get(c),
      c + 1 < this.ids.length ? this.contributionRow.get(c + 1) : this.rowText.length,
    ];
    // How many contributions have a box in each group (two boxes in one group count once).
    const reach = new Int32Array(texts);
    for (let c = 0; c < this.ids.length; c++) {
      const [from, to] = rowsOf(c);
      for (let r = from; r < to; r++) {
        const group = root[this.rowText.get(r)]!;
        let seen = false;
        for (let q = from; q < r && !seen; q++) seen = root[this.rowText.get(q)] === group;
        if (!seen) reach[group]!++;
      }
    }
    const members = new Map<number, number[]>();
    const chosenText = new Int32Array(this.ids.length).fill(-1);
    for (let c = 0; c < this.ids.length; c++) {
      const [from, to] = rowsOf(c);
      let best = -1;
      let words = -1;
      for (let r = from; r < to; r++) {
        const text = this.rowText.get(r);
        if (reach[root[text]!]! >= minSize && this.rowWords.get(r) > words) {
          best = text;
          words = this.rowWords.get(r);
        }
      }
      if (best === -1) continue;
      chosenText[c] = best;
      const list = members.get(root[best]!);
      if (list) list.push(c);
      else members.set(root[best]!, [c]);
    }
    const groups: DetectedGroup[] = [];
    for (const list of members.values()) {
      if (list.length < minSize) continue;
      // The text copied most among the members, and its first member.
      const copies = new Map<number, number>();
      let top = chosenText[list[0]!]!;
      for (const c of list) {
        const text = chosenText[c]!;
        const n = (copies.get(text) ?? 0) + 1;
        copies.set(text, n);
        if (n > (copies.get(top) ?? 0)) top = text;
      }
      const representative = list.find((c) => chosenText[c] === top)!;
      groups.push({ representative: this.ids[representative]!, members: list.map((c) => this.ids[c]!) });
    }
    return groups.sort((a, b) => b.members.length - a.members.length);
  }

  /**
   * What intake assignment needs to carry on from this run, a row at a time in arrival order so a caller can
   * write it in slices: each compared box's exact key and, for a text that represents a bucket, its
   * signature (intake compares a new text with bucket representatives only)…
   */
  *indexTexts(): Generator<{ id: string; part: number; exact: string; signature: Uint8Array | null }> {
    for (let row = 0; row < this.rowText.length; row++) {
      const text = this.rowText.get(row);
      const slot = this.firstRow.get(text) === row ? this.signatureSlot.get(text) : -1;
      const signature = slot === -1 ? null : this.signatures.get(slot);
      yield {
        id: this.ids[this.rowContribution.get(row)]!,
        part: this.rowPart.get(row),
        exact: this.exactKeys[text]!,
        signature,
      };
    }
  }

  /**
   * …and the representative of each bucket of the bands the index keeps (INDEX_BANDS), sorted by key so the
   * database's index on (cycle, key) is filled in order rather than at random pages: each bucket's key, its
   * representative's id and part. The run is over once it is called: the bucket tables are let go.
   */
  indexBuckets(): { keys: Int32Array; representative: (i: number) => string; parts: Int32Array } {
    let count = 0;
    for (let band = 0; band < INDEX_BANDS; band++) count += this.bands[band]!.size;
    // Key (as unsigned, in the high half) and distinct text in one 64-bit integer: a native sort orders both.
    let packed = new BigUint64Array(count);
    let n = 0;
    for (let band = 0; band < INDEX_BANDS; band++)
      for (const [key, index] of this.bands[band]!.entries())
        packed[n++] = (BigInt((key ^ 0x80000000) >>> 0) << 32n) | BigInt(index);
    for (const table of this.bands) table.release();
    packed.sort();
    const keys = new Int32Array(count);
    const owners = new Int32Array(count);
    const parts = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      const row = this.firstRow.get(Number(packed[i]! & 0xffffffffn));
      keys[i] = Number(packed[i]! >> 32n) ^ 0x80000000;
      owners[i] = this.rowContribution.get(row);
      parts[i] = this.rowPart.get(row);
    }
    packed = new BigUint64Array(0);
    return { keys, representative: (i) => this.ids[owners[i]!]!, parts };
  }
}

/** Groups a list of texts in one go. */
export function detectCampaigns(
  texts: Iterable<{ id: string; text: string | readonly string[] | WrittenBoxes }>,
  options: { threshold?: number; founderThreshold?: number; minSize?: number } = {},
): DetectedGroup[] {
  const detector = new CampaignDetector(options);
  for (const { id, text } of texts) detector.add(id, text);
  return detector.groups(options.minSize);
}
