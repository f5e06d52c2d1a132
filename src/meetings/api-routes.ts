// The meetings API: meetings, their next steps, scheduling polls, and importing a past report.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { Actor } from "../auth/actor.js";
import { findCycle, findForum } from "../forums/lookup.js";
import { ErrorResponse, Year } from "../server/api-schemas.js";
import { invalid, notFound } from "../server/errors.js";
import {
  clashWarning,
  contributionsText,
  createMeetingRecord,
  cycleClashes,
  proposalFormValues,
  proposalJson,
  proposeMeetingFromFile,
} from "./import-service.js";
import {
  type ActionRow,
  addAction,
  deleteAction,
  deleteMeeting,
  listMeetings,
  type MeetingRow,
  saveSummary,
  updateAction,
  updateMeeting,
  viewMeeting,
} from "./meetings.js";
import { requireMeetingEditor } from "./policy.js";
import {
  addPollSlots,
  answerPoll,
  closePoll,
  createPoll,
  deletePoll,
  POLL_GROUP_NAMES,
  remindPoll,
  removePollSlot,
  updatePoll,
  viewPoll,
} from "./polls.js";
import { selectCycleYear, selectMeetingById } from "./queries.js";
import { checkUploadCsrf, readUpload } from "./upload.js";

const tags = ["meetings"];
const security = [{ bearer: [] }];
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const Kind = Type.Union([Type.Literal("virtual"), Type.Literal("informal"), Type.Literal("annual_session")]);

const Meeting = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  year: Type.Integer(),
  kind: Kind,
  number: Type.Union([Type.Integer(), Type.Null()]),
  title: Type.String(),
  date: Type.String(),
  start_time: Nullable(Type.String()),
  end_time: Nullable(Type.String()),
  time_zone: Type.String(),
  starts_at: Nullable(Type.String()),
  ends_at: Nullable(Type.String()),
  room: Type.String(),
  organiser: Type.String(),
  facilitator: Type.String(),
  moderator: Type.String(),
  purpose: Type.String(),
  agenda: Type.String(),
  join_url: Type.String({ description: "Members only; empty for others." }),
  recording_stream_url: Type.String(),
  recording_download_url: Type.String(),
  recording_password: Type.String({ description: "Members only; empty for others." }),
  summary: Type.String({ description: "Paragraphs separated by blank lines; footnotes as “[1]: …” lines." }),
  summary_published_at: Nullable(Type.String()),
  contributions_annex: Type.String({
    description: "The annex of contributions, one “name / organisation” a line.",
  }),
});

const Action = Type.Object({
  id: Type.String(),
  meeting_id: Type.String(),
  text: Type.String(),
  owner_user_id: Nullable(Type.String()),
  owner_text: Type.String(),
  due_text: Type.String(),
  due_date: Nullable(Type.String()),
  due_precision: Nullable(Type.String()),
  status: Type.String(),
});

const MeetingBody = Type.Object({
  kind: Kind,
  number: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
  title: Type.Optional(Type.String({ maxLength: 300 })),
  date: Type.String({ description: "YYYY-MM-DD in the meeting's zone" }),
  start_time: Type.Optional(Type.String({ description: "HH:MM" })),
  end_time: Type.Optional(Type.String({ description: "HH:MM" })),
  time_zone: Type.Optional(Type.String()),
  room: Type.Optional(Type.String()),
  organiser: Type.Optional(Type.String()),
  facilitator: Type.Optional(Type.String()),
  moderator: Type.Optional(Type.String()),
  purpose: Type.Optional(Type.String()),
  agenda: Type.Optional(Type.String()),
  join_url: Type.Optional(Type.String()),
  recording_stream_url: Type.Optional(Type.String()),
  recording_download_url: Type.Optional(Type.String()),
  recording_password: Type.Optional(Type.String()),
});

