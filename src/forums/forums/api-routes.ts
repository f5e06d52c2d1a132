// The forums API: listing, creating and changing forums.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { ErrorResponse } from "../../server/api-schemas.js";
import { auth, CycleJson, cycleJson, errors, ForumJson, ForumParams, forumJson } from "../api-schemas.js";
import { findForum, listCycles, listForums } from "../lookup.js";
import { createForum, updateForum } from "./service.js";

/** /api/v1/forums and /api/v1/forums/{forum} */
export const forumApiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.services.database.db;
  const url = () => app.services.config.publicUrl;

  app.get(
    "/api/v1/forums",
    {
      schema: {
        tags: ["forums"],
        summary: "List forums",
        response: { 200: Type.Object({ forums: Type.Array(ForumJson) }) },
      },
    },
    async () => ({
      forums: (await listForums(db)).map((f) => forumJson(f, url())),
    }),
  );

  app.post(
    "/api/v1/forums",
    {
      schema: {
        tags: ["forums"],
        summary: "Create a forum",
        security: auth,
        body: Type.Object({
          slug: Type.String({ description: "lower-case letters, digits and dashes, e.g. bpf-cybersecurity" }),
          name: Type.String({ minLength: 1, maxLength: 200 }),
          time_zone: Type.Optional(Type.String({ description: "IANA zone, default UTC" })),
          languages: Type.Optional(
            Type.Array(Type.String(), { description: "interface languages offered: en, es, fr, ar" }),
          ),
          description: Type.Optional(Type.String()),
          host_organisation: Type.Optional(Type.String()),
          mailing_list: Type.Optional(Type.Union([Type.String(), Type.Null()])),
        }),
        response: { 201: ForumJson, ...errors },
      },
    },
    async (request, reply) => {
      const forum = await createForum(db, { actor: request.actor, input: request.body });
      return reply
        .status(201)
        .header("location", `/api/v1/forums/${forum.slug}`)
        .send(forumJson(forum, url()));
    },
  );

  app.get(
    "/api/v1/forums/:forum",
    {
      schema: {
        tags: ["forums"],
        summary: "A forum and its cycles",
        params: ForumParams,
        response: {
          200: Type.Intersect([ForumJson, Type.Object({ cycles: Type.Array(CycleJson) })]),
          404: ErrorResponse,
        },
      },
    },
    async (request) => {
      const forum = await findForum(db, request.params.forum);
      const cycles = await listCycles(db, forum.id);
      const years = new Map(cycles.map((c) => [c.id, c.year]));
      return {
        ...forumJson(forum, url()),
        cycles: cycles.map((c) =>
          cycleJson(c, forum, url(), c.previous_cycle_id ? (years.get(c.previous_cycle_id) ?? null) : null),
        ),
      };
    },
  );

  app.patch(
    "/api/v1/forums/:forum",
    {
      schema: {
        tags: ["forums"],
        summary: "Change a forum's details",
        security: auth,
        params: ForumParams,
        body: Type.Object({
          name: Type.Optional(Type.String()),
          time_zone: Type.Optional(Type.String()),
          languages: Type.Optional(Type.Array(Type.String())),
          description: Type.Optional(Type.String()),
          host_organisation: Type.Optional(Type.String()),
          mailing_list: Type.Optional(Type.Union([Type.String(), Type.Null()])),
        }),
        response: { 200: ForumJson, ...errors },
      },
    },
    async (request) => {
      const forum = await findForum(db, request.params.forum);
      const b = request.body;
      const updated = await updateForum(db, {
        actor: request.actor,
        forum,
        input: {
          name: b.name ?? forum.name,
          time_zone: b.time_zone ?? forum.time_zone,
          languages: b.languages ?? forum.languages,
          description: b.description ?? forum.description,
          host_organisation: b.host_organisation ?? forum.host_organisation,
          mailing_list: b.mailing_list === undefined ? forum.mailing_list : b.mailing_list,
        },
      });
      return forumJson(updated, url());
    },
  );
};
