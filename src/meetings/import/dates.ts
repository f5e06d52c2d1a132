import type { ApproximateDate, DatePrecision } from "./types.js";
import { tolerant, tolerantAnyOf } from "./typos.js";

const MONTH_NUMBERS: Record<string, number> = {
  january: 1,
  jan: 1,
  february: 2,
  feb: 2,
  march: 3,
  mar: 3,
  april: 4,
  apr: 4,
  may: 5,
  june: 6,
  jun: 6,
  july: 7,
  jul: 7,
  august: 8,
  aug: 8,
  september: 9,
  sept: 9,
  sep: 9,
  october: 10,
  oct: 10,
  november: 11,
  nov: 11,
  december: 12,
  dec: 12,
};
const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
/** Each month's name with one typing slip allowed ("Ocotber"); short names only as spelt. */
const MISTYPED_MONTHS = MONTH_NAMES.map((name, index) => ({
  pattern: new RegExp(`^${tolerant(name)}$`),
  month: index + 1,
}));
/**
 * A capitalised word that may name a month; monthNumber decides whether it does. Matching every word
 * against each month's misspellings in one pattern made this the parser's slowest step. Only abbreviations
 * take a full stop: "October." ends a sentence.
 */
const MONTH_SOURCE =
  "([JFMASOND][a-z]{2,9}(?:(?<=\\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec))\\.)?)";

/** A calendar date written in the text, possibly without a year. */
export interface DateMention {
  index: number;
  end: number;
  text: string;
  year: number | null;
  month: number;
  day: number;
}

/** What a resolved date is measured against: the meeting's date, or at least its year. */
export interface DateReference {
  year: number | null;
  date: string | null;
}

/** Formats a calendar date as YYYY-MM-DD; null when the day does not exist. */
export function isoDate(year: number, month: number, day: number): string | null {
  const value = new Date(Date.UTC(year, month - 1, day));
  if (value.getUTCFullYear() !== year || value.getUTCMonth() !== month - 1 || value.getUTCDate() !== day)
    return null;
  return value.toISOString().slice(0, 10);
}

/** The month a word names (1-12), read past one typing slip in a long name; 0 for no month. */
function monthNumber(name: string): number {
  const spelt = MONTH_NUMBERS[name.toLowerCase().replace(/\.$/, "")];
  return spelt ?? MISTYPED_MONTHS.find((candidate) => candidate.pattern.test(name))?.month ?? 0;
}

/**
 * Finds "18 September 2017", "the 15th of September", "August 7, 2017" and
 * "2017-08-07". Month names must be capitalised so that "may" the verb is no
 * month.
 */
export function findDateMentions(text: string): DateMention[] {
  const mentions: DateMention[] = [];
  const dayFirst = new RegExp(
    `\\b(\\d{1,2})(?:st|nd|rd|th)?(?:\\s+of)?\\s+${MONTH_SOURCE}(?:,?\\s+(\\d{4}))?(?![\\w-])`,
    "g",
  );
  const monthFirst = new RegExp(
    `\\b${MONTH_SOURCE}\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?(?![\\w:])`,
    "g",
  );
  for (const match of text.matchAll(dayFirst)) {
    mentions.push({
      index: match.index,
      end: match.index + match[0].length,
      text: match[0],
      day: Number(match[1]),
      month: monthNumber(match[2]!),
      year: match[3] ? Number(match[3]) : null,
    });
  }
  for (const match of text.matchAll(monthFirst)) {
    mentions.push({
      index: match.index,
      end: match.index + match[0].length,
      text: match[0],
      day: Number(match[2]),
      month: monthNumber(match[1]!),
      year: match[3] ? Number(match[3]) : null,
    });
  }
  for (const match of text.matchAll(/\b(\d{4})-(\d{2})-(\d{2})\b/g)) {
    mentions.push({
      index: match.index,
      end: match.index + match[0].length,
      text: match[0],
      year: Number(match[1]),
      month: Number(match[2]),
      day: Number(match[3]),
    });
  }
  mentions.sort((left, right) => left.index - right.index);
  const valid: DateMention[] = [];
  for (const mention of mentions) {
    const overlapsPrevious = valid.some((kept) => mention.index < kept.end && kept.index < mention.end);
    if (overlapsPrevious || mention.day < 1 || mention.day > 31 || mention.month === 0) continue;
    valid.push(mention);
  }
  return valid;
}

