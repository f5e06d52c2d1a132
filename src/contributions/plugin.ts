// Everything contributions adds to the application: pages, API and background jobs.
import type { FastifyPluginAsync } from "fastify";
import { registerDemoPart } from "../forums/demo.js";
import { registerCycleManageLinks, registerCycleSection } from "../forums/sections.js";
import type { AppServices } from "../server/app.js";
import { seedContributionsDemo } from "./demo.js";
import { extractionHandler } from "./extraction/service.js";
import { PUBLIC_STATUSES } from "./policy.js";
import { countContributions } from "./queries.js";
import { EXTRACT_JOB } from "./service.js";
import { fileStoreFor } from "./storage.js";
import { contributionApiRoutes } from "./submit/api-routes.js";
import { contributionRoutes } from "./submit/routes.js";

/** Registers the contribution pages and API. */
export const contributionsPlugin: FastifyPluginAsync = async (app) => {
  await app.register(contributionApiRoutes);
  await app.register(contributionRoutes);
};

/** Registers the text-extraction job handler. */
export function registerContributionJobs(services: Pick<AppServices, "jobs" | "database" | "config">): void {
  services.jobs.register(
    EXTRACT_JOB,
    extractionHandler({ db: services.database.db, store: fileStoreFor(services.config.dataDir) }),
  );
}

// The cycle page's "Contributions" section: the count the records cite ("14 received to date") and a link.
registerCycleSection(async ({ db, forum, cycle, ctx }) => {
  const count = await countContributions(db, cycle.id, PUBLIC_STATUSES);
  return {
    key: "contributions",
    title: ctx.t("contributions.list.title", { year: cycle.year }),
    summary: ctx.t("contributions.list.count", { count }),
    href: `/f/${forum.slug}/${cycle.year}/contributions`,
  };
});

// Invented, badged sample contributions in the demo forum.
registerDemoPart("contributions", ({ db, forum, cycles }) =>
  seedContributionsDemo(db, {
    forumId: forum.id,
    cycleId2017: cycles[2017].id,
    cycleId2016: cycles[2016].id,
  }),
);

// Moderation on the cycle's manage page.
registerCycleManageLinks([{ labelKey: "contributions.manage.title", path: "contributions/manage" }]);
