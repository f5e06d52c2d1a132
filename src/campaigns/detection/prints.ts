// The fingerprints of a batch of contributions, packed for the detector: each contribution's compared boxes
// (see comparedBoxes) with their exact keys, signatures and band keys in flat typed arrays. Computing them is
// nearly all of a full run's CPU and needs no state, so a worker thread can do it while the main thread reads
// the next rows and groups (see pool.ts); the detector then takes them in arrival order, as if it had hashed
// them itself.
import { BANDS, bandKeys, fingerprintOf } from "./fingerprint.js";
import { PERMUTATIONS } from "./minhash.js";

/** Words a box must have to be compared for near copies (shorter ones only as exact copies of a whole text). */
export const MIN_WORDS = 25;

/** What a person wrote, box by box: the boxes they typed (own text, answers) first, then their files' text. */
export interface WrittenBoxes {
  parts: readonly string[];
  /** How many of `parts` were typed; the rest are files' extracted text. */
  typed: number;
}

/** One compared box of a contribution, fingerprinted. */
export interface BoxPrint {
  /** Which of its parts (0 its own text, then answers, then files). */
  part: number;
  /** The exact-copy key ("short:" before a short whole text's). */
  exact: string;
  /** The MinHash signature, or null for a short whole text, matched by its exact key only. */
  signature: Int32Array | null;
  /** How many words it has. */
  words: number;
}

/**
 * The boxes of a contribution that are compared: every box its sender typed that is long enough; else, when
 * nothing typed is, every file's text that is (a letter attached under a short note); else the whole text as
 * an exact copy only. A letter pasted into one answer is found whatever else the contribution says, and a
 * long report of the sender's own attached beside the letter costs nothing. (A letter attached beside a typed
 * note of 25 words or more is judged by the note.) Signatures are fresh arrays.
 */
export function comparedBoxes(boxes: WrittenBoxes): BoxPrint[] {
  const { parts, typed } = boxes;
  const found: BoxPrint[] = [];
  for (const [from, to] of [
    [0, Math.min(typed, parts.length)],
    [typed, parts.length],
  ] as const) {
    for (let part = from; part < to; part++) {
      const print = fingerprintOf(parts[part]!);
      if (print && print.words >= MIN_WORDS)
        found.push({ part, exact: print.exact, signature: print.signature, words: print.words });
    }
    if (found.length) return found;
  }
  const whole = fingerprintOf(parts.join("\n\n"));
  return whole ? [{ part: 0, exact: `short:${whole.exact}`, signature: null, words: whole.words }] : [];
}

/** A batch's fingerprints: the b-th compared box of the batch is the b-th entry of every array below. */
export interface PackedPrints {
  /** Compared boxes per contribution, in the batch's order (0 when it has no words at all). */
  boxes: Int32Array;
  /** Which part of its contribution each box is (0 its own text, then answers and files). */
  parts: Int32Array;
  /** 1 for a box compared for near copies, 0 for a short whole text matched by its exact key only. */
  banded: Uint8Array;
  /** Each box's exact key ("short:" before a short whole text's). */
  exact: string[];
  /** How many words each box has. */
  words: Int32Array;
  /** PERMUTATIONS signature values per box (zeros for a short one). */
  signatures: Int32Array;
  /** BANDS band keys per box (zeros for a short one). */
  keys: Int32Array;
}

/** Fingerprints the compared boxes of each contribution of a batch. */
export function packPrints(batch: readonly WrittenBoxes[]): PackedPrints {
  const boxes = new Int32Array(batch.length);
  const parts: number[] = [];
  const banded: number[] = [];
  const exact: string[] = [];
  const words: number[] = [];
  const signatures: Int32Array[] = [];
  for (let c = 0; c < batch.length; c++) {
    const compared = comparedBoxes(batch[c]!);
    for (const box of compared) {
      signatures.push(box.signature ?? new Int32Array(PERMUTATIONS));
      parts.push(box.part);
      banded.push(box.signature ? 1 : 0);
      exact.push(box.exact);
      words.push(box.words);
    }
    boxes[c] = compared.length;
  }
  const count = exact.length;
  const flat = new Int32Array(count * PERMUTATIONS);
  for (let b = 0; b < count; b++) flat.set(signatures[b]!, b * PERMUTATIONS);
  const keys = new Int32Array(count * BANDS);
  const keyScratch = new Int32Array(BANDS);
  for (let b = 0; b < count; b++)
    if (banded[b]) keys.set(bandKeys(flat, keyScratch, b * PERMUTATIONS), b * BANDS);
  return {
    boxes,
    parts: Int32Array.from(parts),
    banded: Uint8Array.from(banded),
    exact,
    words: Int32Array.from(words),
    signatures: flat,
    keys,
  };
}
