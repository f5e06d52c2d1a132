import { describe, expect, it } from "vitest";
import { parseMeetingReport } from "./parse-report.js";
import { codes, report } from "./report-fixtures.js";

describe("parseMeetingReport: title block and dates", () => {
  it("prefers the text's meeting date and flags a title date that contradicts it", () => {
    const meeting = parseMeetingReport(
      report(
        "BPF on Open Data – Virtual Meeting II",
        "Summary Report",
        "3 March 2021",
        "",
        "1. The BPF held its second virtual meeting on 4 March 2021. The meeting was facilitated by Ana Pereira.",
      ),
    );
    expect(meeting.date).toBe("2021-03-04");
    expect(meeting.number).toBe(2);
    const conflict = meeting.warnings.find((warning) => warning.code === "date_conflict");
    expect(conflict?.message).toContain("2021-03-03");
    expect(conflict?.message).toContain("2021-03-04");
  });

  it("takes the year from the title when the text gives none", () => {
    const meeting = parseMeetingReport(
      report(
        "2019 BPF on Gender – Virtual Meeting V",
        "",
        "1. The BPF held its fifth virtual meeting on 12 June.",
      ),
    );
    expect(meeting.date).toBe("2019-06-12");
    expect(codes(meeting)).not.toContain("year_inferred");
    expect(codes(meeting)).not.toContain("missing_date");
  });

  it("flags a title year that contradicts the meeting date", () => {
    const meeting = parseMeetingReport(
      report(
        "2019 BPF on Gender – Virtual Meeting V",
        "",
        "1. The BPF held its fifth virtual meeting on 12 June 2018.",
      ),
    );
    expect(meeting.date).toBe("2018-06-12");
    expect(codes(meeting)).toContain("year_conflict");
  });

  it("infers a missing year from the file name, and says so", () => {
    const meeting = parseMeetingReport("1. The BPF held its first virtual meeting on 2 May.", {
      fileName: "BPF-summary-2020-VM1.docx",
    });
    expect(meeting.date).toBe("2020-05-02");
    expect(meeting.warnings.find((warning) => warning.code === "year_inferred")?.message).toContain(
      "file name",
    );
  });

  it("leaves the date null when no year is anywhere", () => {
    const meeting = parseMeetingReport("1. The BPF held its first virtual meeting on 2 May.");
    expect(meeting.date).toBeNull();
    expect(codes(meeting)).toContain("missing_date");
  });

  it("reads Roman numerals repaired from text recognition and ordinal words, and flags a disagreement", () => {
    expect(
      parseMeetingReport(report("BPF – Virtual Meeting Il", "", "1. The meeting was held on 1 May 2020."))
        .number,
    ).toBe(2);
    expect(parseMeetingReport("1. The BPF held its twelfth virtual meeting on 1 May 2020.").number).toBe(12);
    expect(
      parseMeetingReport(report("BPF – Virtual Meeting XIV", "", "1. It met on 1 May 2020.")).number,
    ).toBe(14);
    const conflicting = parseMeetingReport(
      report("BPF – Virtual Meeting IV", "", "1. The BPF held its fifth virtual meeting on 1 May 2020."),
    );
    expect(conflicting.number).toBe(4);
    expect(codes(conflicting)).toContain("number_conflict");
  });

  it("tells virtual meetings, informal meetings and annual-meeting sessions apart, and says when it cannot", () => {
    expect(parseMeetingReport("1. The BPF held an informal meeting on 20 December 2017.").kind).toBe(
      "informal",
    );
    expect(
      parseMeetingReport(
        report("BPF Cybersecurity – IGF 2017 Session", "", "1. The session took place on 20 December 2017."),
      ).kind,
    ).toBe("annual_session");
    const unknown = parseMeetingReport("1. The BPF met on 20 December 2017.");
    expect(unknown.kind).toBeNull();
    expect(codes(unknown)).toContain("unknown_kind");
    expect(codes(unknown)).toContain("missing_number");
  });

  it("reads the moderator from the text and the facilitator from the participants list", () => {
    const meeting = parseMeetingReport(
      report(
        "1. The BPF held its first virtual meeting on 1 May 2020, moderated by Juan P. Salazar.",
        "",
        "Annex I – Participants",
        "Ana Pereira (Facilitator)",
        "Juan P. Salazar (Moderator)",
        "Li Wei (Co-facilitator)",
      ),
    );
    expect(meeting.moderator).toBe("Juan P. Salazar");
    expect(meeting.facilitator).toBe("Ana Pereira");
    expect(meeting.participants).toHaveLength(3);
    expect(codes(meeting)).not.toContain("missing_facilitator");
  });

  it("flags a facilitator the participants list contradicts", () => {
    const meeting = parseMeetingReport(
      report(
        "1. The first virtual meeting on 1 May 2020 was facilitated by Ana Pereira.",
        "",
        "Annex I – Participants List",
        "Li Wei (Facilitator)",
      ),
    );
    expect(meeting.facilitator).toBe("Ana Pereira");
    expect(codes(meeting)).toContain("facilitator_conflict");
  });
});

