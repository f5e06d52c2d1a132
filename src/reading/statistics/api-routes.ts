// The statistics API: a cycle's published contributions counted by every dimension, beside the previous
// cycle's. Public, as the page is.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { ErrorResponse } from "../../server/api-schemas.js";
import { cycleParams, placeOf } from "../tracker/routes.js";
import { DIMENSIONS } from "./figures.js";
import { cycleStatistics } from "./service.js";

const Row = Type.Object({
  key: Type.String({
    description:
      "A code (stakeholder group, region, ISO country, language, ISO week), or `unknown` / `others`",
  }),
  count: Type.Integer({ description: "Published contributions of this cycle" }),
  previous: Type.Integer({
    description: "Published contributions of the previous cycle (0 when there is none)",
  }),
});

const StatisticsJson = Type.Object({
  year: Type.Integer(),
  total: Type.Integer(),
  previous: Type.Union([Type.Object({ year: Type.Integer(), total: Type.Integer() }), Type.Null()]),
  dimensions: Type.Object(Object.fromEntries(DIMENSIONS.map((d) => [d, Type.Array(Row)]))),
});

/** The statistics API routes. */
export const statisticsApiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.services.database.db;
  app.get(
    "/api/v1/forums/:forum/cycles/:year/statistics",
    {
      schema: {
        tags: ["contributions"],
        summary:
          "Published contributions counted by stakeholder group, region, country, development status, language, timeliness and week, beside the previous cycle",
        params: cycleParams,
        response: { 200: StatisticsJson, 404: ErrorResponse },
      },
    },
    async (request) => {
      const { place, cycle } = await placeOf(app, request.params);
      const stats = await cycleStatistics(db, { place, previousCycleId: cycle.previous_cycle_id });
      return {
        year: cycle.year,
        total: stats.total,
        previous: stats.previous ?? null,
        dimensions: Object.fromEntries(stats.dimensions.map((d) => [d.dimension, d.rows])),
      };
    },
  );
};
