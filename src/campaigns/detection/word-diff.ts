// What one copy of a campaign letter adds to the template and leaves out: a diff over words (longest common
// subsequence), so a person reads the personal sentences and the swapped words, not the shared letter.

/** A run of words the two texts share, or that only one of them has. */
export interface DiffPart {
  kind: "same" | "added" | "removed";
  text: string;
}

/** Words beyond which a text is diffed in its first `MAX_WORDS` only (the table is words × words). */
const MAX_WORDS = 3000;

/** The word diff turning `template` into `copy`, runs of one kind merged. */
export function wordDiff(template: string, copy: string, maxWords = MAX_WORDS): DiffPart[] {
  const a = template.split(/\s+/u).filter(Boolean).slice(0, maxWords);
  const b = copy.split(/\s+/u).filter(Boolean).slice(0, maxWords);
  const key = (w: string) =>
    w
      .normalize("NFKC")
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M}]+/gu, "");
  const ka = a.map(key);
  const kb = b.map(key);
  const width = b.length + 1;
  const lcs = new Uint16Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i * width + j] =
        ka[i] === kb[j]
          ? lcs[(i + 1) * width + j + 1]! + 1
          : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
  const parts: DiffPart[] = [];
  const push = (kind: DiffPart["kind"], word: string) => {
    const last = parts.at(-1);
    if (last?.kind === kind) last.text += ` ${word}`;
    else parts.push({ kind, text: word });
  };
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (ka[i] === kb[j]) {
      push("same", b[j]!);
      i++;
      j++;
    } else if (lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!) push("removed", a[i++]!);
    else push("added", b[j++]!);
  }
  while (i < a.length) push("removed", a[i++]!);
  while (j < b.length) push("added", b[j++]!);
  return parts;
}
