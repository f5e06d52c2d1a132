// The fingerprints of a batch of contributions, packed for the detector: each contribution's boxes long enough
// to compare (else its whole text as an exact copy only), with their exact keys, signatures and band keys in
// flat typed arrays. Computing them is nearly all of a full run's CPU and needs no state, so a worker thread
// can do it while the main thread reads the next rows and groups (see pool.ts); the detector then takes them
// in arrival order, as if it had hashed them itself.
import { BANDS, bandKeys, fingerprintOf } from "./fingerprint.js";
import { PERMUTATIONS } from "./minhash.js";

/** Words a box must have to be compared for near copies (shorter ones only as exact copies of a whole text). */
export const MIN_WORDS = 25;

/** A batch's fingerprints: box b of the batch is the b-th entry of every array below. */
export interface PackedPrints {
  /** Boxes per contribution, in the batch's order. */
  boxes: Int32Array;
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

/** Fingerprints a batch of contributions, each given as its boxes' texts. */
export function packPrints(batch: readonly (readonly string[])[]): PackedPrints {
  const boxes = new Int32Array(batch.length);
  const parts: number[] = [];
  const banded: number[] = [];
  const exact: string[] = [];
  let signatures = new Int32Array(PERMUTATIONS * Math.max(4, batch.length * 4));
  const scratch = new Int32Array(PERMUTATIONS);
  const put = (part: number, key: string, signature: Int32Array | null) => {
    const at = exact.length * PERMUTATIONS;
    if (at + PERMUTATIONS > signatures.length) {
      const grown = new Int32Array(signatures.length * 2);
      grown.set(signatures);
      signatures = grown;
    }
    if (signature) signatures.set(signature, at);
    parts.push(part);
    banded.push(signature ? 1 : 0);
    exact.push(key);
  };
  for (let c = 0; c < batch.length; c++) {
    const texts = batch[c]!;
    const before = exact.length;
    for (let part = 0; part < texts.length; part++) {
      const print = fingerprintOf(texts[part]!, scratch);
      if (print && print.words >= MIN_WORDS) put(part, print.exact, print.signature);
    }
    if (exact.length === before && texts.length) {
      const whole = fingerprintOf(texts.join("\n\n"), scratch);
      if (whole) put(0, `short:${whole.exact}`, null);
    }
    boxes[c] = exact.length - before;
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
