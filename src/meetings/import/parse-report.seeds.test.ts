import { describe, expect, it } from "vitest";
import { parseMeetingReport } from "./parse-report.js";
import { readSeed } from "./test-seeds.js";
import type { ProposedMeeting, WarningCode } from "./types.js";

function parseSeed(prefix: string): ProposedMeeting {
  const seed = readSeed(prefix);
  return parseMeetingReport(seed.text, { fileName: seed.fileName });
}

function codes(meeting: ProposedMeeting): WarningCode[] {
  return meeting.warnings.map((warning) => warning.code);
}

describe("seed 000: a 2017 report with no title line and text-recognition damage", () => {
  const meeting = parseSeed("000");

  it("recovers the header facts from the opening paragraph and flags the missing title", () => {
    expect(meeting.title).toBeNull();
    expect(codes(meeting)).toContain("missing_title");
    expect(meeting.kind).toBe("virtual");
    expect(meeting.number).toBe(4);
    expect(meeting.date).toBe("2017-09-18");
    expect(meeting.facilitator).toBe("Markus Kummer");
    expect(meeting.moderator).toBeNull();
  });

  it("keeps the three numbered paragraphs and attaches the unnumbered ones to the paragraph above", () => {
    expect(meeting.paragraphs.map((paragraph) => paragraph.number)).toEqual([1, 2, 3]);
    const [first, second, third] = meeting.paragraphs.map((paragraph) => paragraph.text);
    expect(first?.startsWith("The IGF Best Practice Forum (BPF) on Cybersecurity")).toBe(true);
    expect(first).toContain("meeting on 18");
    expect(second?.split("\n\n")).toHaveLength(2);
    // Each phrase below spans a line break of the original, so it shows where lines were re-joined.
    expect(second).toContain("to date and that");
    expect(third?.split("\n\n")).toHaveLength(6);
    expect(third).toContain("Mauritius IGF. The Secretariat’s");
    expect(third).toContain("for which there would");
    expect(third).toContain("from a multi-stakeholder approach");
    expect(third).toMatch(/the week of 9 October\.$/);
    const unnumbered = meeting.warnings.filter((warning) => warning.code === "unnumbered_paragraphs");
    expect(unnumbered.map((warning) => warning.message)).toEqual([
      expect.stringContaining("1 unnumbered paragraph after paragraph 2"),
      expect.stringContaining("5 unnumbered paragraphs after paragraph 3"),
    ]);
  });

  it("re-joins the recording address broken across two lines and flags its damaged identifier", () => {
    const url = "https://intgovforum.webex.com/intgovforum/Idr.php?RCID=bdda133elcd8bflbc86e191899d2da45";
    expect(meeting.paragraphs[0]?.text.endsWith(url)).toBe(true);
    expect(meeting.links).toEqual([{ url, label: null, kind: "recording", password: null }]);
    expect(meeting.warnings.find((warning) => warning.code === "link_ocr_suspect")?.message).toContain(
      "bdda133elcd8bflbc86e191899d2da45",
    );
  });

  it("reads the 17 contributions of Annex II as of the meeting day", () => {
    expect(meeting.contributionsAsOf).toBe("2017-09-18");
    expect(meeting.contributions).toHaveLength(17);
    expect(meeting.contributions[0]).toEqual({ name: "Shredeep Rayamajhi", organisation: null });
    expect(meeting.contributions).toContainEqual({ name: "Ben Wallis", organisation: "Microsoft" });
    expect(meeting.contributions).toContainEqual({
      name: null,
      organisation: "United Nations Cuban Association",
    });
    expect(meeting.contributions).toContainEqual({ name: "N.Sudha Bhuvaneswari", organisation: null });
    expect(meeting.contributions).toContainEqual({
      name: "U.M. Mbanaso",
      organisation: "Centre for Cyberspace Studies, Nasarawa State University",
    });
    expect(meeting.contributions.at(-1)).toEqual({
      name: "Opeyemi Onifade",
      organisation: "Africa ICT Alliance (AfICTA)",
    });
    expect(meeting.contributions.filter((contribution) => contribution.organisation === null)).toHaveLength(
      6,
    );
    expect(meeting.annexes).toEqual([
      expect.objectContaining({
        label: "II",
        kind: "contributions",
        title: "BPF Contributions as of 18 September 2017",
      }),
    ]);
  });

  it("flags what a person would want to check", () => {
    expect(codes(meeting)).toEqual(
      expect.arrayContaining([
        "annex_missing",
        "no_participants",
        "contribution_count_differs",
        "next_steps_from_prose",
        "ocr_suspect_text",
      ]),
    );
    expect(meeting.participants).toEqual([]);
    expect(
      meeting.warnings.find((warning) => warning.code === "contribution_count_differs")?.message,
    ).toContain("14 contributions received; the annex lists 17");
    const ocr = meeting.warnings.find((warning) => warning.code === "ocr_suspect_text")?.message ?? "";
    for (const word of ["NRlIs", "ANNEX Il", "Annex Il", "guestionnaire"]) expect(ocr).toContain(`"${word}"`);
    expect(codes(meeting)).not.toContain("date_conflict");
    expect(codes(meeting)).not.toContain("missing_facilitator");
  });

  it("reads the next meeting and the commitments made in the prose", () => {
    expect(meeting.next_meeting).toEqual({
      text: "the week of 9 October",
      date: "2017-10-09",
      precision: "week_of",
    });
    expect(meeting.next_steps.map((step) => [step.owner, step.source])).toEqual([
      ["All members of the BPF group", "prose"],
      ["Maarten van Horenbeeck", "prose"],
      ["Wout de Natris", "prose"],
      ["Secretariat’s NRIs focal point", "prose"],
      ["group members", "prose"],
    ]);
    expect(meeting.next_steps[1]?.text).toMatch(/^Maarten offered to kick off the work/);
    expect(meeting.next_steps[4]?.due).toEqual({
      text: "before the BPF’s next meeting",
      date: null,
      precision: "before",
    });
    expect(meeting.sessions).toEqual([]);
    expect(meeting.footnotes).toEqual([]);
  });
});

