// Everything campaigns add to the application: the secretariat's pages, the API, the detection job, and the
// link in a cycle's "Work on this cycle" block.
import type { FastifyPluginAsync } from "fastify";
import { registerAfterSubmission } from "../contributions/index.js";
import { registerCycleManageLinks } from "../forums/index.js";
import type { AppServices } from "../server/app.js";
import { campaignApiRoutes } from "./api-routes.js";
import { assignAtIntake } from "./assign.js";
import { campaignRoutes } from "./routes.js";
import { DETECT_JOB, detectionHandler } from "./service.js";

/** Registers the campaign pages and API. */
export const campaignsPlugin: FastifyPluginAsync = async (app) => {
  await app.register(campaignRoutes);
  await app.register(campaignApiRoutes);
};

/** Registers the detection job's handler (one at a time: it holds a cycle's signatures in memory). */
export function registerCampaignJobs(services: Pick<AppServices, "jobs" | "database" | "clock">): void {
  services.jobs.register(DETECT_JOB, detectionHandler({ db: services.database.db, clock: services.clock }));
}

registerCycleManageLinks([{ labelKey: "campaigns.manage", path: "campaigns" }]);

registerAfterSubmission(async (db, contribution) => {
  await assignAtIntake(db, contribution);
});
