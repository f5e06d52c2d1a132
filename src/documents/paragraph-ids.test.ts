import { describe, expect, it } from "vitest";
import { compareVersions, diffWords } from "./diff.js";
import { isSafeLink, parseBlocks } from "./markdown.js";
import { matchBlockIds } from "./paragraph-ids.js";

const counter = () => {
  let n = 0;
  return () => `new${++n}`;
};
const v1 = [
  { id: "a", text: "## Trust between CERTs" },
  { id: "b", text: "Trusted channels between response teams matter for sharing incidents quickly." },
  { id: "c", text: "Regional meetings help newcomers join the community." },
];

describe("stable paragraph ids", () => {
  it("keeps every id when nothing changed, and gives an inserted paragraph a new one", () => {
    const texts = [v1[0]?.text, "A new paragraph above.", v1[1]?.text, v1[2]?.text] as string[];
    expect(matchBlockIds(v1, texts, counter())).toEqual(["a", "new1", "b", "c"]);
  });
  it("keeps the id of a reworded paragraph and of a moved one; a deleted paragraph's id is not reused", () => {
    const texts = [
      "Regional meetings help newcomers join the community.",
      "Trusted channels between response teams matter for sharing incidents fast and safely.",
      "Something else entirely.",
    ];
    expect(matchBlockIds(v1, texts, counter())).toEqual(["c", "b", "new1"]);
  });
  it("pairs repeated identical paragraphs in order", () => {
    const previous = [
      { id: "x", text: "Same." },
      { id: "y", text: "Same." },
    ];
    expect(matchBlockIds(previous, ["Same.", "Same.", "Same."], counter())).toEqual(["x", "y", "new1"]);
  });
  it("matches Arabic paragraphs by their words", () => {
    const previous = [{ id: "ar", text: "القنوات الموثوقة بين فرق الاستجابة مهمة لتبادل المعلومات" }];
    const texts = ["القنوات الموثوقة بين فرق الاستجابة مهمة جدا لتبادل المعلومات"];
    expect(matchBlockIds(previous, texts, counter())).toEqual(["ar"]);
  });
});

describe("comparing versions", () => {
  it("says which paragraphs were added, removed and changed, with the words that changed", () => {
    const v2 = [
      { id: "a", text: "## Trust between CERTs" },
      { id: "n", text: "A new paragraph." },
      { id: "b", text: "Trusted channels between response teams matter for sharing incidents fast." },
    ];
    const changes = compareVersions(v1, v2);
    expect(changes.map((c) => `${c.kind}:${c.id}`)).toEqual(["same:a", "added:n", "changed:b", "removed:c"]);
    const changed = changes.find((c) => c.kind === "changed");
    expect(changed?.kind === "changed" && changed.words.filter((w) => w.op !== "same")).toEqual([
      { op: "removed", value: "quickly." },
      { op: "added", value: "fast." },
    ]);
  });
  it("marks words inserted in the middle of a sentence", () => {
    expect(diffWords("one two three", "one two and a half three")).toEqual([
      { op: "same", value: "one two " },
      { op: "added", value: "and a half " },
      { op: "same", value: "three" },
    ]);
  });
});

describe("the document's Markdown", () => {
  it("cuts a text into top-level blocks with the text a reader sees", () => {
    const blocks = parseBlocks("# Title\n\nA *first* paragraph\nover two lines.\n\n- one\n- two\n");
    expect(blocks.map((b) => [b.type, b.text])).toEqual([
      ["heading", "Title"],
      ["paragraph", "A first paragraph over two lines."],
      ["bullet_list", "one\ntwo"],
    ]);
    expect(blocks[0]?.level).toBe(1);
  });
  it("refuses javascript: links and keeps raw HTML as text", () => {
    expect(isSafeLink("javascript:alert(1)")).toBe(false);
    expect(isSafeLink(" JaVa\tscript:alert(1)")).toBe(false);
    expect(isSafeLink("https://example.org")).toBe(true);
    expect(isSafeLink("/f/bpf/2017")).toBe(true);
    const [block] = parseBlocks("[x](javascript:alert(1)) <script>alert(1)</script>");
    expect(block?.text).toContain("<script>");
    expect(block?.tokens.some((t) => t.children?.some((c) => c.type === "link_open"))).toBe(false);
  });
});
