// CSV for the workspace's exports and the codebook import: cells safe to open in a spreadsheet, and rows
// read with the file line each starts on, so a problem report names the line people see.
import { parse } from "csv-parse/sync";

/** One cell: quoted when needed; a leading =, +, - or @ is prefixed with ' so a spreadsheet never runs it. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  const text = value === null || value === undefined ? "" : String(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One CSV line (CRLF-terminated, as RFC 4180 has it). */
export function csvLine(cells: (string | number | boolean | null | undefined)[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

/** Undoes csvCell's formula guard on a read cell. */
export function uncell(value: string): string {
  return /^'[=+\-@]/.test(value) ? value.slice(1) : value;
}

/** Rows of a CSV text with the line each starts on; undefined when the file cannot be read as CSV. */
export function readCsv(text: string): { cells: string[]; line: number }[] | undefined {
  const lineBreaks = (record: string[]) => record.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0);
  try {
    const parsed = parse(text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n"), {
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
    return parsed.map(({ record, info }) => ({
      cells: record.map(uncell),
      line: info.lines - lineBreaks(record),
    }));
  } catch {
    return undefined;
  }
}
