import { parseContributions, parseParticipants, readAsOfDate } from "./annexes.js";
import type { DateReference } from "./dates.js";
import { extractFootnotes, findFootnoteReferences } from "./footnotes.js";
import { readHeader, readTitle } from "./header.js";
import { collectLinks, type LinkSource } from "./links.js";
import { stripInlineMarkup } from "./markup.js";
import { findFullNames } from "./names.js";
import { findNextMeeting, findNextSteps } from "./next-steps.js";
import { readRomanNumeral, toRoman } from "./numbers.js";
import { findOcrSuspects } from "./ocr.js";
import { removePageEndLinkLists } from "./page-links.js";
import { splitSentences } from "./sentences.js";
import { looksLikeSession, readSession } from "./sessions.js";
import {
  type AnnexSection,
  type BodyParagraph,
  buildSegments,
  layOutDocument,
  type Segment,
  segmentsToText,
} from "./structure.js";
import { holdsOneParagraphPerLine, splitSourceLines } from "./text-lines.js";
import type {
  ImportWarning,
  ProposedMeeting,
  ReportContribution,
  ReportParticipant,
  ReportSession,
} from "./types.js";
import { tolerant } from "./typos.js";

export type * from "./types.js";

// Words read with one typing slip allowed (see typos.ts).
const STATED_COUNT = new RegExp(
  `\\b(\\d{1,4})\\s+${tolerant("contributions")}\\s+(?:had\\s+been\\s+|have\\s+been\\s+|were\\s+)?${tolerant("received")}\\b`,
  "i",
);
const FACILITATOR_ROLE = new RegExp(`^(?:(?:BPF|lead)\\s+)?${tolerant("facilitator")}$`, "i");
const MODERATOR_ROLE = new RegExp(`^${tolerant("moderator")}$`, "i");

/**
 * Numbers the paragraphs of a report that numbers none, in order, so they
 * can still be cited; list items stay with the paragraph above them.
 */
function numberLooseSegments(segments: readonly Segment[]): BodyParagraph[] {
  const paragraphs: BodyParagraph[] = [];
  for (const segment of segments) {
    const current = paragraphs.at(-1);
    if (segment.kind === "item" && current) current.segments.push(segment);
    else paragraphs.push({ number: paragraphs.length + 1, segments: [segment] });
  }
  return paragraphs;
}

function warnAboutNumbering(paragraphs: readonly BodyParagraph[], warnings: ImportWarning[]): void {
  let expected = 1;
  for (const paragraph of paragraphs) {
    const number = paragraph.number ?? expected;
    if (number !== expected) {
      const missing = number - expected === 1 ? `${expected}` : `${expected} to ${number - 1}`;
      warnings.push({
        code: "paragraph_numbering_gap",
        message: `Paragraph ${missing} is missing: the numbering jumps to ${number}.`,
      });
    }
    expected = number + 1;
    const extra = paragraph.segments.filter((segment, index) => index > 0 && segment.kind === "text").length;
    if (extra > 0) {
      warnings.push({
        code: "unnumbered_paragraphs",
        message: `${extra} unnumbered paragraph${extra === 1 ? "" : "s"} after paragraph ${number} ${extra === 1 ? "was" : "were"} kept as part of it; the original numbering may have been lost.`,
      });
    }
  }
}

/** An annex label's place in the sequence: "II" is 2, "2" is 2, "B" is 2. */
function annexPosition(label: string): number | null {
  if (/^\d+$/.test(label)) return Number(label);
  if (/^[A-H]$/.test(label)) return label.charCodeAt(0) - 64;
  return readRomanNumeral(label)?.value ?? null;
}

function warnAboutAnnexes(
  annexes: readonly AnnexSection[],
  bodyText: string,
  warnings: ImportWarning[],
): void {
  const present = new Set<number>();
  for (const annex of annexes) {
    const position = annex.label ? annexPosition(annex.label) : null;
    if (position !== null) present.add(position);
  }
  const style = annexes.find((annex) => annex.label !== null)?.label ?? "";
  const labelFor = (position: number) =>
    /^\d+$/.test(style)
      ? String(position)
      : /^[A-H]$/.test(style)
        ? String.fromCharCode(64 + position)
        : toRoman(position);
  const highest = Math.max(0, ...present);
  for (let position = 1; position < highest; position++) {
    if (present.has(position)) continue;
    warnings.push({
      code: "annex_missing",
      message: `Annex ${labelFor(position)} is not in the text although a later annex is; it may have been lost in conversion.`,
    });
  }
  for (const match of bodyText.matchAll(/\bannex\s+([IVXl|]{1,5}|\d{1,2})(?![\w])/gi)) {
    const position = annexPosition(readRomanNumeral(match[1]!)?.normalised ?? match[1]!);
    if (position !== null && !present.has(position)) {
      present.add(position);
      warnings.push({
        code: "annex_missing",
        message: `The text refers to "${match[0]}" but no such annex follows.`,
      });
    }
  }
}

