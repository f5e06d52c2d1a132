// Everything contributions adds to the application: pages, API and background jobs.
import type { FastifyPluginAsync } from "fastify";
import {
  registerCycleChanged,
  registerCycleManageLinks,
  registerCycleSection,
  registerDemoPart,
} from "../forums/index.js";
import type { AppServices } from "../server/app.js";
import { seedContributionsDemo } from "./demo.js";
import { extractionHandler } from "./extraction/service.js";
import { contributionImportApiRoutes } from "./import/api-routes.js";
import { contributionImportRoutes } from "./import/routes.js";
import { contributionModerationApiRoutes } from "./moderation/api-routes.js";
import { contributionModerationRoutes } from "./moderation/routes.js";
import { PUBLIC_STATUSES } from "./policy.js";
import { contributionReadApiRoutes } from "./public/api-routes.js";
import { forgetListStats } from "./public/list-stats.js";
import { contributionPublicRoutes } from "./public/routes.js";
import { countContributions } from "./queries.js";
import { EXTRACT_JOB } from "./service.js";
import { fileStoreFor } from "./storage.js";
import { contributionSubmitApiRoutes } from "./submit/api-routes.js";
import { contributionSubmitRoutes } from "./submit/routes.js";

/** Registers the contribution pages and API. */
export const contributionsPlugin: FastifyPluginAsync = async (app) => {
  await app.register(contributionSubmitApiRoutes);
  await app.register(contributionImportApiRoutes);
  await app.register(contributionReadApiRoutes);
  await app.register(contributionModerationApiRoutes);
  await app.register(contributionSubmitRoutes);
  await app.register(contributionPublicRoutes);
  await app.register(contributionModerationRoutes);
  await app.register(contributionImportRoutes);
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

// A cycle's status or milestones changed: its kept public pages (whether the call is open) and counts go.
registerCycleChanged(forgetListStats);

// Moderation on the cycle's manage page.
registerCycleManageLinks([{ labelKey: "contributions.manage.title", path: "contributions/manage" }]);
