// The forums API: a forum's cycles and their milestones.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { ErrorResponse } from "../../server/api-schemas.js";
import {
  auth,
  CycleJson,
  CycleParams,
  cycleJson,
  errors,
  ForumParams,
  MilestoneJson,
  milestoneJson,
} from "../api-schemas.js";
import { cycleMilestones, cycleYear, findCycle, findForum, listCycles } from "../lookup.js";
import { MILESTONE_KINDS } from "../time/milestone-kinds.js";
import { addMilestone, createCycle, deleteMilestone, updateCycle, updateMilestone } from "./service.js";

/** /api/v1/forums/{forum}/cycles… */
export const cycleApiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.services.database.db;
  const url = () => app.services.config.publicUrl;
  const yearOf = (id: string | null) => (id ? cycleYear(db, id) : Promise.resolve(null));

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
      const cycles = await listCycles(db, forum.id);
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
        await cycleMilestones(db, cycle.id),
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
        await cycleMilestones(db, cycle.id),
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
      return { milestones: (await cycleMilestones(db, cycle.id)).map(milestoneJson) };
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
