// The report parser on hard input: long texts, Word's plain text, Windows line ends, typing slips.
import { describe, expect, it } from "vitest";
import { parseMeetingReport } from "./parse-report.js";
import { codes, report } from "./report-fixtures.js";

describe("parseMeetingReport: size", () => {
  it("stays linear on long texts that never break a paragraph", () => {
    const inputs = [
      "word\n".repeat(50_000),
      "1 https://example.org/a\n".repeat(10_000),
      "- Mr. A / B\n".repeat(20_000),
    ];
    for (const input of inputs) {
      const started = performance.now();
      parseMeetingReport(input);
      // Quadratic re-joining took tens of seconds on these inputs.
      expect(performance.now() - started).toBeLessThan(5_000);
    }
  });

  it("reads a line of unclosed brackets, unpaired stars or Word's marks in linear time", () => {
    const inputs = [
      `1. Text ${"[1: x ".repeat(40_000)}`,
      `1. Text ${"*a ".repeat(60_000)}`,
      `1. Text ${"[footnoteRef:1][1: x ".repeat(20_000)}`,
    ];
    for (const input of inputs) {
      const started = performance.now();
      parseMeetingReport(input);
      // Each "[" or "*" rescanned the rest of the line: about a minute per input before.
      expect(performance.now() - started).toBeLessThan(5_000);
    }
  });

  it("returns an empty proposal with warnings for an empty text", () => {
    const meeting = parseMeetingReport("");
    expect(meeting.paragraphs).toEqual([]);
    expect(meeting.title).toBeNull();
    expect(codes(meeting)).toEqual(expect.arrayContaining(["missing_title", "missing_date", "unknown_kind"]));
  });
});

describe("parseMeetingReport: text saved from Word", () => {
  // Word's plain text: one paragraph a line (too long for any printed page), no empty lines.
  const wordText = report(
    "Virtual Meeting II",
    "Summary Report",
    "3 May 2018",
    "1. The BPF held its second virtual meeting on 3 May 2018.[footnoteRef:1] The meeting was facilitated by Ana Silva, who opened it by recalling the work plan agreed at the start of the cycle. A recording is available here:",
    "https://example.org/recording/12",
    "[1:  The agenda: https://example.org/agenda]",
    "Members discussed the outline of the paper, which had been circulated before the meeting and which several members had commented on in writing.",
    "2. The following next steps were agreed:",
    "- The Secretariat will circulate the draft before 20 May.",
    "3. The next meeting will take place in the week of 4 June, when members expect to review the first full draft of the paper and the comments received on it.[footnoteRef:2][2: https://example.org/calendar]",
  );

  it("reads each line as a paragraph and an address on its own line as part of the paragraph above", () => {
    const meeting = parseMeetingReport(wordText);
    expect(meeting.title).toBe("Virtual Meeting II");
    expect(meeting.date).toBe("2018-05-03");
    expect(meeting.paragraphs.map((paragraph) => paragraph.number)).toEqual([1, 2, 3]);
    const [opening, extra] = meeting.paragraphs[0]?.text.split("\n\n") ?? [];
    expect(opening).toMatch(/^The BPF held .* here: https:\/\/example\.org\/recording\/12$/);
    expect(extra).toMatch(/^Members discussed/);
    expect(meeting.links[0]).toMatchObject({ url: "https://example.org/recording/12", kind: "recording" });
    expect(meeting.next_steps).toContainEqual(
      expect.objectContaining({
        owner: "Secretariat",
        source: "list",
        due: { text: "before 20 May", date: "2018-05-20", precision: "before" },
      }),
    );
    expect(meeting.next_meeting).toMatchObject({ date: "2018-06-04", precision: "week_of" });
  });

  it("reads Word's footnotes, on a line of their own or right after the mark, and shows the mark as printed", () => {
    const meeting = parseMeetingReport(wordText);
    expect(meeting.footnotes).toEqual([
      { marker: "1", text: "The agenda: https://example.org/agenda", url: "https://example.org/agenda" },
      { marker: "2", text: "https://example.org/calendar", url: "https://example.org/calendar" },
    ]);
    expect(meeting.paragraphs[0]?.text).toContain("on 3 May 2018.¹ The meeting");
    expect(meeting.paragraphs[2]?.text).toMatch(/received on it\.²$/);
    expect(codes(meeting)).not.toContain("footnote_missing");
    expect(codes(meeting)).not.toContain("footnote_unreferenced");
  });

  it("gives the same record with Windows line ends and a byte-order mark", () => {
    expect(parseMeetingReport(`\ufeff${wordText.replace(/\n/g, "\r\n")}`)).toEqual(
      parseMeetingReport(wordText),
    );
  });
});

describe("parseMeetingReport: typing slips", () => {
  it("reads past one slip in the words it keys on", () => {
    const meeting = parseMeetingReport(
      report(
        "Informal meting of the BPF on Cybersecurity",
        "Sumary Report",
        "12 Ocotber 2018",
        "",
        "1. The BPF held an informal meeting on 12 Ocotber 2018. It was moderatd by Ana Silva.",
        "",
        "2. Next setps:",
        "- Members are to send comments befor 1 Novmber.",
        "",
        "Anex I – Particpants List",
        "Ana Silva (Moderater)",
        "Ben Wallis",
        "",
        "Annex II – Contibutions recieved by 10 Ocotber",
        "- Ben Wallis / Microsoft",
      ),
    );
    expect(meeting.title).toBe("Informal meting of the BPF on Cybersecurity");
    expect(meeting.kind).toBe("informal");
    expect(meeting.date).toBe("2018-10-12");
    expect(meeting.moderator).toBe("Ana Silva");
    expect(meeting.next_steps).toEqual([
      expect.objectContaining({
        owner: "Members",
        source: "list",
        due: { text: "befor 1 Novmber", date: "2018-11-01", precision: "before" },
      }),
    ]);
    expect(meeting.annexes.map((annex) => [annex.label, annex.kind])).toEqual([
      ["I", "participants"],
      ["II", "contributions"],
    ]);
    expect(meeting.participants).toHaveLength(2);
    expect(meeting.contributionsAsOf).toBe("2018-10-10");
    expect(codes(meeting)).not.toContain("moderator_conflict");
  });

  it("reads no further: two slips in a word, a slip in its first letter or in a short word", () => {
    const meeting = parseMeetingReport(
      report(
        "Cybersecurity BPF",
        "Sumarry Report",
        "",
        "1. The BPF met on 12 October 2018. It was faclitaed by Ana Silva, then gacilitated by Ben Wallis.",
        "",
        "2. Nest steps:",
        "- Members are to send comments.",
        "",
        "Annex I – Minutes of the call",
        "The minutes follow.",
        "",
        "Annex II – Remote participation figures",
        "Ten people joined online.",
      ),
    );
    expect(meeting.title).toBe("Cybersecurity BPF Sumarry Report");
    expect(meeting.facilitator).toBeNull();
    expect(codes(meeting)).toContain("missing_facilitator");
    expect(meeting.next_steps.every((step) => step.source === "prose")).toBe(true);
    // Annex kinds are read from whole words: "minutes" is no "input" misspelt, "participation" no "participant".
    expect(meeting.annexes.map((annex) => annex.kind)).toEqual(["other", "other"]);
  });
});