const CreateMeetingBody = Type.Intersect([
  MeetingBody,
  Type.Object({
    year: Type.Integer({ description: "The cycle's year" }),
    allow_other_year: Type.Optional(
      Type.Boolean({
        description:
          "Create the meeting in this cycle even though its date is in another year (refused otherwise).",
      }),
    ),
    summary: Type.Optional(Type.String()),
    publish: Type.Optional(Type.Boolean()),
    participants: Type.Optional(
      Type.Array(Type.Object({ name: Type.String(), role: Type.Optional(Nullable(Type.String())) })),
    ),
    contributions: Type.Optional(
      Type.Union(
        [
          Type.String({ maxLength: 50_000 }),
          Type.Array(
            Type.Union([
              Type.String(),
              Type.Object({
                name: Type.Optional(Nullable(Type.String())),
                organisation: Type.Optional(Nullable(Type.String())),
              }),
            ]),
            { maxItems: 2000 },
          ),
        ],
        { description: "The annex of contributions: lines “name / organisation”, or the proposal's list." },
      ),
    ),
    next_steps: Type.Optional(
      Type.Array(
        Type.Object({
          text: Type.String({ minLength: 1 }),
          owner: Type.Optional(
            Nullable(Type.String({ description: "A forum member's name, or free text: “the Secretariat”" })),
          ),
          due: Type.Optional(
            Type.Union([
              Type.String({ description: "As worded: “the week of 9 October”" }),
              Type.Object({
                text: Type.String(),
                date: Type.Optional(Nullable(Type.String())),
                precision: Type.Optional(Nullable(Type.String())),
              }),
              Type.Null(),
            ]),
          ),
          status: Type.Optional(
            Type.Union([Type.Literal("open"), Type.Literal("done"), Type.Literal("dropped")], {
              description: "By default done when the meeting is already past, open otherwise.",
            }),
          ),
        }),
        { maxItems: 500 },
      ),
    ),
  }),
]);

const ActionBody = Type.Object({
  text: Type.String({ minLength: 1 }),
  owner_user_id: Type.Optional(Nullable(Type.String())),
  owner_text: Type.Optional(Type.String()),
  due_text: Type.Optional(Type.String()),
  due_date: Type.Optional(Nullable(Type.String())),
  due_precision: Type.Optional(Nullable(Type.String())),
});

const Proposal = Type.Object(
  {
    title: Nullable(Type.String()),
    kind: Type.Union([Kind, Type.Null()]),
    number: Type.Union([Type.Integer(), Type.Null()]),
    date: Nullable(Type.String()),
    facilitator: Nullable(Type.String()),
    moderator: Nullable(Type.String()),
    paragraphs: Type.Array(Type.Object({ number: Type.Integer(), text: Type.String() })),
    footnotes: Type.Array(
      Type.Object({ marker: Type.String(), text: Type.String(), url: Nullable(Type.String()) }),
    ),
    links: Type.Array(
      Type.Object({
        url: Type.String(),
        label: Nullable(Type.String()),
        kind: Type.String(),
        password: Nullable(Type.String()),
      }),
    ),
    participants: Type.Array(Type.Object({ name: Type.String(), role: Nullable(Type.String()) })),
    contributions: Type.Array(
      Type.Object({ name: Nullable(Type.String()), organisation: Nullable(Type.String()) }),
    ),
    next_steps: Type.Array(
      Type.Object({
        text: Type.String(),
        owner: Nullable(Type.String()),
        due: Type.Union([
          Type.Object({
            text: Type.String(),
            date: Nullable(Type.String()),
            precision: Nullable(Type.String()),
          }),
          Type.Null(),
        ]),
        status: Type.Union([Type.Literal("open"), Type.Literal("done")], {
          description: "Done when the meeting is already past: its steps are history, not reminders.",
        }),
      }),
    ),
    sessions: Type.Array(Type.Object({}, { additionalProperties: true })),
    warnings: Type.Array(
      Type.Object({
        code: Type.String({
          description:
            "What to check: the reader's own codes, and with ?year= also duplicate_meeting (the cycle already has this meeting: confirming is refused with 409) and year_mismatch (confirm with allow_other_year).",
        }),
        message: Type.String(),
        meeting_url: Type.Optional(
          Type.String({ description: "For duplicate_meeting: the meeting already there." }),
        ),
      }),
    ),
  },
  { description: "A proposed meeting record; nothing is saved until it is confirmed (POST …/meetings)." },
);

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

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function meetingJson(m: MeetingRow, year: number) {
  return {
    ...m,
    year,
    starts_at: iso(m.starts_at),
    ends_at: iso(m.ends_at),
    summary_published_at: iso(m.summary_published_at),
  };
}

