// Test support: the seed reports (PDF conversions) rewritten as the same reports saved from Word, as plain text
// and as real .docx files. The rewriting is deliberately independent of the parser's own re-joining: it knows
// the few layout conventions of the seeds, so a parser that reads both layouts alike is really tested.
import {
  AlignmentType,
  Document,
  ExternalHyperlink,
  FootnoteReferenceRun,
  HeadingLevel,
  LevelFormat,
  Packer,
  Paragraph,
  type ParagraphChild,
  TextRun,
} from "docx";

/** A human slip put into a phrase the parser keys on: the first `phrase` becomes `typed`. */
export interface Typo {
  phrase: string;
  typed: string;
}

const SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹";
const BARE_URL = /^https?:\/\/\S+$/;
const NUMBERED = /^(\d{1,2})\.\s+\S/;
const ITEM = /^(?:[-•–]\s*)\S/;
const ANNEX = /^(?:annex|appendix)\s+\S+/i;
/** Annexes that list one person or contribution a line; a call for contributions is prose. */
function listsEntries(heading: string): boolean {
  return (
    /participant|attendee/i.test(heading) || (/contribution/i.test(heading) && !/call for/i.test(heading))
  );
}

interface RawLine {
  text: string;
  blankBefore: number;
  startsPage: boolean;
}

interface Block {
  kind: "title" | "numbered" | "item" | "prose" | "heading" | "annex" | "entry";
  text: string;
  links: string[];
}

function fromSuperscript(marks: string): string {
  return [...marks].map((mark) => String(SUPERSCRIPTS.indexOf(mark))).join("");
}

/** What a Word user sees of the Markdown a converter added: plain words. */
function withoutMarkdown(text: string): string {
  return text
    .replace(/\[([^\]\n]+)\]\((?!https?:)[^)\s]*\)/g, "$1")
    .replace(/\*\*(.+?)\*\*/g, "$1")
    .replace(/(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])/g, "$1")
    .replace(/<(https?:\/\/[^>\s]+)>/g, "$1");
}

function endsSentence(text: string): boolean {
  return /[.!?:][)"'”’\]]*$/.test(text);
}

function joinWrapped(text: string, next: string): string {
  // The seeds only break compounds at a line end ("multi-" / "stakeholder"): the hyphen stays, no space.
  return /[A-Za-z]-$/.test(text) ? text + next : `${text} ${next}`;
}

function readLines(pdfText: string): RawLine[] {
  const lines: RawLine[] = [];
  let blanks = 0;
  let pageBreak = false;
  for (const raw of pdfText
    .replace(/^\ufeff/, "")
    .replace(/\r\n?/g, "\n")
    .split("\n")) {
    if (raw.includes("\f")) pageBreak = true;
    const cleaned = raw.replace(/\f/g, "");
    const text = cleaned.trim().replace(/ {2,}/g, " ");
    if (text === "") {
      blanks++;
      continue;
    }
    lines.push({ text, blankBefore: blanks, startsPage: pageBreak || /^ \S/.test(cleaned) });
    blanks = 0;
    pageBreak = false;
  }
  return lines;
}

