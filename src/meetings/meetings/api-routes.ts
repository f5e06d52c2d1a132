// The meetings API: a forum's meetings.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { findCycle } from "../../forums/index.js";
import { ErrorResponse, Year } from "../../server/api-schemas.js";
import {
  Action,
  actionJson,
  CreateMeetingBody,
  forumMeeting,
  forumParams,
  Meeting,
  MeetingBody,
  meetingJson,
  meetingParams,
  Nullable,
  security,
  tags,
} from "../api-schemas.js";
import { contributionsText, createMeetingRecord } from "../import/service.js";
import { requireMeetingEditor } from "../policy.js";
import { deleteMeeting, listMeetings, saveSummary, updateMeeting, viewMeeting } from "./service.js";

/** The meetings API. */
export const meetingApiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;
  const db = services.database.db;
  const meetingOf = (forumSlug: string, id: string) => forumMeeting(db, forumSlug, id);

  app.get(
    "/api/v1/forums/:forum/meetings",
    {
      schema: {
        tags,
        summary: "A cycle's meetings",
        security,
        params: forumParams,
        querystring: Type.Object({ year: Year() }),
        response: { 200: Type.Object({ meetings: Type.Array(Meeting) }), 404: ErrorResponse },
      },
    },
    async (request) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.query.year);
      const { meetings } = await listMeetings(db, {
        actor: request.actor,
        forumId: forum.id,
        cycleId: cycle.id,
      });
      return { meetings: meetings.map((m) => meetingJson(m, cycle.year)) };
    },
  );

  app.post(
    "/api/v1/forums/:forum/meetings",
    {
      schema: {
        tags,
        summary: "Create a meeting (also how a corrected import proposal is confirmed)",
        security,
        params: forumParams,
        body: CreateMeetingBody,
        description:
          "Refused with 409 when the cycle already has this meeting (the same kind and number, or the same date; the message links to it), and with 422 when the date is in another year than the cycle's unless allow_other_year is true.",
        response: {
          201: Meeting,
          401: ErrorResponse,
          403: ErrorResponse,
          404: ErrorResponse,
          409: ErrorResponse,
          422: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.body.year);
      const {
        year: _,
        allow_other_year,
        summary,
        publish,
        participants,
        contributions,
        next_steps,
        ...input
      } = request.body;
      // Everything in one transaction, as the web review form saves it.
      const meeting = await createMeetingRecord(db, {
        actor: request.actor,
        forumId: forum.id,
        cycleId: cycle.id,
        input,
        summary,
        publish,
        participants: (participants ?? []).map((p) => (p.role ? `${p.name} (${p.role})` : p.name)).join("\n"),
        contributions: contributions === undefined ? "" : contributionsText(contributions),
        nextSteps: next_steps,
        allowOtherYear: allow_other_year === true,
        publicUrl: services.config.publicUrl,
        now: services.clock(),
      });
      return reply.status(201).send(meetingJson(meeting, cycle.year));
    },
  );

  app.get(
    "/api/v1/forums/:forum/meetings/:id",
    {
      schema: {
        tags,
        summary: "One meeting with its participants and next steps",
        security,
        params: meetingParams,
        response: {
          200: Type.Object({
            meeting: Meeting,
            participants: Type.Array(
              Type.Object({ name: Type.String(), role: Type.String(), user_id: Nullable(Type.String()) }),
            ),
            next_steps: Type.Array(Action),
          }),
          404: ErrorResponse,
        },
      },
    },
    async (request) => {
      const { forum, meeting, year } = await meetingOf(request.params.forum, request.params.id);
      const view = await viewMeeting(db, {
        actor: request.actor,
        forumId: forum.id,
        cycleId: meeting.cycle_id,
        ref: meeting.id,
      });
      return {
        meeting: meetingJson(view.meeting, year),
        participants: view.attendance.map((a) => ({ name: a.name, role: a.role, user_id: a.user_id })),
        next_steps: view.actions.map(actionJson),
      };
    },
  );

  app.patch(
    "/api/v1/forums/:forum/meetings/:id",
    {
      schema: {
        tags,
        summary: "Change a meeting (all details are replaced), or its summary",
        security,
        params: meetingParams,
        body: Type.Intersect([
          Type.Partial(MeetingBody),
          Type.Object({ summary: Type.Optional(Type.String()), publish: Type.Optional(Type.Boolean()) }),
        ]),
        response: {
          200: Meeting,
          401: ErrorResponse,
          403: ErrorResponse,
          404: ErrorResponse,
          422: ErrorResponse,
        },
      },
    },
    async (request) => {
      const { meeting, year } = await meetingOf(request.params.forum, request.params.id);
      const { summary, publish, ...changes } = request.body;
      const actor = request.actor;
      // Asked first: a request changing nothing must not answer with the members-only details either.
      await requireMeetingEditor(db, actor, meeting.forum_id);
      let after = meeting;
      if (Object.keys(changes).length) {
        const current = Object.fromEntries(Object.entries(meeting).map(([k, v]) => [k, v ?? undefined]));
        after = await updateMeeting(db, {
          actor,
          meetingId: meeting.id,
          input: { ...current, ...changes } as never,
        });
      }
      if (summary !== undefined || publish !== undefined)
        after = await saveSummary(db, {
          actor,
          meetingId: meeting.id,
          summary: summary ?? after.summary,
          publish: publish === true,
          unpublish: publish === false,
          now: services.clock(),
        });
      return meetingJson(after, year);
    },
  );

  app.delete(
    "/api/v1/forums/:forum/meetings/:id",
    {
      schema: {
        tags,
        summary: "Delete a meeting",
        security,
        params: meetingParams,
        response: { 204: Type.Null(), 403: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request, reply) => {
      const { meeting } = await meetingOf(request.params.forum, request.params.id);
      await deleteMeeting(db, { actor: request.actor, meetingId: meeting.id });
      return reply.status(204).send(null);
    },
  );
};