describe("parseMeetingReport: paragraphs", () => {
  it("re-joins wrapped lines, keeping compound hyphens and dropping typesetting ones", () => {
    const meeting = parseMeetingReport(
      report(
        "1. The meeting on 1 May 2020 favoured a multi-",
        "stakeholder approach and the develop-",
        "ment of a Well-",
        "developed plan, bottom-",
        "up.",
      ),
    );
    expect(meeting.paragraphs[0]?.text).toBe(
      "The meeting on 1 May 2020 favoured a multi-stakeholder approach and the development of a Well-developed plan, bottom-up.",
    );
  });

  it("treats a gap after a full stop as a new, unnumbered paragraph kept with the numbered one, and a gap mid-sentence as nothing", () => {
    const meeting = parseMeetingReport(
      report(
        "1. The meeting was held on 1 May 2020 and",
        "",
        "continued for an hour.",
        "",
        "A second paragraph without a number.",
        "",
        "2. The last paragraph.",
      ),
    );
    expect(meeting.paragraphs).toEqual([
      {
        number: 1,
        text: "The meeting was held on 1 May 2020 and continued for an hour.\n\nA second paragraph without a number.",
      },
      { number: 2, text: "The last paragraph." },
    ]);
    expect(codes(meeting)).toContain("unnumbered_paragraphs");
  });

  it("flags a gap in the paragraph numbering", () => {
    const meeting = parseMeetingReport(report("1. Held on 1 May 2020.", "2. Second.", "4. Fourth."));
    expect(meeting.paragraphs.map((paragraph) => paragraph.number)).toEqual([1, 2, 4]);
    expect(meeting.warnings.find((warning) => warning.code === "paragraph_numbering_gap")?.message).toContain(
      "Paragraph 3 is missing",
    );
  });

  it("keeps a numbered list inside a paragraph as its items", () => {
    const meeting = parseMeetingReport(
      report(
        "1. Held on 1 May 2020.",
        "2. The following was agreed:",
        "1. First point.",
        "2. Second point.",
        "3. Third paragraph.",
      ),
    );
    expect(meeting.paragraphs.map((paragraph) => paragraph.number)).toEqual([1, 2]);
    expect(meeting.paragraphs[1]?.text).toBe(
      "The following was agreed:\n- First point.\n- Second point.\n- Third paragraph.",
    );
  });

  it("numbers the paragraphs in order when the report numbers none, and says so", () => {
    const meeting = parseMeetingReport(
      report(
        "Informal meeting of the BPF",
        "",
        "The BPF held an informal meeting on 20 December 2017 in Geneva.",
        "",
        "Members reviewed the cycle.",
      ),
    );
    expect(meeting.title).toBe("Informal meeting of the BPF");
    expect(meeting.paragraphs).toEqual([
      { number: 1, text: "The BPF held an informal meeting on 20 December 2017 in Geneva." },
      { number: 2, text: "Members reviewed the cycle." },
    ]);
    expect(meeting.date).toBe("2017-12-20");
    expect(codes(meeting)).toContain("no_paragraph_numbers");
  });
});

