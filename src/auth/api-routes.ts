import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { ErrorResponse } from "../server/api-schemas.js";
import { unauthorized } from "../server/errors.js";

const Me = Type.Object({
  kind: Type.Union([Type.Literal("token"), Type.Literal("user")]),
  name: Type.String(),
  role: Type.Optional(Type.String()),
  forum_id: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});

/** GET /api/v1/me: who the presented credentials belong to. */
export const authApiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    "/api/v1/me",
    {
      schema: {
        tags: ["auth"],
        summary: "Who am I: the token or person behind the credentials",
        security: [{ bearer: [] }],
        response: { 200: Me, 401: ErrorResponse },
      },
    },
    async (request) => {
      const actor = request.actor;
      if (actor.kind === "token")
        return { kind: "token" as const, name: actor.name, role: actor.role, forum_id: actor.forumId };
      if (actor.kind === "user") return { kind: "user" as const, name: actor.name };
      throw unauthorized("Send an API token: Authorization: Bearer <token>.", {
        messageKey: "auth.refusal.tokenMissing",
        messageValues: { header: "Authorization: Bearer <token>" },
      });
    },
  );
};
