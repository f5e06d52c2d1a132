// Time-zone arithmetic on the platform's Intl alone: no date library, no Temporal, and never the
// machine's own zone (no Date#getHours, no Date parsing of strings without an offset), so the answers
// are the same on a server in UTC, a laptop in Tokyo and a CI runner anywhere.
//
// Supported range: years 1000 to 9999, in UTC and in the zone. Intl's "gregory" calendar in V8 is
// proleptic, so the whole range is arithmetic on one calendar; outside it the four-digit forms
// the product reads and writes stop fitting.

/** A wall-clock reading in some zone; month runs 1 to 12, hour 0 to 23. */
export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond?: number;
}

/** What a clock in a zone shows at an instant, and how far that zone is from UTC at that instant. */
export interface ZonedDateTime extends Required<LocalDateTime> {
  /** Minutes east of UTC (Tokyo +540, Anywhere on Earth −720); fractional only for pre-1900 local mean time. */
  offsetMinutes: number;
}

/** How a wall-clock reading became an instant. */
export type Disambiguation =
  /** The reading occurs exactly once in the zone. */
  | "exact"
  /** The reading falls in a gap (clocks jumped forward over it); it was moved forward by the gap's length. */
  | "gap"
  /** The reading occurs twice (clocks went back); the earlier of the two instants was taken. */
  | "overlap";

/** Anywhere on Earth: UTC−12 all year. POSIX "Etc/" names invert the sign, so GMT+12 is twelve hours behind. */
export const ANYWHERE_ON_EARTH = "Etc/GMT+12";

/** The zone used to display instants that arrived with an explicit offset and no zone. */
export const UTC_ZONE = "UTC";

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const MIN_YEAR = 1000;
const MAX_YEAR = 9999;

// Building an Intl.DateTimeFormat costs tens of microseconds; a classification run over thousands
// of contributions must not pay that per call. Keys come from user input, so the caches are bounded.
const CACHE_LIMIT = 500;

