// Everything the analysis workspace adds to the application: its pages and its API, its card on a cycle's
// page (for members only), and the codebook's carry-over into a continued cycle.
import type { FastifyPluginAsync } from "fastify";
import type { Kysely } from "kysely";
import { forumRolesOf } from "../auth/index.js";
import { type ContributionRow, filesOf, registerTextChanged } from "../contributions/index.js";
import type { Database } from "../db/schema.js";
import { registerCarryOver, registerCycleSection } from "../forums/index.js";
import type { AppServices } from "../server/app.js";
import { codebookApiRoutes } from "./codebook/api-routes.js";
import { carryCodebook } from "./codebook/carry-over.js";
import { codebookRoutes } from "./codebook/routes.js";
import { codingApiRoutes } from "./coding/api-routes.js";
import { codingRoutes } from "./coding/routes.js";
import { refreshAnchors } from "./coding/service.js";
import { codableTexts } from "./coding/texts.js";
import { compareRoutes } from "./compare/routes.js";
import { searchApiRoutes } from "./search/api-routes.js";
import { searchRoutes } from "./search/routes.js";
import { suggestionRoutes } from "./suggestions/routes.js";
import { SUGGEST_JOB, suggestionJobHandler } from "./suggestions/service.js";
import { workspaceRoutes } from "./workspace/routes.js";

/**
 * A contribution's text changed (its author's edit, a file extracted again): its excerpts are found again in
 * that change's transaction, so pages and exports only read where they are. Registered when the application
 * or its jobs are set up (not when this module loads: contributions may still be loading then).
 */
async function reanchorOnTextChange(trx: Kysely<Database>, contribution: ContributionRow, now: Date) {
  await refreshAnchors(
    trx,
    contribution,
    codableTexts(contribution, await filesOf(trx, contribution.id)),
    now,
  );
}

/** Registers the workspace, codebook and coding pages and the analysis API. */
export const analysisPlugin: FastifyPluginAsync = async (app) => {
  registerTextChanged(reanchorOnTextChange);
  await app.register(workspaceRoutes);
  await app.register(codebookRoutes);
  await app.register(codingRoutes);
  await app.register(compareRoutes);
  await app.register(suggestionRoutes);
  await app.register(searchRoutes);
  await app.register(searchApiRoutes);
  await app.register(codebookApiRoutes);
  await app.register(codingApiRoutes);
};

registerCarryOver((trx, args) => carryCodebook(trx, args));

// The workspace's card on the cycle's page, shown to the forum's members only.
registerCycleSection(async ({ db, forum, cycle, ctx, actor }) => {
  if ((await forumRolesOf(db, actor, forum.id)).length === 0) return undefined;
  return {
    key: "analysis",
    title: ctx.t("analysis.title", { year: cycle.year }),
    summary: ctx.t("analysis.card"),
    href: `/f/${forum.slug}/${cycle.year}/analysis`,
  };
});

/** Registers the analysis workspace's background jobs: the theme suggestions (one at a time). */
export function registerAnalysisJobs(services: Pick<AppServices, "jobs" | "database" | "clock">): void {
  registerTextChanged(reanchorOnTextChange);
  services.jobs.register(
    SUGGEST_JOB,
    suggestionJobHandler({ db: services.database.db, clock: services.clock }),
  );
}
