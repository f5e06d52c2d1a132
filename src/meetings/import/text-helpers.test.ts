import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { extractFootnotes } from "./footnotes.js";
import { joinWrappedLine } from "./joining.js";
import { expandFirstName, findFullNames, stripHonorific } from "./names.js";
import { findNextSteps, findOwner } from "./next-steps.js";
import { readOrdinal, readRomanNumeral, toRoman } from "./numbers.js";
import { removePageEndLinkLists } from "./page-links.js";
import { splitSentences } from "./sentences.js";
import { findSeedsDir } from "./test-seeds.js";
import { splitSourceLines } from "./text-lines.js";
import { tolerant, tolerantPhrase } from "./typos.js";
import { findOcrDamage, isUrlContinuation, trimUrl, urlKey } from "./urls.js";

describe("numbers", () => {
  it("reads Roman numerals I to XX, repairing l and 1 read for I", () => {
    expect(
      [..."I II III IV V IX XIV XIX XX".split(" ")].map((numeral) => readRomanNumeral(numeral)?.value),
    ).toEqual([1, 2, 3, 4, 5, 9, 14, 19, 20]);
    expect(readRomanNumeral("Il")).toEqual({ value: 2, normalised: "II", repaired: true });
    expect(readRomanNumeral("IIII")).toBeNull();
    expect(readRomanNumeral("3")).toBeNull();
  });

  it("writes Roman numerals", () => {
    expect([1, 2, 4, 9, 14, 19, 20].map(toRoman)).toEqual(["I", "II", "IV", "IX", "XIV", "XIX", "XX"]);
  });

  it("reads ordinal words and numbers", () => {
    expect(readOrdinal("fourth")).toBe(4);
    expect(readOrdinal("Twentieth")).toBe(20);
    expect(readOrdinal("7th")).toBe(7);
    expect(readOrdinal("fourthly")).toBeNull();
  });
});

describe("joinWrappedLine", () => {
  it("keeps compound hyphens, drops typesetting ones and mends addresses", () => {
    expect(joinWrappedLine("a multi-", "stakeholder")).toBe("a multi-stakeholder");
    expect(joinWrappedLine("the organisa-", "tion")).toBe("the organisation");
    expect(joinWrappedLine("cyber-", "security")).toBe("cyber-security");
    expect(joinWrappedLine("goals -", "http://x.org")).toBe("goals - http://x.org");
    expect(joinWrappedLine("see https://x.org/RCID=4715eb", "25acd5")).toBe(
      "see https://x.org/RCID=4715eb25acd5",
    );
    expect(joinWrappedLine("see https://x.org/page", "and")).toBe("see https://x.org/page and");
    expect(joinWrappedLine("soft\u00ad", "ware")).toBe("software");
  });
});

describe("urls", () => {
  it("trims sentence punctuation but keeps balanced brackets", () => {
    expect(trimUrl("https://x.org/list).")).toBe("https://x.org/list");
    expect(trimUrl("https://en.wikipedia.org/wiki/Tor_(network)")).toBe(
      "https://en.wikipedia.org/wiki/Tor_(network)",
    );
  });

  it("keys http and https, escapes and trailing slashes alike", () => {
    expect(urlKey("http://www.x.org/%5blink%5d/")).toBe(urlKey("https://X.org/[link]"));
  });

  it("knows an address continuation from a word", () => {
    expect(isUrlContinuation("https://x.org/a/3416/", "549")).toBe(true);
    expect(isUrlContinuation("https://x.org/a", "done.")).toBe(false);
    expect(isUrlContinuation("https://x.org/a", "Meeting")).toBe(false);
  });

  it("spots letters read for digits in a hexadecimal identifier", () => {
    expect(findOcrDamage("https://x.webex.com/ldr.php?RCID=bdda133elcd8bflbc86e191899d2da45")).toBe(
      "bdda133elcd8bflbc86e191899d2da45",
    );
    expect(findOcrDamage("https://x.webex.com/ldr.php?RCID=4715eb63b363868608f25acd5c63c1d7")).toBeNull();
    expect(
      findOcrDamage("https://docs.google.com/document/d/1fgdtIXPZNKC3XOCWZzToRLJWNgOjlUtsPyROFwS1TDI/edit"),
    ).toBeNull();
  });
});