/**
 * Gives a date without a year the meeting's year. Plans look ahead, so with
 * lookAhead a date more than half a year before the meeting falls in the
 * next year (a December meeting's "15 January").
 */
export function resolveMention(
  mention: DateMention,
  reference: DateReference,
  lookAhead: boolean,
): string | null {
  if (mention.year !== null) return isoDate(mention.year, mention.month, mention.day);
  if (reference.year === null) return null;
  const sameYear = isoDate(reference.year, mention.month, mention.day);
  if (sameYear === null || !lookAhead || reference.date === null) return sameYear;
  const daysBefore = (Date.parse(reference.date) - Date.parse(sameYear)) / 86_400_000;
  return daysBefore > 183 ? isoDate(reference.year + 1, mention.month, mention.day) : sameYear;
}

interface Qualifier {
  pattern: RegExp;
  precision: DatePrecision | "skip";
}

/**
 * Words before a date that say how it binds, tried in order; each pattern
 * ends where the date starts. "received by 30 September" describes a noun,
 * not a due date, and "held on" a past event: both are skipped.
 */
const BEFORE = tolerantAnyOf("before", "until");
const MEETING = `(?:${tolerant("meeting")}|call)`;

const QUALIFIERS: Qualifier[] = [
  {
    pattern: new RegExp(
      `\\b(?:held|took\\s+${tolerant("place")}|met|${tolerant("convened")})\\s+(?:on|in)\\s+(?:the\\s+)?$`,
      "i",
    ),
    precision: "skip",
  },
  {
    // "should be sent on 20 August" is due then; "contributions received by 30 September" is not.
    pattern: new RegExp(
      `(?<!\\b(?:be|been|being|is|are|was|were)\\s+)\\b(?:${tolerantAnyOf("received", "submitted", "published", "circulated")}|sent|made)\\s+(?:by|on|${BEFORE})\\s+(?:the\\s+)?$`,
      "i",
    ),
    precision: "skip",
  },
  {
    pattern: new RegExp(`\\bon\\s+or\\s+${tolerantAnyOf("around", "about")}\\s+(?:the\\s+)?$`, "i"),
    precision: "on_or_around",
  },
  {
    pattern: new RegExp(
      `\\b(?:${tolerantAnyOf("around", "approximately", "roughly")}|circa)\\s+(?:the\\s+)?$`,
      "i",
    ),
    precision: "on_or_around",
  },
  {
    pattern: new RegExp(
      `\\b(?:(?:${tolerantAnyOf("later", "early", "earlier", "sometime")}|some\\s+time)\\s+in\\s+|${tolerant("during")}\\s+|in\\s+)?the\\s+week\\s+(?:of|${tolerantAnyOf("beginning", "starting", "commencing")})\\s+(?:the\\s+)?$`,
      "i",
    ),
    precision: "week_of",
  },
  {
    pattern: new RegExp(
      `\\b(?:(?:${tolerantAnyOf("shortly", "immediately")}|soon|just|${tolerant("right")})\\s+)?(?:after|${tolerant("following")})\\s+(?:the\\s+)?$`,
      "i",
    ),
    precision: "after",
  },
  {
    pattern: new RegExp(
      `\\b(?:no\\s+${tolerant("later")}\\s+than|not\\s+${tolerant("later")}\\s+than|${BEFORE}|by|till|${tolerant("prior")}\\s+to|${tolerant("ahead")}\\s+of)\\s+(?:the\\s+)?$`,
      "i",
    ),
    precision: "before",
  },
  { pattern: /\bon\s+(?:the\s+)?$/i, precision: "exact" },
];

const DEADLINE_BEFORE = new RegExp(
  `\\b(?:${tolerant("deadline")}|due\\s+date|cut-?off(?:\\s+date)?)\\b[^.;]{0,40}?\\b(?:is|was|will\\s+be|of|:)\\s+(?:the\\s+)?$`,
  "i",
);

