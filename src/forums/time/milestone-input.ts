// Turns what a secretariat types for a milestone ("2017-09-15", "2017-09-15T17:00",
// "2017-09-16T11:59:59Z") into the instant stored and the zone it is shown in. The `code` of each
// failure is the message-catalogue key; `message` is the English text, kept for the API and logs.

import { isDeadlineKind, type MilestoneKind } from "./milestone-kinds.js";
import {
  ANYWHERE_ON_EARTH,
  endOfDayInZone,
  formatUtcOffset,
  normalizeTimeZone,
  resolveZonedDateTime,
  startOfDayInZone,
  UTC_ZONE,
} from "./zones.js";

/** What a client sends for one milestone. */
export interface MilestoneAtInput {
  /** "2017-09-15", "2017-09-15T17:00[:00[.000]]", or either time form followed by "Z" or an offset such as "+02:00". */
  at: string;
  /** An IANA zone name, or "AoE"; blank counts as not given. */
  time_zone?: string | null;
  kind: MilestoneKind;
}

/** Why a milestone's date could not be read; each code is also the message-catalogue key. */
export type MilestoneAtErrorCode =
  | "required"
  | "invalid_format"
  | "invalid_date"
  | "invalid_time"
  | "invalid_offset"
  | "out_of_range"
  | "unknown_time_zone";

/** A local time that the zone's clocks skipped or showed twice, so the instant is not simply the one typed. */
export type MilestoneAtWarningCode = "nonexistent_local_time" | "ambiguous_local_time";

/** The outcome of reading a milestone's date. */
export type MilestoneAtResult =
  | {
      ok: true;
      at: Date;
      time_zone: string;
      all_day: boolean;
      /** Present when the typed local time fell in a DST gap or overlap; worth showing beside the field. */
      warning?: { code: MilestoneAtWarningCode; message: string };
    }
  | { ok: false; field: "at" | "time_zone"; code: MilestoneAtErrorCode; message: string };

// The records begin in the 2000s, so a year outside this range is a typing slip ("0217", "1017"),
// and it is better refused at the form than stored as a milestone nobody can find.
const MIN_YEAR = 1900;
const MAX_YEAR = 2999;
// The offsets in use run from −12:00 (Baker Island, Anywhere on Earth) to +14:00 (Line Islands);
// anything beyond is a typo, not a place.
const MIN_OFFSET_MINUTES = -12 * 60;
const MAX_OFFSET_MINUTES = 14 * 60;

const DATE_PART = String.raw`(\d{4})-(\d{2})-(\d{2})`;
const TIME_PART = String.raw`(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?`;
const OFFSET_PART = String.raw`([Zz]|[+\-\u2212]\d{2}(?::?\d{2})?)`;
const PLAIN_DATE = new RegExp(`^${DATE_PART}$`);
const DATE_TIME = new RegExp(`^${DATE_PART}[Tt ]${TIME_PART}${OFFSET_PART}?$`);

const EXAMPLES =
  "Write it as year-month-day, such as 2017-09-15, optionally followed by a time, such as 2017-09-15T17:00, " +
  "and an offset from UTC, such as 2017-09-15T17:00+02:00 or 2017-09-16T11:59:59Z.";

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

type Failure = Extract<MilestoneAtResult, { ok: false }>;

function fail(field: Failure["field"], code: MilestoneAtErrorCode, message: string): Failure {
  return { ok: false, field, code, message };
}

function checkDate(text: string, year: number, month: number, day: number): Failure | null {
  if (year < MIN_YEAR || year > MAX_YEAR) {
    return fail(
      "at",
      "out_of_range",
      `${year} is outside the years accepted (${MIN_YEAR} to ${MAX_YEAR}). ${EXAMPLES}`,
    );
  }
  if (month < 1 || month > 12) {
    return fail(
      "at",
      "invalid_date",
      `"${text}" has month ${String(month).padStart(2, "0")}; months run from 01 to 12, and the date is written year-month-day (2017-09-15).`,
    );
  }
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > last) {
    return fail(
      "at",
      "invalid_date",
      `${text.slice(0, 10)} does not exist: ${MONTH_NAMES[month - 1]} ${year} has ${last} days.`,
    );
  }
  return null;
}

function checkTime(hour: number, minute: number, second: number): Failure | null {
  if (hour === 24 && minute === 0 && second === 0) {
    return fail(
      "at",
      "invalid_time",
      "24:00 is not accepted: for the end of a day give the date alone (2017-09-15), or write 23:59.",
    );
  }
  if (hour > 23 || minute > 59 || second > 59) {
    const clock = [hour, minute, second].map((value) => String(value).padStart(2, "0")).join(":");
    return fail(
      "at",
      "invalid_time",
      `${clock} is not a time of day: hours run from 00 to 23, minutes and seconds from 00 to 59.`,
    );
  }
  return null;
}

// Minutes east of UTC, or null for an offset beyond any in use.
function parseOffset(text: string): number | null {
  if (text === "Z" || text === "z") return 0;
  const sign = text[0] === "+" ? 1 : -1;
  const digits = text.slice(1).replace(":", "");
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (minutes > 59) return null;
  const total = sign * (hours * 60 + minutes);
  return total < MIN_OFFSET_MINUTES || total > MAX_OFFSET_MINUTES ? null : total;
}

