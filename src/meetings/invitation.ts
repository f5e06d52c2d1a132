// The .ics file an invitation carries: one event, METHOD:REQUEST, its times as the organiser's wall clock
// with TZID and a VTIMEZONE built from the platform's zone data, so calendar apps show the meeting in the
// organiser's zone (and convert it for the reader) rather than as a bare UTC time.
import ical, { ICalCalendarMethod } from "ical-generator";
import { instantToZoned, isValidTimeZone } from "../forums/index.js";
import { vtimezone } from "./vtimezone.js";

export interface InvitationEvent {
  uid: string;
  start: Date;
  end: Date;
  summary: string;
  description?: string;
  location?: string;
  url?: string;
  /** The organiser's IANA zone: the events' TZID, also named in X-WR-TIMEZONE and X-INTERSESSION-ORGANISER-TZ. */
  organiserZone: string;
  organiser?: { name: string; email: string };
  attendees?: { name: string; email: string }[];
  stamp: Date;
}

/**
 * An instant as ical-generator's date objects (the Day.js interface it documents) read it: the wall clock
 * in `zone`. A native Date would be written in the server process's own zone.
 */
function zonedTime(instant: Date, zone: string) {
  const z = instantToZoned(instant, zone);
  const two = (n: number) => String(n).padStart(2, "0");
  const value = {
    isValid: () => true,
    toDate: () => new Date(instant.getTime()),
    toJSON: () => instant.toISOString(),
    tz: () => value,
    format: (pattern: string) =>
      pattern === "YYYYMMDD"
        ? `${z.year}${two(z.month)}${two(z.day)}`
        : pattern === "HHmmss"
          ? `${two(z.hour)}${two(z.minute)}${two(z.second)}`
          : instant.toISOString(),
  };
  return value;
}

/** Builds the invitation's calendar text. */
export function invitationIcs(event: InvitationEvent): string {
  // UTC needs no zone: ical-generator treats the name "UTC" apart (it drops it and asks the date for a utc()
  // the zoned time does not have), and a time in UTC is written plainly with its Z.
  const utc = /^(Etc\/)?(UTC|UCT|GMT|Zulu|Universal)$/i.test(event.organiserZone);
  const zone = !utc && isValidTimeZone(event.organiserZone) ? event.organiserZone : null;
  const calendar = ical({
    prodId: { company: "Intersession", product: "meetings", language: "EN" },
    method: ICalCalendarMethod.REQUEST,
    name: event.summary,
    x: { "X-WR-TIMEZONE": event.organiserZone },
  });
  // Only the generator is given: a calendar-wide zone name would make ical-generator write DTSTAMP
  // in the process's zone too.
  if (zone) calendar.timezone({ name: null, generator: (tz) => vtimezone(tz, [event.start, event.end]) });
  const created = calendar.createEvent({
    id: event.uid,
    start: zone ? (zonedTime(event.start, zone) as never) : event.start,
    end: zone ? (zonedTime(event.end, zone) as never) : event.end,
    timezone: zone,
    stamp: event.stamp,
    summary: event.summary,
    description: event.description ?? null,
    location: event.location ?? null,
    url: event.url ?? null,
    organizer: event.organiser ?? null,
    attendees: (event.attendees ?? []).map((a) => ({ name: a.name, email: a.email, rsvp: true })),
  });
  created.x("X-INTERSESSION-ORGANISER-TZ", event.organiserZone);
  return calendar.toString();
}

/** The address part of "Name <address>" (or the text itself). */
export function mailAddressOf(from: string): { name: string; email: string } {
  const match = from.match(/^\s*(.*?)\s*<([^>]+)>\s*$/);
  return match ? { name: match[1] || match[2]!, email: match[2]! } : { name: from, email: from };
}
