// The .ics file an invitation carries: one event, METHOD:REQUEST, its times as UTC instants (so every
// calendar places it right without a VTIMEZONE) and the organiser's zone named beside them.
import ical, { ICalCalendarMethod } from "ical-generator";

export interface InvitationEvent {
  uid: string;
  start: Date;
  end: Date;
  summary: string;
  description?: string;
  location?: string;
  url?: string;
  /** The organiser's IANA zone, named in X-WR-TIMEZONE and X-INTERSESSION-ORGANISER-TZ. */
  organiserZone: string;
  organiser?: { name: string; email: string };
  attendees?: { name: string; email: string }[];
  stamp: Date;
}

/** Builds the invitation's calendar text. */
export function invitationIcs(event: InvitationEvent): string {
  const calendar = ical({
    prodId: { company: "Intersession", product: "meetings", language: "EN" },
    method: ICalCalendarMethod.REQUEST,
    name: event.summary,
    x: { "X-WR-TIMEZONE": event.organiserZone },
  });
  const created = calendar.createEvent({
    id: event.uid,
    start: event.start,
    end: event.end,
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
