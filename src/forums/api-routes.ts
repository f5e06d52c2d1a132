// The forums API: forums, cycles and milestones.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { ErrorResponse } from "../server/api-schemas.js";
import {
  addMilestone,
  createCycle,
  deleteMilestone,
  updateCycle,
  updateMilestone,
} from "./cycles-service.js";
import { createForum, updateForum } from "./forums-service.js";
import { findCycle, findForum } from "./lookup.js";
import {
  type CycleRow,
  type ForumRow,
  type MilestoneRow,
  selectCycles,
  selectForums,
  selectMilestones,
} from "./queries.js";
import { MILESTONE_KINDS } from "./time/milestone-kinds.js";
import { instantToZoned } from "./time/zones.js";

const ForumJson = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  description: Type.String(),
  host_organisation: Type.String(),
  languages: Type.Array(Type.String()),
  time_zone: Type.String(),
  mailing_list: Type.Union([Type.String(), Type.Null()]),
  url: Type.String(),
  created_at: Type.String({ format: "date-time" }),
});

const MilestoneJson = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  label: Type.String(),
  at: Type.String({ format: "date-time", description: "the instant, in UTC" }),
  time_zone: Type.String(),
  at_local: Type.String({ description: "the same instant on the milestone's own clock, without offset" }),
  all_day: Type.Boolean({
    description: "given as a date: for a deadline the end of that day in its zone, otherwise the start",
  }),
});

const CycleJson = Type.Object({
  id: Type.String(),
  year: Type.Integer(),
  focus: Type.String(),
  description: Type.String(),
  status: Type.String(),
  continues: Type.Union([Type.Integer(), Type.Null()], {
    description: "the year of the cycle this one continues",
  }),
  url: Type.String(),
  milestones: Type.Optional(Type.Array(MilestoneJson)),
});

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** A milestone as the API shows it. */
export function milestoneJson(m: MilestoneRow) {
  const z = instantToZoned(m.at, m.time_zone);
  return {
    id: m.id,
    kind: m.kind,
    label: m.label,
    at: m.at.toISOString(),
    time_zone: m.time_zone,
    at_local: `${pad(z.year, 4)}-${pad(z.month)}-${pad(z.day)}T${pad(z.hour)}:${pad(z.minute)}:${pad(z.second)}`,
    all_day: m.all_day,
  };
}

export function forumJson(f: ForumRow, publicUrl: string) {
  return {
    id: f.id,
    slug: f.slug,
    name: f.name,
    description: f.description,
    host_organisation: f.host_organisation,
    languages: f.languages,
    time_zone: f.time_zone,
    mailing_list: f.mailing_list,
    url: `${publicUrl}/f/${f.slug}`,
    created_at: f.created_at.toISOString(),
  };
}

function cycleJson(
  c: CycleRow,
  forum: ForumRow,
  publicUrl: string,
  previousYear: number | null,
  milestones?: MilestoneRow[],
) {
  return {
    id: c.id,
    year: c.year,
    focus: c.focus,
    description: c.description,
    status: c.status,
    continues: previousYear,
    url: `${publicUrl}/f/${forum.slug}/${c.year}`,
    ...(milestones ? { milestones: milestones.map(milestoneJson) } : {}),
  };
}

const auth = [{ bearer: [] }];
const ForumParams = Type.Object({ forum: Type.String({ description: "the forum's slug" }) });
const CycleParams = Type.Object({
  forum: Type.String(),
  year: Type.Integer({ minimum: 1990, maximum: 2200 }),
});
const errors = {
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  422: ErrorResponse,
};

