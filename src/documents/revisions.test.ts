// Comments across revisions, through the whole path a saved version takes: version 1's paragraphs get ids, a
// comment is anchored in one, version 2's paragraphs take their ids from version 1 (matchBlockIds) and the
// comment is placed again (placeComment). Insertions, deletions, moved paragraphs, a reworded sentence, a
// repeated quote, and Arabic.
import { describe, expect, it } from "vitest";
import { anchorFor } from "../anchoring/index.js";
import { parseBlocks } from "./markdown.js";
import { matchBlockIds } from "./paragraph-ids.js";
import { type CommentPlace, placeComment, type VersionBlock } from "./service.js";

let counter = 0;
const newId = () => `n${++counter}`;

/** A version's blocks with ids carried over from `previous` as saving a version does. */
function save(body: string, previous: VersionBlock[] = []): VersionBlock[] {
  const blocks = parseBlocks(body);
  const ids = matchBlockIds(
    previous.map((b) => ({ id: b.id, text: b.block.source })),
    blocks.map((b) => b.source),
    newId,
  );
  return blocks.map((block, i) => ({ id: ids[i] as string, block }));
}

/** A comment on the `occurrence`-th `quote` of the paragraph holding it in `blocks`. */
function commentOn(blocks: VersionBlock[], quote: string, occurrence = 0) {
  const target = blocks.find((b) => b.block.text.includes(quote));
  if (!target) throw new Error(`no paragraph holds ${quote}`);
  let at = -1;
  for (let n = 0; n <= occurrence; n++) at = target.block.text.indexOf(quote, at + 1);
  const anchor = anchorFor(target.block.text, at, at + quote.length);
  return {
    paragraph_id: target.id,
    quote: anchor.quote,
    prefix: anchor.prefix,
    suffix: anchor.suffix,
    quote_start: anchor.start,
    quote_end: anchor.end,
  };
}

/** The words a placed quote covers in version 2, or what else it became. */
function seen(place: CommentPlace, blocks: VersionBlock[]) {
  if (place.kind !== "quote") return place;
  const block = blocks.find((b) => b.id === place.paragraphId);
  return { paragraph: block?.block.text, quote: block?.block.text.slice(place.start, place.end) };
}

const P1 = "Trusted channels between response teams matter. They let incidents be shared before they spread.";
const P2 = "Regional meetings help newcomers join the community and learn the informal rules.";
const P3 = "Funding for small teams remains scarce in developing countries.";
const V1 = `# Trust\n\n${P1}\n\n${P2}\n\n${P3}`;

describe("comments across revisions", () => {
  it("stay on their words when paragraphs and words are inserted above and before them", () => {
    const v1 = save(V1);
    const comment = commentOn(v1, "incidents be shared");
    const v2 = save(`# Trust\n\nA new opening paragraph.\n\nIn 2017, ${P1}\n\n${P2}\n\n${P3}`, v1);
    expect(seen(placeComment(comment, v2, 1), v2)).toEqual({
      paragraph: `In 2017, ${P1}`,
      quote: "incidents be shared",
    });
  });

  it("stay on their words when a sentence before them is deleted, and become a comment on version 1 when their paragraph is", () => {
    const v1 = save(V1);
    const onP1 = commentOn(v1, "incidents be shared");
    const onP2 = { ...commentOn(v1, "newcomers"), quote: null };
    const v2 = save(`# Trust\n\nThey let incidents be shared before they spread.\n\n${P3}`, v1);
    expect(seen(placeComment(onP1, v2, 1), v2)).toMatchObject({ quote: "incidents be shared" });
    expect(placeComment(onP2, v2, 1)).toEqual({ kind: "orphan", version: 1 });
  });

  it("follow a paragraph that moved", () => {
    const v1 = save(V1);
    const comment = commentOn(v1, "learn the informal rules");
    const paragraph = { ...commentOn(v1, "scarce"), quote: null };
    const v2 = save(`# Trust\n\n${P3}\n\n${P1}\n\n${P2}`, v1);
    expect(seen(placeComment(comment, v2, 1), v2)).toEqual({
      paragraph: P2,
      quote: "learn the informal rules",
    });
    expect(placeComment(paragraph, v2, 1)).toEqual({ kind: "paragraph", paragraphId: v1[3]?.id });
  });

  it("stay on their quote when the sentence around it is rewritten, and follow a lightly reworded quote", () => {
    const v1 = save(V1);
    const comment = commentOn(v1, "incidents be shared before they spread");
    const rewritten =
      "Trusted channels between response teams matter a great deal: through them incidents be shared before they spread, some argue.";
    const v2 = save(`# Trust\n\n${rewritten}\n\n${P2}\n\n${P3}`, v1);
    const place = placeComment(comment, v2, 1);
    expect(place).toMatchObject({ kind: "quote", paragraphId: v1[1]?.id });
    expect(seen(place, v2)).toMatchObject({ quote: "incidents be shared before they spread" });

    const reworded = `${P1.replace("incidents be shared before they spread", "incidents be shared before it spreads")}`;
    const v3 = save(`# Trust\n\n${reworded}\n\n${P2}\n\n${P3}`, v1);
    const fuzzy = placeComment(comment, v3, 1);
    expect(fuzzy).toMatchObject({ kind: "quote", confidence: "fuzzy" });
    // Approximate: it covers the reworded words (its end may stop a letter short, as the edit distance allows).
    expect(String((seen(fuzzy, v3) as { quote: string }).quote)).toMatch(
      /^incidents be shared before it spreads?$/,
    );
  });

  it("keep to the right one of a repeated quote after text is added between them", () => {
    const text = "Trust matters for teams. Funding matters for teams too. Training matters for teams most.";
    const v1 = save(`# Repeated\n\n${text}`);
    const second = commentOn(v1, "matters for teams", 1);
    const edited =
      "Trust matters for teams. Above all, and in every region, Funding matters for teams too. Training matters for teams most.";
    const v2 = save(`# Repeated\n\n${edited}`, v1);
    const place = placeComment(second, v2, 1);
    expect(place.kind).toBe("quote");
    if (place.kind === "quote") expect(edited.slice(0, place.start)).toMatch(/Funding $/);
  });

  it("anchor Arabic text through insertions, a moved paragraph and a reworded sentence", () => {
    const a1 = "القنوات الموثوقة بين فرق الاستجابة مهمة لتبادل المعلومات قبل انتشار الحوادث.";
    const a2 = "الاجتماعات الإقليمية تساعد القادمين الجدد على الانضمام إلى المجتمع.";
    const v1 = save(`# الثقة\n\n${a1}\n\n${a2}`);
    const comment = commentOn(v1, "لتبادل المعلومات");
    const rewritten =
      "في الواقع، القنوات الموثوقة بين فرق الاستجابة مهمة جدًا لتبادل المعلومات قبل انتشار الحوادث.";
    const v2 = save(`# الثقة\n\n${a2}\n\nفقرة جديدة.\n\n${rewritten}`, v1);
    expect(seen(placeComment(comment, v2, 1), v2)).toEqual({
      paragraph: rewritten,
      quote: "لتبادل المعلومات",
    });
    const gone = save(`# الثقة\n\n${a2}`, v2);
    expect(placeComment({ ...comment, quote: null }, gone, 1)).toEqual({ kind: "orphan", version: 1 });
  });
});
