// A VTIMEZONE for an IANA zone, built from the platform's time zone data (Intl): the offset changes in the
// years around the event, each as its own observance. No recurrence rules are needed, since an
// invitation only has to place its own dates; calendar apps then show the event in the organiser's zone.
import { instantToZoned } from "../forums/index.js";

const DAY_MS = 24 * 3600_000;
const MINUTE_MS = 60_000;

function offsetAt(ms: number, zone: string): number {
  return instantToZoned(new Date(ms), zone).offsetMinutes;
}

/** "+0100", "-0330": an iCalendar UTC offset. */
function icalOffset(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(Math.round(minutes));
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}${String(abs % 60).padStart(2, "0")}`;
}

/** The wall-clock reading "YYYYMMDDTHHMMSS" of an instant at a fixed offset. */
function localStamp(ms: number, offsetMinutes: number): string {
  return new Date(ms + offsetMinutes * MINUTE_MS).toISOString().slice(0, 19).replace(/[-:]/g, "");
}

/** The offset changes of a zone between two instants, to the minute. */
export function offsetTransitions(
  zone: string,
  from: Date,
  to: Date,
): { at: Date; offsetFrom: number; offsetTo: number }[] {
  const found: { at: Date; offsetFrom: number; offsetTo: number }[] = [];
  let previous = from.getTime();
  let previousOffset = offsetAt(previous, zone);
  // Offsets change at most a few times a year and never twice within a day, so a daily scan finds every
  // change; a binary search then finds its minute.
  for (let ms = previous + DAY_MS; ms <= to.getTime() + DAY_MS; ms += DAY_MS) {
    const offset = offsetAt(ms, zone);
    if (offset !== previousOffset) {
      let low = previous;
      let high = ms;
      while (high - low > MINUTE_MS) {
        const mid = low + Math.floor((high - low) / 2 / MINUTE_MS) * MINUTE_MS;
        if (offsetAt(mid, zone) === previousOffset) low = mid;
        else high = mid;
      }
      found.push({ at: new Date(high), offsetFrom: previousOffset, offsetTo: offset });
    }
    previous = ms;
    previousOffset = offset;
  }
  return found;
}

/**
 * The VTIMEZONE text for `zone` covering the years of the given instants, one year either side. The first
 * observance starts in 1970 with the offset in force at the range's start, so every date in range has one.
 */
export function vtimezone(zone: string, around: readonly Date[]): string {
  const years = around.map((d) => d.getUTCFullYear());
  const from = new Date(Date.UTC(Math.min(...years) - 1, 0, 1));
  const to = new Date(Date.UTC(Math.max(...years) + 2, 0, 1));
  const transitions = offsetTransitions(zone, from, to);
  const initial = offsetAt(from.getTime(), zone);
  const standard = Math.min(initial, ...transitions.map((t) => t.offsetTo));
  const observance = (onset: string, offsetFrom: number, offsetTo: number) => {
    const kind = offsetTo > standard ? "DAYLIGHT" : "STANDARD";
    return [
      `BEGIN:${kind}`,
      `DTSTART:${onset}`,
      `TZOFFSETFROM:${icalOffset(offsetFrom)}`,
      `TZOFFSETTO:${icalOffset(offsetTo)}`,
      `END:${kind}`,
    ];
  };
  return [
    "BEGIN:VTIMEZONE",
    `TZID:${zone}`,
    ...observance("19700101T000000", initial, initial),
    ...transitions.flatMap((t) =>
      observance(localStamp(t.at.getTime(), t.offsetFrom), t.offsetFrom, t.offsetTo),
    ),
    "END:VTIMEZONE",
  ].join("\r\n");
}
