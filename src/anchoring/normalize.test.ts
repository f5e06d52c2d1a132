import { describe, expect, it } from "vitest";
import { fold, foldedIndexAt, originalRange } from "./normalize.js";

const text = (points: number[]) => String.fromCodePoint(...points);

describe("fold", () => {
  it("turns every whitespace run, CRLF included, into one space that covers the whole run", () => {
    const folded = fold("a \r\n\t b");
    expect(text(folded.points)).toBe("a b");
    expect(originalRange(folded, 1, 2)).toEqual({ start: 1, end: 6 });
  });

  it("composes accents, maps each composed letter back to its letters, and drops soft hyphens", () => {
    const source = "forma\u00adcio\u0301n";
    const folded = fold(source);
    expect(text(folded.points)).toBe("formación");
    const o = folded.points.indexOf("ó".codePointAt(0)!);
    expect(source.slice(folded.starts[o], folded.ends[o])).toBe("o\u0301");
  });

  it("folds curly quotes and dashes to their plain forms, and counts astral characters once", () => {
    expect(text(fold("“CERT’s” — 𠜎").points)).toBe('"CERT\'s" - 𠜎');
    expect(fold("𠜎𠜎").points).toHaveLength(2);
  });

  it("finds where an old offset falls in the folded text", () => {
    const folded = fold("ab  cd");
    expect(foldedIndexAt(folded, 4)).toBe(3);
    expect(foldedIndexAt(folded, 99)).toBe(folded.points.length);
  });
});