function remember<V>(cache: Map<string, V>, key: string, make: () => V): V {
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const value = make();
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

const partsFormatters = new Map<string, Intl.DateTimeFormat | null>();

// Offset strings ("+05:30") are valid Intl zones from Node 22 on but not on Node 20; rejecting them
// everywhere keeps one behaviour and keeps stored zones to IANA names, which carry DST rules.
const OFFSET_LIKE = /^[+\-\u2212]/;

function partsFormatter(timeZone: string): Intl.DateTimeFormat | null {
  if (typeof timeZone !== "string" || timeZone === "" || OFFSET_LIKE.test(timeZone)) return null;
  return remember(partsFormatters, timeZone, () => {
    try {
      return new Intl.DateTimeFormat("en-US", {
        timeZone,
        calendar: "gregory",
        numberingSystem: "latn",
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        second: "numeric",
      });
    } catch {
      return null;
    }
  });
}

function requireFormatter(timeZone: string): Intl.DateTimeFormat {
  const formatter = partsFormatter(timeZone);
  if (formatter === null) throw new RangeError(`Unknown time zone: ${JSON.stringify(timeZone)}`);
  return formatter;
}

/** True for an IANA time-zone name the platform knows ("Europe/Paris", "Etc/GMT+12", "UTC"); case-insensitive. */
export function isValidTimeZone(name: string): boolean {
  return partsFormatter(name) !== null;
}

/** The stored spelling of a zone name ("asia/tokyo" → "Asia/Tokyo"), or null when the name is unknown. */
export function normalizeTimeZone(name: string): string | null {
  const formatter = partsFormatter(name);
  if (formatter === null) return null;
  const resolved = formatter.resolvedOptions().timeZone;
  const lower = name.toLowerCase();
  if (resolved.toLowerCase() === lower) return resolved;
  // ICU resolves some current names to older aliases (Asia/Kolkata → Asia/Calcutta, Europe/Kyiv →
  // Europe/Kiev). Users chose the name they typed, so keep it and fix only its letter case.
  return Intl.supportedValuesOf("timeZone").find((zone) => zone.toLowerCase() === lower) ?? name;
}

let choosable: string[] | undefined;

/**
 * The zones a person picks from: UTC first (Intl's list leaves it out, so a form defaulting to it would
 * fall to the first entry, Africa/Abidjan), then every IANA zone the platform knows.
 */
export function choosableTimeZones(): string[] {
  choosable ??= [UTC_ZONE, ...Intl.supportedValuesOf("timeZone").filter((zone) => zone !== UTC_ZONE)];
  return choosable;
}

/** True when the zone is Anywhere on Earth, whatever its letter case. */
export function isAnywhereOnEarth(timeZone: string): boolean {
  return timeZone.toLowerCase() === ANYWHERE_ON_EARTH.toLowerCase();
}

function positiveModulo(value: number, divisor: number): number {
  return ((value % divisor) + divisor) % divisor;
}

// The wall clock at a whole second, read as if it were a UTC timestamp. Intl works in whole
// seconds here; the millisecond is carried around it by the callers.
function wallClockMs(epochSecondMs: number, formatter: Intl.DateTimeFormat): number {
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let second = 0;
  for (const part of formatter.formatToParts(epochSecondMs)) {
    const value = Number(part.value);
    switch (part.type) {
      case "year":
        year = value;
        break;
      case "month":
        month = value;
        break;
      case "day":
        day = value;
        break;
      case "hour":
        hour = value;
        break;
      case "minute":
        minute = value;
        break;
      case "second":
        second = value;
        break;
    }
  }
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

function offsetMsAt(epochMs: number, formatter: Intl.DateTimeFormat): number {
  const whole = epochMs - positiveModulo(epochMs, 1000);
  return wallClockMs(whole, formatter) - whole;
}

function checkInstant(instant: Date): number {
  const ms = instant instanceof Date ? instant.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw new RangeError("Invalid Date");
  const year = new Date(ms).getUTCFullYear();
  if (year < MIN_YEAR || year > MAX_YEAR) {
    throw new RangeError(
      `Instant outside the supported years ${MIN_YEAR}–${MAX_YEAR}: ${instant.toISOString()}`,
    );
  }
  return ms;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function isIntegerIn(value: unknown, min: number, max: number): boolean {
  return Number.isInteger(value) && (value as number) >= min && (value as number) <= max;
}

/** True when the reading names a real calendar date and a clock time from 00:00:00.000 to 23:59:59.999. */
export function isValidLocalDateTime(local: LocalDateTime): boolean {
  return (
    isIntegerIn(local.year, MIN_YEAR, MAX_YEAR) &&
    isIntegerIn(local.month, 1, 12) &&
    isIntegerIn(local.day, 1, daysInMonth(local.year, local.month)) &&
    isIntegerIn(local.hour, 0, 23) &&
    isIntegerIn(local.minute, 0, 59) &&
    isIntegerIn(local.second, 0, 59) &&
    isIntegerIn(local.millisecond ?? 0, 0, 999)
  );
}

/** The instant a wall-clock reading in a zone stands for, and whether a DST gap or overlap had to be resolved. */
export function resolveZonedDateTime(
  local: LocalDateTime,
  timeZone: string,
): { instant: Date; disambiguation: Disambiguation } {
  if (!isValidLocalDateTime(local)) throw new RangeError(`Invalid local date-time: ${JSON.stringify(local)}`);
  const formatter = requireFormatter(timeZone);
  const millisecond = local.millisecond ?? 0;
  const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);

  // The offsets a day either side are the only ones that can apply: the largest jump on record,
  // Samoa's in 2011, is exactly a day, and no zone changes twice within two days (checked over
  // 1900–2040 for every zone Intl knows). Each offset proposes one instant; the proposals whose
  // wall clock reads back the same are the real ones: none in a gap, two in an overlap.
  const offsetBefore = offsetMsAt(wall - DAY_MS, formatter);
  const offsets = new Set([offsetBefore, offsetMsAt(wall + DAY_MS, formatter)]);
  const matches = [...offsets]
    .map((offset) => wall - offset)
    .filter((candidate) => wallClockMs(candidate, formatter) === wall)
    .sort((a, b) => a - b);

  const first = matches[0];
  if (first === undefined) {
    // The reading was skipped. Reading it with the offset in force before the jump moves it forward
    // by the gap's length (Paris 02:30 → 03:30), as RFC 5545, Java and Temporal's "compatible" do:
    // a meeting set for 02:30 happens an hour "late" rather than not at all, and a day whose
    // midnight is skipped starts at the first instant it has.
    return { instant: new Date(wall - offsetBefore + millisecond), disambiguation: "gap" };
  }
  // For a reading that occurs twice, the earlier instant: a deadline met at the first 01:30 is
  // never judged by the second one, and a meeting happens the first time the clock says so.
  return {
    instant: new Date(first + millisecond),
    disambiguation: matches.length > 1 ? "overlap" : "exact",
  };
}

/** The instant a wall-clock reading in a zone stands for; a DST gap moves it forward, an overlap takes the earlier. */
export function zonedDateTimeToInstant(local: LocalDateTime, timeZone: string): Date {
  return resolveZonedDateTime(local, timeZone).instant;
}

/** What a clock in the zone shows at the instant, with the zone's offset from UTC at that instant. */
export function instantToZoned(instant: Date, timeZone: string): ZonedDateTime {
  const formatter = requireFormatter(timeZone);
  const ms = checkInstant(instant);
  const millisecond = positiveModulo(ms, 1000);
  const whole = ms - millisecond;
  const wall = wallClockMs(whole, formatter);
  const clock = new Date(wall);
  return {
    year: clock.getUTCFullYear(),
    month: clock.getUTCMonth() + 1,
    day: clock.getUTCDate(),
    hour: clock.getUTCHours(),
    minute: clock.getUTCMinutes(),
    second: clock.getUTCSeconds(),
    millisecond,
    offsetMinutes: (wall - whole) / MINUTE_MS,
  };
}

const PLAIN_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The year, month and day of a "YYYY-MM-DD" string, or null when it is malformed or no such day exists. */
export function parsePlainDate(date: string): { year: number; month: number; day: number } | null {
  const match = PLAIN_DATE.exec(date);
  if (match === null) return null;
  const parts = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  const valid = isValidLocalDateTime({ ...parts, hour: 0, minute: 0, second: 0 });
  return valid ? parts : null;
}

function requirePlainDate(date: string): { year: number; month: number; day: number } {
  const parts = parsePlainDate(date);
  if (parts === null) throw new RangeError(`Not a date in the form YYYY-MM-DD: ${JSON.stringify(date)}`);
  return parts;
}

/** The first instant of a calendar day in a zone: local midnight, or the first instant after a gap that skips it. */
export function startOfDayInZone(date: string, timeZone: string): Date {
  const { year, month, day } = requirePlainDate(date);
  return zonedDateTimeToInstant({ year, month, day, hour: 0, minute: 0, second: 0 }, timeZone);
}

/** The last instant of a calendar day in a zone (23:59:59.999 local): a deadline "on 15 September" includes all of that day. */
export function endOfDayInZone(date: string, timeZone: string): Date {
  const { year, month, day } = requirePlainDate(date);
  // The millisecond before the next day starts, rather than 23:59:59.000: a contribution sent at
  // 23:59:59.5 was sent on the day, and "received ≤ deadline" must say so. Deriving it from the next
  // day's start also covers days that end early or late because of a DST change at midnight.
  const next = new Date(Date.UTC(year, month - 1, day + 1));
  const start = zonedDateTimeToInstant(
    {
      year: next.getUTCFullYear(),
      month: next.getUTCMonth() + 1,
      day: next.getUTCDate(),
      hour: 0,
      minute: 0,
      second: 0,
    },
    timeZone,
  );
  return new Date(start.getTime() - 1);
}

/** "UTC+09:00", "UTC−05:00" (with U+2212, as typeset), "UTC+05:45"; seconds only for historic local mean time. */
export function formatUtcOffset(offsetMinutes: number): string {
  const totalSeconds = Math.round(Math.abs(offsetMinutes) * 60);
  const sign = offsetMinutes < 0 && totalSeconds > 0 ? "\u2212" : "+";
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const pad = (value: number) => String(value).padStart(2, "0");
  return `UTC${sign}${pad(hours)}:${pad(minutes)}${seconds > 0 ? `:${pad(seconds)}` : ""}`;
}

/**
 * How to name a zone to a reader. Anywhere on Earth has no Intl name worth showing ("GMT-12"), so it
 * comes back as its own kind for the caller to render from the message catalogue.
 */
export type ZoneLabel =
  | { kind: "aoe" }
  | {
      kind: "zone";
      /** The IANA name, for example "Asia/Tokyo". */
      name: string;
      /** The offset in force at the instant asked about, for example "UTC+09:00". */
      offset: string;
      /** A short name Intl gives in the locale ("EDT" in English, "CEST" in Spanish) when it is not just an offset. */
      abbreviation?: string;
      /** A long name Intl gives in the locale ("Japan Standard Time", "heure normale du Japon") when it is not just an offset. */
      longName?: string;
    };

const nameFormatters = new Map<string, Intl.DateTimeFormat>();

function zoneName(
  locale: string,
  timeZone: string,
  style: "short" | "shortOffset" | "long" | "longOffset",
  instant: number,
): string {
  const formatter = remember(
    nameFormatters,
    `${locale}\u0000${timeZone}\u0000${style}`,
    () => new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: style }),
  );
  return formatter.formatToParts(instant).find((part) => part.type === "timeZoneName")?.value ?? "";
}

