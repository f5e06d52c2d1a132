// A forum's meetings as calendar events, for the forum's calendar feed (built in src/forums/).
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import { contentTexts, type ForumRow, originalLanguage, startOfDayInZone } from "../forums/index.js";
import type { Locale } from "../ui/i18n/locales.js";
import { translator } from "../ui/i18n/translate.js";
import { forumMeetings } from "./places.js";
import { meetingTitle } from "./titles.js";

export interface MeetingCalendarEvent {
  uid: string;
  start: Date;
  end: Date;
  summary: string;
  description?: string;
  location?: string;
  /** The meeting's page, as a path from the site's root ("/f/bpf/2017/meetings/virtual-meeting-3"). */
  url: string;
}

/**
 * Every meeting of a forum as an event: timed meetings at their instants; a meeting recorded by its day
 * alone spans that day in its zone. Public fields only (no join link, no recording password).
 */
export async function meetingCalendarEvents(
  db: Kysely<Database>,
  forum: Pick<ForumRow, "id" | "languages">,
  locale: Locale = "en",
): Promise<MeetingCalendarEvent[]> {
  const t = translator(locale);
  const meetings = await forumMeetings(db, forum.id);
  // Titles and purposes in the feed's language where the secretariat translated them.
  const texts = await contentTexts(db, {
    locale,
    original: originalLanguage(forum),
    needs: { meeting: meetings.map((m) => m.id) },
  });
  return meetings.map((m) => {
    const start = m.starts_at ?? startOfDayInZone(m.date, m.time_zone);
    const end = m.ends_at ?? new Date(start.getTime() + 24 * 3600_000);
    const event: MeetingCalendarEvent = {
      uid: `meeting-${m.id}@intersession`,
      start,
      end,
      summary: meetingTitle(t, { ...m, title: texts("meeting", m.id, "title", m.title).text }),
      url: `/f/${m.forum_slug}/${m.year}/meetings/${m.slug}`,
    };
    if (m.purpose) event.description = texts("meeting", m.id, "purpose", m.purpose).text;
    if (m.room) event.location = m.room;
    return event;
  });
}
