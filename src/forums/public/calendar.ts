// The forum's iCalendar feed: every cycle's milestones (and whatever other domains add: meetings),
// written in UTC so any parser reads the same instants.
import ical, { ICalCalendarMethod } from "ical-generator";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";
import type { Locale } from "../../ui/i18n/locales.js";
import { officeLanguageTag, withICalendarLanguage } from "../../ui/i18n/office.js";
import { type ForumRow, selectForumMilestones } from "../queries.js";
import { contentTexts, originalLanguage } from "../translations/service.js";

export interface CalendarEvent {
  uid: string;
  start: Date;
  end?: Date;
  summary: string;
  description?: string;
  location?: string;
  url?: string;
}

/** A domain's events for a forum's feed, their titles in the feed's language where translated. */
export type CalendarSource = (
  db: Kysely<Database>,
  forum: ForumRow,
  options: { locale: Locale },
) => Promise<CalendarEvent[]>;
const sources: CalendarSource[] = [];

/** Lets a domain add its events (meetings) to the forum's feed. */
export function registerCalendarSource(source: CalendarSource): void {
  sources.push(source);
}

/** The forum's milestones as events. */
async function milestoneEvents(
  db: Kysely<Database>,
  forum: ForumRow,
  locale: Locale,
  name: (kind: string, label: string) => string,
  zoneName: (timeZone: string) => string,
  publicUrl: string,
): Promise<CalendarEvent[]> {
  const rows = await selectForumMilestones(db, forum.id);
  // The forum's name and the milestones' own labels in the feed's language where the secretariat translated them.
  const texts = await contentTexts(db, {
    locale,
    original: originalLanguage(forum),
    needs: { forum: [forum.id], milestone: rows.map((m) => m.id) },
  });
  const forumName = texts("forum", forum.id, "name", forum.name).text;
  return rows.map((m) => {
    const label = name(m.kind, texts("milestone", m.id, "label", m.label ?? "").text);
    return {
      uid: `milestone-${m.id}@intersession`,
      start: m.at,
      summary: `${forumName} ${m.year}: ${label}`,
      description: `${label} (${zoneName(m.time_zone)})`,
      url: `${publicUrl}/f/${forum.slug}/${m.year}`,
    };
  });
}

/**
 * Builds the .ics text of a forum's calendar, in the reader's language: its milestones' names and zones are
 * written in it, and its text properties say so (LANGUAGE).
 */
export async function forumCalendar(
  db: Kysely<Database>,
  forum: ForumRow,
  options: {
    publicUrl: string;
    locale: Locale;
    name: (kind: string, label: string) => string;
    zoneName: (timeZone: string) => string;
  },
): Promise<string> {
  const calendar = ical({
    name: forum.name,
    prodId: {
      company: "Intersession",
      product: "Intersession",
      language: officeLanguageTag(options.locale).toUpperCase(),
    },
    method: ICalCalendarMethod.PUBLISH,
  });
  const events = [
    await milestoneEvents(db, forum, options.locale, options.name, options.zoneName, options.publicUrl),
    ...(await Promise.all(sources.map((s) => s(db, forum, { locale: options.locale })))),
  ].flat();
  for (const e of events) {
    calendar.createEvent({
      id: e.uid,
      start: e.start,
      end: e.end ?? e.start,
      summary: e.summary,
      description: e.description,
      location: e.location,
      url: e.url,
    });
  }
  return withICalendarLanguage(calendar.toString(), options.locale);
}