describe("parseMeetingReport: footnotes", () => {
  it("reads [1] footnotes and leaves the marker in the text", () => {
    const meeting = parseMeetingReport(
      report(
        "1. The meeting on 1 May 2020 discussed the study[1] and the survey[2].",
        "",
        "[1] Study on norms, https://example.org/study.pdf",
        "[2] https://example.org/survey",
      ),
    );
    expect(meeting.footnotes).toEqual([
      {
        marker: "1",
        text: "Study on norms, https://example.org/study.pdf",
        url: "https://example.org/study.pdf",
      },
      { marker: "2", text: "https://example.org/survey", url: "https://example.org/survey" },
    ]);
    expect(meeting.paragraphs[0]?.text).toBe(
      "The meeting on 1 May 2020 discussed the study[1] and the survey[2].",
    );
    expect(meeting.links.map((link) => link.label)).toEqual(["Study on norms,", null]);
  });

  it("reads ^1 footnotes and plain numbered footnote lines that carry an address", () => {
    const caret = parseMeetingReport(
      report("1. A study^1 was cited on 1 May 2020.", "", "^1 https://example.org/a"),
    );
    expect(caret.footnotes).toEqual([
      { marker: "1", text: "https://example.org/a", url: "https://example.org/a" },
    ]);
    const plain = parseMeetingReport(
      report(
        "1. A study1 was cited on 1 May 2020 and",
        "",
        "1 https://example.org/a",
        "",
        "discussed at length.",
      ),
    );
    expect(plain.footnotes).toHaveLength(1);
    expect(plain.paragraphs[0]?.text).toBe("A study1 was cited on 1 May 2020 and discussed at length.");
  });

  it("does not take a wrapped line that starts with a date for a footnote", () => {
    const meeting = parseMeetingReport(
      report("1. Comments are due by", "15 September 2020 at https://example.org/form."),
    );
    expect(meeting.footnotes).toEqual([]);
    expect(meeting.paragraphs[0]?.text).toBe(
      "Comments are due by 15 September 2020 at https://example.org/form.",
    );
  });

  it("flags a footnote marker with no footnote", () => {
    const meeting = parseMeetingReport(
      report("1. The study¹ and the survey² on 1 May 2020.", "", "¹ https://example.org/a"),
    );
    expect(meeting.warnings.find((warning) => warning.code === "footnote_missing")?.message).toContain(
      "footnote 2",
    );
  });
});