/** /api/v1/forums… */
export const forumApiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.services.database.db;
  const url = () => app.services.config.publicUrl;
  const yearOf = async (id: string | null) =>
    id
      ? ((await db.selectFrom("cycles").select("year").where("id", "=", id).executeTakeFirst())?.year ?? null)
      : null;

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
      forums: (await selectForums(db)).map((f) => forumJson(f, url())),
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
      const cycles = await selectCycles(db, forum.id);
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

  app.post(
    "/api/v1/forums/:forum/cycles",
    {
      schema: {
        tags: ["forums"],
        summary: "Create a yearly cycle (continuing the latest earlier one)",
        security: auth,
        params: ForumParams,
        body: Type.Object({
          year: Type.Integer({ minimum: 1990, maximum: 2200 }),
          focus: Type.Optional(Type.String()),
          description: Type.Optional(Type.String()),
          status: Type.Optional(
            Type.String({ description: "scoping, call_open, analysis, drafting, public_review or closed" }),
          ),
        }),
        response: { 201: CycleJson, ...errors },
      },
    },
    async (request, reply) => {
      const forum = await findForum(db, request.params.forum);
      const cycle = await createCycle(db, { actor: request.actor, forum, input: request.body });
      return reply
        .status(201)
        .header("location", `/api/v1/forums/${forum.slug}/cycles/${cycle.year}`)
        .send(cycleJson(cycle, forum, url(), await yearOf(cycle.previous_cycle_id), []));
    },
  );

  app.get(
    "/api/v1/forums/:forum/cycles",
    {
      schema: {
        tags: ["forums"],
        summary: "A forum's cycles, newest first",
        params: ForumParams,
        response: { 200: Type.Object({ cycles: Type.Array(CycleJson) }), 404: ErrorResponse },
      },
    },
    async (request) => {
      const forum = await findForum(db, request.params.forum);
      const cycles = await selectCycles(db, forum.id);
      const years = new Map(cycles.map((c) => [c.id, c.year]));
      return {
        cycles: cycles.map((c) =>
          cycleJson(c, forum, url(), c.previous_cycle_id ? (years.get(c.previous_cycle_id) ?? null) : null),
        ),
      };
    },
  );

  app.get(
    "/api/v1/forums/:forum/cycles/:year",
    {
      schema: {
        tags: ["forums"],
        summary: "A cycle with its milestones",
        params: CycleParams,
        response: { 200: CycleJson, 404: ErrorResponse },
      },
    },
    async (request) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      return cycleJson(
        cycle,
        forum,
        url(),
        await yearOf(cycle.previous_cycle_id),
        await selectMilestones(db, cycle.id),
      );
    },
  );

  app.patch(
    "/api/v1/forums/:forum/cycles/:year",
    {
      schema: {
        tags: ["forums"],
        summary: "Change a cycle's focus, description or status",
        security: auth,
        params: CycleParams,
        body: Type.Object({
          focus: Type.Optional(Type.String()),
          description: Type.Optional(Type.String()),
          status: Type.Optional(Type.String()),
        }),
        response: { 200: CycleJson, ...errors },
      },
    },
    async (request) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      const updated = await updateCycle(db, { actor: request.actor, forum, cycle, input: request.body });
      return cycleJson(
        updated,
        forum,
        url(),
        await yearOf(updated.previous_cycle_id),
        await selectMilestones(db, cycle.id),
      );
    },
  );

  const MilestoneBody = Type.Object({
    kind: Type.Union(MILESTONE_KINDS.map((k) => Type.Literal(k))),
    at: Type.String({
      description:
        "ISO 8601 date-time (with Z or an offset, or local to time_zone), or a date YYYY-MM-DD: for a deadline the end of that day in its zone",
    }),
    time_zone: Type.Optional(
      Type.String({
        description:
          "IANA zone or AoE; deadlines default to Anywhere on Earth (Etc/GMT+12), other milestones to the forum's zone",
      }),
    ),
    label: Type.Optional(Type.String({ description: "required for custom milestones" })),
  });

  app.post(
    "/api/v1/forums/:forum/cycles/:year/milestones",
    {
      schema: {
        tags: ["forums"],
        summary: "Add a milestone",
        security: auth,
        params: CycleParams,
        body: MilestoneBody,
        response: { 201: MilestoneJson, ...errors },
      },
    },
    async (request, reply) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      const row = await addMilestone(db, { actor: request.actor, forum, cycle, input: request.body });
      return reply.status(201).send(milestoneJson(row));
    },
  );

  app.get(
    "/api/v1/forums/:forum/cycles/:year/milestones",
    {
      schema: {
        tags: ["forums"],
        summary: "A cycle's milestones in time order",
        params: CycleParams,
        response: { 200: Type.Object({ milestones: Type.Array(MilestoneJson) }), 404: ErrorResponse },
      },
    },
    async (request) => {
      const { cycle } = await findCycle(db, request.params.forum, request.params.year);
      return { milestones: (await selectMilestones(db, cycle.id)).map(milestoneJson) };
    },
  );

  const MilestoneParams = Type.Object({
    forum: Type.String(),
    year: Type.Integer(),
    id: Type.String({ format: "uuid" }),
  });
  app.patch(
    "/api/v1/forums/:forum/cycles/:year/milestones/:id",
    {
      schema: {
        tags: ["forums"],
        summary: "Change a milestone's date, zone or label",
        security: auth,
        params: MilestoneParams,
        body: Type.Object({
          at: Type.String(),
          time_zone: Type.Optional(Type.String()),
          label: Type.Optional(Type.String()),
        }),
        response: { 200: MilestoneJson, ...errors },
      },
    },
    async (request) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      const row = await updateMilestone(db, {
        actor: request.actor,
        forum,
        cycle,
        milestoneId: request.params.id,
        input: { kind: "custom", ...request.body },
      });
      return milestoneJson(row);
    },
  );

  app.delete(
    "/api/v1/forums/:forum/cycles/:year/milestones/:id",
    {
      schema: {
        tags: ["forums"],
        summary: "Remove a milestone",
        security: auth,
        params: MilestoneParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      await deleteMilestone(db, { actor: request.actor, forum, cycle, milestoneId: request.params.id });
      return reply.status(204).send(null);
    },
  );
};
