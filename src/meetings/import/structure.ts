import { endsSentence, lineJoint, startsLowercase } from "./joining.js";
import { readRomanNumeral } from "./numbers.js";
import { isDoubleSpaced, type SourceLine } from "./text-lines.js";
import type { AnnexKind } from "./types.js";
import { tolerant, tolerantPhrase } from "./typos.js";
import { findTrailingUrl, isBareUrlLine, isUrlContinuation } from "./urls.js";

/** A run of text inside a paragraph: prose, or one item of a list. */
export interface Segment {
  kind: "text" | "item";
  text: string;
}

export interface BodyParagraph {
  /** Null only when the report numbers none of its paragraphs. */
  number: number | null;
  segments: Segment[];
}

export interface AnnexSection {
  label: string | null;
  /** The numeral as printed, to report text-recognition repairs ("Il" read as "II"). */
  printedLabel: string | null;
  title: string;
  kind: AnnexKind;
  /** One entry per printed line, for annexes that list one person or contribution a line. */
  lines: { text: string; startsPage: boolean }[];
  segments: Segment[];
}

/** How the text is laid out: lines of a printed page to re-join, or one paragraph a line (Word). */
export interface LineLayout {
  doubleSpaced: boolean;
  paragraphPerLine: boolean;
}

export interface DocumentLayout {
  /** Lines before the first numbered paragraph: title, "Summary Report", the date. */
  preamble: string[];
  /** The same lines with their gaps, for a report that numbers no paragraph at all. */
  preambleFlow: FlowLine[];
  lineLayout: LineLayout;
  paragraphs: BodyParagraph[];
  annexes: AnnexSection[];
}

/** A non-empty line with the gap before it, the unit paragraphs are re-joined from. */
export interface FlowLine {
  text: string;
  blankBefore: number;
  startsPage: boolean;
}

const BULLET = /^(?:[-–—•·▪●◦■]\s*|\*\s+|\(?[a-z]\)\s+)(?=\S)/;
const NUMBERED = /^(\d{1,3})[.)]\s+(?=\S)/;
// Headings are read with one typing slip allowed in each longer word (see typos.ts).
const ANNEX_HEADING = new RegExp(
  `^(?:${tolerant("annex")}|${tolerant("appendix")})\\s+(\\d{1,2}|[IVXl1|]{1,5}|[A-H])(?![a-z])\\s*(?:[–—:\\-.]\\s*)?(.*)$`,
  "i",
);
const PARTICIPANTS = tolerant("participants");
const PARTICIPANTS_HEADING = new RegExp(
  `^(?:list\\s+of\\s+${PARTICIPANTS}|${PARTICIPANTS}(?:\\s+list)?|${tolerant("attendees")}|${tolerant("attendance")}(?:\\s+list)?|${PARTICIPANTS}\\s+${tolerant("present")})\\s*:?$`,
  "i",
);
// Whole words of a title, so that a slip allowed in "input" or "participant" never reads "minutes" or
// "participation"; the plural's pattern also takes the singular (one letter dropped).
const PARTICIPANTS_TITLE = new RegExp(
  `\\b(?:${PARTICIPANTS}|${tolerant("attendees")}|${tolerant("attendance")}|${tolerant("present")})\\b`,
  "i",
);
const CONTRIBUTIONS_TITLE = new RegExp(
  `\\b(?:${tolerant("contributions")}|${tolerant("submissions")}|${tolerant("inputs")})\\b`,
  "i",
);
const NOT_CONTRIBUTIONS_TITLE = new RegExp(
  `\\b(?:call\\s+for|${tolerant("questionnaire")}|${tolerant("template")}|${tolerant("guidance")})`,
  "i",
);

/** Classifies an annex by its title; a call for contributions is not a list of contributions. */
export function classifyAnnex(title: string): AnnexKind {
  if (PARTICIPANTS_TITLE.test(title)) return "participants";
  if (CONTRIBUTIONS_TITLE.test(title) && !NOT_CONTRIBUTIONS_TITLE.test(title)) return "contributions";
  return "other";
}

/** The text of a list item without its marker ("-", "•", "2.", "(a)"); null for a line that is no list item. */
export function stripListMarker(text: string): string | null {
  const marker = text.match(NUMBERED) ?? text.match(BULLET);
  return marker ? text.slice(marker[0].length) : null;
}