describe("parseMeetingReport: links", () => {
  it("reads a recording link and the password that follows it", () => {
    const meeting = parseMeetingReport(
      report(
        "1. The first virtual meeting was held on 1 May 2020. The recording is available here:",
        "https://example.zoom.us/rec/share/AbC123 (password: Xy7#k2).",
      ),
    );
    expect(meeting.links).toEqual([
      { url: "https://example.zoom.us/rec/share/AbC123", label: null, kind: "recording", password: "Xy7#k2" },
    ]);
  });

  it("recognises a recording by the words around it and a document by its address", () => {
    const meeting = parseMeetingReport(
      report(
        "1. Held on 1 May 2020. A recording of the meeting is available at https://example.org/media/42 and the draft at https://example.org/draft.docx.",
      ),
    );
    expect(meeting.links.map((link) => link.kind)).toEqual(["recording", "document"]);
  });

  it("mends an address broken across lines, but not one followed by prose", () => {
    const mended = parseMeetingReport(
      report("1. Held on 1 May 2020, see", "https://example.org/files/ab12", "cd34", ""),
    );
    expect(mended.links.map((link) => link.url)).toEqual(["https://example.org/files/ab12cd34"]);
    const prose = parseMeetingReport(
      report("1. Held on 1 May 2020, see https://example.org/files", "for the files."),
    );
    expect(prose.links.map((link) => link.url)).toEqual(["https://example.org/files"]);
    expect(prose.paragraphs[0]?.text).toBe(
      "Held on 1 May 2020, see https://example.org/files for the files.",
    );
  });

  it("drops repeated page-end link lists from the prose and keeps their addresses once", () => {
    const meeting = parseMeetingReport(
      report(
        "1. Held on 1 May 2020. The draft is linked here and the",
        "https://example.org/draft",
        "https://example.org/draft",
        "http://example.org/draft/",
        " call text there.",
      ),
    );
    expect(meeting.paragraphs[0]?.text).toBe(
      "Held on 1 May 2020. The draft is linked here and the call text there.",
    );
    expect(meeting.links).toEqual([
      { url: "https://example.org/draft", label: null, kind: "other", password: null },
    ]);
  });

  it("reports placeholder addresses and Markdown links without a target instead of inventing them", () => {
    const meeting = parseMeetingReport(
      report(
        "1. Held on 1 May 2020. See the [draft](#) and the [call](https://example.org/call).",
        "- Reading list - https://example.org/[link to be completed]",
      ),
    );
    expect(meeting.links).toEqual([
      { url: "https://example.org/call", label: "call", kind: "other", password: null },
    ]);
    expect(codes(meeting)).toEqual(expect.arrayContaining(["link_missing_target", "link_placeholder"]));
    expect(meeting.warnings.find((warning) => warning.code === "link_placeholder")?.message).toContain(
      '"Reading list"',
    );
  });
});

describe("parseMeetingReport: next steps and the next meeting", () => {
  it("reads owners and approximate due dates from a next-steps list", () => {
    const meeting = parseMeetingReport(
      report(
        "1. The BPF held its second virtual meeting on 3 August 2020.",
        "2. Next steps:",
        "• The Secretariat will circulate the draft by the end of September.",
        "• Members are to comment in October.",
        "• Maarten offered to review the answers shortly after the 15 September deadline.",
        "• Comments should be sent on 20 August 2020.",
        "3. The next meeting should take place on or around 5 October.",
        "",
        "Annex I – Participants",
        "Maarten van Horenbeeck",
      ),
    );
    expect(meeting.next_steps).toEqual([
      {
        text: "The Secretariat will circulate the draft by the end of September.",
        owner: "Secretariat",
        due: { text: "by the end of September", date: "2020-09-30", precision: "before" },
        source: "list",
      },
      {
        text: "Members are to comment in October.",
        owner: "Members",
        due: { text: "in October", date: "2020-10-01", precision: "month" },
        source: "list",
      },
      {
        text: "Maarten offered to review the answers shortly after the 15 September deadline.",
        owner: "Maarten van Horenbeeck",
        due: { text: "shortly after the 15 September deadline", date: "2020-09-15", precision: "after" },
        source: "list",
      },
      {
        text: "Comments should be sent on 20 August 2020.",
        owner: null,
        due: { text: "on 20 August 2020", date: "2020-08-20", precision: "exact" },
        source: "list",
      },
    ]);
    expect(meeting.next_meeting).toEqual({
      text: "on or around 5 October",
      date: "2020-10-05",
      precision: "on_or_around",
    });
    expect(codes(meeting)).toContain("next_step_without_owner");
  });

  it("reads the sentences under a bare Next steps heading as listed steps", () => {
    const meeting = parseMeetingReport(
      report(
        "1. The BPF held its second virtual meeting on 3 August 2020.",
        "Next steps",
        "The Secretariat will send the call on 15 August. Comments are welcome",
        "until 10 August.",
      ),
    );
    expect(meeting.paragraphs[0]?.text).toBe(
      "The BPF held its second virtual meeting on 3 August 2020.\n\nNext steps\n\nThe Secretariat will send the call on 15 August. Comments are welcome until 10 August.",
    );
    expect(
      meeting.next_steps.map((step) => [step.owner, step.due?.date, step.due?.precision, step.source]),
    ).toEqual([
      ["Secretariat", "2020-08-15", "exact", "list"],
      [null, "2020-08-10", "before", "list"],
    ]);
  });

  it("resolves a date early in the next year against a December meeting", () => {
    const meeting = parseMeetingReport(
      report(
        "1. The BPF held an informal meeting on 20 December 2017.",
        "2. The Secretariat will send the report before 15 January.",
      ),
    );
    expect(meeting.next_steps[0]?.due).toEqual({
      text: "before 15 January",
      date: "2018-01-15",
      precision: "before",
    });
  });

  it("reads no commitment from passive sentences or from things", () => {
    const meeting = parseMeetingReport(
      report(
        "1. The BPF held its first virtual meeting on 1 May 2020. The draft will be shared on the list.",
        "The target date will be 1 June. The questionnaire will remain open.",
      ),
    );
    expect(meeting.next_steps).toEqual([]);
    expect(meeting.next_meeting).toBeNull();
  });
});

