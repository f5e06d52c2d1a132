import { endsSentence, lineJoint, startsLowercase } from "./joining.js";
import { readRomanNumeral } from "./numbers.js";
import { isDoubleSpaced, type SourceLine } from "./text-lines.js";
import type { AnnexKind } from "./types.js";
import { findTrailingUrl, isUrlContinuation } from "./urls.js";

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

export interface DocumentLayout {
  /** Lines before the first numbered paragraph: title, "Summary Report", the date. */
  preamble: string[];
  /** The same lines with their gaps, for a report that numbers no paragraph at all. */
  preambleFlow: FlowLine[];
  doubleSpaced: boolean;
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
const ANNEX_HEADING = /^(?:annex|appendix)\s+(\d{1,2}|[IVXl1|]{1,5}|[A-H])(?![a-z])\s*(?:[–—:\-.]\s*)?(.*)$/i;
const PARTICIPANTS_HEADING =
  /^(?:list of participants|participants(?: list)?|attendees|attendance(?: list)?|participants present)\s*:?$/i;

/** Classifies an annex by its title; a call for contributions is not a list of contributions. */
export function classifyAnnex(title: string): AnnexKind {
  if (/participant|attendee|attendance|\bpresent\b/i.test(title)) return "participants";
  if (
    /contribution|submission|input/i.test(title) &&
    !/call for|questionnaire|template|guidance/i.test(title)
  ) {
    return "contributions";
  }
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
const SECTION_HEADING =
  /^(?:next\s+steps|action\s+(?:items|points)|follow-?up(?:\s+actions)?|summary|agenda|background|discussion|conclusions?|decisions)\s*:?$/i;

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

function continuesSegment(draft: DraftSegment, line: FlowLine, doubleSpaced: boolean): boolean {
  if (SECTION_HEADING.test(line.text) || (draft.parts.length === 1 && SECTION_HEADING.test(draft.tail)))
    return false;
  if (/^[A-Z]/.test(line.text) && isShortHeading(line.text) && line.text.split(" ").length <= 4) return false;
  const trailingUrl = findTrailingUrl(draft.tail);
  if (trailingUrl && isUrlContinuation(trailingUrl, line.text)) return true;
  if (startsLowercase(line.text)) return true;
  if (draft.parts.length === 1 && isShortHeading(draft.tail)) return false;
  if (!endsSentence(draft.tail)) return true;
  const gap = Math.max(0, line.blankBefore - (doubleSpaced ? 1 : 0));
  return gap === 0 && !line.startsPage;
}

function appendLine(draft: DraftSegment, next: string): void {
  const { dropTrailing, separator } = lineJoint(draft.tail, next);
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
 */
export function buildSegments(lines: readonly FlowLine[], doubleSpaced: boolean): Segment[] {
  const drafts: DraftSegment[] = [];
  for (const line of lines) {
    const item = stripListMarker(line.text);
    const current = drafts.at(-1);
    if (item !== null) {
      drafts.push({ kind: "item", parts: [item], tail: item.slice(-TAIL_LENGTH) });
    } else if (current && continuesSegment(current, line, doubleSpaced)) {
      appendLine(current, line.text);
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
 * between; otherwise it is an item of a list inside the paragraph.
 */
export function layOutDocument(lines: readonly SourceLine[]): DocumentLayout {
  const doubleSpaced = isDoubleSpaced(lines);
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
      previousText === "" || endsSentence(previousText) || flow.blankBefore > 0 || line.startsPage;
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
    doubleSpaced,
    paragraphs: paragraphs.map((paragraph) => ({
      number: paragraph.number,
      segments: buildSegments(paragraph.lines, doubleSpaced),
    })),
    annexes: annexes.map(({ flow, ...annex }) => ({ ...annex, segments: buildSegments(flow, doubleSpaced) })),
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
