// The codebook API: a cycle's themes and sections.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { findCycle } from "../../forums/index.js";
import { Code, CycleParams, codeJson, errors, security, tags } from "../api-schemas.js";
import { createCode, viewCodebook } from "./service.js";

/** GET and POST /api/v1/forums/{forum}/cycles/{year}/themes. */
export const codebookApiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.services.database.db;

  app.get(
    "/api/v1/forums/:forum/cycles/:year/themes",
    {
      schema: {
        tags,
        summary: "A cycle's codebook: themes and output sections (members of the forum)",
        description:
          "In codebook order: themes first, each parent before its children, siblings by position.",
        security,
        params: CycleParams,
        querystring: Type.Object({
          kind: Type.Optional(Type.Union([Type.Literal("theme"), Type.Literal("section")])),
        }),
        response: { 200: Type.Object({ themes: Type.Array(Code) }), ...errors },
      },
    },
    async (request) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      const { tree } = await viewCodebook({ db, actor: request.actor, forumId: forum.id, cycleId: cycle.id });
      const kind = request.query.kind;
      return { themes: tree.filter((n) => !kind || n.code.kind === kind).map((n) => codeJson(n.code)) };
    },
  );

  app.post(
    "/api/v1/forums/:forum/cycles/:year/themes",
    {
      schema: {
        tags,
        summary: "Add a theme or an output section to a cycle's codebook (members of the forum)",
        description:
          "kind is theme (the default) or section; parent_id nests it under a code of the same kind. A name already in the codebook for that kind (ignoring case) is refused with 409.",
        security,
        params: CycleParams,
        body: Type.Object({
          name: Type.String({ minLength: 1, maxLength: 200 }),
          kind: Type.Optional(Type.Union([Type.Literal("theme"), Type.Literal("section")])),
          parent_id: Type.Optional(Type.Union([Type.String(), Type.Null()])),
          description: Type.Optional(Type.String({ maxLength: 2000 })),
        }),
        response: { 201: Code, ...errors },
      },
    },
    async (request, reply) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      const code = await createCode(
        { db, actor: request.actor, forumId: forum.id, cycleId: cycle.id, now: app.services.clock() },
        { ...request.body, kind: request.body.kind ?? "theme" },
      );
      return reply.status(201).send(codeJson(code));
    },
  );
};
