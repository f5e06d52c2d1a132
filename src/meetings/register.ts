// Meetings' parts of the forum's pages, calendar feed and demo, registered through the forums folder's
// hooks once per process (this module is imported by the meeting routes).
import { registerCalendarSource } from "../forums/calendar.js";
import { registerDemoPart } from "../forums/demo.js";
import { registerCycleManageLinks, registerCycleSection } from "../forums/sections.js";
import { meetingCalendarEvents } from "./calendar.js";
import { seedMeetingsDemo } from "./demo.js";
import { selectCycleMeetings } from "./queries.js";
import { meetingTitle } from "./titles.js";

registerCalendarSource((db, forum) => meetingCalendarEvents(db, forum.id));

registerCycleSection(async ({ db, forum, cycle, ctx }) => {
  const meetings = await selectCycleMeetings(db, cycle.id);
  return {
    key: "meetings",
    title: ctx.t("meetings.list.title", { year: cycle.year }),
    summary: ctx.t("meetings.list.count", { count: meetings.length }),
    href: `/f/${forum.slug}/${cycle.year}/meetings`,
    // The latest meetings whose summary is published, newest first.
    items: meetings
      .filter((m) => m.summary_published_at)
      .reverse()
      .slice(0, 3)
      .map((m) => ({
        title: meetingTitle(ctx.t, m),
        href: `/f/${forum.slug}/${cycle.year}/meetings/${m.slug}`,
        date: m.date,
      })),
  };
});

registerDemoPart("meetings", ({ db, forum, cycles, people }) =>
  seedMeetingsDemo(db, {
    forumId: forum.id,
    cycleId2016: cycles[2016].id,
    cycleId2017: cycles[2017].id,
    people,
  }),
);

// The meetings' pages on the cycle's manage page.
registerCycleManageLinks([
  { labelKey: "meetings.list.title", path: "meetings" },
  { labelKey: "meetings.list.new", path: "meetings/new" },
  { labelKey: "meetings.list.newPoll", path: "polls/new" },
  { labelKey: "meetings.list.import", path: "meetings/import" },
]);
