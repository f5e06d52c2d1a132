// Small pure helpers of the meetings domain: roman numerals, the summary editor's text format, the
// participants annex's lines, and slugs.

const NUMERALS: [number, string][] = [
  [1000, "M"],
  [900, "CM"],
  [500, "D"],
  [400, "CD"],
  [100, "C"],
  [90, "XC"],
  [50, "L"],
  [40, "XL"],
  [10, "X"],
  [9, "IX"],
  [5, "V"],
  [4, "IV"],
  [1, "I"],
];

/** 7 → "VII": how the records number virtual meetings. */
export function romanNumeral(value: number): string {
  let rest = Math.trunc(value);
  if (rest < 1 || rest > 3999) return String(value);
  let out = "";
  for (const [size, letters] of NUMERALS) {
    while (rest >= size) {
      out += letters;
      rest -= size;
    }
  }
  return out;
}

export interface SummaryParagraph {
  number: number;
  text: string;
  /** Whether the number was written in the text ("4. …", as in the original report) rather than counted. */
  explicit?: boolean;
}

export interface SummaryFootnote {
  marker: string;
  text: string;
}

export interface ParsedSummary {
  paragraphs: SummaryParagraph[];
  footnotes: SummaryFootnote[];
}

const FOOTNOTE_LINE = /^\[(\d{1,3})\]:?\s+(.*)$/;
/** "4. The BPF…": a paragraph that keeps the number it had in the original report. */
const NUMBERED = /^(\d{1,3})\.\s+(?=\S)/;

/**
 * Reads the summary editor's text: blocks separated by blank lines are numbered paragraphs; a block whose
 * lines all start with "[1]:" defines footnotes, which paragraphs reference with "[1]". A paragraph that
 * starts with its own number ("4. ") keeps it, so a report numbered 1, 2, 4 stays so; one without counts
 * on from the paragraph before.
 */
export function parseSummary(source: string): ParsedSummary {
  const paragraphs: SummaryParagraph[] = [];
  const footnotes: SummaryFootnote[] = [];
  const blocks = source
    .replace(/\r\n?/g, "\n")
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter(Boolean);
  for (const block of blocks) {
    const lines = block.split("\n").map((line) => line.trim());
    if (lines.every((line) => FOOTNOTE_LINE.test(line))) {
      for (const line of lines) {
        const match = line.match(FOOTNOTE_LINE)!;
        footnotes.push({ marker: match[1]!, text: match[2]!.trim() });
      }
    } else {
      const text = lines.join("\n");
      const own = NUMBERED.exec(text);
      if (own && Number(own[1]) > 0)
        paragraphs.push({ number: Number(own[1]), text: text.slice(own[0].length), explicit: true });
      else paragraphs.push({ number: (paragraphs.at(-1)?.number ?? 0) + 1, text });
    }
  }
  return { paragraphs, footnotes };
}

/** Writes paragraphs and footnotes back into the editor's text format; explicit numbers are written out. */
export function formatSummary(summary: {
  paragraphs: readonly { text: string; number?: number; explicit?: boolean }[];
  footnotes?: readonly { marker: string; text: string; url?: string | null }[];
}): string {
  const blocks = summary.paragraphs
    .filter((p) => p.text.trim())
    .map((p) => (p.explicit && p.number ? `${p.number}. ${p.text.trim()}` : p.text.trim()));
  const notes = (summary.footnotes ?? []).map((f) => {
    const text = f.url && !f.text.includes(f.url) ? `${f.text} ${f.url}`.trim() : f.text;
    return `[${f.marker}]: ${text}`;
  });
  if (notes.length) blocks.push(notes.join("\n"));
  return blocks.join("\n\n");
}

/** A piece of inline text: plain words, a link, or a footnote reference. */
export type InlinePart =
  | { kind: "text"; value: string }
  | { kind: "url"; value: string }
  | { kind: "ref"; value: string };

const INLINE = /(https?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]'’])|\[(\d{1,3})\]/g;

/** Splits text into plain runs, URLs and "[1]" footnote references, for rendering without raw HTML. */
export function inlineParts(text: string): InlinePart[] {
  const parts: InlinePart[] = [];
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    if (match.index > last) parts.push({ kind: "text", value: text.slice(last, match.index) });
    if (match[1]) parts.push({ kind: "url", value: match[1] });
    else parts.push({ kind: "ref", value: match[2]! });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ kind: "text", value: text.slice(last) });
  return parts;
}

/** Every URL a summary mentions, in order, once each. */
export function summaryLinks(summary: ParsedSummary): string[] {
  const urls = new Set<string>();
  for (const block of [...summary.paragraphs, ...summary.footnotes]) {
    for (const part of inlineParts(block.text)) if (part.kind === "url") urls.add(part.value);
  }
  return [...urls];
}

/** One line of the participants annex: "Markus Kummer (Facilitator)". */
export function participantLine(person: { name: string; role: string }): string {
  return person.role ? `${person.name} (${person.role})` : person.name;
}

/** Reads annex lines "Name (Role)" back into names and roles; blank lines are skipped. */
export function parseParticipantLines(text: string): { name: string; role: string }[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/^[-•*\s]+/, "").trim())
    .filter(Boolean)
    .map((line) => {
      const match = line.match(/^(.*?)\s*\(([^()]*)\)\s*$/);
      return match ? { name: match[1]!.trim(), role: match[2]!.trim() } : { name: line, role: "" };
    })
    .filter((p) => p.name.length > 0)
    .map((p) => ({ name: p.name.slice(0, 200), role: p.role.slice(0, 200) }));
}

/** A URL-safe slug from words. */
export function slugify(text: string): string {
  return (
    text
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60) || "meeting"
  );
}