function resolveZone(given: string | null | undefined, fallback: string): { zone: string } | Failure {
  const trimmed = given?.trim() ?? "";
  if (trimmed === "") return { zone: fallback };
  // "AoE" is how calls for contributions write it; accept it rather than make people learn Etc/GMT+12.
  if (/^(aoe|anywhere on earth)$/i.test(trimmed)) return { zone: ANYWHERE_ON_EARTH };
  const zone = normalizeTimeZone(trimmed);
  if (zone !== null) return { zone };
  return fail("time_zone", "unknown_time_zone", unknownZoneMessage(trimmed));
}

function unknownZoneMessage(name: string): string {
  if (/^(utc|gmt)?\s*[+\-\u2212]\s*\d/i.test(name)) {
    return (
      `"${name}" is an offset, not a time zone. Use the place whose clocks you mean, such as Europe/Paris ` +
      "or America/Lima, so that summer time is followed; for a fixed offset use an Etc name, whose sign is " +
      "inverted: Etc/GMT-2 is UTC+02:00 and Etc/GMT+12 is Anywhere on Earth (UTC−12:00)."
    );
  }
  const city = name.split("/").pop()?.replace(/\s+/g, "_").toLowerCase() ?? "";
  const suggestions = Intl.supportedValuesOf("timeZone").filter(
    (zone) => zone.split("/").pop()?.toLowerCase() === city,
  );
  const hint =
    suggestions.length > 0
      ? `Did you mean ${suggestions.join(" or ")}?`
      : "Use an IANA name such as Europe/Paris, America/Lima or Asia/Tokyo, or AoE for Anywhere on Earth.";
  return `"${name}" is not a time zone we know. ${hint}`;
}

function fractionToMilliseconds(fraction: string | undefined): number {
  // Milestones are kept to the millisecond, like every Date; finer digits are dropped, not rounded,
  // so 23:59:59.9999 stays on the day it names.
  return fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, "0"));
}

/** Reads a milestone's date as typed: a plain date is the whole day (deadlines end with it, other steps start with it). */
export function parseMilestoneAt(input: MilestoneAtInput, defaultZone: string = UTC_ZONE): MilestoneAtResult {
  const forumZone = normalizeTimeZone(defaultZone);
  if (forumZone === null) throw new RangeError(`Unknown default time zone: ${JSON.stringify(defaultZone)}`);
  const text = typeof input.at === "string" ? input.at.trim() : "";
  if (text === "") {
    return fail("at", "required", `Give a date for this milestone. ${EXAMPLES}`);
  }
  const deadline = isDeadlineKind(input.kind);
  // A deadline with no zone is Anywhere on Earth: the day has not ended until it has ended
  // everywhere, so no contributor, in any country, finds the deadline passed while it is still
  // the named day where they are.
  const localZone = deadline ? ANYWHERE_ON_EARTH : forumZone;

  const date = PLAIN_DATE.exec(text);
  if (date !== null) {
    const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])];
    const invalid = checkDate(text, year, month, day);
    if (invalid !== null) return invalid;
    const zone = resolveZone(input.time_zone, localZone);
    if ("ok" in zone) return zone;
    const at = deadline ? endOfDayInZone(text, zone.zone) : startOfDayInZone(text, zone.zone);
    return { ok: true, at, time_zone: zone.zone, all_day: true };
  }

  const dateTime = DATE_TIME.exec(text);
  if (dateTime === null)
    return fail("at", "invalid_format", `"${text}" is not a date we can read. ${EXAMPLES}`);
  const field = (index: number) => Number(dateTime[index] ?? 0);
  const [year, month, day, hour, minute, second] = [
    field(1),
    field(2),
    field(3),
    field(4),
    field(5),
    field(6),
  ];
  const invalid = checkDate(text, year, month, day) ?? checkTime(hour, minute, second);
  if (invalid !== null) return invalid;
  const millisecond = fractionToMilliseconds(dateTime[7]);
  const local = { year, month, day, hour, minute, second, millisecond };
  // The typed clock reading as if it were UTC: an offset, or a zone, then says how far to move it.
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
  const offsetText = dateTime[8];

  if (offsetText !== undefined) {
    const offset = parseOffset(offsetText.replace("\u2212", "-"));
    if (offset === null) {
      return fail(
        "at",
        "invalid_offset",
        `${offsetText} is not an offset in use: offsets run from −12:00 (Anywhere on Earth) to +14:00, with minutes from 00 to 59.`,
      );
    }
    // An explicit offset fixes the instant; the zone only says how to show it, so a zone whose
    // offset differs (a "Z" instant shown in AoE) is normal for API clients, not an error.
    const zone = resolveZone(input.time_zone, UTC_ZONE);
    if ("ok" in zone) return zone;
    const at = new Date(wall - offset * 60_000);
    return { ok: true, at, time_zone: zone.zone, all_day: false };
  }

  const zone = resolveZone(input.time_zone, localZone);
  if ("ok" in zone) return zone;
  const { instant, disambiguation } = resolveZonedDateTime(local, zone.zone);
  const result: MilestoneAtResult = { ok: true, at: instant, time_zone: zone.zone, all_day: false };
  if (disambiguation === "gap") {
    result.warning = {
      code: "nonexistent_local_time",
      message:
        `${text} does not exist in ${zone.zone}: the clocks skip it when summer time starts. ` +
        "It was moved forward by the length of the skip.",
    };
  } else if (disambiguation === "overlap") {
    result.warning = {
      code: "ambiguous_local_time",
      message:
        `${text} happens twice in ${zone.zone}: the clocks go back when summer time ends. ` +
        `The first of the two was taken (${formatUtcOffset((wall - instant.getTime()) / 60_000)}).`,
    };
  }
  return result;
}
