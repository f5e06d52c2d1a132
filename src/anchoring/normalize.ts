// The form texts are compared in, with a way back to the original. Re-extraction and editing change what a
// reader does not see (CRLF or LF, a line broken elsewhere, two spaces for one, composed or decomposed
// accents, straight or curly quotes), so matching works on a folded copy of the text in which every unit
// remembers the stretch of the original it came from.

/** A folded text: its code points, and for each the original UTF-16 range [start, end) it stands for. */
export interface FoldedText {
  /** Code points (not UTF-16 units), so a character outside the BMP counts as one. */
  points: number[];
  starts: number[];
  ends: number[];
}

const SPACE = 0x20;
/** Look-alike punctuation that extractors and editors swap for one another, folded to one character. */
const FOLDS: ReadonlyMap<number, number> = new Map([
  [0x2018, 0x27], // ‘
  [0x2019, 0x27], // ’
  [0x201a, 0x27], // ‚
  [0x2032, 0x27], // ′
  [0x201c, 0x22], // “
  [0x201d, 0x22], // ”
  [0x201e, 0x22], // „
  [0x00ab, 0x22], // «
  [0x00bb, 0x22], // »
  [0x2010, 0x2d], // ‐ hyphen
  [0x2011, 0x2d], // non-breaking hyphen
  [0x2012, 0x2d], // figure dash
  [0x2013, 0x2d], // – en dash
  [0x2014, 0x2d], // — em dash
  [0x2212, 0x2d], // − minus
  [0x00ad, -1], // soft hyphen: dropped
  [0x200b, -1], // zero-width space: dropped
  [0xfeff, -1], // byte-order mark: dropped
]);

/** A base character and its combining marks (a cluster NFC may compose), or a run of whitespace. */
const CLUSTER = /\s+|\P{M}\p{M}*|\p{M}+/gsu;

/** Folds `text`: whitespace runs become one space, each cluster is NFC-composed, look-alikes are folded. */
export function fold(text: string): FoldedText {
  const points: number[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  // Whether only dropped characters came since the last unit: "a \u00ad b" is still one space.
  let onlyDropped = false;
  for (const match of text.matchAll(CLUSTER)) {
    const cluster = match[0];
    const start = match.index;
    const end = start + cluster.length;
    if (/^\s/u.test(cluster)) {
      // A run of whitespace that follows another (across a dropped character) extends it.
      if (
        points.length > 0 &&
        points[points.length - 1] === SPACE &&
        (onlyDropped || ends.at(-1) === start)
      ) {
        ends[ends.length - 1] = end;
        onlyDropped = false;
      } else {
        points.push(SPACE);
        starts.push(start);
        ends.push(end);
      }
      onlyDropped = false;
      continue;
    }
    for (const char of cluster.normalize("NFC")) {
      const code = char.codePointAt(0)!;
      const folded = FOLDS.get(code) ?? code;
      if (folded < 0) {
        onlyDropped = true;
        continue;
      }
      onlyDropped = false;
      points.push(folded);
      // Every code point of a composed cluster stands for the whole cluster: a match never splits one.
      starts.push(start);
      ends.push(end);
    }
  }
  return { points, starts, ends };
}

/** The folded code points of a short text (a quote or its context), without positions. */
export function foldPoints(text: string): number[] {
  return fold(text).points;
}

/** The original UTF-16 range a folded range [from, to) stands for. */
export function originalRange(folded: FoldedText, from: number, to: number): { start: number; end: number } {
  return { start: folded.starts[from]!, end: folded.ends[to - 1]! };
}

/** The first folded index whose original start is at or after `offset` (where an old offset now falls). */
export function foldedIndexAt(folded: FoldedText, offset: number): number {
  let low = 0;
  let high = folded.starts.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (folded.starts[mid]! < offset) low = mid + 1;
    else high = mid;
  }
  return low;
}