function actionJson(a: ActionRow) {
  return { ...a };
}

const forumParams = Type.Object({ forum: Type.String() });
const meetingParams = Type.Object({ forum: Type.String(), id: Type.String() });

/** The meetings API. */
export const meetingApiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;
  const db = services.database.db;

  async function meetingOf(forumSlug: string, id: string) {
    const forum = await findForum(db, forumSlug);
    const meeting = await selectMeetingById(db, id);
    if (!meeting || meeting.forum_id !== forum.id) throw notFound("There is no such meeting.");
    return { forum, meeting, year: await selectCycleYear(db, meeting.cycle_id) };
  }

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

  app.post(
    "/api/v1/forums/:forum/meetings/import",
    {
      config: { multipart: true },
      schema: {
        tags,
        summary:
          "Read a past summary report (.docx, .pdf or .txt, multipart field “file”) into a proposed record",
        security,
        consumes: ["multipart/form-data"],
        params: forumParams,
        querystring: Type.Object({
          year: Type.Optional(
            Type.Integer({
              description:
                "The cycle the report is meant for: the proposal then warns when that cycle already has the meeting or the report is from another year.",
            }),
          ),
        }),
        response: {
          201: Proposal,
          401: ErrorResponse,
          403: ErrorResponse,
          413: ErrorResponse,
          415: ErrorResponse,
          422: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const forum = await findForum(db, request.params.forum);
      await requireMeetingEditor(db, request.actor, forum.id);
      const upload = await readUpload(request);
      if (request.actor.kind === "user") checkUploadCsrf(request, upload.fields);
      if (!upload.file) {
        throw invalid("Send the report in a multipart field named file.", { file: "meetings.import.noFile" });
      }
      const proposal = await proposeMeetingFromFile(upload.file.buffer, upload.file.fileName, {
        maxBytes: services.config.uploadMaxFileBytes,
      });
      const json: Omit<ReturnType<typeof proposalJson>, "warnings"> & {
        warnings: { code: string; message: string; meeting_url?: string }[];
      } = proposalJson(proposal, { now: services.clock(), timeZone: forum.time_zone });
      if (request.query.year !== undefined) {
        const { cycle } = await findCycle(db, forum.slug, request.query.year);
        const values = proposalFormValues(proposal, forum.time_zone, services.clock());
        const clashes = await cycleClashes(db, { cycleId: cycle.id, candidate: values });
        json.warnings.push(...clashes.map((c) => clashWarning(c, services.config.publicUrl)));
      }
      return reply.status(201).send(json);
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

  app.post(
    "/api/v1/forums/:forum/meetings/:id/actions",
    {
      schema: {
        tags,
        summary: "Add a next step",
        security,
        params: meetingParams,
        body: ActionBody,
        response: { 201: Action, 403: ErrorResponse, 422: ErrorResponse },
      },
    },
    async (request, reply) => {
      const { meeting } = await meetingOf(request.params.forum, request.params.id);
      const action = await addAction(db, {
        actor: request.actor,
        meetingId: meeting.id,
        input: request.body,
      });
      return reply.status(201).send(actionJson(action));
    },
  );

  app.patch(
    "/api/v1/forums/:forum/actions/:id",
    {
      schema: {
        tags,
        summary: "Change a next step (its owner may change only its status)",
        security,
        params: meetingParams,
        body: Type.Partial(Type.Intersect([ActionBody, Type.Object({ status: Type.String() })])),
        response: { 200: Action, 403: ErrorResponse, 404: ErrorResponse, 422: ErrorResponse },
      },
    },
    async (request) => {
      await findForum(db, request.params.forum);
      return actionJson(
        await updateAction(db, { actor: request.actor, actionId: request.params.id, input: request.body }),
      );
    },
  );

  app.delete(
    "/api/v1/forums/:forum/actions/:id",
    {
      schema: {
        tags,
        summary: "Delete a next step",
        security,
        params: meetingParams,
        response: { 204: Type.Null(), 403: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request, reply) => {
      await findForum(db, request.params.forum);
      await deleteAction(db, { actor: request.actor, actionId: request.params.id });
      return reply.status(204).send(null);
    },
  );

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
      const cycle = { year: await selectCycleYear(db, view.poll.cycle_id) };
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
