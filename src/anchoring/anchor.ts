// Text anchors: how a stretch of a text is found again after the text has changed (extracted again from its
// file, or edited by its author). An anchor keeps the quote, some context before and after it, and where it
// was; re-anchoring tries, in order, the same quote at the same place, the same quote elsewhere (chosen by
// context and nearness), and then an approximate match, and says which of these it found — or nothing, and
// the caller keeps the anchor as an orphan.
//
// Offsets are UTF-16 code units, as JavaScript strings and the browser's Selection and Range count them, so
// a selection made in the page can be stored as it comes. They never split a surrogate pair (anchorFor moves
// a boundary that would). Comparison works on code points of a folded copy of the text (normalize.ts), so an
// emoji or a CJK Extension B character is one character to the matcher, and CRLF, whitespace runs, composed
// or decomposed accents and curly quotes do not count as differences.
import { approximateMatches, editDistance } from "./fuzzy.js";
import { type FoldedText, fold, foldedIndexAt, foldPoints, originalRange } from "./normalize.js";

/** A stretch of text and how to find it again. */
export interface TextAnchor {
  quote: string;
  /** Up to CONTEXT_LENGTH code points before the quote, and after it. */
  prefix: string;
  suffix: string;
  /** UTF-16 offsets of the quote in the text it was made on. */
  start: number;
  end: number;
}

/** How a re-anchored quote was found: in place, moved unchanged, or changed but recognisable. */
export type AnchorConfidence = "exact" | "moved" | "fuzzy";

/** Where an anchor's quote is in the new text. */
export interface AnchorMatch {
  start: number;
  end: number;
  confidence: AnchorConfidence;
}

/** How much context an anchor keeps on each side, in code points. */
export const CONTEXT_LENGTH = 32;

/** The share of a quote's characters that may differ in a fuzzy match (a quarter: 10 edits in 40). */
export const FUZZY_ERROR_RATIO = 0.25;

/** A quote shorter than this (in folded code points) is found exactly or not at all: few letters match anything. */
export const FUZZY_MIN_LENGTH = 8;

/** Weights of a candidate's evidence (the quote itself dominates; position only breaks near-ties). */
const WEIGHT = { quote: 50, prefix: 20, suffix: 20, position: 2 };

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** Moves an offset that falls between the halves of a surrogate pair to the pair's start (or end). */
function snap(text: string, offset: number, direction: -1 | 1): number {
  const at = Math.max(0, Math.min(text.length, offset));
  if (
    at > 0 &&
    at < text.length &&
    isLowSurrogate(text.charCodeAt(at)) &&
    isHighSurrogate(text.charCodeAt(at - 1))
  )
    return direction < 0 ? at - 1 : at + 1;
  return at;
}

/** The last `count` code points before `offset`. */
function codePointsBefore(text: string, offset: number, count: number): string {
  return Array.from(text.slice(Math.max(0, offset - count * 2), offset))
    .slice(-count)
    .join("");
}

/** The first `count` code points from `offset`. */
function codePointsAfter(text: string, offset: number, count: number): string {
  return Array.from(text.slice(offset, offset + count * 2))
    .slice(0, count)
    .join("");
}

const words = new Intl.Segmenter("und", { granularity: "word" });
/** How far around a boundary the words are looked at: a word longer than this is cut where the reader cut it. */
const WORD_WINDOW = 64;

/** The edge of the word an offset falls inside (its start going back, its end going on), or the offset itself. */
function wordEdge(text: string, offset: number, direction: -1 | 1): number {
  if (offset <= 0 || offset >= text.length) return offset;
  const from = Math.max(0, offset - WORD_WINDOW);
  for (const segment of words.segment(text.slice(from, Math.min(text.length, offset + WORD_WINDOW)))) {
    const start = from + segment.index;
    const end = start + segment.segment.length;
    if (start >= offset) break;
    if (offset < end) return segment.isWordLike ? (direction < 0 ? start : end) : offset;
  }
  return offset;
}

/**
 * A selection widened to whole words: a hand dragging over "…ryption keeps peo…" means "encryption keeps
 * people". Words are the language's own (Intl.Segmenter): a Chinese selection widens to its words too, and a
 * boundary already between words, or in spaces or punctuation, stays where it is.
 */
export function wordEdges(text: string, start: number, end: number): { start: number; end: number } {
  const from = wordEdge(text, Math.min(start, end), -1);
  const to = wordEdge(text, Math.max(start, end), 1);
  return { start: from, end: Math.max(from, to) };
}

/** The anchor of text[start, end): the quote with its context; a boundary inside a surrogate pair widens. */
export function anchorFor(text: string, start: number, end: number): TextAnchor {
  const from = snap(text, Math.min(start, end), -1);
  const to = snap(text, Math.max(start, end), 1);
  return {
    quote: text.slice(from, to),
    prefix: codePointsBefore(text, from, CONTEXT_LENGTH),
    suffix: codePointsAfter(text, to, CONTEXT_LENGTH),
    start: from,
    end: to,
  };
}

