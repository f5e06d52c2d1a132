// The documents' API: create a document, save (and publish) a version, comment, and read the comments as they
// sit in a given version (on a paragraph, on a quote's offsets, or orphaned: "a comment on version N").
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { findCycle } from "../forums/index.js";
import { ErrorResponse } from "../server/api-schemas.js";
import { commentLimiter } from "./comment-limits.js";
import { addComment, createDocument, documentView, type PlacedComment, saveVersion } from "./service.js";

const idParams = Type.Object({ id: Type.String({ maxLength: 40 }) });
const Created = Type.Object({ id: Type.String(), version: Type.Integer() });
const Reply = Type.Object({
  id: Type.String(),
  author: Type.String(),
  on_behalf_of: Type.Union([Type.String(), Type.Null()]),
  channel: Type.String(),
  body: Type.String(),
  hidden: Type.Boolean(),
  created_at: Type.String({ format: "date-time" }),
});

/** Who said a comment or a reply, where, and what (a hidden one keeps its place, not its words). */
const said = (c: Pick<PlacedComment, "row" | "authorName">) => ({
  author: c.authorName,
  on_behalf_of: c.row.on_behalf_of,
  channel: c.row.channel,
  body: c.row.hidden_at ? "" : c.row.body,
  hidden: c.row.hidden_at !== null,
  created_at: c.row.created_at.toISOString(),
});

/** The documents' API routes. */
export const documentApiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;
  const db = services.database.db;

  app.post(
    "/api/v1/forums/:forum/cycles/:year/documents",
    {
      schema: {
        tags: ["documents"],
        summary: "Start a document of a cycle (secretariat): its first version, unpublished",
        params: Type.Object({ forum: Type.String(), year: Type.String() }),
        body: Type.Object({
          title: Type.String({ maxLength: 300 }),
          body: Type.String({ description: "Markdown (CommonMark, tables; raw HTML is shown as text)" }),
          kind: Type.Optional(
            Type.Union([Type.Literal("output"), Type.Literal("introduction"), Type.Literal("background")]),
          ),
        }),
        response: { 201: Created, 401: ErrorResponse, 403: ErrorResponse, 422: ErrorResponse },
      },
    },
    async (request, reply) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      const place = {
        forum: { id: forum.id, slug: forum.slug, name: forum.name },
        cycle: { id: cycle.id, year: cycle.year },
      };
      const { document, version } = await createDocument(db, {
        actor: request.actor,
        place,
        input: request.body,
        now: services.clock(),
      });
      return reply.code(201).send({ id: document.id, version: version.number });
    },
  );

  app.post(
    "/api/v1/documents/:id/versions",
    {
      schema: {
        tags: ["documents"],
        summary: "Save a new version (secretariat); paragraph ids carry over from the latest version",
        params: idParams,
        body: Type.Object({
          body: Type.String(),
          note: Type.Optional(Type.String({ maxLength: 1000 })),
          publish: Type.Optional(
            Type.Union([Type.Literal("none"), Type.Literal("members"), Type.Literal("public")]),
          ),
        }),
        response: {
          201: Created,
          401: ErrorResponse,
          403: ErrorResponse,
          404: ErrorResponse,
          422: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const version = await saveVersion(db, {
        actor: request.actor,
        documentId: request.params.id,
        input: request.body,
        now: services.clock(),
      });
      return reply.code(201).send({ id: request.params.id, version: version.number });
    },
  );

  app.post(
    "/api/v1/documents/:id/comments",
    {
      schema: {
        tags: ["documents"],
        summary:
          "Comment on a paragraph or a quote of a published version; the secretariat may log one made elsewhere (channel, on_behalf_of). Public comments outside the review window: 409 review_closed. Without a session or a token: 401. Too many comments from one person or network within minutes: 429 rate_limited with Retry-After (the secretariat is not limited). A token's comment with no on_behalf_of is shown under the token's name",
        params: idParams,
        body: Type.Object({
          version: Type.Integer({ minimum: 1 }),
          paragraph_id: Type.Optional(Type.String({ maxLength: 40 })),
          quote: Type.Optional(Type.String({ maxLength: 2000 })),
          prefix: Type.Optional(Type.String({ maxLength: 500, description: "Text just before the quote" })),
          suffix: Type.Optional(Type.String({ maxLength: 500, description: "Text just after the quote" })),
          start: Type.Optional(
            Type.Integer({ minimum: 0, description: "The quote's UTF-16 offset in its paragraph's text" }),
          ),
          body: Type.String(),
          channel: Type.Optional(
            Type.Union([
              Type.Literal("online"),
              Type.Literal("meeting"),
              Type.Literal("mailing_list"),
              Type.Literal("email"),
            ]),
          ),
          on_behalf_of: Type.Optional(Type.String({ maxLength: 200 })),
          parent_id: Type.Optional(Type.String({ maxLength: 40 })),
        }),
        response: {
          201: Type.Object({ id: Type.String() }),
          401: ErrorResponse,
          404: ErrorResponse,
          409: ErrorResponse,
          422: ErrorResponse,
          429: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const row = await addComment(db, {
        actor: request.actor,
        documentId: request.params.id,
        input: request.body,
        now: services.clock(),
        limiter: commentLimiter(services.config),
        ip: request.ip,
      });
      return reply.code(201).send({ id: row.id });
    },
  );

  app.get(
    "/api/v1/documents/:id/comments",
    {
      schema: {
        tags: ["documents"],
        summary: "The comments as they sit in a version: on a paragraph, on a quote's offsets, or orphaned",
        params: idParams,
        querystring: Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1 })) }),
        response: {
          200: Type.Object({
            version: Type.Integer(),
            comments: Type.Array(
              Type.Object({
                id: Type.String(),
                made_on_version: Type.Integer(),
                paragraph_id: Type.Union([Type.String(), Type.Null()]),
                quote: Type.Union([Type.String(), Type.Null()]),
                start: Type.Union([Type.Integer(), Type.Null()]),
                end: Type.Union([Type.Integer(), Type.Null()]),
                orphaned: Type.Boolean(),
                author: Type.String({
                  description: "Who made it: the person signed in, named, or the token",
                }),
                on_behalf_of: Type.Union([Type.String(), Type.Null()], {
                  description: "The person the secretariat logged a comment made elsewhere for",
                }),
                channel: Type.String(),
                body: Type.String(),
                hidden: Type.Boolean(),
                created_at: Type.String({ format: "date-time" }),
                replies: Type.Array(Reply, { description: "The replies, oldest first" }),
              }),
            ),
          }),
          404: ErrorResponse,
        },
      },
    },
    async (request) => {
      const view = await documentView(db, {
        actor: request.actor,
        documentId: request.params.id,
        number: request.query.version,
        now: services.clock(),
      });
      return {
        version: view.version.number,
        comments: view.comments.map((c) => ({
          id: c.row.id,
          made_on_version: c.version,
          paragraph_id: c.place.kind === "orphan" ? null : c.place.paragraphId,
          quote: c.row.quote,
          start: c.place.kind === "quote" ? c.place.start : null,
          end: c.place.kind === "quote" ? c.place.end : null,
          orphaned: c.place.kind === "orphan",
          ...said(c),
          replies: c.replies.map((r) => ({ id: r.row.id, ...said(r) })),
        })),
      };
    },
  );
};
