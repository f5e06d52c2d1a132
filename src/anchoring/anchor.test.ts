import { describe, expect, it } from "vitest";
import { anchorFor, CONTEXT_LENGTH, reanchor, type TextAnchor } from "./index.js";

const TEXT =
  "Capacity building is essential. Many countries lack a national CERT. " +
  "Critical infrastructure must be protected by law. Cybercrime laws differ across regions, " +
  "and cooperation between CERTs is slow.";

/** The anchor of the first occurrence of `quote` in `text`. */
function anchorOf(text: string, quote: string, occurrence = 0): TextAnchor {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) at = text.indexOf(quote, at + 1);
  if (at < 0) throw new Error(`"${quote}" is not in the text`);
  return anchorFor(text, at, at + quote.length);
}

/** What the match found, as text. */
function found(text: string, anchor: TextAnchor) {
  const match = reanchor(anchor, text);
  return (
    match && { quote: text.slice(match.start, match.end), confidence: match.confidence, start: match.start }
  );
}

describe("anchorFor", () => {
  it("keeps the quote, 32 code points of context on each side, and the offsets", () => {
    const anchor = anchorOf(TEXT, "Critical infrastructure must be protected");
    expect(anchor.quote).toBe("Critical infrastructure must be protected");
    expect(anchor.prefix).toBe("countries lack a national CERT. ");
    expect(Array.from(anchor.prefix)).toHaveLength(CONTEXT_LENGTH);
    expect(anchor.suffix).toBe(" by law. Cybercrime laws differ ");
    expect(TEXT.slice(anchor.start, anchor.end)).toBe(anchor.quote);
  });

  it("has short context at the text's edges and accepts a selection made backwards", () => {
    const anchor = anchorFor("Hello world", 11, 6);
    expect(anchor).toEqual({ quote: "world", prefix: "Hello ", suffix: "", start: 6, end: 11 });
  });

  it("never splits a surrogate pair and counts context in code points", () => {
    const text = `${"😀".repeat(40)}target${"𠜎".repeat(40)}`;
    const inside = text.indexOf("target");
    const anchor = anchorFor(text, inside - 1, inside + 7); // both ends fall inside a pair
    expect(anchor.quote).toBe("😀target𠜎");
    expect(Array.from(anchor.prefix)).toHaveLength(CONTEXT_LENGTH);
    expect(anchor.prefix).toBe("😀".repeat(32));
    expect(anchor.suffix).toBe("𠜎".repeat(32));
  });
});

