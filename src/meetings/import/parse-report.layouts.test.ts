import { describe, expect, it } from "vitest";
import { extractReportText } from "../../files/layout-text.js";
import { parseMeetingReport } from "./parse-report.js";
import { proposeMeetingFromFile } from "./service.js";
import { buildReportDocx, type Typo, toWordLayout, withTypos } from "./test-fixtures.js";
import { readSeed } from "./test-seeds.js";
import type { ProposedMeeting, WarningCode } from "./types.js";

/**
 * The slips a person makes and reads past, each in a phrase the parser keys on: who facilitated, what kind of
 * meeting and which one, the heading of a list, a commitment, a date's qualifier or month, an annex's title.
 */
const seeds: {
  prefix: string;
  typos: Typo[];
  facts: Partial<ProposedMeeting> & { paragraphCount: number };
}[] = [
  {
    prefix: "000",
    facts: { number: 4, date: "2017-09-18", facilitator: "Markus Kummer", paragraphCount: 3 },
    typos: [
      { phrase: "was facilitated by", typed: "was facilitate by" },
      { phrase: "fourth virtual meeting", typed: "fourth virtual meting" },
      { phrase: "strongly encouraged", typed: "strongly encuoraged" },
      { phrase: "Maarten offered to", typed: "Maarten offerd to" },
      { phrase: "BPF Contributions as of", typed: "BPF Contibutions as of" },
      { phrase: "the week of 9 October", typed: "the week of 9 Ocotber" },
    ],
  },
  {
    prefix: "001",
    facts: { number: 3, date: "2017-08-07", facilitator: "Markus Kummer", paragraphCount: 8 },
    typos: [
      { phrase: "was facilitated by", typed: "was faciliated by" },
      { phrase: "Summary Report", typed: "Summay Report" },
      { phrase: "The following next steps", typed: "The following next setps" },
      { phrase: "questionnaire on or around 15 August", typed: "questionnaire on or arround 15 August" },
      { phrase: "Pisanty volunteered to", typed: "Pisanty volunterred to" },
      { phrase: "Annex I – Participants List", typed: "Annex I – Particpants List" },
    ],
  },
  {
    prefix: "002",
    facts: { number: 7, date: "2016-10-27", facilitator: "Markus Kummer", paragraphCount: 5 },
    typos: [
      { phrase: "was facilitated by", typed: "was facilitate by" },
      { phrase: "will be scheduled by", typed: "will be schedulled by" },
      { phrase: "likely take place", typed: "likely take palce" },
      { phrase: "the week of 14 November", typed: "the week of 14 Novmber" },
    ],
  },
];

/** Warnings the PDF layout earns and Word's cannot: a Markdown link whose address the conversion lost. */
const markdownOnly: WarningCode[] = ["link_missing_target"];

