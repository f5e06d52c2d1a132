// Everything meetings adds to the application: pages, API, and its parts of the forum's pages, calendar feed
// and demo, registered through the forums folder's hooks once per process.
import type { FastifyPluginAsync } from "fastify";
import {
  contentTexts,
  cycleById,
  originalLanguage,
  registerCalendarSource,
  registerCycleManageLinks,
  registerCycleSection,
  registerDemoPart,
  registerTranslatableSource,
  type TranslatableItem,
} from "../forums/index.js";
import { meetingCalendarEvents } from "./calendar.js";
import { seedMeetingsDemo } from "./demo.js";
import { importApiRoutes } from "./import/api-routes.js";
import { importRoutes } from "./import/routes.js";
import { meetingApiRoutes } from "./meetings/api-routes.js";
import { meetingRoutes } from "./meetings/routes.js";
import { nextStepApiRoutes } from "./next-steps/api-routes.js";
import { nextStepRoutes } from "./next-steps/routes.js";
import { pollApiRoutes } from "./polls/api-routes.js";
import { pollRoutes } from "./polls/routes.js";
import { selectCycleMeetings, selectForumMeetings } from "./queries.js";
import { meetingTitle } from "./titles.js";

/** Registers the meeting, poll, import and "my actions" pages and the meetings API. */
export const meetingsPlugin: FastifyPluginAsync = async (app) => {
  await app.register(meetingRoutes);
  await app.register(pollRoutes);
  await app.register(importRoutes);
  await app.register(nextStepRoutes);
  await app.register(meetingApiRoutes);
  await app.register(importApiRoutes);
  await app.register(nextStepApiRoutes);
  await app.register(pollApiRoutes);
};

registerCalendarSource((db, forum, { locale }) => meetingCalendarEvents(db, forum, locale));

// Meetings' titles and purposes, as the secretariat wrote them, on the forum's translation pages.
registerTranslatableSource(async ({ db, forum, t }) => {
  const years = new Map<string, number>();
  const items: TranslatableItem[] = [];
  for (const m of await selectForumMeetings(db, forum.id)) {
    if (!years.has(m.cycle_id)) years.set(m.cycle_id, (await cycleById(db, m.cycle_id))?.year ?? 0);
    const place = { year: years.get(m.cycle_id) ?? 0, meeting: meetingTitle(t, m) };
    if (m.title)
      items.push({
        key: { kind: "meeting", id: m.id, field: "title" },
        where: t("forums.translations.where.meetingTitle", place),
        text: m.title,
      });
    if (m.purpose)
      items.push({
        key: { kind: "meeting", id: m.id, field: "purpose" },
        where: t("forums.translations.where.meetingPurpose", place),
        text: m.purpose,
      });
  }
  return items;
});

registerCycleSection(async ({ db, forum, cycle, ctx }) => {
  const meetings = await selectCycleMeetings(db, cycle.id);
  const listed = meetings
    .filter((m) => m.summary_published_at)
    .reverse()
    .slice(0, 3);
  // A title the secretariat wrote shows translated, or as the original marked with its language.
  const texts = await contentTexts(db, {
    locale: ctx.locale,
    original: originalLanguage(forum),
    needs: { meeting: listed.map((m) => m.id) },
  });
  return {
    key: "meetings",
    title: ctx.t("meetings.list.title", { year: cycle.year }),
    summary: ctx.t("meetings.list.count", { count: meetings.length }),
    href: `/f/${forum.slug}/${cycle.year}/meetings`,
    // The latest meetings whose summary is published, newest first.
    items: listed.map((m) => {
      const own = texts("meeting", m.id, "title", m.title);
      return {
        title: meetingTitle(ctx.t, { ...m, title: own.text }),
        lang: own.fallback ? own.lang : undefined,
        href: `/f/${forum.slug}/${cycle.year}/meetings/${m.slug}`,
        date: m.date,
      };
    }),
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
