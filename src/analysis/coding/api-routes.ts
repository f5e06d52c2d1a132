// The excerpts API: code a quote of a contribution, and read a cycle's excerpts by theme or section.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { findCycle } from "../../forums/index.js";
import { CycleParams, Excerpt, errors, excerptJson, security, tags } from "../api-schemas.js";
import { contributorOf, listExcerpts } from "../workspace/service.js";
import { codeExcerpts, viewCoding } from "./service.js";

/** POST /api/v1/contributions/{id}/excerpts and GET /api/v1/forums/{forum}/cycles/{year}/excerpts. */
export const codingApiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.services.database.db;

  app.post(
    "/api/v1/contributions/:id/excerpts",
    {
      schema: {
        tags,
        summary:
          "Code a quote of a contribution with themes, sections and the policy-proposal flag (members)",
        description:
          "The quote is looked for in the contribution's typed text, answers and files' extracted text (or only in the text named by source and source_key), its prefix and suffix choosing among repeats; it must occur there (up to line endings and whitespace), else 422. themes and sections are ids from the cycle's codebook.",
        security,
        params: Type.Object({ id: Type.String() }),
        body: Type.Object({
          quote: Type.String({ minLength: 1, maxLength: 20000 }),
          prefix: Type.Optional(Type.String({ maxLength: 1000 })),
          suffix: Type.Optional(Type.String({ maxLength: 1000 })),
          source: Type.Optional(
            Type.Union([Type.Literal("body"), Type.Literal("file"), Type.Literal("answer")]),
          ),
          source_key: Type.Optional(Type.String({ maxLength: 200 })),
          start: Type.Optional(Type.Integer({ minimum: 0, description: "Where the quote was (a hint)." })),
          themes: Type.Optional(Type.Array(Type.String(), { maxItems: 100 })),
          sections: Type.Optional(Type.Array(Type.String(), { maxItems: 100 })),
          proposal: Type.Optional(Type.Boolean()),
          note: Type.Optional(Type.String({ maxLength: 4000 })),
        }),
        response: { 201: Excerpt, ...errors },
      },
    },
    async (request, reply) => {
      const scope = { db, actor: request.actor, now: app.services.clock() };
      const { source_key, start, ...body } = request.body;
      const [row] = await codeExcerpts(scope, request.params.id, {
        ...body,
        ...(source_key !== undefined ? { key: source_key } : {}),
        ...(start !== undefined ? { start } : {}),
      });
      const view = await viewCoding(scope, request.params.id);
      const excerpt = view.excerpts.find((e) => e.id === row!.id)!;
      const who = contributorOf(view.contribution);
      const reference = view.contribution.reference;
      return reply
        .status(201)
        .send(
          excerptJson({ ...excerpt, reference, contributor: who.name, anonymous: who.anonymous }, view.codes),
        );
    },
  );

  app.get(
    "/api/v1/forums/:forum/cycles/:year/excerpts",
    {
      schema: {
        tags,
        summary: "A cycle's excerpts, all or those carrying one theme or section (members of the forum)",
        security,
        params: CycleParams,
        querystring: Type.Object({
          theme: Type.Optional(Type.String({ description: "A theme's id" })),
          section: Type.Optional(Type.String({ description: "A section's id" })),
          proposal: Type.Optional(
            Type.Boolean({ description: "true: only excerpts flagged as policy proposals" }),
          ),
        }),
        response: { 200: Type.Object({ excerpts: Type.Array(Excerpt) }), ...errors },
      },
    },
    async (request) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      const code = request.query.theme ?? request.query.section;
      const { excerpts, codes } = await listExcerpts(
        { db, actor: request.actor, forumId: forum.id, cycleId: cycle.id, now: app.services.clock() },
        code,
      );
      const wanted =
        request.query.proposal === undefined
          ? excerpts
          : excerpts.filter((e) => e.proposal === request.query.proposal);
      return { excerpts: wanted.map((e) => excerptJson(e, codes)) };
    },
  );
};
