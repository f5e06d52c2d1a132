// The contributions API's moderation: publishing a contribution (secretariat).
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { ErrorResponse } from "../../server/api-schemas.js";
import { Nullable, serviceDeps, tags } from "../api-parts.js";
import { publishContribution } from "./service.js";

/** The contributions API's moderation. */
export const contributionModerationApiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;
  const deps = () => serviceDeps(services);

  app.post(
    "/api/v1/contributions/:id/publish",
    {
      schema: {
        tags,
        summary: "Publish a contribution (secretariat)",
        description:
          "409 conflict for a contribution its author (or the secretariat) withdrew: a withdrawal is final. 404 for a contributor's unsubmitted draft.",
        security: [{ bearer: [] }],
        params: Type.Object({ id: Type.String({ maxLength: 40 }) }),
        response: {
          200: Type.Object({ id: Type.String(), reference: Nullable(Type.String()), status: Type.String() }),
          401: ErrorResponse,
          403: ErrorResponse,
          404: ErrorResponse,
          409: ErrorResponse,
        },
      },
    },
    async (request) => {
      const row = await publishContribution(deps(), {
        actor: request.actor,
        contributionId: request.params.id,
      });
      return { id: row.id, reference: row.reference, status: row.status };
    },
  );
};