describe("reanchor", () => {
  it("finds an unchanged text exactly where it was", () => {
    const anchor = anchorOf(TEXT, "national CERT");
    expect(reanchor(anchor, TEXT)).toEqual({ start: anchor.start, end: anchor.end, confidence: "exact" });
  });

  it("follows a quote moved by text added before it", () => {
    const anchor = anchorOf(TEXT, "Critical infrastructure must be protected by law.");
    const edited = `Summary: we add a first paragraph here.\n\n${TEXT}`;
    expect(found(edited, anchor)).toMatchObject({
      quote: "Critical infrastructure must be protected by law.",
      confidence: "moved",
      start: anchor.start + 41,
    });
  });

  it("follows paragraphs that were swapped", () => {
    const a = "First, governments should publish their cyber strategies openly.";
    const b = "Second, small states need help to train incident responders.";
    const anchor = anchorOf(`${a}\n\n${b}`, "train incident responders");
    expect(found(`${b}\n\n${a}`, anchor)).toMatchObject({
      quote: "train incident responders",
      confidence: "moved",
    });
  });

  it("finds an edited quote approximately, and says so", () => {
    const anchor = anchorOf(TEXT, "Cybercrime laws differ across regions");
    const edited = TEXT.replace(
      "Cybercrime laws differ across regions",
      "Cyber-crime laws vary across regions",
    );
    expect(found(edited, anchor)).toEqual({
      quote: "Cyber-crime laws vary across regions",
      confidence: "fuzzy",
      start: edited.indexOf("Cyber-crime"),
    });
  });

  it("finds a quote whose typos were corrected by its author", () => {
    const before = "We recomend that goverments share threat informaton with each other.";
    const after = "Preface.\nWe recommend that governments share threat information with each other.";
    const anchor = anchorOf(before, "We recomend that goverments share threat informaton");
    expect(found(after, anchor)).toMatchObject({
      quote: "We recommend that governments share threat information",
      confidence: "fuzzy",
    });
  });

  it("matches across CRLF and LF, and whitespace re-flowed by a new extraction", () => {
    const windows = "Line one of the report.\r\nCapacity building is\r\nessential for all.\r\n";
    const anchor = anchorOf(windows, "Capacity building is\r\nessential");
    const unix = "Line one of the report.\nCapacity  building is essential for all.\n";
    expect(found(unix, anchor)).toEqual({
      quote: "Capacity  building is essential",
      confidence: "moved",
      start: unix.indexOf("Capacity"),
    });
    // And back: an LF selection found in a CRLF text.
    const back = anchorOf(unix, "building is essential");
    expect(found(windows, back)?.quote).toBe("building is\r\nessential");
  });

  it("does not care whether accents are composed, nor about curly or straight quotes", () => {
    const composed = "La formación de los equipos “CERT” es clave.";
    const decomposed = `Prólogo. ${'La formacio\u0301n de los equipos "CERT" es clave.'.normalize("NFD")}`;
    const anchor = anchorOf(composed, "formación de los equipos “CERT”");
    const match = found(decomposed, anchor);
    expect(match?.confidence).toBe("moved");
    expect(match?.quote.normalize("NFC")).toBe('formación de los equipos "CERT"');
  });

  it("chooses among repeated quotes by their context", () => {
    const text =
      "In Africa, capacity building matters most. In Asia, capacity building is funded. " +
      "In Europe, capacity building is routine.";
    const anchor = anchorOf(text, "capacity building", 1); // the one about Asia
    const edited = `Preamble. ${text.replace("In Africa, ", "In Africa and the Pacific, ")}`;
    const match = reanchor(anchor, edited);
    expect(match?.confidence).toBe("moved");
    expect(edited.slice(match!.start - 9, match!.end)).toBe("In Asia, capacity building");
  });

  it("chooses the nearest of repeated quotes when their contexts are alike", () => {
    const text = "yes. yes. yes. yes. yes. yes.";
    const anchor = anchorFor(text, 15, 19); // the fourth
    const shifted = `x${text}`;
    expect(reanchor(anchor, shifted)).toEqual({ start: 16, end: 20, confidence: "moved" });
  });

  it("returns null (an orphan) when the quote is gone", () => {
    const anchor = anchorOf(TEXT, "Critical infrastructure must be protected by law.");
    const rewritten = "Capacity building is essential. Cooperation between CERTs is slow.";
    expect(reanchor(anchor, rewritten)).toBeNull();
    expect(reanchor(anchor, "")).toBeNull();
  });

  it("tries no approximate match when asked not to", () => {
    const anchor = anchorOf(TEXT, "Cybercrime laws differ across regions");
    const edited = TEXT.replace("differ", "vary");
    expect(reanchor(anchor, edited, { fuzzy: false })).toBeNull();
    expect(reanchor(anchor, edited)?.confidence).toBe("fuzzy");
  });

  it("never fuzzily matches a short quote: a few letters would match anything", () => {
    const anchor = anchorOf("the CERT said", "CERT");
    expect(reanchor(anchor, "the CSIRT said")).toBeNull();
  });

  it("refuses a match beyond the error budget (a quarter of the quote)", () => {
    const anchor = anchorOf("alpha bravo charlie delta", "bravo charlie"); // 13 code points: 3 edits allowed
    expect(found("alpha brave charley delta", anchor)?.confidence).toBe("fuzzy"); // 2 edits
    expect(reanchor(anchor, "alpha grove charms delta")).toBeNull(); // more than 3
  });

  it("re-anchors Arabic, Chinese and Russian text, moved and edited", () => {
    const arabic = "بناء القدرات ضروري. الجرائم الإلكترونية تتطلب تعاونا دوليا بين الدول.";
    const arabicAnchor = anchorOf(arabic, "الجرائم الإلكترونية تتطلب تعاونا دوليا");
    expect(found(`مقدمة. ${arabic}`, arabicAnchor)).toMatchObject({
      quote: "الجرائم الإلكترونية تتطلب تعاونا دوليا",
      confidence: "moved",
    });

    const chinese = "能力建设至关重要。关键基础设施必须受到法律保护。网络犯罪需要国际合作。";
    const chineseAnchor = anchorOf(chinese, "关键基础设施必须受到法律保护");
    const chineseEdited = chinese.replace("必须受到法律保护", "必须受到法律的保护");
    expect(found(chineseEdited, chineseAnchor)).toMatchObject({
      quote: "关键基础设施必须受到法律的保护",
      confidence: "fuzzy",
    });

    const russian = "Наращивание потенциала необходимо. Критическая инфраструктура должна быть защищена.";
    const russianAnchor = anchorOf(russian, "Критическая инфраструктура должна быть защищена");
    expect(found(russian.replace("должна быть", "должна"), russianAnchor)).toMatchObject({
      quote: "Критическая инфраструктура должна защищена",
      confidence: "fuzzy",
    });
  });

  it("re-anchors a reworded Arabic quote fuzzily, its start and end on the new words", () => {
    const arabic = "بناء القدرات ضروري. الجرائم الإلكترونية تتطلب تعاونا دوليا بين الدول.";
    const anchor = anchorOf(arabic, "الجرائم الإلكترونية تتطلب تعاونا دوليا");
    expect(anchor.end - anchor.start).toBe("الجرائم الإلكترونية تتطلب تعاونا دوليا".length);
    // A word of the quote itself changed (تتطلب → تستلزم), and a sentence added before it.
    const edited = "مقدمة قصيرة. بناء القدرات ضروري. الجرائم الإلكترونية تستلزم تعاونا دوليا بين الدول.";
    const reworded = "الجرائم الإلكترونية تستلزم تعاونا دوليا";
    const match = reanchor(anchor, edited);
    expect(match).toEqual({
      start: edited.indexOf(reworded),
      end: edited.indexOf(reworded) + reworded.length,
      confidence: "fuzzy",
    });
    expect(reanchor(anchor, edited, { fuzzy: false })).toBeNull();
  });

  it("counts a character outside the BMP as one edit", () => {
    const text = "Status report 𠜎𠜎 for the region of Asia";
    const anchor = anchorOf(text, "report 𠜎𠜎 for the");
    // Two astral characters replaced: 2 edits of 18 code points is within budget (4); as UTF-16 units it is 4.
    const edited = text.replace("𠜎𠜎", "ab");
    expect(found(edited, anchor)).toMatchObject({ quote: "report ab for the", confidence: "fuzzy" });
  });

  it("finds a quote in a long text quickly", () => {
    const filler = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(4000); // ~230k chars
    const quote = "National strategies should name a responsible agency for incident response.";
    const text = `${filler}${quote}${filler}`;
    const anchor = anchorOf(text, quote);
    const edited = `${filler}Intro. ${quote.replace("should name", "must name")}${filler}`;
    const started = performance.now();
    expect(found(edited, anchor)?.confidence).toBe("fuzzy");
    expect(performance.now() - started).toBeLessThan(3000);
  });
});
