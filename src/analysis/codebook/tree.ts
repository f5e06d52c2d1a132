// The codebook's shape: codes nested through their parent, shown depth first in sibling order.
import type { CodeRow } from "../queries.js";

/** A code with its depth in the tree (0 at the top). */
export interface CodeNode {
  code: CodeRow;
  depth: number;
}

/** The codes depth first, themes before sections, siblings by position then name; orphaned parents count as top. */
export function codeTree(codes: readonly CodeRow[]): CodeNode[] {
  const ids = new Set(codes.map((c) => c.id));
  const children = new Map<string | null, CodeRow[]>();
  for (const code of codes) {
    const parent = code.parent_id && ids.has(code.parent_id) ? code.parent_id : null;
    children.set(parent, [...(children.get(parent) ?? []), code]);
  }
  const order = (a: CodeRow, b: CodeRow) =>
    (a.kind === b.kind ? 0 : a.kind === "theme" ? -1 : 1) ||
    a.position - b.position ||
    a.name.localeCompare(b.name);
  const result: CodeNode[] = [];
  const visit = (parent: string | null, depth: number, seen: Set<string>) => {
    for (const code of [...(children.get(parent) ?? [])].sort(order)) {
      if (seen.has(code.id)) continue; // a loop in stored data never hangs the page
      seen.add(code.id);
      result.push({ code, depth });
      visit(code.id, depth + 1, seen);
    }
  };
  const seen = new Set<string>();
  visit(null, 0, seen);
  // Codes caught in a parent loop (which the services never make) are still shown, at the top.
  for (const code of [...codes].sort(order)) {
    if (seen.has(code.id)) continue;
    seen.add(code.id);
    result.push({ code, depth: 0 });
    visit(code.id, 1, seen);
  }
  return result;
}

/** Whether `nodeId` is `ancestorId` or lies somewhere below it. */
export function isWithin(codes: readonly CodeRow[], nodeId: string, ancestorId: string): boolean {
  const parentOf = new Map(codes.map((c) => [c.id, c.parent_id]));
  const seen = new Set<string>();
  let current: string | null | undefined = nodeId;
  while (current && !seen.has(current)) {
    if (current === ancestorId) return true;
    seen.add(current);
    current = parentOf.get(current);
  }
  return false;
}