const RELATIVE_EXPRESSIONS: { pattern: RegExp; precision: DatePrecision | null }[] = [
  {
    pattern: new RegExp(
      `\\b${tolerant("before")}\\s+(?:the\\s+)?(?:[\\w’']+\\s+)?next\\s+(?:\\w+\\s+)?${MEETING}\\b`,
      "gi",
    ),
    precision: "before",
  },
  {
    pattern: new RegExp(`\\bat\\s+(?:their|the|its|our)\\s+next\\s+(?:\\w+\\s+)?${MEETING}\\b`, "gi"),
    precision: null,
  },
];

const END_OF_MONTH = new RegExp(
  `\\b(?:by|${BEFORE}|till)\\s+the\\s+end\\s+of\\s+${MONTH_SOURCE}(?:\\s+(\\d{4}))?(?![\\w])`,
  "g",
);
const IN_MONTH = new RegExp(
  `\\b(?:in|during|early|mid-?|late|later\\s+in|early\\s+in)\\s*${MONTH_SOURCE}(?:\\s+(\\d{4}))?(?![\\w])(?!\\s+\\d)`,
  "g",
);

interface Candidate extends ApproximateDate {
  index: number;
}

function monthCandidates(text: string, reference: DateReference): Candidate[] {
  const candidates: Candidate[] = [];
  for (const match of text.matchAll(END_OF_MONTH)) {
    const month = monthNumber(match[1]!);
    if (month === 0) continue;
    const year = match[2] ? Number(match[2]) : reference.year;
    // Day 0 of the next month is the last day of this one.
    const date = year === null ? null : new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
    candidates.push({ index: match.index, text: match[0], date, precision: "before" });
  }
  for (const match of text.matchAll(IN_MONTH)) {
    const month = monthNumber(match[1]!);
    if (month === 0) continue;
    const year = match[2] ? Number(match[2]) : reference.year;
    candidates.push({
      index: match.index,
      text: match[0],
      date: year === null ? null : isoDate(year, month, 1),
      precision: "month",
    });
  }
  return candidates;
}

/**
 * Finds the first date expression of a plan in a sentence: "before 15
 * August", "on or around 15 August", "the week of 9 October", "by the end of
 * September", "shortly after the 15 September deadline", "before the next
 * meeting"; resolved against the meeting's year. Null when the sentence names
 * no time.
 */
export function findScheduleExpression(text: string, reference: DateReference): ApproximateDate | null {
  const candidates: Candidate[] = [];
  for (const { pattern, precision } of RELATIVE_EXPRESSIONS) {
    for (const match of text.matchAll(pattern)) {
      candidates.push({ index: match.index, text: match[0], date: null, precision });
    }
  }
  candidates.push(...monthCandidates(text, reference));
  for (const mention of findDateMentions(text)) {
    if (!/^\d|^[A-Z]/.test(mention.text)) continue;
    const before = text.slice(Math.max(0, mention.index - 60), mention.index);
    let precision: DatePrecision | "skip" = "exact";
    let start = mention.index;
    const qualifier = QUALIFIERS.find((candidate) => candidate.pattern.test(before));
    if (qualifier) {
      precision = qualifier.precision;
      const qualifierText = before.match(qualifier.pattern)![0];
      start = mention.index - qualifierText.length;
    } else if (DEADLINE_BEFORE.test(before)) {
      precision = "before";
    }
    if (precision === "skip") continue;
    const trailing = text.slice(mention.end).match(/^\s+deadline\b/)?.[0] ?? "";
    candidates.push({
      index: start,
      text: text.slice(start, mention.end) + trailing,
      date: resolveMention(mention, reference, true),
      precision,
    });
  }
  const overlapping = (candidate: Candidate) =>
    candidates.some(
      (other) =>
        other !== candidate &&
        other.index <= candidate.index &&
        other.index + other.text.length >= candidate.index + candidate.text.length &&
        other.text.length > candidate.text.length,
    );
  const earliest = candidates
    .filter((candidate) => !overlapping(candidate))
    .sort((left, right) => left.index - right.index)[0];
  if (!earliest) return null;
  return { text: earliest.text.trim(), date: earliest.date, precision: earliest.precision };
}
