// Where a comment sits in a later version: by its paragraph id, then by its quote and context, else "on
// version N" — on insertions, deletions, moved paragraphs, a reworded sentence, a repeated quote, and Arabic.
import { describe, expect, it } from "vitest";
import { anchorFor } from "../anchoring/index.js";
import { parseBlocks } from "./markdown.js";
import { isReviewOpen, placeComment, type VersionBlock } from "./service.js";

const version = (paragraphs: [string, string][]): VersionBlock[] => {
  const blocks = parseBlocks(paragraphs.map(([, text]) => text).join("\n\n"));
  return blocks.map((block, i) => ({ id: paragraphs[i]?.[0] ?? "", block }));
};

function quoteComment(paragraphId: string, text: string, quote: string, occurrence = 0) {
  let at = -1;
  for (let n = 0; n <= occurrence; n++) at = text.indexOf(quote, at + 1);
  const anchor = anchorFor(text, at, at + quote.length);
  return {
    paragraph_id: paragraphId,
    quote: anchor.quote,
    prefix: anchor.prefix,
    suffix: anchor.suffix,
    quote_start: anchor.start,
    quote_end: anchor.end,
  };
}

const first =
  "Trusted channels between response teams matter. They let incidents be shared before they spread.";

describe("placing a comment in a later version", () => {
  it("keeps a paragraph comment on its paragraph after an insertion above, and orphans it once deleted", () => {
    const comment = {
      paragraph_id: "b",
      quote: null,
      prefix: null,
      suffix: null,
      quote_start: null,
      quote_end: null,
    };
    const v2 = version([
      ["n", "New paragraph."],
      ["a", first],
      ["b", "Second."],
    ]);
    expect(placeComment(comment, v2, 1)).toEqual({ kind: "paragraph", paragraphId: "b" });
    expect(placeComment(comment, version([["a", first]]), 1)).toEqual({ kind: "orphan", version: 1 });
  });
  it("finds a quote in its reworded paragraph, at its new offsets", () => {
    const comment = quoteComment("a", first, "let incidents be shared");
    const reworded =
      "Trusted channels between response teams matter a great deal. They let incidents be shared early.";
    const place = placeComment(comment, version([["a", reworded]]), 1);
    expect(place).toMatchObject({ kind: "quote", paragraphId: "a" });
    if (place.kind === "quote")
      expect(reworded.slice(place.start, place.end)).toBe("let incidents be shared");
  });
  it("follows a quote whose paragraph became another one (moved into a new paragraph)", () => {
    const comment = quoteComment("a", first, "let incidents be shared");
    const v2 = version([
      ["x", "Something else."],
      ["y", "In short, they let incidents be shared before they spread."],
    ]);
    expect(placeComment(comment, v2, 1)).toMatchObject({ kind: "quote", paragraphId: "y" });
  });
  it("picks the right one of a repeated quote by its context", () => {
    const text = "Trust matters for teams. Funding matters for teams too.";
    const comment = quoteComment("a", text, "matters for teams", 1);
    const edited = `Above all: ${text}`;
    const place = placeComment(comment, version([["a", edited]]), 1);
    expect(place.kind).toBe("quote");
    if (place.kind === "quote")
      expect(edited.slice(0, place.start)).toBe("Above all: Trust matters for teams. Funding ");
  });
  it("says a comment is on version N when its quote is gone", () => {
    const comment = quoteComment("a", first, "let incidents be shared");
    expect(placeComment(comment, version([["a", "A wholly different sentence now."]]), 1)).toEqual({
      kind: "orphan",
      version: 1,
    });
  });
  it("finds an Arabic quote after words are added before it", () => {
    const text = "القنوات الموثوقة بين فرق الاستجابة مهمة لتبادل المعلومات";
    const comment = quoteComment("ar", text, "فرق الاستجابة");
    const edited = `في الواقع، ${text}`;
    const place = placeComment(comment, version([["ar", edited]]), 2);
    expect(place).toMatchObject({ kind: "quote", paragraphId: "ar" });
    if (place.kind === "quote") expect(edited.slice(place.start, place.end)).toBe("فرق الاستجابة");
  });
});

describe("the review window", () => {
  const window = { opens: new Date("2017-10-10T00:00:00Z"), closes: new Date("2017-10-20T23:59:59.999Z") };
  it("is open between its dates only, and never without an opening", () => {
    expect(isReviewOpen(window, new Date("2017-10-09T23:59:59Z"))).toBe(false);
    expect(isReviewOpen(window, new Date("2017-10-15T12:00:00Z"))).toBe(true);
    expect(isReviewOpen(window, new Date("2017-10-21T00:00:00Z"))).toBe(false);
    expect(isReviewOpen({ opens: null, closes: null }, new Date("2017-10-15T12:00:00Z"))).toBe(false);
  });
});
