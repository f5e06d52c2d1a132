// Stable paragraph ids: a new text's blocks take the ids of the previous version's blocks they came from, so a
// comment made on a paragraph finds it again after edits. A block identical to one before keeps its id (in
// order, so repeated blocks pair up in turn); then each remaining block takes the id of the most similar
// remaining block before, when they share enough words; anything else is new.

/** A block of a version: its id and the text it had. */
export interface IdentifiedBlock {
  id: string;
  text: string;
}

/** How alike two blocks must be (Dice coefficient of their words) to count as one block edited. */
export const SIMILARITY_THRESHOLD = 0.5;

function words(text: string): string[] {
  return text
    .normalize("NFKC")
    .toLocaleLowerCase()
    .split(/[\s\p{P}]+/u)
    .filter(Boolean);
}

/** How alike two texts are, 0 to 1: twice the words they share over the words they have (as multisets). */
export function similarity(a: string, b: string): number {
  const left = words(a);
  const right = words(b);
  if (!left.length && !right.length) return a.trim() === b.trim() ? 1 : 0;
  const counts = new Map<string, number>();
  for (const w of left) counts.set(w, (counts.get(w) ?? 0) + 1);
  let shared = 0;
  for (const w of right) {
    const n = counts.get(w) ?? 0;
    if (n > 0) {
      shared++;
      counts.set(w, n - 1);
    }
  }
  return (2 * shared) / (left.length + right.length);
}

/** The ids of `texts` (a new version's blocks, in order), carried over from `previous` where they match. */
export function matchBlockIds(previous: IdentifiedBlock[], texts: string[], newId: () => string): string[] {
  const ids: (string | undefined)[] = texts.map(() => undefined);
  const used = new Set<string>();
  const byText = new Map<string, IdentifiedBlock[]>();
  for (const block of previous) {
    const key = block.text.trim();
    byText.set(key, [...(byText.get(key) ?? []), block]);
  }
  texts.forEach((text, i) => {
    const candidates = byText.get(text.trim());
    const found = candidates?.shift();
    if (found) {
      ids[i] = found.id;
      used.add(found.id);
    }
  });
  const pairs: { i: number; id: string; score: number; distance: number }[] = [];
  texts.forEach((text, i) => {
    if (ids[i]) return;
    previous.forEach((block, k) => {
      if (used.has(block.id)) return;
      const score = similarity(block.text, text);
      if (score >= SIMILARITY_THRESHOLD) pairs.push({ i, id: block.id, score, distance: Math.abs(k - i) });
    });
  });
  pairs.sort((a, b) => b.score - a.score || a.distance - b.distance);
  for (const pair of pairs) {
    if (ids[pair.i] || used.has(pair.id)) continue;
    ids[pair.i] = pair.id;
    used.add(pair.id);
  }
  return ids.map((id) => id ?? newId());
}