function words(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/**
 * The meeting record as a person checks it, with the printed words of the PDF layout given the variant's
 * typos (a title or a next step keeps the words as printed) and spacing ignored.
 */
function record(meeting: ProposedMeeting, typos: readonly Typo[] = []) {
  const printed = (text: string) => words(withTypos(text, typos));
  const due = (value: ProposedMeeting["next_meeting"]) =>
    value && { text: printed(value.text), date: value.date, precision: value.precision };
  return {
    title: meeting.title && printed(meeting.title),
    kind: meeting.kind,
    number: meeting.number,
    date: meeting.date,
    facilitator: meeting.facilitator,
    moderator: meeting.moderator,
    paragraphs: meeting.paragraphs.map((paragraph) => ({
      number: paragraph.number,
      text: printed(paragraph.text),
    })),
    footnotes: meeting.footnotes.map((footnote) => ({ ...footnote, text: printed(footnote.text) })),
    links: meeting.links,
    participants: meeting.participants,
    contributions: meeting.contributions,
    contributionsAsOf: meeting.contributionsAsOf,
    nextSteps: meeting.next_steps.map((step) => ({
      text: printed(step.text),
      owner: step.owner,
      due: due(step.due),
      source: step.source,
    })),
    nextMeeting: due(meeting.next_meeting),
    sessions: meeting.sessions,
    annexes: meeting.annexes.map((annex) => ({
      label: annex.label,
      kind: annex.kind,
      title: printed(annex.title),
    })),
    warnings: [...new Set(meeting.warnings.map((warning) => warning.code))]
      .filter((code) => !markdownOnly.includes(code))
      .sort(),
  };
}

describe.each(seeds)("seed $prefix saved from Word", ({ prefix, typos, facts }) => {
  const seed = readSeed(prefix);
  const fromPdf = parseMeetingReport(seed.text, { fileName: seed.fileName });
  const expected = record(fromPdf, typos);
  const wordText = toWordLayout(seed.text, typos);
  const txtName = seed.fileName;
  const docxName = seed.fileName.replace(/\.txt$/, ".docx");

  it("is laid out as Word saves it: one paragraph a line, no blank lines, every typo made", () => {
    const lines = wordText.trimEnd().split("\n");
    expect(lines.filter((line) => line.trim() === "")).toEqual([]);
    const numbers = lines.flatMap((line) => line.match(/^(\d{1,2})\. /)?.[1] ?? []).map(Number);
    expect(numbers).toEqual(fromPdf.paragraphs.map((paragraph) => paragraph.number));
    // No line is cut mid-sentence: prose lines end a sentence, or are headings, items, names or addresses.
    expect(lines.filter((line) => / (?:the|of|and|to|a)$/.test(line))).toEqual([]);
    for (const typo of typos) expect(wordText).toContain(typo.typed);
    if (fromPdf.footnotes.length > 0) {
      expect(wordText).toMatch(/\w\[footnoteRef:1\]/);
      expect(wordText).toMatch(/^\[1: \S/m);
      expect(wordText).not.toMatch(/[¹²³⁴]/);
    }
  });

  it("gives the same meeting record as the PDF layout", () => {
    // The PDF layout's record is the one parse-report.seeds.test.ts checks fact by fact; a few of those facts
    // here make sure the comparison is between two full records.
    const { paragraphCount, ...header } = facts;
    expect(expected).toMatchObject(header);
    expect(expected.paragraphs).toHaveLength(paragraphCount);
    expect(record(parseMeetingReport(wordText, { fileName: txtName }))).toEqual(expected);
  });

  it("gives the same record with Windows line ends and a byte-order mark", async () => {
    const windows = `\ufeff${wordText.replace(/\n/g, "\r\n")}`;
    const read = await extractReportText(Buffer.from(windows, "utf8"), txtName);
    expect(record(parseMeetingReport(read, { fileName: txtName }))).toEqual(expected);
  });

  it("gives the same record from a real Word document, read by its paragraphs and footnotes", async () => {
    const docx = await buildReportDocx(wordText);
    const read = await extractReportText(docx, docxName);
    expect(record(parseMeetingReport(read, { fileName: docxName }))).toEqual(expected);
  });
});

describe("the PDF-layout seeds in other encodings", () => {
  it.each(["000", "001", "002"])(
    "seed %s reads the same with CRLF line ends and a UTF-8 byte-order mark",
    async (prefix) => {
      const seed = readSeed(prefix);
      const plain = parseMeetingReport(seed.text, { fileName: seed.fileName });
      const crlf = seed.text.replace(/\r?\n/g, "\r\n");
      expect(parseMeetingReport(crlf, { fileName: seed.fileName })).toEqual(plain);
      const bom = await extractReportText(Buffer.from(`\ufeff${crlf}`, "utf8"), seed.fileName);
      expect(parseMeetingReport(bom, { fileName: seed.fileName })).toEqual(plain);
    },
  );
});

describe("importing a report saved from Word, end to end", () => {
  // Through the upload checks, the extraction worker's layout reader and the parser, as the import page does.
  it.each([seeds[1]!, seeds[2]!])(
    "proposes the same meeting for seed $prefix from a .docx and from a Windows .txt with a byte-order mark",
    async ({ prefix, typos }) => {
      const seed = readSeed(prefix);
      const expected = record(parseMeetingReport(seed.text, { fileName: seed.fileName }), typos);
      const wordText = toWordLayout(seed.text, typos);
      const options = { maxBytes: 5_000_000 };
      const docx = await proposeMeetingFromFile(await buildReportDocx(wordText), `${prefix}.docx`, options);
      expect(record(docx)).toEqual(expected);
      const windows = Buffer.from(`\ufeff${wordText.replace(/\n/g, "\r\n")}`, "utf8");
      expect(record(await proposeMeetingFromFile(windows, `${prefix}.txt`, options))).toEqual(expected);
    },
  );
});
