// The fingerprints of a batch of contributions, packed for the detector: each contribution's main box (see
// mainPrint), with its exact key, signature and band keys in flat typed arrays. Computing them is nearly all of
// a full run's CPU and needs no state, so a worker thread can do it while the main thread reads the next rows
// and groups (see pool.ts); the detector then takes them in arrival order, as if it had hashed them itself.
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

/** A contribution's main box, fingerprinted. */
export interface MainPrint {
  /** Which of its parts (0 its own text, then answers, then files). */
  part: number;
  /** The exact-copy key ("short:" before a short whole text's). */
  exact: string;
  /** The MinHash signature, or null for a short whole text, matched by its exact key only. */
  signature: Int32Array | null;
}

/**
 * The box a contribution is judged by: the longest box the person typed that is long enough to compare, else
 * the longest file's text that is, else the whole text as an exact copy only.
 *
 * One box, because a form letter is the bulk of what its sender typed (pasted into the main answer, or sent as
 * an e-mail's body), and two contributions should meet only through their letters. Comparing every box and
 * joining a contribution's boxes let the stock phrases of short answers chain unrelated contributions, and
 * with them whole campaigns, into one group (F1 0.33 on a million). Typed boxes before files: what a
 * supporter attaches is their own, what they type or paste is the letter. A letter attached as a file beside a
 * typed note of 25 words or more is judged by the note.
 *
 * `signature` may be `scratch`; copy it before the next call.
 */
export function mainPrint(
  boxes: WrittenBoxes,
  scratch = new Int32Array(PERMUTATIONS),
): MainPrint | undefined {
  const { parts, typed } = boxes;
  for (const [from, to] of [
    [0, Math.min(typed, parts.length)],
    [typed, parts.length],
  ] as const) {
    // Longest first; the first long enough wins (almost always the longest itself).
    const order: number[] = [];
    for (let i = from; i < to; i++) order.push(i);
    order.sort((a, b) => parts[b]!.length - parts[a]!.length || a - b);
    for (const part of order) {
      const print = fingerprintOf(parts[part]!, scratch);
      if (print && print.words >= MIN_WORDS) return { part, exact: print.exact, signature: print.signature };
    }
  }
  const whole = fingerprintOf(parts.join("\n\n"), scratch);
  return whole ? { part: 0, exact: `short:${whole.exact}`, signature: null } : undefined;
}

/** A batch's fingerprints: the b-th main box of the batch is the b-th entry of every array below. */
export interface PackedPrints {
  /** Per contribution, in the batch's order: 1 when it has a main box, 0 when it has no words at all. */
  boxes: Uint8Array;
  /** Which part of its contribution each box is (0 its own text, then answers and files). */
  parts: Int32Array;
  /** 1 for a box compared for near copies, 0 for a short whole text matched by its exact key only. */
  banded: Uint8Array;
  /** Each box's exact key ("short:" before a short whole text's). */
  exact: string[];
  /** PERMUTATIONS signature values per box (zeros for a short one). */
  signatures: Int32Array;
  /** BANDS band keys per box (zeros for a short one). */
  keys: Int32Array;
}

/** Fingerprints the main box of each contribution of a batch. */
export function packPrints(batch: readonly WrittenBoxes[]): PackedPrints {
  const boxes = new Uint8Array(batch.length);
  const parts: number[] = [];
  const banded: number[] = [];
  const exact: string[] = [];
  const signatures = new Int32Array(PERMUTATIONS * batch.length);
  const scratch = new Int32Array(PERMUTATIONS);
  for (let c = 0; c < batch.length; c++) {
    const main = mainPrint(batch[c]!, scratch);
    if (!main) continue;
    if (main.signature) signatures.set(main.signature, exact.length * PERMUTATIONS);
    parts.push(main.part);
    banded.push(main.signature ? 1 : 0);
    exact.push(main.exact);
    boxes[c] = 1;
  }
  const count = exact.length;
  const keys = new Int32Array(count * BANDS);
  const keyScratch = new Int32Array(BANDS);
  for (let b = 0; b < count; b++)
    if (banded[b]) keys.set(bandKeys(signatures, keyScratch, b * PERMUTATIONS), b * BANDS);
  return {
    boxes,
    parts: Int32Array.from(parts),
    banded: Uint8Array.from(banded),
    exact,
    signatures: signatures.slice(0, count * PERMUTATIONS),
    keys,
  };
}
