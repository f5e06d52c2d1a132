import { describe, expect, it } from "vitest";
import type { CodeRow } from "../queries.js";
import { codeTree, isWithin } from "./tree.js";

const code = (
  id: string,
  name: string,
  parent: string | null,
  position = 0,
  kind: "theme" | "section" = "theme",
) => ({ id, name, parent_id: parent, position, kind }) as CodeRow;

describe("codeTree", () => {
  it("lists themes before sections, each parent before its children, siblings by position then name", () => {
    const codes = [
      code("s", "Recommendations", null, 0, "section"),
      code("b", "Cybercrime", null, 1),
      code("a", "Capacity", null, 1),
      code("c", "Funding", "a", 0),
      code("d", "Critical infrastructure", null, 0),
    ];
    expect(codeTree(codes).map((n) => `${n.depth}:${n.code.name}`)).toEqual([
      "0:Critical infrastructure",
      "0:Capacity",
      "1:Funding",
      "0:Cybercrime",
      "0:Recommendations",
    ]);
  });

  it("shows a code whose parent is gone at the top, and survives a loop in stored data", () => {
    expect(codeTree([code("a", "A", "gone")]).map((n) => n.depth)).toEqual([0]);
    expect(
      codeTree([code("a", "A", "b"), code("b", "B", "a")]).map((n) => `${n.depth}:${n.code.name}`),
    ).toEqual(["0:A", "1:B"]);
  });
});

describe("isWithin", () => {
  it("says whether a code is another or lies below it", () => {
    const codes = [code("a", "A", null), code("b", "B", "a"), code("c", "C", "b")];
    expect(isWithin(codes, "c", "a")).toBe(true);
    expect(isWithin(codes, "a", "a")).toBe(true);
    expect(isWithin(codes, "a", "c")).toBe(false);
  });
});
