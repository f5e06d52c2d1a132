// Everything campaigns add to the application: the secretariat's pages, the API, the detection job, and the
// link in a cycle's "Work on this cycle" block.
import type { FastifyPluginAsync } from "fastify";
import type { Kysely } from "kysely";
import {
  type ReceivedContribution,
  registerAfterSubmission,
  registerCampaignGrouping,
} from "../contributions/index.js";
import type { Database } from "../db/schema.js";
import { registerCycleManageLinks } from "../forums/index.js";
import type { AppServices } from "../server/app.js";
import { campaignApiRoutes } from "./api-routes.js";
import { assignAtIntake } from "./assign.js";
import {
  hasConfirmedCampaign,
  isConfirmedCopy,
  isConfirmedMember,
  selectConfirmedRepresented,
} from "./queries.js";
import { campaignRoutes } from "./routes.js";
import { DETECT_JOB, detectionHandler } from "./service.js";

/** Registers the campaign pages and API. */
export const campaignsPlugin: FastifyPluginAsync = async (app) => {
  registerAfterSubmission(assignReceived);
  registerCampaignGrouping({
    isGroupedCopy: isConfirmedCopy,
    isMemberOf: isConfirmedMember,
    representedAmong: async (db, ids) =>
      new Map(
        (await selectConfirmedRepresented(db, ids)).map((c) => [
          c.representative_id,
          { campaignId: c.id, size: c.size, representativeId: c.representative_id },
        ]),
      ),
    hasConfirmed: hasConfirmedCampaign,
  });
  await app.register(campaignRoutes);
  await app.register(campaignApiRoutes);
};

/** Registers the detection job's handler (one at a time: it holds a cycle's signatures in memory). */
export function registerCampaignJobs(services: Pick<AppServices, "jobs" | "database" | "clock">): void {
  services.jobs.register(DETECT_JOB, detectionHandler({ db: services.database.db, clock: services.clock }));
}

registerCycleManageLinks([{ labelKey: "campaigns.manage", path: "campaigns" }]);

/** Assigns each received contribution to its campaign (registered when the app is built, once). */
const assignReceived = async (db: Kysely<Database>, contribution: ReceivedContribution): Promise<void> => {
  await assignAtIntake(db, contribution);
};