/** A structured label for a zone as a reader in the locale sees it at an instant (offsets change with DST). */
export function describeZone(timeZone: string, at: Date, locale: string): ZoneLabel {
  const name = normalizeTimeZone(timeZone);
  if (name === null) throw new RangeError(`Unknown time zone: ${JSON.stringify(timeZone)}`);
  if (isAnywhereOnEarth(name)) return { kind: "aoe" };
  const ms = checkInstant(at);
  const label: ZoneLabel = {
    kind: "zone",
    name,
    offset: formatUtcOffset(instantToZoned(at, name).offsetMinutes),
  };
  // Intl falls back to an offset ("GMT+9") when a locale has no name for a zone; that would only
  // repeat `offset` in another spelling, so such names are left out.
  const short = zoneName(locale, name, "short", ms);
  if (short !== "" && short !== zoneName(locale, name, "shortOffset", ms)) label.abbreviation = short;
  const long = zoneName(locale, name, "long", ms);
  if (long !== "" && long !== zoneName(locale, name, "longOffset", ms)) label.longName = long;
  return label;
}

/** The shapes an instant is written in for readers. */
export type InstantStyle =
  /** "15 September 2017": for whole-day milestones, where the time is implied. */
  | "date"
  /** "Friday, 15 September 2017". */
  | "weekday-date"
  /** "15 Sept 2017, 23:59 GMT-12": the usual date and time, to the minute, with the zone. */
  | "date-time"
  /** "15 September 2017 at 23:59:59 GMT-12": to the second, for boundaries that people check closely. */
  | "date-time-seconds"
  /** "23:59 GMT-12". */
  | "time"
  /** "15 Sept 2017, 23:59": for text that names the zone beside it. */
  | "date-time-unzoned"
  /** "16 September, 08:59": a deadline again on the reader's clock, beside the same deadline written in full. */
  | "day-month-time";