/** Mends addresses the page width cut in two ("...RCID=bdda" / "d2da45"), as a reader of the PDF would. */
function mendAddresses(lines: RawLine[]): RawLine[] {
  const mended: RawLine[] = [];
  for (const line of lines) {
    const previous = mended.at(-1);
    if (
      previous &&
      BARE_URL.test(previous.text) &&
      /^[\w\-./?=&%#]+$/.test(line.text) &&
      /[0-9/=&%?_]/.test(line.text) &&
      !BARE_URL.test(line.text)
    ) {
      previous.text += line.text;
      continue;
    }
    mended.push({ ...line });
  }
  return mended;
}

function isDoubleSpaced(lines: readonly RawLine[]): boolean {
  const singleGaps = lines.filter((line) => line.blankBefore === 1).length;
  return singleGaps / lines.length >= 0.5;
}

/**
 * Cuts the PDF conversion's lines into Word paragraphs: the title block line by line, numbered paragraphs,
 * list items, short headings, annex headings and their one-a-line entries, and prose paragraphs that end a
 * sentence before a gap or a new page. Addresses printed on their own line travel with their paragraph.
 */
function toBlocks(lines: readonly RawLine[]): Block[] {
  const doubleSpaced = isDoubleSpaced(lines);
  const blocks: Block[] = [];
  let region: "title" | "body" | "list-annex" | "prose-annex" = "title";
  for (const line of lines) {
    const current = blocks.at(-1);
    if (BARE_URL.test(line.text)) {
      if (current) current.links.push(line.text);
      continue;
    }
    const open = (kind: Block["kind"], text = line.text) => blocks.push({ kind, text, links: [] });
    if (
      ANNEX.test(line.text) &&
      (!current || endsSentence(current.text) || line.blankBefore > 0 || line.startsPage)
    ) {
      region = listsEntries(line.text) ? "list-annex" : "prose-annex";
      open("annex");
    } else if (region === "list-annex") {
      open("entry");
    } else if (region !== "prose-annex" && NUMBERED.test(line.text)) {
      region = "body";
      open("numbered");
    } else if (region === "title") {
      open("title");
    } else if (ITEM.test(line.text)) {
      open("item");
    } else if (/:$/.test(line.text) && line.text.split(" ").length <= 6 && /^[A-Z]/.test(line.text)) {
      open("heading");
    } else if (
      !current ||
      current.kind === "heading" ||
      current.kind === "annex" ||
      (endsSentence(current.text) &&
        /^[A-Z“"‘(]/.test(line.text) &&
        (line.startsPage || line.blankBefore >= (doubleSpaced ? 2 : 1)))
    ) {
      open("prose");
    } else {
      current.text = joinWrapped(current.text, line.text);
    }
  }
  return blocks;
}

/**
 * Rewrites a seed report (a PDF conversion: lines wrapped, blank lines everywhere, footnotes where the page
 * ended) as Word saves it as plain text: one paragraph a line with no blank lines, addresses on their own
 * lines after their paragraph, footnote marks as `[footnoteRef:N]` and each footnote as `[N: text]` after the
 * paragraph that refers to it, Markdown gone, and the given typos made. Throws unless each typo's phrase is in
 * the report exactly once, so a variant never silently loses one.
 */
export function toWordLayout(pdfText: string, typos: readonly Typo[] = []): string {
  const footnotes = new Map<string, string>();
  const kept: RawLine[] = [];
  for (const line of readLines(withoutMarkdown(pdfText))) {
    const footnote = line.text.match(new RegExp(`^([${SUPERSCRIPTS}]+)\\s*(\\S.*)$`));
    if (footnote) footnotes.set(fromSuperscript(footnote[1]!), footnote[2]!);
    else kept.push(line);
  }
  const out: string[] = [];
  for (const block of toBlocks(mendAddresses(kept))) {
    const text = block.text.replace(new RegExp(`(?<=\\S)[${SUPERSCRIPTS}]+`, "g"), (marks) => {
      return `[footnoteRef:${fromSuperscript(marks)}]`;
    });
    out.push(text, ...block.links);
    for (const match of text.matchAll(/\[footnoteRef:(\d+)\]/g)) {
      const footnote = footnotes.get(match[1]!);
      if (footnote !== undefined) out.push(`[${match[1]}: ${footnote}]`);
    }
  }
  let text = `${out.join("\n")}\n`;
  for (const typo of typos) {
    const found = text.split(typo.phrase).length - 1;
    if (found !== 1)
      throw new Error(`"${typo.phrase}" is in the report ${found} times; a typo needs one place`);
    text = text.replace(typo.phrase, typo.typed);
  }
  return text;
}

/**
 * Applies the same typos to a string read from the PDF layout, for fields that keep the words as printed:
 * a string holding a typo's phrase, or lying inside the phrase around the misspelt word ("on or around 15
 * August" inside "questionnaire on or around 15 August"), gets the misspelling.
 */
export function withTypos(text: string, typos: readonly Typo[]): string {
  return typos.reduce((result, typo) => {
    if (result.includes(typo.phrase)) return result.replace(typo.phrase, typo.typed);
    const start = result === "" ? -1 : typo.phrase.indexOf(result);
    if (start === -1) return result;
    const before = typo.phrase.slice(0, start);
    const after = typo.phrase.slice(start + result.length);
    const typedInside = typo.typed.startsWith(before) && typo.typed.endsWith(after);
    return typedInside ? typo.typed.slice(before.length, typo.typed.length - after.length) : result;
  }, text);
}

const ADDRESS_OR_NOTE = /https?:\/\/[^\s[\]]+|\[footnoteRef:(\d+)\]/g;

/** An address without the sentence's punctuation after it or a closing bracket it did not open. */
function trimAddress(url: string): string {
  let trimmed = url;
  for (;;) {
    const last = trimmed.at(-1) ?? "";
    const unbalanced = last === ")" && trimmed.split(")").length > trimmed.split("(").length;
    if (last === "" || (!".,;:".includes(last) && !unbalanced)) return trimmed;
    trimmed = trimmed.slice(0, -1);
  }
}

/** Text runs of a line: addresses become hyperlinks (as Word's AutoFormat makes them), footnote marks real notes. */
function runsOf(text: string): ParagraphChild[] {
  const runs: ParagraphChild[] = [];
  let start = 0;
  for (const match of text.matchAll(ADDRESS_OR_NOTE)) {
    const token = match[1] ? match[0] : trimAddress(match[0]);
    if (match.index > start) runs.push(new TextRun(text.slice(start, match.index)));
    if (match[1]) runs.push(new FootnoteReferenceRun(Number(match[1])));
    else
      runs.push(
        new ExternalHyperlink({ link: token, children: [new TextRun({ text: token, style: "Hyperlink" })] }),
      );
    start = match.index + token.length;
  }
  if (start < text.length) runs.push(new TextRun(text.slice(start)));
  return runs;
}

/**
 * Builds a real Word document from a report in Word's text layout (toWordLayout): numbered paragraphs as a
 * Word numbered list (the numbers are Word's, not typed), list items as a bulleted list, annex headings as
 * headings, addresses as hyperlinks, and footnotes as Word footnotes referred to from the text.
 */
export async function buildReportDocx(wordText: string): Promise<Buffer> {
  const lines = wordText.split(/\r?\n/).filter((line) => line.trim() !== "");
  const footnotes: Record<number, { children: Paragraph[] }> = {};
  for (const line of lines) {
    const footnote = line.match(/^\[(\d+): (.*)\]$/);
    if (footnote)
      footnotes[Number(footnote[1])] = { children: [new Paragraph({ children: runsOf(footnote[2]!) })] };
  }
  const children: Paragraph[] = [];
  let expectedNumber = 1;
  let seenNumbered = false;
  for (const line of lines) {
    if (/^\[\d+: .*\]$/.test(line)) continue;
    const numbered = line.match(/^(\d{1,2})\.\s+(.*)$/);
    if (numbered && Number(numbered[1]) === expectedNumber) {
      expectedNumber++;
      seenNumbered = true;
      children.push(
        new Paragraph({
          numbering: { reference: "report-paragraphs", level: 0 },
          children: runsOf(numbered[2]!),
        }),
      );
      continue;
    }
    const item = line.match(/^[-•–]\s*(\S.*)$/);
    if (item) {
      children.push(
        new Paragraph({ numbering: { reference: "report-bullets", level: 0 }, children: runsOf(item[1]!) }),
      );
      continue;
    }
    const heading = ANNEX.test(line)
      ? HeadingLevel.HEADING_1
      : !seenNumbered && children.length === 0
        ? HeadingLevel.TITLE
        : undefined;
    children.push(new Paragraph({ ...(heading ? { heading } : {}), children: runsOf(line) }));
  }
  const document = new Document({
    numbering: {
      config: [
        {
          reference: "report-paragraphs",
          levels: [{ level: 0, format: LevelFormat.DECIMAL, text: "%1.", alignment: AlignmentType.START }],
        },
        {
          reference: "report-bullets",
          levels: [{ level: 0, format: LevelFormat.BULLET, text: "•", alignment: AlignmentType.START }],
        },
      ],
    },
    footnotes,
    sections: [{ children }],
  });
  return Buffer.from(await Packer.toBuffer(document));
}
