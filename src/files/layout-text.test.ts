import {
  AlignmentType,
  Document,
  ExternalHyperlink,
  FootnoteReferenceRun,
  LevelFormat,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
} from "docx";
import { describe, expect, it } from "vitest";
import { parseMeetingReport } from "../meetings/import/parse-report.js";
import {
  extractReportText,
  itemsToLines,
  UnsupportedReportFormatError,
  WORD_PARAGRAPH_END,
} from "./layout-text.js";
import { patchZip } from "./test-fixtures.js";

interface PdfText {
  x: number;
  y: number;
  text: string;
}

/** Writes a one-page PDF by hand, with the cross-reference table's byte offsets computed. */
function buildPdf(texts: readonly PdfText[]): Buffer {
  const escapePdfString = (text: string) => text.replace(/[\\()]/g, (character) => `\\${character}`);
  const stream = texts
    .map(({ x, y, text }) => `BT /F1 12 Tf ${x} ${y} Td (${escapePdfString(text)}) Tj ET`)
    .join("\n");
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    `<< /Length ${Buffer.byteLength(stream, "latin1")} >>\nstream\n${stream}\nendstream`,
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(Buffer.byteLength(body, "latin1"));
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xrefOffset = Buffer.byteLength(body, "latin1");
  const entries = offsets.map((offset) => `${String(offset).padStart(10, "0")} 00000 n \n`).join("");
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${entries}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
  return Buffer.from(body, "latin1");
}