// Intl forbids combining dateStyle/timeStyle with timeZoneName, and only the "long" and "full" time
// styles carry a zone; the minute-precision styles are therefore spelled out field by field.
const STYLE_OPTIONS: Record<InstantStyle, Intl.DateTimeFormatOptions> = {
  date: { dateStyle: "long" },
  "weekday-date": { dateStyle: "full" },
  "date-time": {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
  },
  "date-time-seconds": { dateStyle: "long", timeStyle: "long" },
  // For text that names the zone beside the time itself.
  "date-time-unzoned": {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
  },
  time: { hour: "numeric", minute: "2-digit", timeZoneName: "short" },
  "day-month-time": { month: "long", day: "numeric", hour: "numeric", minute: "2-digit" },
};

const displayFormatters = new Map<string, Intl.DateTimeFormat>();

/** The instant as a reader in the locale expects to see it, on the zone's clock and calendar day. */
export function formatInZone(instant: Date, timeZone: string, locale: string, style: InstantStyle): string {
  const ms = checkInstant(instant);
  requireFormatter(timeZone);
  const formatter = remember(
    displayFormatters,
    `${locale}\u0000${timeZone}\u0000${style}`,
    () => new Intl.DateTimeFormat(locale, { ...STYLE_OPTIONS[style], timeZone }),
  );
  return formatter.format(ms);
}