describe("layout clean-up", () => {
  it("marks page starts from a single leading space or a form feed", () => {
    expect(splitSourceLines("one\n two\n  three\n\ffour").map((line) => line.startsPage)).toEqual([
      false,
      true,
      false,
      true,
    ]);
  });

  it("lifts page-end link lists but keeps an address introduced by a colon", () => {
    const lines = splitSourceLines(
      "Available here:\nhttps://a.org/x\nMore text\nhttps://a.org/y\nhttps://a.org/y\n next page",
    );
    const result = removePageEndLinkLists(lines);
    expect(result.urls).toEqual(["https://a.org/y", "https://a.org/y"]);
    expect(result.lines.map((line) => line.text)).toEqual([
      "Available here:",
      "https://a.org/x",
      "More text",
      "next page",
    ]);
  });

  it("lifts a footnote whose address wraps onto the next line", () => {
    const result = extractFootnotes(splitSourceLines("text and\n\n¹ https://a.org/files/12\n34\n\nmore"));
    expect(result.footnotes).toEqual([
      { marker: "1", text: "https://a.org/files/1234", url: "https://a.org/files/1234" },
    ]);
    expect(result.lines.map((line) => line.text)).toEqual(["text and", "", "", "more"]);
  });
});

describe("sentences and names", () => {
  it("does not split after titles and initials", () => {
    expect(splitSentences("Mr. Juan P. Salazar spoke. Dr. U.M. Mbanaso agreed. Done")).toEqual([
      "Mr. Juan P. Salazar spoke.",
      "Dr. U.M. Mbanaso agreed.",
      "Done",
    ]);
  });

  it("strips titles, finds full names and expands a first name used alone", () => {
    expect(stripHonorific("Dr.N.Sudha Bhuvaneswari")).toEqual({
      name: "N.Sudha Bhuvaneswari",
      honorific: true,
    });
    expect(stripHonorific("Drew Smith")).toEqual({ name: "Drew Smith", honorific: false });
    const names = findFullNames(
      "Maarten van Horenbeeck, the lead expert, met Wout de Natris. The Secretariat agreed.",
    );
    expect(names).toEqual(["Maarten van Horenbeeck", "Wout de Natris"]);
    expect(expandFirstName("Maarten", names)).toBe("Maarten van Horenbeeck");
    expect(expandFirstName("Markus", names)).toBe("Markus");
  });
});

describe("findOwner", () => {
  it.each([
    ["The Secretariat will send out the call.", "Secretariat"],
    ["Members are to make final comments.", "Members"],
    ["Marilyn suggested it, which Maarten offered to do.", "Maarten"],
    ["One member, Richard Leaning, offered to assist.", "Richard Leaning"],
    ["A meeting will be scheduled by the IGF Secretariat and held soon.", "IGF Secretariat"],
    ["The focal point noted she would inform the initiatives.", "focal point"],
    ["It was agreed that, before then, group members should review the list.", "group members"],
  ])("finds the owner in %j", (sentence, owner) => {
    expect(findOwner(sentence)).toBe(owner);
  });

  it.each([
    "The draft will be shared on the list.",
    "The questionnaire will remain open for comments.",
    "BPF members agreed their next meeting should take place soon.",
    "Markus suggested adding the summaries.",
  ])("finds nobody in %j", (sentence) => {
    expect(findOwner(sentence)).toBeNull();
  });

  it("skips items of lists that announce sessions", () => {
    const steps = findNextSteps(
      [{ segments: [{ kind: "item", text: "On 5 December, all participants are encouraged to join." }] }],
      { year: 2016, date: null },
      [],
      () => true,
    );
    expect(steps).toEqual([]);
  });
});

describe("findSeedsDir", () => {
  it("walks up from any folder to the shared seeds", () => {
    const here = dirname(fileURLToPath(import.meta.url));
    const seeds = findSeedsDir(join(here, "deeper", "still"));
    expect(seeds).toMatch(/[/\\]shared[/\\]seeds$/);
    expect(findSeedsDir()).toBe(seeds);
  });
});

describe("tolerant", () => {
  const facilitated = new RegExp(`^${tolerant("facilitated")}$`, "i");

  it("matches a word with one slip after its first letter: dropped, added, doubled, swapped or mistyped", () => {
    for (const typed of [
      "facilitated",
      "facilitate",
      "faciliated",
      "facilitatted",
      "facilitaetd",
      "facilitatod",
    ]) {
      expect(facilitated.test(typed), typed).toBe(true);
    }
  });

  it("refuses two slips, a slip in the first letter, and any slip in a short word", () => {
    for (const typed of ["faclitaed", "gacilitated", "acilitated", "facilitator"]) {
      expect(facilitated.test(typed), typed).toBe(false);
    }
    expect(new RegExp(`^${tolerant("next")}$`).test("nest")).toBe(false);
    expect(new RegExp(`^${tolerantPhrase("next steps")}$`, "i").test("Next  setps")).toBe(true);
  });
});
