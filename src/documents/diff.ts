// Comparing two versions: paragraph by paragraph (by stable id: kept, changed, added, removed, in the newer
// version's order with removed ones where they were), and word by word inside a changed paragraph. Both are a
// longest common subsequence, small enough for documents of a few hundred paragraphs.
import type { IdentifiedBlock } from "./paragraph-ids.js";

/** One step of an edit script. */
export type DiffOp<T> = { op: "same"; value: T } | { op: "added"; value: T } | { op: "removed"; value: T };

/** The shortest edit script turning `a` into `b` (a longest common subsequence kept as "same"). */
export function diffSequences<T>(a: T[], b: T[], equal: (x: T, y: T) => boolean = Object.is): DiffOp<T>[] {
  const n = a.length;
  const m = b.length;
  const table: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      (table[i] as number[])[j] = equal(a[i] as T, b[j] as T)
        ? ((table[i + 1] as number[])[j + 1] as number) + 1
        : Math.max((table[i + 1] as number[])[j] as number, (table[i] as number[])[j + 1] as number);
  const ops: DiffOp<T>[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (equal(a[i] as T, b[j] as T)) {
      ops.push({ op: "same", value: b[j] as T });
      i++;
      j++;
    } else if (((table[i + 1] as number[])[j] as number) >= ((table[i] as number[])[j + 1] as number))
      ops.push({ op: "removed", value: a[i++] as T });
    else ops.push({ op: "added", value: b[j++] as T });
  }
  while (i < n) ops.push({ op: "removed", value: a[i++] as T });
  while (j < m) ops.push({ op: "added", value: b[j++] as T });
  return ops;
}

/** Word-level changes between two texts: words and the spaces between them, each kept, added or removed. */
export function diffWords(before: string, after: string): DiffOp<string>[] {
  const split = (text: string) => text.split(/(\s+)/u).filter((part) => part !== "");
  const ops = diffSequences(split(before), split(after));
  // Runs of the same kind are joined, so the page marks "a few words" rather than each one.
  const joined: DiffOp<string>[] = [];
  for (const op of ops) {
    const last = joined.at(-1);
    if (last && last.op === op.op) last.value += op.value;
    else joined.push({ ...op });
  }
  return joined;
}

/** A paragraph's fate between two versions. */
export type ParagraphChange =
  | { kind: "same"; id: string; text: string }
  | { kind: "changed"; id: string; before: string; after: string; words: DiffOp<string>[] }
  | { kind: "added"; id: string; text: string }
  | { kind: "removed"; id: string; text: string };

/** Compares two versions' blocks by paragraph id, with word changes inside each changed paragraph. */
export function compareVersions(older: IdentifiedBlock[], newer: IdentifiedBlock[]): ParagraphChange[] {
  const olderById = new Map(older.map((b) => [b.id, b]));
  const newerIds = new Set(newer.map((b) => b.id));
  const ops = diffSequences(
    older.map((b) => b.id),
    newer.map((b) => b.id),
  );
  const changes: ParagraphChange[] = [];
  const newerById = new Map(newer.map((b) => [b.id, b]));
  for (const step of ops) {
    const id = step.value;
    if (step.op === "removed") {
      // A paragraph that moved shows once, where it now is.
      if (!newerIds.has(id)) changes.push({ kind: "removed", id, text: olderById.get(id)?.text ?? "" });
      continue;
    }
    const after = newerById.get(id)?.text ?? "";
    const was = olderById.get(id);
    if (!was) changes.push({ kind: "added", id, text: after });
    else if (was.text === after) changes.push({ kind: "same", id, text: after });
    else changes.push({ kind: "changed", id, before: was.text, after, words: diffWords(was.text, after) });
  }
  return changes;
}
