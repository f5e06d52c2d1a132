import { type DateMention, findDateMentions, isoDate } from "./dates.js";
import { readLeadingName } from "./names.js";
import { ORDINAL_PATTERN_SOURCE, readOrdinal, readRomanNumeral } from "./numbers.js";
import { splitSentences } from "./sentences.js";
import type { ImportWarning, MeetingKind } from "./types.js";
import { tolerant } from "./typos.js";

/** The facts a report states about its own meeting, from the title block and the opening paragraph. */
export interface MeetingHeader {
  title: string | null;
  kind: MeetingKind | null;
  number: number | null;
  date: string | null;
  facilitator: string | null;
  moderator: string | null;
}

// The words a report's title block is read by, each with one typing slip allowed (see typos.ts).
const MEETING = tolerant("meeting");
const REPORT = tolerant("report");
const DOCUMENT_TYPE_LINE = new RegExp(
  `^(?:${MEETING}\\s+)?(?:${tolerant("summary")}(?:\\s+${REPORT})?|${REPORT}|${tolerant("minutes")}|${tolerant("notes")}|${tolerant("draft")})$`,
  "i",
);
const KIND_VIRTUAL = new RegExp(
  `\\b(?:${tolerant("virtual")}|${tolerant("online")}|${tolerant("webex")}|zoom)\\s+(?:${MEETING}|call)\\b`,
  "i",
);
const KIND_INFORMAL = new RegExp(`\\b${tolerant("informal")}\\s+${MEETING}\\b`, "i");
const KIND_SESSION = new RegExp(`\\b${tolerant("session")}\\b`, "i");
const ANNUAL_MEETING = new RegExp(
  `\\b(?:IGF|${tolerant("annual")}\\s+${MEETING}|day[\\s-]zero|${tolerant("workshop")}|${tolerant("plenary")})\\b`,
  "i",
);
const NUMBERED_MEETING = new RegExp(
  `\\b${MEETING}\\s+(?:no\\.?\\s*|#\\s*|${tolerant("number")}\\s+)?([IVXl|]{1,6}|\\d{1,2})(?![\\w-])(?!\\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec))`,
  "i",
);
const ORDINAL_MEETING = new RegExp(
  `\\b(${ORDINAL_PATTERN_SOURCE})\\s+(?:${tolerant("virtual")}\\s+|${tolerant("informal")}\\s+|${tolerant("online")}\\s+)?(?:${MEETING}|call)\\b`,
  "i",
);
const FACILITATED_BY = new RegExp(
  `\\b(?<!co-)(?:${tolerant("facilitated")}|${tolerant("chaired")})\\s+by\\s+`,
  "i",
);
const MODERATED_BY = new RegExp(`\\b(?<!co-)${tolerant("moderated")}\\s+by\\s+`, "i");
const MODERATOR = tolerant("moderator");
const ACTED_AS_MODERATOR = new RegExp(
  `([A-Z][^,.;()]{2,60}?)\\s+(?:acted|${tolerant("served")})\\s+as\\s+(?:the\\s+)?${MODERATOR}\\b`,
);
const HELD = new RegExp(`\\b(?:held|took\\s+${tolerant("place")}|met|${tolerant("convened")})\\b`, "i");
const YEAR = /\b(19\d{2}|20\d{2})\b/;

function isDateLine(line: string): boolean {
  const mentions = findDateMentions(line);
  if (mentions.length !== 1) return false;
  const rest = line
    .replace(mentions[0]!.text, "")
    .replace(/\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b/i, "");
  return /^[\s,.–—-]*$/.test(rest);
}

/**
 * Reads the title from the lines above the first paragraph: the leading lines
 * up to "Summary Report" or a date line. Long sentences are not titles; a
 * report without numbered paragraphs allows a one-line title only, since its
 * prose follows at once.
 */
export function readTitle(
  preamble: readonly string[],
  maxTitleLines = 3,
): {
  title: string | null;
  dateLines: string[];
  headerLineCount: number;
} {
  const titleLines: string[] = [];
  const dateLines: string[] = [];
  let titleClosed = false;
  let headerLineCount = preamble.length;
  for (const [index, line] of preamble.entries()) {
    if (isDateLine(line)) {
      dateLines.push(line);
      titleClosed = true;
    } else if (DOCUMENT_TYPE_LINE.test(line)) {
      titleClosed = true;
    } else if (
      !titleClosed &&
      titleLines.length < maxTitleLines &&
      line.split(/\s+/).length <= 25 &&
      !/[.;:]$/.test(line)
    ) {
      titleLines.push(line);
    } else {
      headerLineCount = index;
      break;
    }
  }
  return { title: titleLines.length > 0 ? titleLines.join(" ") : null, dateLines, headerLineCount };
}

/** Kind from the wording: virtual meeting, informal meeting, or a session at the annual meeting. */
export function readKind(text: string): MeetingKind | null {
  if (KIND_VIRTUAL.test(text)) return "virtual";
  if (KIND_INFORMAL.test(text)) return "informal";
  if (KIND_SESSION.test(text) && ANNUAL_MEETING.test(text)) {
    return "annual_session";
  }
  return null;
}

