// Reading a list of contacts from a CSV file (commas or Excel's semicolons, a BOM, Windows line ends), a pasted
// list (tabs from a spreadsheet, or CSV) or an Excel .xlsx workbook (its first sheet), into rows of cells with
// the line (or sheet row) each starts on, so the report names rows as the person sees them in their file.
import { parse } from "csv-parse/sync";
import { unzipSync } from "fflate";

/** One row of the file: its cells and the line it starts on (the sheet's row number for a workbook). */
export interface SheetRow {
  line: number;
  cells: string[];
}

const lineBreaks = (record: string[]) => record.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0);

/** The delimiter a CSV or pasted text uses: a tab, Excel's semicolon (in many locales) or a comma. */
export function guessDelimiter(firstLine: string): string {
  const count = (c: string) => firstLine.split(c).length - 1;
  const tabs = count("\t");
  const semicolons = count(";");
  const commas = count(",");
  if (tabs > 0 && tabs >= semicolons && tabs >= commas) return "\t";
  return semicolons > commas ? ";" : ",";
}

/** Rows of a CSV or pasted text; throws with `lines` set when the text is not readable CSV. */
export function parseDelimited(text: string): SheetRow[] {
  const clean = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const first = clean.split("\n").find((l) => l.trim()) ?? "";
  const parsed = parse(clean, {
    delimiter: guessDelimiter(first),
    skip_empty_lines: true,
    relax_column_count: true,
    trim: true,
    info: true,
  }) as unknown as { record: string[]; info: { lines: number } }[];
  return parsed.map(({ record, info }) => ({ cells: record, line: info.lines - lineBreaks(record) }));
}

function decodeXml(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(Number.parseInt(n, 16)))
    .replace(/&amp;/g, "&");
}

/** The text of an element's `<t>` runs (a shared string or an inline string may be split into rich runs). */
function runsText(xml: string): string {
  return [...xml.matchAll(/<t(?:\s[^>]*)?>([^<]*)<\/t>/g)].map((m) => decodeXml(m[1] ?? "")).join("");
}

function columnIndex(ref: string): number {
  const letters = /^[A-Z]+/.exec(ref)?.[0] ?? "A";
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

const MAX_XLSX_BYTES = 20 * 1024 * 1024;

/**
 * Rows of the first sheet of an .xlsx workbook, read with fflate (no spreadsheet library needed for values):
 * shared strings, inline strings, numbers and booleans; formulas give their cached value. Entries other than the
 * sheet and its strings are not inflated, and their inflated size is capped.
 */
export function parseXlsx(bytes: Uint8Array): SheetRow[] {
  let total = 0;
  const files = unzipSync(bytes, {
    filter: (file) => {
      const wanted =
        file.name === "xl/sharedStrings.xml" ||
        file.name === "xl/workbook.xml" ||
        /^xl\/worksheets\/sheet\d+\.xml$/.test(file.name) ||
        file.name === "xl/_rels/workbook.xml.rels";
      if (!wanted) return false;
      total += file.originalSize;
      if (total > MAX_XLSX_BYTES) throw new Error("The workbook is too large.");
      return true;
    },
  });
  const text = (name: string) => (files[name] ? new TextDecoder().decode(files[name]) : "");
  const shared = [...text("xl/sharedStrings.xml").matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) =>
    runsText(m[1] ?? ""),
  );
  // The first sheet in the workbook's order, through its relationship; sheet1.xml when that cannot be read.
  const firstRel = /<sheet\b[^>]*r:id="([^"]+)"/.exec(text("xl/workbook.xml"))?.[1];
  const target = firstRel
    ? (new RegExp(`<Relationship\\b[^>]*Id="${firstRel}"[^>]*Target="([^"]+)"`).exec(
        text("xl/_rels/workbook.xml.rels"),
      )?.[1] ??
      new RegExp(`<Relationship\\b[^>]*Target="([^"]+)"[^>]*Id="${firstRel}"`).exec(
        text("xl/_rels/workbook.xml.rels"),
      )?.[1])
    : undefined;
  const sheetName = target
    ? `xl/${target.replace(/^\/?xl\//, "").replace(/^\//, "")}`
    : "xl/worksheets/sheet1.xml";
  const sheet = text(sheetName) || text("xl/worksheets/sheet1.xml");
  if (!sheet) throw new Error("The workbook has no sheet.");
  const rows: SheetRow[] = [];
  for (const rowMatch of sheet.matchAll(/<row\b([^>]*)>([\s\S]*?)<\/row>/g)) {
    const line = Number(/\br="(\d+)"/.exec(rowMatch[1] ?? "")?.[1] ?? rows.length + 1);
    const cells: string[] = [];
    for (const c of (rowMatch[2] ?? "").matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const attrs = c[1] ?? "";
      const body = c[2] ?? "";
      const ref = /\br="([A-Z]+\d+)"/.exec(attrs)?.[1];
      const type = /\bt="([^"]+)"/.exec(attrs)?.[1];
      const raw = /<v>([^<]*)<\/v>/.exec(body)?.[1];
      let value = "";
      if (type === "s") value = shared[Number(raw)] ?? "";
      else if (type === "inlineStr") value = runsText(body);
      else if (type === "b") value = raw === "1" ? "TRUE" : "FALSE";
      else value = decodeXml(raw ?? "");
      const index = ref ? columnIndex(ref) : cells.length;
      while (cells.length < index) cells.push("");
      cells[index] = value.trim();
    }
    if (cells.some((c) => c !== "")) rows.push({ line, cells });
  }
  return rows;
}

/** Whether the bytes are a zip archive (an .xlsx workbook) rather than text. */
export function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}