function readMeetingSessions(
  paragraphs: readonly BodyParagraph[],
  reference: DateReference,
): ReportSession[] {
  const sessions: ReportSession[] = [];
  for (const paragraph of paragraphs) {
    for (const segment of paragraph.segments) {
      const candidates = segment.kind === "item" ? [segment.text] : splitSentences(segment.text);
      for (const candidate of candidates) {
        const session = readSession(candidate, reference);
        if (session) sessions.push(session);
      }
    }
  }
  return sessions;
}

function roleHolder(participants: readonly ReportParticipant[], role: RegExp): string | null {
  return (
    participants.find((participant) => participant.role !== null && role.test(participant.role))?.name ?? null
  );
}

function sameName(left: string, right: string): boolean {
  const normalise = (name: string) => name.toLowerCase().replace(/\s+/g, " ");
  return normalise(left) === normalise(right);
}

/**
 * Turns the text of a past meeting's summary report into a proposed meeting
 * record: header facts, numbered paragraphs, footnotes, links, annexes, next
 * steps and sessions, with a warning wherever the report is silent, garbled
 * or contradicts itself. Nothing is invented: what the text lacks is null.
 */
export function parseMeetingReport(text: string, options: { fileName?: string } = {}): ProposedMeeting {
  const warnings: ImportWarning[] = [];
  const sourceLines = splitSourceLines(text);
  const paragraphPerLine = holdsOneParagraphPerLine(text, sourceLines);
  const { lines: withoutPageLists, urls: pageListUrls } = removePageEndLinkLists(sourceLines);
  const { lines, footnotes } = extractFootnotes(withoutPageLists, { paragraphPerLine });
  const layout = layOutDocument(lines, { paragraphPerLine });

  let paragraphs = layout.paragraphs;
  let titleBlock = readTitle(layout.preamble);
  if (paragraphs.length === 0) {
    titleBlock = readTitle(layout.preamble, 1);
    const body = layout.preambleFlow.slice(titleBlock.headerLineCount);
    paragraphs = numberLooseSegments(buildSegments(body, layout.lineLayout));
    if (paragraphs.length > 0) {
      warnings.push({
        code: "no_paragraph_numbers",
        message: "The report numbers none of its paragraphs; they were numbered in order.",
      });
    }
  } else {
    warnAboutNumbering(paragraphs, warnings);
  }

  const paragraphTexts = paragraphs.map((paragraph) => ({
    number: paragraph.number ?? 0,
    text: stripInlineMarkup(segmentsToText(paragraph.segments)),
  }));
  const bodyText = paragraphTexts.map((paragraph) => paragraph.text).join("\n\n");
  // Lists of people keep one entry a line; other annexes are prose and are re-joined.
  const annexTexts = layout.annexes.map((annex) =>
    annex.kind === "other" ? segmentsToText(annex.segments) : annex.lines.map((line) => line.text).join("\n"),
  );
  const wholeText = [titleBlock.title ?? "", ...titleBlock.dateLines, bodyText, ...annexTexts].join("\n\n");

  const header = readHeader(titleBlock, paragraphTexts[0]?.text ?? "", wholeText, options.fileName, warnings);
  const referenceYear = header.date
    ? Number(header.date.slice(0, 4))
    : Number(titleBlock.title?.match(/\b(?:19|20)\d{2}\b/)?.[0] ?? Number.NaN);
  const reference: DateReference = {
    year: Number.isNaN(referenceYear) ? null : referenceYear,
    date: header.date,
  };

  const participants: ReportParticipant[] = [];
  const contributions: ReportContribution[] = [];
  let contributionsAsOf: string | null = null;
  for (const annex of layout.annexes) {
    if (annex.kind === "participants") participants.push(...parseParticipants(annex));
    if (annex.kind === "contributions") {
      contributions.push(...parseContributions(annex));
      contributionsAsOf ??= readAsOfDate(annex.title, reference);
      if (contributionsAsOf === null) {
        warnings.push({
          code: "contributions_without_date",
          message: `The contributions annex "${annex.title}" does not say as of when the list holds.`,
        });
      }
    }
  }
  warnAboutAnnexes(layout.annexes, bodyText, warnings);
  if (participants.length === 0) {
    warnings.push({ code: "no_participants", message: "The report has no participants list." });
  }
  const statedCount = bodyText.match(STATED_COUNT);
  if (statedCount && contributions.length > 0 && Number(statedCount[1]) !== contributions.length) {
    warnings.push({
      code: "contribution_count_differs",
      message: `The text counts ${statedCount[1]} contributions received; the annex lists ${contributions.length}${contributionsAsOf ? ` as of ${contributionsAsOf}` : ""}.`,
    });
  }

  const annexFacilitator = roleHolder(participants, FACILITATOR_ROLE);
  const annexModerator = roleHolder(participants, MODERATOR_ROLE);
  if (header.facilitator && annexFacilitator && !sameName(header.facilitator, annexFacilitator)) {
    warnings.push({
      code: "facilitator_conflict",
      message: `The text names ${header.facilitator} as facilitator but the participants list marks ${annexFacilitator}.`,
    });
  }
  if (header.moderator && annexModerator && !sameName(header.moderator, annexModerator)) {
    warnings.push({
      code: "moderator_conflict",
      message: `The text names ${header.moderator} as moderator but the participants list marks ${annexModerator}.`,
    });
  }
  const facilitator = header.facilitator ?? annexFacilitator;
  if (facilitator === null) {
    warnings.push({
      code: "missing_facilitator",
      message: "The report does not say who facilitated the meeting.",
    });
  }

  const references = findFootnoteReferences(bodyText);
  const markers = new Set(footnotes.map((footnote) => footnote.marker));
  for (const marker of references) {
    if (!markers.has(marker)) {
      warnings.push({
        code: "footnote_missing",
        message: `The text refers to footnote ${marker}, which is not in the report.`,
      });
    }
  }
  if (references.length > 0) {
    for (const footnote of footnotes) {
      if (!references.includes(footnote.marker)) {
        warnings.push({
          code: "footnote_unreferenced",
          message: `Footnote ${footnote.marker} is never referred to in the text.`,
        });
      }
    }
  }

  const linkSources: LinkSource[] = [...paragraphs, ...layout.annexes].flatMap((part) =>
    part.segments.map((segment) => ({ text: segment.text, labelled: segment.kind === "item" })),
  );
  const links = collectLinks(linkSources, footnotes, pageListUrls, warnings);

  const sessions = readMeetingSessions(paragraphs, reference);
  const fullNames = [
    ...findFullNames(bodyText),
    ...participants.map((participant) => participant.name),
    ...contributions.flatMap((contribution) => (contribution.name ? [contribution.name] : [])),
  ];
  const cleanedParagraphs = paragraphs.map((paragraph) => ({
    segments: paragraph.segments.map((segment) => ({ ...segment, text: stripInlineMarkup(segment.text) })),
  }));
  const nextSteps = findNextSteps(cleanedParagraphs, reference, fullNames, (item) => looksLikeSession(item));
  const nextMeeting = findNextMeeting(
    paragraphTexts.map((paragraph) => paragraph.text),
    reference,
  );
  if (nextSteps.length > 0 && nextSteps.every((step) => step.source === "prose")) {
    warnings.push({
      code: "next_steps_from_prose",
      message: `The report has no next-steps list; ${nextSteps.length} commitment${nextSteps.length === 1 ? " was" : "s were"} read from its sentences. Check them.`,
    });
  }
  const ownerless = nextSteps.filter((step) => step.owner === null);
  if (ownerless.length > 0) {
    warnings.push({
      code: "next_step_without_owner",
      message: `${ownerless.length} next step${ownerless.length === 1 ? " names" : "s name"} nobody to do it: ${ownerless.map((step) => `"${step.text.slice(0, 60)}…"`).join(", ")}.`,
    });
  }

  const suspects = findOcrSuspects(
    [
      titleBlock.title ?? "",
      bodyText,
      ...layout.annexes.map((annex) => `Annex ${annex.printedLabel ?? ""} ${annex.title}`),
      ...annexTexts,
    ].join("\n"),
  );
  if (suspects.length > 0) {
    warnings.push({
      code: "ocr_suspect_text",
      message: `Words that text recognition probably misread, left as printed: ${suspects.map((word) => `"${word}"`).join(", ")}.`,
    });
  }

  return {
    title: header.title,
    kind: header.kind,
    number: header.number,
    date: header.date,
    facilitator,
    moderator: header.moderator ?? annexModerator,
    paragraphs: paragraphTexts,
    footnotes,
    links,
    participants,
    contributions,
    contributionsAsOf,
    next_steps: nextSteps,
    next_meeting: nextMeeting,
    sessions,
    annexes: layout.annexes.map((annex, index) => ({
      label: annex.label,
      title: annex.title,
      kind: annex.kind,
      text: annexTexts[index] ?? "",
    })),
    warnings,
  };
}