/** The meeting's number within the cycle from "Virtual Meeting III", "Meeting 3" or "fourth virtual meeting". */
export function readMeetingNumber(text: string): number | null {
  const numbered = text.match(NUMBERED_MEETING);
  if (numbered) {
    const printed = numbered[1]!;
    if (/^\d+$/.test(printed)) return Number(printed);
    const roman = readRomanNumeral(printed);
    if (roman) return roman.value;
  }
  const ordinal = text.match(ORDINAL_MEETING);
  return ordinal ? readOrdinal(ordinal[1]!) : null;
}

/** The person named after "facilitated by" / "moderated by" or before "as moderator". */
function readRoleHolder(text: string, role: "facilitator" | "moderator"): string | null {
  const byMatch = text.match(role === "facilitator" ? FACILITATED_BY : MODERATED_BY);
  if (byMatch) {
    const rest = text
      .slice(byMatch.index! + byMatch[0].length)
      .replace(/^(?:the\s+BPF(?:['’]s)?\s+|BPF\s+)/, "");
    const name = readLeadingName(
      rest.replace(/^(?:facilitator|co-facilitator|lead expert|moderator)\s+/i, ""),
    );
    if (name) return name;
  }
  if (role === "moderator") {
    const asMatch = text.match(ACTED_AS_MODERATOR);
    if (asMatch) return readLeadingName(asMatch[1]!.trim());
  }
  return null;
}

function meetingDateMention(openingText: string): DateMention | null {
  for (const sentence of splitSentences(openingText).slice(0, 3)) {
    const held = sentence.match(HELD);
    if (held) {
      const after = findDateMentions(sentence.slice(held.index!))[0];
      if (after) return after;
    }
  }
  return findDateMentions(splitSentences(openingText)[0] ?? "")[0] ?? null;
}

/**
 * Reads title, kind, number, date, facilitator and moderator from the title
 * block and the opening paragraph, and says where the two disagree or where
 * something had to be inferred.
 */
export function readHeader(
  titleBlock: { title: string | null; dateLines: string[] },
  openingText: string,
  wholeText: string,
  fileName: string | undefined,
  warnings: ImportWarning[],
): MeetingHeader {
  const { title, dateLines } = titleBlock;
  if (title === null) {
    warnings.push({
      code: "missing_title",
      message: "The report has no title line; give the meeting a title.",
    });
  }
  const titleText = [title ?? "", ...dateLines].join(" ");

  const kind = readKind(title ?? "") ?? readKind(openingText);
  if (kind === null) {
    warnings.push({
      code: "unknown_kind",
      message:
        "Neither the title nor the opening paragraph says whether this was a virtual or informal meeting or a session.",
    });
  }

  const titleNumber = title === null ? null : readMeetingNumber(title);
  const textNumber = readMeetingNumber(openingText);
  if (titleNumber !== null && textNumber !== null && titleNumber !== textNumber) {
    warnings.push({
      code: "number_conflict",
      message: `The title numbers the meeting ${titleNumber} but the text calls it meeting ${textNumber}; the title's number is used.`,
    });
  }
  const number = titleNumber ?? textNumber;
  if (number === null) {
    warnings.push({
      code: "missing_number",
      message: "The report does not say which meeting of the cycle this was.",
    });
  }

  const date = readMeetingDate(titleText, title, openingText, wholeText, fileName, warnings);

  const facilitator = readRoleHolder(openingText, "facilitator");
  const moderator = readRoleHolder(openingText, "moderator");
  return { title, kind, number, date, facilitator, moderator };
}

function readMeetingDate(
  titleText: string,
  title: string | null,
  openingText: string,
  wholeText: string,
  fileName: string | undefined,
  warnings: ImportWarning[],
): string | null {
  const titleMention = findDateMentions(titleText).find((mention) => mention.year !== null) ?? null;
  const titleDate = titleMention ? isoDate(titleMention.year!, titleMention.month, titleMention.day) : null;
  const titleYear = Number(title?.match(YEAR)?.[1] ?? titleMention?.year ?? Number.NaN);

  const textMention = meetingDateMention(openingText);
  let textDate: string | null = null;
  if (textMention) {
    let year = textMention.year ?? (Number.isNaN(titleYear) ? null : titleYear);
    if (year === null) {
      const documentYear = wholeText.match(YEAR)?.[1];
      const fileYear = fileName?.match(YEAR)?.[1];
      const inferred = documentYear ?? fileYear;
      if (inferred) {
        year = Number(inferred);
        warnings.push({
          code: "year_inferred",
          message: `The meeting date "${textMention.text}" has no year; ${inferred} was taken from the ${documentYear ? "report's other dates" : "file name"}.`,
        });
      }
    }
    textDate = year === null ? null : isoDate(year, textMention.month, textMention.day);
  }

  if (titleDate && textDate && titleDate !== textDate) {
    warnings.push({
      code: "date_conflict",
      message: `The title block gives ${titleDate} but the text says the meeting was held on ${textDate}; the text's date is used.`,
    });
  }
  const date = textDate ?? titleDate;
  if (date === null) {
    warnings.push({
      code: "missing_date",
      message: textMention
        ? `The meeting date "${textMention.text}" has no year and none could be found.`
        : "The report does not say when the meeting was held.",
    });
  } else if (!Number.isNaN(titleYear) && Number(date.slice(0, 4)) !== titleYear) {
    warnings.push({
      code: "year_conflict",
      message: `The title names the year ${titleYear} but the meeting date is ${date}.`,
    });
  }
  return date;
}
