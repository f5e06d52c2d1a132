// Everything the reading workspace adds to the application: the reading list, a contribution's workspace
// page with its impressions, who has read what, and the statistics (public, in the workspace and in the API); and its
// cards on a cycle's page, registered through the forums folder's hook once per process.
import type { FastifyPluginAsync } from "fastify";
import { registerCycleSection } from "../forums/index.js";
import { impressionRoutes } from "./impressions/routes.js";
import { statisticsApiRoutes } from "./statistics/api-routes.js";
import { statisticsRoutes } from "./statistics/routes.js";
import { hasPublished } from "./statistics/service.js";
import { trackerRoutes } from "./tracker/routes.js";
import { readingSummary } from "./tracker/service.js";

/** Registers the workspace's pages and forms. */
export const readingPlugin: FastifyPluginAsync = async (app) => {
  await app.register(trackerRoutes);
  await app.register(impressionRoutes);
  await app.register(statisticsRoutes);
  await app.register(statisticsApiRoutes);
};

// Everyone: the cycle's statistics, once something is published.
registerCycleSection(async ({ db, forum, cycle, ctx }) => {
  if (!(await hasPublished(db, cycle.id))) return undefined;
  return {
    key: "statistics",
    title: ctx.t("reading.stats.title", { year: cycle.year }),
    summary: ctx.t("reading.stats.summary"),
    href: `/f/${forum.slug}/${cycle.year}/statistics`,
  };
});

// The forum's members (people, not tokens): how far they have read.
registerCycleSection(async ({ db, forum, cycle, ctx, actor }) => {
  const summary = await readingSummary(db, { actor, forumId: forum.id, cycleId: cycle.id });
  if (!summary) return undefined;
  return {
    key: "reading",
    title: ctx.t("reading.list.title", { year: cycle.year }),
    summary: ctx.t("reading.list.progress", summary),
    href: `/f/${forum.slug}/${cycle.year}/reading`,
  };
});
