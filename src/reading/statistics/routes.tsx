// The statistics pages: public on the cycle (published contributions only, cacheable), and in the members'
// workspace with its navigation.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { sendPage } from "../../server/render.js";
import { seesWhoRead } from "../policy.js";
import { cycleParams, placeOf } from "../tracker/routes.js";
import { StatisticsPage } from "./pages.js";
import { cycleStatistics, workspaceStatistics } from "./service.js";

/** `?campaigns=grouped`: each confirmed campaign counted once. */
const StatisticsQuery = Type.Object({ campaigns: Type.Optional(Type.String({ maxLength: 10 })) });

/** The statistics routes. */
export const statisticsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.services.database.db;

  app.get(
    "/f/:forum/:year/statistics",
    { schema: { params: cycleParams, querystring: StatisticsQuery } },
    async (request, reply) => {
      const { place, forum, cycle } = await placeOf(app, request.params);
      const stats = await cycleStatistics(db, {
        place,
        previousCycleId: cycle.previous_cycle_id,
        grouped: request.query.campaigns === "grouped",
      });
      return sendPage(
        reply,
        <StatisticsPage ctx={request.pageContext()} forum={forum} year={cycle.year} stats={stats} />,
      );
    },
  );

  app.get(
    "/f/:forum/:year/reading/statistics",
    { schema: { params: cycleParams, querystring: StatisticsQuery } },
    async (request, reply) => {
      const { place, forum, cycle } = await placeOf(app, request.params);
      const { stats, roles } = await workspaceStatistics(db, {
        actor: request.actor,
        place,
        previousCycleId: cycle.previous_cycle_id,
        grouped: request.query.campaigns === "grouped",
      });
      return sendPage(
        reply,
        <StatisticsPage
          ctx={request.pageContext()}
          forum={forum}
          year={cycle.year}
          stats={stats}
          workspace={{ overseer: seesWhoRead(roles) }}
        />,
      );
    },
  );
};