describe("seed 001: Virtual Meeting III with page artefacts and two annexes", () => {
  const meeting = parseSeed("001");

  it("reads the title block", () => {
    expect(meeting.title).toBe("2017 IGF Best Practice Forum (BPF): Cybersecurity – Virtual Meeting III");
    expect(meeting.kind).toBe("virtual");
    expect(meeting.number).toBe(3);
    expect(meeting.date).toBe("2017-08-07");
    expect(meeting.facilitator).toBe("Markus Kummer");
    expect(meeting.moderator).toBeNull();
  });

  it("re-joins eight numbered paragraphs across the empty lines and page-end link lists", () => {
    expect(meeting.paragraphs.map((paragraph) => paragraph.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(codes(meeting)).not.toContain("unnumbered_paragraphs");
    expect(codes(meeting)).not.toContain("paragraph_numbering_gap");
    const text = meeting.paragraphs.map((paragraph) => paragraph.text).join("\n");
    expect(text).not.toContain("docs.google.com");
    // Re-joined across the page-end link list that interrupts the sentence.
    expect(meeting.paragraphs[2]?.text).toContain("It includes, finally");
    expect(meeting.paragraphs[1]?.text).toContain("and several members volunteered to help");
    // The last paragraph is one line of 24 words, re-joined where the date was broken across lines.
    const last = meeting.paragraphs[7]?.text ?? "";
    expect(last.startsWith("BPF members agreed")).toBe(true);
    expect(last).toContain("15 September deadline");
    expect(last.endsWith("contributions.")).toBe(true);
    expect(last).not.toContain("\n");
    expect(last.split(/\s+/)).toHaveLength(24);
    expect(meeting.paragraphs[6]?.text.split("\n")).toHaveLength(5);
  });

  it("keeps every link once, with the recording's full identifier", () => {
    const recording =
      "https://intgovforum.webex.com/intgovforum/ldr.php?RCID=4715eb63b363868608f25acd5c63c1d7";
    expect(meeting.paragraphs[0]?.text.endsWith(recording)).toBe(true);
    expect(meeting.links.filter((link) => link.kind === "recording")).toEqual([
      { url: recording, label: null, kind: "recording", password: null },
    ]);
    expect(meeting.links.map((link) => link.url)).toEqual([
      recording,
      "https://www.intgovforum.org/mailman/listinfo/bp_cybersec_2016_intgovforum.org",
      "http://www.un.org/sustainabledevelopment/sustainable-development-goals/",
      "https://www.intgovforum.org/multilingual/index.php?q=filedepot_download/3416/549",
      "https://docs.google.com/document/d/1fgdtIXPZNKC3XOCWZzToRLJWNgOjlUtsPyROFwS1TDI/edit",
      "https://www.intgovforum.org/multilingual/index.php?q=filedepot_download/4904/687",
      "https://www.intgovforum.org/multilingual/index.php?q=filedepot_download/4904/688",
    ]);
    expect(meeting.links.find((link) => link.url.includes("3416/549"))).toMatchObject({
      label: "Policy Options for Connecting & Enabling the Next Billion(s) - Phase II",
      kind: "document",
    });
    expect(meeting.warnings.filter((warning) => warning.code === "link_placeholder")).toHaveLength(2);
  });

  it("reads the 19 participants of Annex I, roles in parentheses", () => {
    expect(meeting.participants).toHaveLength(19);
    expect(meeting.participants[0]).toEqual({ name: "Markus Kummer", role: "Facilitator" });
    expect(meeting.participants[1]).toEqual({ name: "Eleonora Mazzucchi", role: "IGF Secretariat" });
    expect(meeting.participants.filter((participant) => participant.role !== null)).toHaveLength(2);
    expect(meeting.participants).toContainEqual({ name: "Juan P. Salazar", role: null });
    expect(meeting.participants).toContainEqual({ name: "Jose de la Cruz", role: null });
    expect(meeting.participants.at(-1)).toEqual({ name: "Timea Suto", role: null });
  });

  it("treats Annex II, the call for contributions, as no list of contributions", () => {
    expect(meeting.contributions).toEqual([]);
    expect(meeting.contributionsAsOf).toBeNull();
    expect(meeting.annexes.map((annex) => [annex.label, annex.kind])).toEqual([
      ["I", "participants"],
      ["II", "other"],
    ]);
    const callText = meeting.annexes[1]?.text ?? "";
    expect(callText).toContain("Well-developed cybersecurity helps");
    // A word hyphenated across lines is joined whole.
    expect(callText).toContain("the de-anonymization of");
    expect(callText).toContain("\n\nQuestions:\n- How does good cybersecurity");
  });

  it("reads the four listed next steps with owners and due dates", () => {
    const listed = meeting.next_steps.filter((step) => step.source === "list");
    expect(listed.map((step) => [step.owner, step.due?.date, step.due?.precision])).toEqual([
      ["Members", "2017-08-15", "before"],
      [null, "2017-08-15", "before"],
      ["Secretariat", "2017-08-15", "on_or_around"],
      ["Secretariat", "2017-09-15", "before"],
    ]);
    expect(listed[2]?.due?.text).toBe("on or around 15 August");
    expect(codes(meeting)).toContain("next_step_without_owner");
    expect(codes(meeting)).not.toContain("next_steps_from_prose");
  });

  it("reads the volunteered tasks from the prose and the next meeting", () => {
    const fromProse = meeting.next_steps.filter((step) => step.source === "prose").map((step) => step.owner);
    expect(fromProse).toEqual([
      "several members",
      "Richard Leaning",
      "All",
      "Alejandro Pisanty",
      "Maarten van Horenbeeck",
    ]);
    expect(meeting.next_meeting).toEqual({
      text: "shortly after the 15 September deadline",
      date: "2017-09-15",
      precision: "after",
    });
  });

  it("warns about nothing else", () => {
    expect(new Set(codes(meeting))).toEqual(new Set(["link_placeholder", "next_step_without_owner"]));
  });
});

describe("seed 002: Virtual Meeting VII converted to Markdown", () => {
  const meeting = parseSeed("002");

  it("reads the title block", () => {
    expect(meeting.title).toBe("2016 IGF Best Practice Forum (BPF): Cybersecurity – Virtual Meeting VII");
    expect(meeting.kind).toBe("virtual");
    expect(meeting.number).toBe(7);
    expect(meeting.date).toBe("2016-10-27");
    expect(meeting.facilitator).toBe("Markus Kummer");
  });

  it("re-joins paragraph 3 around the footnotes and strips the Markdown", () => {
    expect(meeting.paragraphs.map((paragraph) => paragraph.number)).toEqual([1, 2, 3, 4, 5]);
    expect(meeting.paragraphs[2]?.text).toContain(
      "leading up to the IGF annual meeting and to contribute to the substantive",
    );
    expect(meeting.paragraphs[2]?.text).not.toContain("http");
    expect(meeting.paragraphs[0]?.text).toContain(
      "previously circulated draft output of the 2016 Cybersecurity BPF which",
    );
    expect(meeting.paragraphs[3]?.text).not.toContain("**");
    expect(meeting.paragraphs[3]?.text.split("\n- ")).toHaveLength(4);
  });

  it("reads the four footnotes and their addresses", () => {
    expect(meeting.footnotes.map((footnote) => [footnote.marker, footnote.url])).toEqual([
      ["1", "http://www.intgovforum.org/multilingual/content/bpf-cybersecurity"],
      [
        "2",
        "http://www.intgovforum.org/multilingual/content/list-of-contributions-2016-igf-bpf-cybersecurity",
      ],
      [
        "3",
        "http://afigf.org/sites/default/files/2016/docs/REPORT%20AFIGF%202016%20Draft%20outcome%2018102016_evening_rev1.pdf",
      ],
      ["4", "http://www.intgovforum.org/multilingual/index.php?q=filedepot_download/12/155"],
    ]);
    expect(meeting.footnotes[2]?.text).toMatch(
      /^Draft Outcome Document from the African Internet Governance Forum/,
    );
    expect(meeting.links).toHaveLength(4);
    expect(meeting.links[2]?.label).toBe(
      "Draft Outcome Document from the African Internet Governance Forum (AfIGF) 16-18 October 2016",
    );
    expect(codes(meeting)).not.toContain("footnote_missing");
    expect(codes(meeting)).not.toContain("footnote_unreferenced");
  });

  it("flags the Markdown link whose address was lost", () => {
    expect(meeting.warnings.find((warning) => warning.code === "link_missing_target")?.message).toContain(
      "draft output of the 2016 Cybersecurity BPF",
    );
  });

  it("reads the three sessions at the annual meeting", () => {
    expect(meeting.sessions).toEqual([
      expect.objectContaining({
        date: "2016-12-05",
        start: "16:30",
        end: "18:00",
        room: "Workshop Room #6",
        title: "A session organized by the Freedom Online Coalition",
        organiser: "Freedom Online Coalition",
        dayLabel: "Day-Zero/Pre-Event Day",
      }),
      expect.objectContaining({
        date: "2016-12-08",
        start: "09:00",
        end: "10:30",
        room: "Workshop Room #9",
        title: "The substantive session of the Cybersecurity BPF",
        organiser: null,
        dayLabel: "IGF Day 3",
      }),
      expect.objectContaining({
        date: "2016-12-09",
        start: "10:00",
        end: "11:30",
        room: "Plenary Hall",
        title: "The Main Session on IGF Intersessional Work (BPFs and CENB)",
        organiser: null,
      }),
    ]);
    expect(meeting.sessions[0]?.description).toMatch(/^will bring different stakeholders together/);
  });

  it("reads the next meeting and who schedules it", () => {
    expect(meeting.next_meeting).toEqual({
      text: "later in the week of 14 November",
      date: "2016-11-14",
      precision: "week_of",
    });
    expect(meeting.next_steps).toEqual([
      expect.objectContaining({
        owner: "IGF Secretariat",
        source: "prose",
        due: { text: "later in the week of 14 November", date: "2016-11-14", precision: "week_of" },
      }),
    ]);
  });

  it("warns only about the lost link, the missing participants list and prose-only next steps", () => {
    expect(new Set(codes(meeting))).toEqual(
      new Set(["link_missing_target", "no_participants", "next_steps_from_prose"]),
    );
    expect(meeting.participants).toEqual([]);
    expect(meeting.contributions).toEqual([]);
    expect(meeting.annexes).toEqual([]);
  });
});