/** 1 when `context` is exactly what `actual` holds, down to 0 when nothing of it is (edit distance). */
function contextSimilarity(context: number[], actual: number[]): number {
  if (context.length === 0) return 1;
  return Math.max(0, 1 - editDistance(context, actual) / context.length);
}

interface Candidate {
  /** Folded indices [from, to). */
  from: number;
  to: number;
  errors: number;
}

/** Scores a candidate: how well the quote, the context before and after, and the position agree. */
function score(
  candidate: Candidate,
  folded: FoldedText,
  quoteLength: number,
  prefix: number[],
  suffix: number[],
  expected: number,
): number {
  const { points } = folded;
  const before = points.slice(Math.max(0, candidate.from - prefix.length), candidate.from);
  const after = points.slice(candidate.to, candidate.to + suffix.length);
  const quoteScore = 1 - candidate.errors / Math.max(1, quoteLength);
  const distance = Math.abs(candidate.from - expected) / Math.max(1, points.length);
  return (
    WEIGHT.quote * quoteScore +
    WEIGHT.prefix * contextSimilarity(prefix, before) +
    WEIGHT.suffix * contextSimilarity(suffix, after) +
    WEIGHT.position * (1 - Math.min(1, distance))
  );
}

/** The best-scoring candidate (the nearest to the old place among equals), or undefined. */
function best(
  candidates: Candidate[],
  folded: FoldedText,
  quoteLength: number,
  prefix: number[],
  suffix: number[],
  expected: number,
): Candidate | undefined {
  let chosen: Candidate | undefined;
  let chosenScore = Number.NEGATIVE_INFINITY;
  for (const candidate of candidates) {
    const s = score(candidate, folded, quoteLength, prefix, suffix, expected);
    const nearer =
      chosen !== undefined && Math.abs(candidate.from - expected) < Math.abs(chosen.from - expected);
    if (s > chosenScore + 1e-9 || (Math.abs(s - chosenScore) <= 1e-9 && nearer)) {
      chosen = candidate;
      chosenScore = s;
    }
  }
  return chosen;
}

/** Every exact occurrence of `pattern` in `points` (overlapping ones included). */
function exactOccurrences(pattern: number[], points: number[]): Candidate[] {
  const found: Candidate[] = [];
  const m = pattern.length;
  const first = pattern[0];
  outer: for (let i = 0; i + m <= points.length; i++) {
    if (points[i] !== first) continue;
    for (let j = 1; j < m; j++) if (points[i + j] !== pattern[j]) continue outer;
    found.push({ from: i, to: i + m, errors: 0 });
  }
  return found;
}

/** Trims folded spaces at either end of a quote, which the new text may have lost with a line break. */
function trimSpaces(points: number[]): number[] {
  let from = 0;
  let to = points.length;
  while (from < to && points[from] === 0x20) from++;
  while (to > from && points[to - 1] === 0x20) to--;
  return points.slice(from, to);
}

/**
 * Finds the anchor's quote in `text`: the same quote at the same offsets is "exact"; the same quote (up to
 * line endings, whitespace, accents' composition and quote marks) elsewhere is "moved", the occurrence chosen
 * by its context and nearness to the old place; failing that, an approximate match within an edit budget
 * proportional to the quote's length is "fuzzy" (unless `fuzzy: false`: then only the first two are tried,
 * which is quick). Null when none is found: the anchor is an orphan.
 */
export function reanchor(
  anchor: TextAnchor,
  text: string,
  options: { fuzzy?: boolean } = {},
): AnchorMatch | null {
  if (anchor.quote.length > 0 && text.slice(anchor.start, anchor.end) === anchor.quote)
    return { start: anchor.start, end: anchor.end, confidence: "exact" };
  const quote = trimSpaces(foldPoints(anchor.quote));
  if (quote.length === 0) return null;
  const folded = fold(text);
  const prefix = foldPoints(anchor.prefix);
  const suffix = foldPoints(anchor.suffix);
  const expected = foldedIndexAt(folded, anchor.start);

  const exact = best(exactOccurrences(quote, folded.points), folded, quote.length, prefix, suffix, expected);
  if (exact) {
    const range = originalRange(folded, exact.from, exact.to);
    const confidence = range.start === anchor.start && range.end === anchor.end ? "exact" : "moved";
    return { ...range, confidence };
  }

  if (options.fuzzy === false || quote.length < FUZZY_MIN_LENGTH) return null;
  const budget = Math.floor(quote.length * FUZZY_ERROR_RATIO);
  const approximate = approximateMatches(quote, folded.points, budget).map((m) => ({
    from: m.start,
    to: m.end,
    errors: m.errors,
  }));
  // Leading or trailing spaces of a match are the text's, not the quote's: leave them out.
  const trimmed = approximate
    .map((c) => {
      let { from, to } = c;
      while (from < to && folded.points[from] === 0x20) from++;
      while (to > from && folded.points[to - 1] === 0x20) to--;
      return { ...c, from, to };
    })
    .filter((c) => c.to > c.from);
  const fuzzy = best(trimmed, folded, quote.length, prefix, suffix, expected);
  if (!fuzzy) return null;
  return { ...originalRange(folded, fuzzy.from, fuzzy.to), confidence: "fuzzy" };
}
