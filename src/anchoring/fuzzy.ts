// Approximate matching on code points: where in a text a pattern occurs with at most k edits (insertions,
// deletions, substitutions). Sellers' dynamic programme (the edit distance whose first row is all zeros, so
// a match may start anywhere) with Ukkonen's cut-off (only the rows that can still be within k are
// computed), which takes about O(k·n) time for a text of n code points, and O(m) memory.

/** The Levenshtein distance between two code-point sequences. */
export function editDistance(a: readonly number[], b: readonly number[]): number {
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let previous = new Int32Array(b.length + 1);
  let current = new Int32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length]!;
}

/** An approximate occurrence: the text's code points [start, end) and its number of edits. */
export interface ApproximateMatch {
  start: number;
  end: number;
  errors: number;
}

/**
 * The end positions (exclusive) where `pattern` matches `text` with at most `k` edits. Neighbouring ends
 * are one occurrence seen from several ends: of each run only the ends with the fewest edits are kept.
 */
export function approximateEnds(
  pattern: readonly number[],
  text: readonly number[],
  k: number,
): { end: number; errors: number }[] {
  const m = pattern.length;
  if (m === 0) return [];
  const column = new Int32Array(m + 1);
  for (let i = 0; i <= m; i++) column[i] = i;
  // Rows above `top` are known to exceed k (their stale values do too, so they never pull a cell under k).
  let top = Math.min(k + 1, m);
  const found: { end: number; errors: number }[] = [];
  let run: { end: number; errors: number }[] = [];
  const closeRun = () => {
    const fewest = Math.min(...run.map((r) => r.errors));
    found.push(...run.filter((r) => r.errors === fewest));
    run = [];
  };
  for (let j = 0; j < text.length; j++) {
    const c = text[j];
    let diagonal = 0; // the cell above-left: row 0 is always 0, a match may start anywhere
    for (let i = 1; i <= top; i++) {
      const left = column[i]!;
      const cost = pattern[i - 1] === c ? 0 : 1;
      column[i] = Math.min(left + 1, column[i - 1]! + 1, diagonal + cost);
      diagonal = left;
    }
    let last = top;
    while (last > 0 && column[last]! > k) last--;
    if (last === m) {
      if (run.length > 0 && run[run.length - 1]!.end !== j) closeRun();
      run.push({ end: j + 1, errors: column[m]! });
    }
    top = Math.min(last + 1, m);
  }
  if (run.length > 0) closeRun();
  return found;
}

/**
 * Where the occurrence ending at `end` starts: the same alignment run backwards (the reversed pattern against
 * the text before `end`), choosing the start with the fewest edits and, among equals, the longest match.
 */
export function approximateStart(
  pattern: readonly number[],
  text: readonly number[],
  end: number,
  k: number,
): ApproximateMatch | undefined {
  const m = pattern.length;
  const from = Math.max(0, end - m - k);
  // Row i: the reversed pattern's first i code points; column j: the text's last j code points before `end`.
  const width = end - from;
  let previous = new Int32Array(width + 1);
  let current = new Int32Array(width + 1);
  for (let j = 0; j <= width; j++) previous[j] = j; // the match must end exactly at `end`
  for (let i = 1; i <= m; i++) {
    current[0] = i;
    const p = pattern[m - i];
    for (let j = 1; j <= width; j++) {
      const cost = p === text[end - j] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    [previous, current] = [current, previous];
  }
  let best: ApproximateMatch | undefined;
  for (let j = 0; j <= width; j++) {
    const errors = previous[j]!;
    if (errors > k) continue;
    if (!best || errors < best.errors || (errors === best.errors && end - j < best.start)) {
      best = { start: end - j, end, errors };
    }
  }
  return best;
}

/** Every approximate occurrence of `pattern` in `text` within `k` edits, with its start and end. */
export function approximateMatches(
  pattern: readonly number[],
  text: readonly number[],
  k: number,
): ApproximateMatch[] {
  const matches: ApproximateMatch[] = [];
  for (const { end } of approximateEnds(pattern, text, k)) {
    const match = approximateStart(pattern, text, end, k);
    if (match) matches.push(match);
  }
  return matches;
}
