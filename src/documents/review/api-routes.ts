// The review's API: the secretariat's disposition of a comment, and every comment's disposition with the counts.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { ErrorResponse } from "../../server/api-schemas.js";
import { dispositionReport, setDisposition } from "./service.js";

const Outcome = Type.Union([
  Type.Literal("incorporated"),
  Type.Literal("partly"),
  Type.Literal("not_incorporated"),
  Type.Literal("out_of_scope"),
]);
const Disposition = Type.Object({
  comment_id: Type.String(),
  outcome: Outcome,
  note: Type.String(),
  version: Type.Union([Type.Integer(), Type.Null()]),
});

/** The review's API routes. */
export const reviewApiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;
  const db = services.database.db;

  app.put(
    "/api/v1/documents/:id/comments/:comment/disposition",
    {
      schema: {
        tags: ["documents"],
        summary:
          "Answer a comment (secretariat): incorporated, partly, not incorporated or out of scope, with a note and the version that addressed it",
        params: Type.Object({ id: Type.String({ maxLength: 40 }), comment: Type.String({ maxLength: 40 }) }),
        body: Type.Object({
          outcome: Outcome,
          note: Type.Optional(Type.String({ maxLength: 2000 })),
          version: Type.Optional(Type.Integer({ minimum: 1 })),
        }),
        response: {
          200: Disposition,
          401: ErrorResponse,
          403: ErrorResponse,
          404: ErrorResponse,
          422: ErrorResponse,
        },
      },
    },
    async (request) => {
      const row = await setDisposition(db, {
        actor: request.actor,
        documentId: request.params.id,
        commentId: request.params.comment,
        input: request.body,
        now: services.clock(),
      });
      return {
        comment_id: row.comment_id,
        outcome: row.outcome,
        note: row.note,
        version: request.body.version ?? null,
      };
    },
  );

  app.get(
    "/api/v1/documents/:id/dispositions",
    {
      schema: {
        tags: ["documents"],
        summary:
          "What happened to the comments: each top-level comment's disposition (null while pending), with the counts per outcome",
        params: Type.Object({ id: Type.String({ maxLength: 40 }) }),
        querystring: Type.Object({
          outcome: Type.Optional(
            Type.Union([
              Type.Literal("incorporated"),
              Type.Literal("partly"),
              Type.Literal("not_incorporated"),
              Type.Literal("out_of_scope"),
              Type.Literal("pending"),
            ]),
          ),
        }),
        response: {
          200: Type.Object({
            counts: Type.Object({
              all: Type.Integer(),
              pending: Type.Integer(),
              incorporated: Type.Integer(),
              partly: Type.Integer(),
              not_incorporated: Type.Integer(),
              out_of_scope: Type.Integer(),
            }),
            comments: Type.Array(
              Type.Object({
                id: Type.String(),
                made_on_version: Type.Integer(),
                author: Type.String(),
                channel: Type.String(),
                hidden: Type.Boolean(),
                body: Type.Union([Type.String(), Type.Null()]),
                disposition: Type.Union([
                  Type.Object({
                    outcome: Outcome,
                    note: Type.String(),
                    version: Type.Union([Type.Integer(), Type.Null()]),
                  }),
                  Type.Null(),
                ]),
              }),
            ),
          }),
          404: ErrorResponse,
        },
      },
    },
    async (request) => {
      const report = await dispositionReport(db, {
        actor: request.actor,
        documentId: request.params.id,
        filter: request.query.outcome,
      });
      return {
        counts: report.counts,
        comments: report.entries.map((e) => ({
          id: e.comment.id,
          made_on_version: e.madeOnVersion,
          author: e.authorName,
          channel: e.comment.channel,
          hidden: e.comment.hidden_at !== null,
          // A hidden comment keeps its place on the record, not its words.
          body: e.comment.hidden_at ? null : e.comment.body,
          disposition: e.disposition,
        })),
      };
    },
  );
};
