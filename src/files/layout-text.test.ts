import { Document, Packer, Paragraph, TextRun } from "docx";
import { describe, expect, it } from "vitest";
import { extractReportText, itemsToLines, UnsupportedReportFormatError } from "./layout-text.js";

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
