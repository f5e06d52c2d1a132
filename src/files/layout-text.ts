// Reads a document's text with its line and page layout kept (a form feed between PDF pages), for parsers
// that work on layout, such as the meeting-report importer. Runs in the extraction worker (extract-worker.ts
// with reader "layout"), after inspect.ts has accepted the bytes.
import { extname } from "node:path";
import mammoth from "mammoth";
import { repackedDocx } from "./extract.js";
import type { DetectedType } from "./limits.js";

/** Thrown for a file whose type the report importer does not read. */
export class UnsupportedReportFormatError extends Error {
  constructor(fileName: string) {
    super(`Cannot read the text of "${fileName}": send a .txt, .md, .docx or .pdf file.`);
    this.name = "UnsupportedReportFormatError";
  }
}

interface PositionedText {
  text: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Lays text items out as lines: items whose baselines lie within half a line
 * height share a line, read left to right; a gap wider than a fifth of the
 * font size between two items is a space the PDF did not spell out.
 */
export function itemsToLines(items: readonly PositionedText[]): string[] {
  const rows: PositionedText[][] = [];
  const byHeight = [...items].sort((left, right) => right.y - left.y || left.x - right.x);
  for (const item of byHeight) {
    const row = rows.at(-1);
    const reference = row?.[0];
    const tolerance = Math.max(1, (reference?.height || item.height || 10) / 2);
    if (row && reference && Math.abs(reference.y - item.y) <= tolerance) row.push(item);
    else rows.push([item]);
  }
  return rows.map((row) => {
    row.sort((left, right) => left.x - right.x);
    let line = "";
    let previousEnd: number | null = null;
    for (const item of row) {
      const gap = previousEnd === null ? 0 : item.x - previousEnd;
      const needsSpace =
        line !== "" && !/\s$/.test(line) && !/^\s/.test(item.text) && gap > (item.height || 10) * 0.2;
      line += (needsSpace ? " " : "") + item.text;
      previousEnd = item.x + item.width;
    }
    return line.replace(/\s+$/, "");
  });
}

async function extractPdfText(buffer: Buffer): Promise<string> {
  const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const document = await getDocument({
    data: new Uint8Array(buffer),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  }).promise;
  try {
    const pages: string[] = [];
    for (let pageNumber = 1; pageNumber <= document.numPages; pageNumber++) {
      const page = await document.getPage(pageNumber);
      const content = await page.getTextContent();
      const items: PositionedText[] = [];
      for (const item of content.items) {
        if (!("str" in item) || item.str === "") continue;
        items.push({
          text: item.str,
          x: item.transform[4] ?? 0,
          y: item.transform[5] ?? 0,
          width: item.width,
          height: item.height,
        });
      }
      pages.push(itemsToLines(items).join("\n"));
      page.cleanup();
    }
    // A form feed between pages lets the parser see where a page starts.
    return pages.join("\n\f");
  } finally {
    await document.destroy();
  }
}

/** The layout reader for each file type it reads, by extension. */
const typeByExtension: Readonly<Record<string, DetectedType>> = {
  ".txt": "txt",
  ".text": "txt",
  ".md": "md",
  ".markdown": "md",
  ".docx": "docx",
  ".pdf": "pdf",
};

/**
 * Reads a file's text with its layout: plain text and Markdown as UTF-8 without a byte-order mark, Word
 * files through mammoth, PDFs through pdf.js (a form feed between pages). ODT is not read here.
 */
export async function extractLayoutText(
  buffer: Buffer,
  type: DetectedType,
  fileName: string,
): Promise<string> {
  switch (type) {
    case "txt":
    case "md":
      return buffer.toString("utf8").replace(/^\ufeff/, "");
    case "docx":
      return (await mammoth.extractRawText({ buffer: await repackedDocx(buffer, fileName) })).value;
    case "pdf":
      return extractPdfText(buffer);
    default:
      throw new UnsupportedReportFormatError(fileName);
  }
}

/** The same, choosing the reader by the file name's extension. */
export async function extractReportText(buffer: Buffer, fileName: string): Promise<string> {
  const type = typeByExtension[extname(fileName).toLowerCase()];
  if (!type) throw new UnsupportedReportFormatError(fileName);
  return extractLayoutText(buffer, type, fileName);
}