describe("parseMeetingReport: annexes and sessions", () => {
  it("reads contributions with and without an organisation, and the date they hold as of", () => {
    const meeting = parseMeetingReport(
      report(
        "1. The BPF held its fourth virtual meeting on 18 September 2017.",
        "",
        "Annex I – Contributions as of 20 September",
        "- Dr. Ana Pereira / Example University",
        "- Mr Li Wei – Ministry of Examples",
        "- Example Civil Society Association",
        "- Ms. Joan Smith",
        "- Ms. Maria Souza (Example Network)",
        "- Mr. Long Name / An Organisation With A Name That Wraps",
        "  Onto Two Lines",
      ),
    );
    expect(meeting.contributionsAsOf).toBe("2017-09-20");
    expect(meeting.contributions).toEqual([
      { name: "Ana Pereira", organisation: "Example University" },
      { name: "Li Wei", organisation: "Ministry of Examples" },
      { name: null, organisation: "Example Civil Society Association" },
      { name: "Joan Smith", organisation: null },
      { name: "Maria Souza", organisation: "Example Network" },
      { name: "Long Name", organisation: "An Organisation With A Name That Wraps Onto Two Lines" },
    ]);
  });

  it("flags a contributions annex without a date and a reference to an annex that is not there", () => {
    const meeting = parseMeetingReport(
      report(
        "1. The meeting on 1 May 2020 reviewed the submissions (Annex III).",
        "",
        "Annex I – List of contributions",
        "- Ms. Joan Smith",
      ),
    );
    expect(codes(meeting)).toEqual(expect.arrayContaining(["contributions_without_date", "annex_missing"]));
    expect(meeting.warnings.find((warning) => warning.code === "annex_missing")?.message).toContain(
      '"Annex III"',
    );
  });

  it("names a missing annex in the report's own numbering style", () => {
    const meeting = parseMeetingReport(
      report(
        "1. Held on 1 May 2020.",
        "",
        "Annex 2 – Participants",
        "Ana Pereira",
        "",
        "Annex 3: Other",
        "Text.",
      ),
    );
    expect(meeting.annexes.map((annex) => annex.label)).toEqual(["2", "3"]);
    expect(meeting.warnings.find((warning) => warning.code === "annex_missing")?.message).toMatch(
      /^Annex 1 is not/,
    );
  });

  it("reads a session announced in a sentence", () => {
    const meeting = parseMeetingReport(
      report(
        "1. The BPF held its ninth virtual meeting on 2 November 2020.",
        "2. On 10 November from 14:00 to 15:30 in Room B – BPF main session, hosted by the Example Coalition. All are welcome.",
      ),
    );
    expect(meeting.sessions).toEqual([
      {
        date: "2020-11-10",
        start: "14:00",
        end: "15:30",
        room: "Room B",
        title: "BPF main session, hosted by the Example Coalition",
        organiser: "Example Coalition",
        dayLabel: null,
        description: null,
      },
    ]);
  });
});
