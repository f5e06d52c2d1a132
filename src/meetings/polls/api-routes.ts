// The meetings API: scheduling polls.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { Actor } from "../../auth/index.js";
import { findCycle, findForum } from "../../forums/index.js";
import { ErrorResponse } from "../../server/api-schemas.js";
import {
  forumParams,
  iso,
  Kind,
  Meeting,
  meetingJson,
  meetingParams,
  Nullable,
  security,
  tags,
} from "../api-schemas.js";
import { cycleYear } from "../places.js";
import { addPollSlots, deletePoll, removePollSlot, updatePoll } from "./edit-service.js";
import { remindPoll } from "./reminders.js";
import { answerPoll, closePoll, createPoll, POLL_GROUP_NAMES, viewPoll } from "./service.js";

const Poll = Type.Object({
  id: Type.String(),
  status: Type.String(),
  title: Type.String(),
  kind: Kind,
  time_zone: Type.String(),
  duration_minutes: Type.Integer(),
  slots: Type.Array(
    Type.Object({
      id: Type.String(),
      starts_at: Type.String(),
      yes: Type.Integer(),
      if_need_be: Type.Integer(),
      no: Type.Integer(),
    }),
  ),
  best_slot_id: Nullable(Type.String({ description: "The suggested time; null while nobody has answered." })),
  meeting_id: Nullable(Type.String()),
  purpose: Type.String(),
  participant_count: Type.Integer({ description: "How many people the poll asks." }),
  answered_count: Type.Integer({ description: "How many of them have answered." }),
  closes_at: Nullable(
    Type.String({
      description: "When answers close; the day before, those who have not answered are reminded.",
    }),
  ),
});

const Closes = Type.Union(
  [
    Type.String({
      description:
        "When answers close: YYYY-MM-DDTHH:MM in the poll's time_zone, or YYYY-MM-DD for the end of that day.",
    }),
    Type.Null(),
  ],
  { description: "When answers close; those who have not answered are reminded the day before." },
);

const ParticipantGroups = Type.Array(Type.Union(POLL_GROUP_NAMES.map((g) => Type.Literal(g))), {
  description:
    "Ask everyone holding these roles: all (every role), secretariat, facilitators (facilitators and lead experts), nri (NRI focal points).",
});
const ParticipantIds = Type.Array(Type.String(), { description: "Ask these people (user ids) too." });