function readAnnexHeading(
  text: string,
): { label: string | null; printed: string | null; title: string } | null {
  if (text.length > 140) return null;
  const annex = text.match(ANNEX_HEADING);
  if (annex) {
    const printed = annex[1]!;
    const title = annex[2]!.trim();
    if (/^[a-z,;(]/.test(title)) return null;
    const roman = readRomanNumeral(printed);
    const label = roman ? roman.normalised : printed.toUpperCase();
    return { label, printed, title };
  }
  if (PARTICIPANTS_HEADING.test(text)) return { label: null, printed: null, title: text.replace(/:$/, "") };
  return null;
}

/** Headings that stand alone even without a colon; the line after them never continues them. */
const SECTION_HEADING = new RegExp(
  `^(?:${tolerantPhrase("next steps")}|${tolerant("action")}\\s+(?:${tolerant("items")}|${tolerant("points")})|follow-?up(?:\\s+${tolerant("actions")})?|${tolerant("summary")}|${tolerant("agenda")}|${tolerant("background")}|${tolerant("discussion")}|${tolerant("conclusions")}|${tolerant("decisions")})\\s*:?$`,
  "i",
);

function isShortHeading(text: string): boolean {
  return text.endsWith(":") && text.length <= 80 && text.split(" ").length <= 6;
}

/**
 * A segment being re-joined. The text is kept as parts joined once at the
 * end, and the decisions read only a short flat tail: growing one string
 * line by line and reading its end would be quadratic on long texts.
 */
interface DraftSegment {
  kind: Segment["kind"];
  parts: string[];
  tail: string;
}

const TAIL_LENGTH = 400;

function continuesSegment(draft: DraftSegment, line: FlowLine, layout: LineLayout): boolean {
  if (SECTION_HEADING.test(line.text) || (draft.parts.length === 1 && SECTION_HEADING.test(draft.tail)))
    return false;
  if (/^[A-Z]/.test(line.text) && isShortHeading(line.text) && line.text.split(" ").length <= 4) return false;
  if (layout.paragraphPerLine) {
    // Each line is a paragraph. Only an address on a line of its own belongs to the paragraph above
    // ("available here:"), and a line in lower case after an unfinished sentence continues it, where
    // something (a footnote, a list of addresses) was lifted out from between the two.
    return isBareUrlLine(line.text) || (startsLowercase(line.text) && !endsSentence(draft.tail));
  }
  const trailingUrl = findTrailingUrl(draft.tail);
  if (trailingUrl && isUrlContinuation(trailingUrl, line.text)) return true;
  if (startsLowercase(line.text)) return true;
  if (draft.parts.length === 1 && isShortHeading(draft.tail)) return false;
  if (!endsSentence(draft.tail)) return true;
  const gap = Math.max(0, line.blankBefore - (layout.doubleSpaced ? 1 : 0));
  return gap === 0 && !line.startsPage;
}

function appendLine(draft: DraftSegment, next: string, layout: LineLayout): void {
  // Whole paragraphs are never cut mid-word or mid-address: they meet at a space.
  const { dropTrailing, separator } = layout.paragraphPerLine
    ? { dropTrailing: 0, separator: " " }
    : lineJoint(draft.tail, next);
  if (dropTrailing > 0) {
    const last = draft.parts.length - 1;
    draft.parts[last] = draft.parts[last]!.slice(0, -dropTrailing);
  }
  draft.parts.push(separator + next);
  draft.tail = (draft.tail.slice(0, draft.tail.length - dropTrailing) + separator + next).slice(-TAIL_LENGTH);
}

/**
 * Re-joins wrapped lines into prose runs and list items. A line continues
 * the run unless the run ended a sentence and a gap or a page break follows;
 * a line that starts in lower case always continues, whatever lies between.
 * Text with one paragraph a line is not re-joined (see continuesSegment).
 */
export function buildSegments(lines: readonly FlowLine[], layout: LineLayout): Segment[] {
  const drafts: DraftSegment[] = [];
  for (const line of lines) {
    const item = stripListMarker(line.text);
    const current = drafts.at(-1);
    if (item !== null) {
      drafts.push({ kind: "item", parts: [item], tail: item.slice(-TAIL_LENGTH) });
    } else if (current && continuesSegment(current, line, layout)) {
      appendLine(current, line.text, layout);
    } else {
      drafts.push({ kind: "text", parts: [line.text], tail: line.text.slice(-TAIL_LENGTH) });
    }
  }
  return drafts.map((draft) => ({ kind: draft.kind, text: draft.parts.join("") }));
}

/**
 * Cuts the cleaned lines into the preamble, the numbered paragraphs and the
 * annexes. A line "N. text" opens paragraph N only when N is above the last
 * paragraph number and the line before closed a sentence or a gap lies
 * between (in text with one paragraph a line, every line closes one);
 * otherwise it is an item of a list inside the paragraph.
 */
export function layOutDocument(
  lines: readonly SourceLine[],
  options: { paragraphPerLine?: boolean } = {},
): DocumentLayout {
  const paragraphPerLine = options.paragraphPerLine ?? false;
  const lineLayout: LineLayout = {
    doubleSpaced: !paragraphPerLine && isDoubleSpaced(lines),
    paragraphPerLine,
  };
  const preamble: string[] = [];
  const preambleFlow: FlowLine[] = [];
  const paragraphs: { number: number | null; lines: FlowLine[]; lastItemNumber: number }[] = [];
  const annexes: (Omit<AnnexSection, "segments"> & { flow: FlowLine[] })[] = [];
  let region: "preamble" | "body" | "annex" = "preamble";
  let lastNumber = 0;
  let blanks = 0;
  let previousText = "";

  for (const line of lines) {
    if (line.text === "") {
      blanks++;
      continue;
    }
    const flow: FlowLine = { text: line.text, blankBefore: blanks, startsPage: line.startsPage };
    blanks = 0;
    const openedByBreak =
      paragraphPerLine ||
      previousText === "" ||
      endsSentence(previousText) ||
      flow.blankBefore > 0 ||
      line.startsPage;
    const annex = openedByBreak ? readAnnexHeading(line.text) : null;
    if (annex) {
      annexes.push({
        ...annex,
        printedLabel: annex.printed,
        kind: classifyAnnex(annex.title),
        lines: [],
        flow: [],
      });
      region = "annex";
      previousText = line.text;
      continue;
    }
    if (region === "annex") {
      const current = annexes.at(-1)!;
      current.lines.push({ text: line.text, startsPage: line.startsPage });
      current.flow.push(flow);
      previousText = line.text;
      continue;
    }
    const numbered = line.text.match(NUMBERED);
    if (numbered) {
      const number = Number(numbered[1]);
      const current = paragraphs.at(-1);
      const continuesItems =
        current !== undefined && current.lastItemNumber > 0 && number === current.lastItemNumber + 1;
      if (number > lastNumber && number <= lastNumber + 20 && openedByBreak && !continuesItems) {
        paragraphs.push({
          number,
          lines: [{ ...flow, text: line.text.slice(numbered[0].length) }],
          lastItemNumber: 0,
        });
        lastNumber = number;
        region = "body";
        previousText = line.text;
        continue;
      }
      if (current) current.lastItemNumber = number;
    }
    if (region === "preamble") {
      preamble.push(line.text);
      preambleFlow.push(flow);
    } else paragraphs.at(-1)!.lines.push(flow);
    previousText = line.text;
  }

  return {
    preamble,
    preambleFlow,
    lineLayout,
    paragraphs: paragraphs.map((paragraph) => ({
      number: paragraph.number,
      segments: buildSegments(paragraph.lines, lineLayout),
    })),
    annexes: annexes.map(({ flow, ...annex }) => ({ ...annex, segments: buildSegments(flow, lineLayout) })),
  };
}

/** Writes segments as plain text: prose runs apart by an empty line, list items one a line after "- ". */
export function segmentsToText(segments: readonly Segment[]): string {
  let text = "";
  for (const segment of segments) {
    if (segment.kind === "item") text += `${text === "" ? "" : "\n"}- ${segment.text}`;
    else text += `${text === "" ? "" : "\n\n"}${segment.text}`;
  }
  return text;
}