describe("extractReportText", () => {
  it("reads plain text and Markdown as UTF-8 without the byte-order mark", async () => {
    const buffer = Buffer.from("\ufeff1. The meeting – held on 7 August 2017.\n", "utf8");
    expect(await extractReportText(buffer, "report.txt")).toBe("1. The meeting – held on 7 August 2017.\n");
    expect(await extractReportText(Buffer.from("# Title\n", "utf8"), "REPORT.MD")).toBe("# Title\n");
  });

  it("reads the paragraphs of a Word file", async () => {
    const document = new Document({
      sections: [
        {
          children: [
            new Paragraph({ children: [new TextRun("Virtual Meeting III")] }),
            new Paragraph({
              children: [
                new TextRun("1. The meeting was facilitated by "),
                new TextRun({ text: "Markus Kummer", bold: true }),
              ],
            }),
          ],
        },
      ],
    });
    const buffer = await Packer.toBuffer(document);
    const text = await extractReportText(Buffer.from(buffer), "summary.docx");
    expect(text).toContain("Virtual Meeting III");
    expect(text).toContain("1. The meeting was facilitated by Markus Kummer");
  });

  it("reads a Word file by its paragraphs: Word's list numbers, bullets, links, notes, breaks and tables", async () => {
    const numbered = (text: string | TextRun[], level = 0) =>
      new Paragraph({
        numbering: { reference: "paragraphs", level },
        children: typeof text === "string" ? [new TextRun(text)] : text,
      });
    const document = new Document({
      numbering: {
        config: [
          {
            reference: "paragraphs",
            levels: [
              { level: 0, format: LevelFormat.DECIMAL, text: "%1.", alignment: AlignmentType.START },
              { level: 1, format: LevelFormat.LOWER_LETTER, text: "%2)", alignment: AlignmentType.START },
            ],
          },
          {
            reference: "bullets",
            levels: [{ level: 0, format: LevelFormat.BULLET, text: "•", alignment: AlignmentType.START }],
          },
        ],
      },
      footnotes: {
        7: {
          children: [
            new Paragraph({
              children: [
                new TextRun("See "),
                new ExternalHyperlink({
                  link: "https://example.org/report",
                  children: [new TextRun("the report")],
                }),
              ],
            }),
          ],
        },
        2: { children: [new Paragraph("https://example.org/agenda")] },
      },
      sections: [
        {
          children: [
            new Paragraph("Virtual Meeting III"),
            new Paragraph(""),
            numbered([
              new TextRun("Held on 7 August 2017, facilitated by Markus Kummer."),
              new FootnoteReferenceRun(7),
            ]),
            new Paragraph("An unnumbered paragraph."),
            numbered("The points raised:"),
            numbered("a first point", 1),
            new Paragraph({
              numbering: { reference: "bullets", level: 0 },
              children: [new TextRun("A bullet")],
            }),
            new Paragraph({
              children: [
                new ExternalHyperlink({
                  link: "https://example.org/recording",
                  children: [new TextRun("https://example.org/recording")],
                }),
              ],
            }),
            new Paragraph({
              numbering: { reference: "paragraphs", level: 0 },
              children: [
                new TextRun("The "),
                new ExternalHyperlink({
                  link: "https://example.org/doc",
                  children: [new TextRun("draft [v2]")],
                }),
                new TextRun({ text: "is out", break: 1 }),
                new FootnoteReferenceRun(2),
              ],
            }),
            new Table({
              rows: [
                new TableRow({
                  children: [
                    new TableCell({ children: [new Paragraph("Ben Wallis")] }),
                    new TableCell({ children: [new Paragraph("Microsoft")] }),
                  ],
                }),
              ],
            }),
          ],
        },
      ],
    });
    const text = await extractReportText(Buffer.from(await Packer.toBuffer(document)), "notes.docx");
    expect(text.endsWith(WORD_PARAGRAPH_END)).toBe(true);
    expect(text.split(WORD_PARAGRAPH_END)).toEqual([
      "Virtual Meeting III",
      "1. Held on 7 August 2017, facilitated by Markus Kummer.[footnoteRef:1]",
      "[1: See [the report](https://example.org/report)]",
      "An unnumbered paragraph.",
      "2. The points raised:",
      "- a first point",
      "- A bullet",
      "https://example.org/recording",
      "3. The [draft v2](https://example.org/doc)\nis out[footnoteRef:2]",
      "[2: https://example.org/agenda]",
      "Ben Wallis / Microsoft",
      "",
    ]);
    const meeting = parseMeetingReport(text, { fileName: "notes.docx" });
    expect(meeting.paragraphs.map((paragraph) => paragraph.number)).toEqual([1, 2, 3]);
    expect(meeting.paragraphs[0]?.text).toBe(
      "Held on 7 August 2017, facilitated by Markus Kummer.¹\n\nAn unnumbered paragraph.",
    );
    expect(meeting.facilitator).toBe("Markus Kummer");
    expect(meeting.footnotes).toEqual([
      { marker: "1", text: "See the report", url: "https://example.org/report" },
      { marker: "2", text: "https://example.org/agenda", url: "https://example.org/agenda" },
    ]);
    // An address alone after a list item is that item's link, as in a list of readings.
    expect(meeting.links.map((link) => [link.url, link.label])).toEqual([
      ["https://example.org/recording", "A bullet"],
      ["https://example.org/doc", "draft v2"],
      ["https://example.org/report", "See the report"],
      ["https://example.org/agenda", null],
    ]);
  });

  it("reads a footnote's field-code link and leaves out its deleted words", async () => {
    const document = new Document({
      footnotes: { 1: { children: [new Paragraph("placeholder")] } },
      sections: [
        { children: [new Paragraph({ children: [new TextRun("1. Held."), new FootnoteReferenceRun(1)] })] },
      ],
    });
    const w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
    const footnotes = `<?xml version="1.0" encoding="UTF-8"?><w:footnotes ${w}>
<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Minutes: </w:t></w:r>
<w:del w:id="9" w:author="A"><w:r><w:delText>old words </w:delText></w:r></w:del>
<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> HYPERLINK "https://example.org/minutes" </w:instrText></w:r>
<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>the minutes</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>
<w:r><w:tab/><w:t>&amp; more</w:t></w:r></w:p></w:footnote></w:footnotes>`;
    const docx = await patchZip(Buffer.from(await Packer.toBuffer(document)), {
      "word/footnotes.xml": footnotes,
    });
    const text = await extractReportText(docx, "field.docx");
    expect(text.split(WORD_PARAGRAPH_END)).toContain(
      "[1: Minutes: [the minutes](https://example.org/minutes) & more]",
    );
  });

  it("refuses a Word file whose footnotes declare entities, before any parser reads them", async () => {
    const document = new Document({
      footnotes: { 1: { children: [new Paragraph("note")] } },
      sections: [
        { children: [new Paragraph({ children: [new TextRun("Text"), new FootnoteReferenceRun(1)] })] },
      ],
    });
    const hostile = `<?xml version="1.0"?><!DOCTYPE w:footnotes [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:footnote w:id="1"><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:footnote></w:footnotes>`;
    const docx = await patchZip(Buffer.from(await Packer.toBuffer(document)), {
      "word/footnotes.xml": hostile,
    });
    await expect(extractReportText(docx, "hostile.docx")).rejects.toThrow(/entit|DTD|declar/i);
  });

  it("reads a PDF, joining text items on one baseline into one line", async () => {
    const pdf = buildPdf([
      { x: 72, y: 720, text: "Summary Report" },
      { x: 72, y: 700, text: "1. The meeting was held on" },
      { x: 230, y: 700, text: "7 August 2017." },
    ]);
    const text = await extractReportText(pdf, "summary.pdf");
    expect(text.split("\n")).toEqual(["Summary Report", "1. The meeting was held on 7 August 2017."]);
  });

  it("refuses file types it does not read", async () => {
    await expect(extractReportText(Buffer.from("x"), "report.odt")).rejects.toBeInstanceOf(
      UnsupportedReportFormatError,
    );
  });
});

describe("itemsToLines", () => {
  it("orders lines top to bottom and items left to right, adding spaces only across gaps", () => {
    const lines = itemsToLines([
      { text: "world", x: 140, y: 700, width: 30, height: 12 },
      { text: "second line", x: 72, y: 680, width: 60, height: 12 },
      { text: "Hello", x: 72, y: 700.4, width: 30, height: 12 },
      { text: "-there", x: 102, y: 700, width: 30, height: 12 },
    ]);
    expect(lines).toEqual(["Hello-there world", "second line"]);
  });
});