/** The scheduling polls API. */
export const pollApiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;
  const db = services.database.db;

  async function pollJson(forumId: string, actor: Actor, pollId: string) {
    const view = await viewPoll(db, { actor, forumId, pollId });
    return {
      id: view.poll.id,
      status: view.poll.status,
      title: view.poll.title,
      kind: view.poll.kind,
      time_zone: view.poll.time_zone,
      duration_minutes: view.poll.duration_minutes,
      slots: view.tallies.map((t) => ({
        id: t.slot.id,
        starts_at: t.slot.starts_at.toISOString(),
        yes: t.yes,
        if_need_be: t.ifNeedBe,
        no: t.no,
      })),
      best_slot_id: view.answeredCount ? (view.best?.slot.id ?? null) : null,
      meeting_id: view.poll.meeting_id,
      purpose: view.poll.purpose,
      participant_count: view.participants.length,
      answered_count: view.answeredCount,
      closes_at: iso(view.poll.closes_at),
    };
  }

  app.post(
    "/api/v1/forums/:forum/polls",
    {
      schema: {
        tags,
        summary: "Propose time slots for a meeting",
        security,
        params: forumParams,
        body: Type.Object({
          year: Type.Integer(),
          kind: Kind,
          number: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
          title: Type.Optional(Type.String()),
          purpose: Type.Optional(Type.String()),
          duration_minutes: Type.Integer(),
          time_zone: Type.String(),
          slots: Type.Array(Type.String({ description: "YYYY-MM-DDTHH:MM in time_zone" }), {
            minItems: 1,
            maxItems: 50,
          }),
          participant_ids: Type.Optional(ParticipantIds),
          participant_groups: Type.Optional(ParticipantGroups),
          closes: Type.Optional(Closes),
        }),
        description:
          "Asks everyone with a role in the forum when neither participant_groups nor participant_ids is given, and mails each of them the poll's link and times (in their own zone when their profile gives one).",
        response: { 201: Poll, 403: ErrorResponse, 422: ErrorResponse },
      },
    },
    async (request, reply) => {
      const { year, ...input } = request.body;
      const { forum, cycle } = await findCycle(db, request.params.forum, year);
      const poll = await createPoll(db, {
        actor: request.actor,
        forumId: forum.id,
        cycleId: cycle.id,
        input,
        now: services.clock(),
        publicUrl: services.config.publicUrl,
      });
      return reply.status(201).send(await pollJson(forum.id, request.actor, poll.id));
    },
  );

  app.get(
    "/api/v1/forums/:forum/polls/:id",
    {
      schema: {
        tags,
        summary: "A scheduling poll with its tallies",
        security,
        params: meetingParams,
        response: { 200: Poll, 403: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => {
      const forum = await findForum(db, request.params.forum);
      return pollJson(forum.id, request.actor, request.params.id);
    },
  );

  app.put(
    "/api/v1/forums/:forum/polls/:id/answers",
    {
      schema: {
        tags,
        summary: "Answer a poll: slot id → yes, if_need_be or no",
        security,
        params: meetingParams,
        body: Type.Record(
          Type.String(),
          Type.Union([Type.Literal("yes"), Type.Literal("if_need_be"), Type.Literal("no")]),
        ),
        response: { 200: Poll, 403: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (request) => {
      const forum = await findForum(db, request.params.forum);
      await answerPoll(db, {
        actor: request.actor,
        pollId: request.params.id,
        answers: request.body,
        now: services.clock(),
      });
      return pollJson(forum.id, request.actor, request.params.id);
    },
  );

  app.post(
    "/api/v1/forums/:forum/polls/:id/close",
    {
      schema: {
        tags,
        summary:
          "Close a poll on a slot (the suggested one by default): creates the meeting and sends invitations",
        security,
        params: meetingParams,
        body: Type.Object({ slot_id: Type.Optional(Type.String()) }),
        response: { 200: Meeting, 403: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (request) => {
      const forum = await findForum(db, request.params.forum);
      const view = await viewPoll(db, { actor: request.actor, forumId: forum.id, pollId: request.params.id });
      const cycle = { year: await cycleYear(db, view.poll.cycle_id) };
      const { meeting } = await closePoll(db, {
        actor: request.actor,
        pollId: request.params.id,
        slotId: request.body.slot_id,
        now: services.clock(),
        publicUrl: services.config.publicUrl,
        mailFrom: services.config.mailFrom,
        forum,
        year: cycle.year,
      });
      return meetingJson(meeting, cycle.year);
    },
  );

  const pollParams = Type.Object({ forum: Type.String(), id: Type.String() });
  const slotParams = Type.Object({ forum: Type.String(), id: Type.String(), slotId: Type.String() });
  const closedNote = "An open poll only: a closed poll answers 409.";

  app.patch(
    "/api/v1/forums/:forum/polls/:id",
    {
      schema: {
        tags,
        summary: "Change an open poll's title, purpose, closing time or the people asked",
        description: `Absent fields stay as they are. Giving participant_groups or participant_ids sets who is asked: people newly asked are invited by mail, people no longer asked lose their answers. closes: null removes the closing time. ${closedNote}`,
        security,
        params: pollParams,
        body: Type.Object({
          title: Type.Optional(Type.String()),
          purpose: Type.Optional(Type.String()),
          participant_ids: Type.Optional(ParticipantIds),
          participant_groups: Type.Optional(ParticipantGroups),
          closes: Type.Optional(Closes),
        }),
        response: {
          200: Poll,
          403: ErrorResponse,
          404: ErrorResponse,
          409: ErrorResponse,
          422: ErrorResponse,
        },
      },
    },
    async (request) => {
      const forum = await findForum(db, request.params.forum);
      await updatePoll(db, {
        actor: request.actor,
        forumId: forum.id,
        pollId: request.params.id,
        input: request.body,
        now: services.clock(),
        publicUrl: services.config.publicUrl,
      });
      return pollJson(forum.id, request.actor, request.params.id);
    },
  );

  app.post(
    "/api/v1/forums/:forum/polls/:id/remind",
    {
      schema: {
        tags,
        summary: "Remind the people who have not answered an open poll",
        description: `Each gets the poll's link and times again, in their language and zone. People reminded in the last hour are skipped; when that leaves nobody (or everyone has answered) the answer is 422. ${closedNote}`,
        security,
        params: pollParams,
        response: {
          200: Type.Object({ reminded: Type.Integer({ description: "How many people were reminded." }) }),
          403: ErrorResponse,
          404: ErrorResponse,
          409: ErrorResponse,
          422: ErrorResponse,
        },
      },
    },
    async (request) => {
      const forum = await findForum(db, request.params.forum);
      const reminded = await remindPoll(db, {
        actor: request.actor,
        forumId: forum.id,
        pollId: request.params.id,
        now: services.clock(),
        publicUrl: services.config.publicUrl,
      });
      return { reminded };
    },
  );

  app.delete(
    "/api/v1/forums/:forum/polls/:id",
    {
      schema: {
        tags,
        summary: "Delete an open poll with its times and answers",
        description: `Participants are not told. ${closedNote}`,
        security,
        params: pollParams,
        response: { 204: Type.Null(), 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (request, reply) => {
      const forum = await findForum(db, request.params.forum);
      await deletePoll(db, { actor: request.actor, forumId: forum.id, pollId: request.params.id });
      return reply.status(204).send(null);
    },
  );

  app.post(
    "/api/v1/forums/:forum/polls/:id/slots",
    {
      schema: {
        tags,
        summary: "Propose more start times in an open poll",
        description: `Times are read in the poll's time zone; a time already proposed is refused (422). ${closedNote}`,
        security,
        params: pollParams,
        body: Type.Object({
          slots: Type.Array(Type.String({ description: "YYYY-MM-DDTHH:MM in the poll's time_zone" }), {
            minItems: 1,
            maxItems: 50,
          }),
        }),
        response: {
          201: Poll,
          403: ErrorResponse,
          404: ErrorResponse,
          409: ErrorResponse,
          422: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const forum = await findForum(db, request.params.forum);
      await addPollSlots(db, {
        actor: request.actor,
        forumId: forum.id,
        pollId: request.params.id,
        slots: request.body.slots,
      });
      return reply.status(201).send(await pollJson(forum.id, request.actor, request.params.id));
    },
  );

  app.delete(
    "/api/v1/forums/:forum/polls/:id/slots/:slotId",
    {
      schema: {
        tags,
        summary: "Withdraw a start time from an open poll, with its answers",
        description: `Participants are not told. The last time cannot be withdrawn (409). ${closedNote}`,
        security,
        params: slotParams,
        response: { 204: Type.Null(), 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (request, reply) => {
      const forum = await findForum(db, request.params.forum);
      await removePollSlot(db, {
        actor: request.actor,
        forumId: forum.id,
        pollId: request.params.id,
        slotId: request.params.slotId,
      });
      return reply.status(204).send(null);
    },
  );
};
