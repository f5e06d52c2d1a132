// Meeting pages: the cycle's list, a meeting and its forms, the summary editor and its .docx, polls,
// importing a past report, "my actions", and the forum's Atom feed of published summaries.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { selectForumPeople } from "../auth/users.js";
import { type CycleRow, type ForumRow, findCycle, findForum } from "../forums/lookup.js";
import { formatInZone } from "../forums/time/zones.js";
import { AppError, type FieldErrors, notFound } from "../server/errors.js";
import { fieldErrorsOf, formFields, seeOther } from "../server/forms.js";
import { sendPage } from "../server/render.js";
import { translator } from "../ui/i18n/translate.js";
import { atomFeed } from "./atom.js";
import { parseSummary, participantLine } from "./format.js";
import { confirmImport, cycleClashes, proposalFormValues, proposeMeetingFromFile } from "./import-service.js";
import {
  addAction,
  createMeeting,
  listMeetings,
  type MeetingInput,
  myOpenActions,
  replaceAttendance,
  saveSummary,
  setOwnAttendance,
  updateAction,
  updateMeeting,
  viewMeeting,
} from "./meetings.js";
import {
  dueOf,
  ImportReviewPage,
  ImportUploadPage,
  MeetingFormPage,
  MeetingPage,
  MeetingsListPage,
  MyActionsPage,
  type ParticipantChoice,
  PollDeletePage,
  PollEditPage,
  PollFormPage,
  PollPage,
  type PollPerson,
  readerZone,
  SummaryEditPage,
} from "./pages.js";
import { requireMeetingEditor } from "./policy.js";
import {
  addPollSlots,
  answerPoll,
  closePoll,
  closesField,
  createPoll,
  deletePoll,
  pollsAwaitingAnswer,
  remindPoll,
  removePollSlot,
  requireEditablePoll,
  updatePoll,
  viewerZone,
  viewPoll,
} from "./polls.js";
import {
  selectCyclePolls,
  selectMeetingById,
  selectMeetingByRef,
  selectPollParticipants,
  selectPublishedSummaries,
  selectSlots,
} from "./queries.js";
import "./register.js";
import { meetingTitle } from "./titles.js";
import { checkUploadCsrf, readUpload } from "./upload.js";

const cycleParams = Type.Object({ forum: Type.String(), year: Type.String() });
const meetingParams = Type.Object({ forum: Type.String(), year: Type.String(), ref: Type.String() });
const pollParams = Type.Object({ forum: Type.String(), year: Type.String(), poll: Type.String() });
const slotParams = Type.Object({
  forum: Type.String(),
  year: Type.String(),
  poll: Type.String(),
  slot: Type.String(),
});
const actionParams = Type.Object({
  forum: Type.String(),
  year: Type.String(),
  ref: Type.String(),
  action: Type.String(),
});

const MEETING_FIELDS = [
  "kind",
  "number",
  "title",
  "date",
  "start_time",
  "end_time",
  "time_zone",
  "room",
  "organiser",
  "facilitator",
  "moderator",
  "purpose",
  "agenda",
  "join_url",
  "recording_stream_url",
  "recording_download_url",
  "recording_password",
] as const;

function meetingInputOf(form: Record<string, string>): MeetingInput {
  return Object.fromEntries(MEETING_FIELDS.map((f) => [f, form[f] ?? ""])) as unknown as MeetingInput;
}

/** Every value a form sent under one name (checkboxes send one per ticked box). */
function formList(body: unknown, name: string): string[] {
  const value = body && typeof body === "object" ? (body as Record<string, unknown>)[name] : undefined;
  const values = Array.isArray(value) ? value : [value];
  return values.filter((v): v is string => typeof v === "string" && v !== "");
}

/** The groups and people ticked in a poll form's "who is asked". */
function participantChoice(
  body: unknown,
): ParticipantChoice & { participant_groups: string[]; participant_ids: string[] } {
  const groups = formList(body, "participant_groups");
  const ids = formList(body, "participant_ids");
  return { groups, ids, participant_groups: groups, participant_ids: ids };
}

/** Meeting pages. */
export const meetingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;
  const db = services.database.db;

  async function peopleOf(forumId: string): Promise<Map<string, string>> {
    const people = await selectForumPeople(db, forumId);
    return new Map(people.map((p) => [p.id, p.name]));
  }

  async function meetingPage(
    request: FastifyRequest,
    reply: FastifyReply,
    params: { forum: string; year: string; ref: string },
    extra: { notice?: string; errors?: FieldErrors } = {},
    status = 200,
  ) {
    const { forum, cycle } = await findCycle(db, params.forum, params.year);
    const view = await viewMeeting(db, {
      actor: request.actor,
      forumId: forum.id,
      cycleId: cycle.id,
      ref: params.ref,
    });
    return sendPage(
      reply,
      <MeetingPage
        ctx={request.pageContext()}
        forum={forum}
        cycle={cycle}
        {...view}
        people={await peopleOf(forum.id)}
        {...extra}
      />,
      status,
    );
  }

  async function editable(request: FastifyRequest, params: { forum: string; year: string; ref: string }) {
    const { forum, cycle } = await findCycle(db, params.forum, params.year);
    const meeting = await selectMeetingByRef(db, cycle.id, params.ref);
    if (!meeting || meeting.forum_id !== forum.id) throw notFound("There is no such meeting.");
    await requireMeetingEditor(db, request.actor, forum.id);
    return { forum, cycle, meeting };
  }

  app.get(
    "/f/:forum/:year/meetings",
    { schema: { params: cycleParams, querystring: Type.Object({ done: Type.Optional(Type.String()) }) } },
    async (request, reply) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      const { access, meetings } = await listMeetings(db, {
        actor: request.actor,
        forumId: forum.id,
        cycleId: cycle.id,
      });
      const polls = access.isMember ? await selectCyclePolls(db, cycle.id) : [];
      return sendPage(
        reply,
        <MeetingsListPage
          ctx={request.pageContext()}
          forum={forum}
          cycle={cycle}
          meetings={meetings}
          polls={polls}
          access={access}
          notice={
            request.query.done === "poll-deleted"
              ? request.pageContext().t("meetings.poll.deleted")
              : undefined
          }
        />,
      );
    },
  );

  app.get("/f/:forum/:year/meetings/new", { schema: { params: cycleParams } }, async (request, reply) => {
    const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
    await requireMeetingEditor(db, request.actor, forum.id);
    return sendPage(
      reply,
      <MeetingFormPage
        ctx={request.pageContext()}
        forum={forum}
        cycle={cycle}
        action={`/f/${forum.slug}/${cycle.year}/meetings`}
        values={{ kind: "virtual", time_zone: forum.time_zone }}
      />,
    );
  });

  app.post("/f/:forum/:year/meetings", { schema: { params: cycleParams } }, async (request, reply) => {
    const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
    const form = formFields(request.body);
    try {
      const meeting = await createMeeting(db, {
        actor: request.actor,
        forumId: forum.id,
        cycleId: cycle.id,
        input: meetingInputOf(form),
      });
      return seeOther(reply, `/f/${forum.slug}/${cycle.year}/meetings/${meeting.slug}`);
    } catch (error) {
      const errors = fieldErrorsOf(error);
      return sendPage(
        reply,
        <MeetingFormPage
          ctx={request.pageContext()}
          forum={forum}
          cycle={cycle}
          action={`/f/${forum.slug}/${cycle.year}/meetings`}
          values={form}
          errors={errors}
        />,
        422,
      );
    }
  });

  app.get(
    "/f/:forum/:year/meetings/:ref",
    { schema: { params: meetingParams, querystring: Type.Object({ done: Type.Optional(Type.String()) }) } },
    async (request, reply) => {
      const done = request.query.done;
      const notice =
        done && /^[a-z]+$/.test(done)
          ? request
              .pageContext()
              .t(`meetings.done.${["closed", "imported", "published"].includes(done) ? done : "saved"}`)
          : undefined;
      return meetingPage(request, reply, request.params, { notice });
    },
  );

  app.get(
    "/f/:forum/:year/meetings/:ref/edit",
    { schema: { params: meetingParams } },
    async (request, reply) => {
      const { forum, cycle, meeting } = await editable(request, request.params);
      const values = Object.fromEntries(
        MEETING_FIELDS.map((f) => [
          f,
          meeting[f] === null || meeting[f] === undefined ? "" : String(meeting[f]),
        ]),
      );
      return sendPage(
        reply,
        <MeetingFormPage
          ctx={request.pageContext()}
          forum={forum}
          cycle={cycle}
          action={`/f/${forum.slug}/${cycle.year}/meetings/${meeting.slug}/edit`}
          values={values}
          editing
        />,
      );
    },
  );

  app.post(
    "/f/:forum/:year/meetings/:ref/edit",
    { schema: { params: meetingParams } },
    async (request, reply) => {
      const { forum, cycle, meeting } = await editable(request, request.params);
      const form = formFields(request.body);
      try {
        const after = await updateMeeting(db, {
          actor: request.actor,
          meetingId: meeting.id,
          input: meetingInputOf(form),
        });
        return seeOther(reply, `/f/${forum.slug}/${cycle.year}/meetings/${after.slug}?done=saved`);
      } catch (error) {
        return sendPage(
          reply,
          <MeetingFormPage
            ctx={request.pageContext()}
            forum={forum}
            cycle={cycle}
            action={`/f/${forum.slug}/${cycle.year}/meetings/${meeting.slug}/edit`}
            values={form}
            errors={fieldErrorsOf(error)}
            editing
          />,
          422,
        );
      }
    },
  );

  app.post(
    "/f/:forum/:year/meetings/:ref/attendance",
    { schema: { params: meetingParams } },
    async (request, reply) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      const meeting = await selectMeetingByRef(db, cycle.id, request.params.ref);
      if (!meeting) throw notFound("There is no such meeting.");
      const form = formFields(request.body);
      await setOwnAttendance(db, {
        actor: request.actor,
        meetingId: meeting.id,
        present: form.present !== "no",
      });
      return seeOther(reply, `/f/${forum.slug}/${cycle.year}/meetings/${meeting.slug}#participants-title`);
    },
  );

  app.post(
    "/f/:forum/:year/meetings/:ref/participants",
    { schema: { params: meetingParams } },
    async (request, reply) => {
      const { forum, cycle, meeting } = await editable(request, request.params);
      const form = formFields(request.body);
      await replaceAttendance(db, {
        actor: request.actor,
        meetingId: meeting.id,
        lines: form.participants ?? "",
      });
      return seeOther(
        reply,
        `/f/${forum.slug}/${cycle.year}/meetings/${meeting.slug}?done=saved#participants-title`,
      );
    },
  );

  app.post(
    "/f/:forum/:year/meetings/:ref/actions",
    { schema: { params: meetingParams } },
    async (request, reply) => {
      const { forum, cycle, meeting } = await editable(request, request.params);
      const form = formFields(request.body);
      try {
        await addAction(db, {
          actor: request.actor,
          meetingId: meeting.id,
          input: {
            text: form.text ?? "",
            owner_user_id: form.owner_user_id || null,
            owner_text: form.owner_text ?? "",
            due_text: form.due_text ?? "",
            due_date: form.due_date || null,
            due_precision: form.due_precision || null,
          },
        });
      } catch (error) {
        return meetingPage(request, reply, request.params, { errors: fieldErrorsOf(error) }, 422);
      }
      return seeOther(
        reply,
        `/f/${forum.slug}/${cycle.year}/meetings/${meeting.slug}?done=saved#next-steps-title`,
      );
    },
  );

  app.post(
    "/f/:forum/:year/meetings/:ref/actions/:action",
    { schema: { params: actionParams } },
    async (request, reply) => {
      const form = formFields(request.body);
      await updateAction(db, {
        actor: request.actor,
        actionId: request.params.action,
        input: { status: form.status ?? "" },
      });
      const back =
        form.back === "mine"
          ? "/me/actions"
          : `/f/${request.params.forum}/${request.params.year}/meetings/${request.params.ref}#next-steps-title`;
      return seeOther(reply, back);
    },
  );

  async function summaryPage(
    request: FastifyRequest,
    reply: FastifyReply,
    params: { forum: string; year: string; ref: string },
    extra: { value?: string; errors?: FieldErrors; saved?: boolean },
    status = 200,
  ) {
    const { forum, cycle, meeting } = await editable(request, params);
    return sendPage(
      reply,
      <SummaryEditPage
        ctx={request.pageContext()}
        forum={forum}
        cycle={cycle}
        meeting={meeting}
        value={extra.value ?? meeting.summary}
        errors={extra.errors}
        saved={extra.saved}
      />,
      status,
    );
  }

  app.get(
    "/f/:forum/:year/meetings/:ref/summary",
    { schema: { params: meetingParams, querystring: Type.Object({ saved: Type.Optional(Type.String()) }) } },
    (request, reply) => summaryPage(request, reply, request.params, { saved: request.query.saved === "1" }),
  );

  app.post(
    "/f/:forum/:year/meetings/:ref/summary",
    { schema: { params: meetingParams } },
    async (request, reply) => {
      const { forum, cycle, meeting } = await editable(request, request.params);
      const form = formFields(request.body);
      try {
        await saveSummary(db, {
          actor: request.actor,
          meetingId: meeting.id,
          summary: form.summary ?? "",
          publish: form.intent === "publish",
          now: services.clock(),
        });
      } catch (error) {
        return summaryPage(
          request,
          reply,
          request.params,
          { value: form.summary, errors: fieldErrorsOf(error) },
          422,
        );
      }
      if (form.intent === "publish")
        return seeOther(reply, `/f/${forum.slug}/${cycle.year}/meetings/${meeting.slug}?done=published`);
      return seeOther(reply, `/f/${forum.slug}/${cycle.year}/meetings/${meeting.slug}/summary?saved=1`);
    },
  );

  app.get(
    "/f/:forum/:year/meetings/:ref/summary.docx",
    { schema: { params: meetingParams } },
    async (request, reply) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      const view = await viewMeeting(db, {
        actor: request.actor,
        forumId: forum.id,
        cycleId: cycle.id,
        ref: request.params.ref,
      });
      if (!view.meeting.summary) throw notFound("This meeting has no summary yet.");
      const ctx = request.pageContext();
      const people = await peopleOf(forum.id);
      const title = meetingTitle(ctx.t, view.meeting);
      // The docx library is large: loaded on the first export only.
      const { summaryDocx } = await import("./docx.js");
      const bytes = await summaryDocx({
        forumName: forum.name,
        title,
        dateLine: formatInZone(new Date(`${view.meeting.date}T12:00:00Z`), "UTC", ctx.locale, "date"),
        summary: parseSummary(view.meeting.summary),
        headings: {
          summary: ctx.t("meetings.summary.title"),
          nextSteps: ctx.t("meetings.actions.title"),
          participants: ctx.t("meetings.participants.title"),
        },
        nextSteps: view.actions.map((a) => {
          const owner = a.owner_user_id ? (people.get(a.owner_user_id) ?? "") : a.owner_text;
          // A step entered with a date only has no worded due: the date (and its precision) is the due.
          return [a.text, owner, dueOf(ctx, a)].filter(Boolean).join(" — ");
        }),
        participants: view.attendance.map(participantLine),
      });
      return reply
        .type("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        .header("content-disposition", `attachment; filename="${view.meeting.slug}-summary.docx"`)
        .send(bytes);
    },
  );

  // Scheduling polls.
  /** The forum's people, for a poll's "who is asked". */
  async function pollPeople(forumId: string): Promise<PollPerson[]> {
    return (await selectForumPeople(db, forumId)).map((p) => ({ id: p.id, name: p.name, roles: p.roles }));
  }

  app.get("/f/:forum/:year/polls/new", { schema: { params: cycleParams } }, async (request, reply) => {
    const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
    await requireMeetingEditor(db, request.actor, forum.id);
    const zone = (await viewerZone(db, request.actor)) ?? forum.time_zone;
    return sendPage(
      reply,
      <PollFormPage
        ctx={request.pageContext()}
        forum={forum}
        cycle={cycle}
        values={{ kind: "virtual", duration_minutes: "90", time_zone: zone }}
        people={await pollPeople(forum.id)}
        chosen={{ groups: ["all"], ids: [] }}
      />,
    );
  });

  app.post("/f/:forum/:year/polls", { schema: { params: cycleParams } }, async (request, reply) => {
    const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
    const form = formFields(request.body);
    const chosen = participantChoice(request.body);
    try {
      const poll = await createPoll(db, {
        actor: request.actor,
        forumId: forum.id,
        cycleId: cycle.id,
        input: {
          kind: form.kind ?? "",
          number: form.number,
          title: form.title,
          purpose: form.purpose,
          duration_minutes: form.duration_minutes ?? "",
          time_zone: form.time_zone ?? "",
          slots: (form.slots ?? "").split(/\r?\n/),
          closes: form.closes,
          participant_groups: chosen.participant_groups,
          participant_ids: chosen.participant_ids,
        },
        now: services.clock(),
        publicUrl: services.config.publicUrl,
      });
      return seeOther(reply, `/f/${forum.slug}/${cycle.year}/polls/${poll.id}`);
    } catch (error) {
      const errors = fieldErrorsOf(error);
      return sendPage(
        reply,
        <PollFormPage
          ctx={request.pageContext()}
          forum={forum}
          cycle={cycle}
          values={form}
          people={await pollPeople(forum.id)}
          chosen={chosen}
          errors={errors}
        />,
        422,
      );
    }
  });

  async function pollPage(
    request: FastifyRequest,
    reply: FastifyReply,
    forum: ForumRow,
    cycle: CycleRow,
    pollId: string,
    extra: { notice?: string; errors?: FieldErrors } = {},
    status = 200,
  ) {
    const view = await viewPoll(db, { actor: request.actor, forumId: forum.id, pollId });
    const ctx = request.pageContext();
    let meetingSlug: string | undefined;
    if (view.poll.meeting_id) {
      meetingSlug = (await selectMeetingById(db, view.poll.meeting_id))?.slug;
    }
    return sendPage(
      reply,
      <PollPage
        ctx={ctx}
        forum={forum}
        cycle={cycle}
        poll={view.poll}
        tallies={view.tallies}
        best={view.best}
        myAnswers={view.myAnswers}
        participantCount={view.participants.length}
        answeredCount={view.answeredCount}
        unansweredCount={view.unansweredCount}
        canEdit={view.access.canEdit}
        zone={readerZone(ctx, forum)}
        meetingSlug={meetingSlug}
        now={services.clock()}
        notice={extra.notice}
        errors={extra.errors}
      />,
      status,
    );
  }

  app.get(
    "/f/:forum/:year/polls/:poll",
    {
      schema: {
        params: pollParams,
        querystring: Type.Object({
          saved: Type.Optional(Type.String()),
          reminded: Type.Optional(Type.String({ pattern: "^[0-9]{1,6}$" })),
        }),
      },
    },
    async (request, reply) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      const t = request.pageContext().t;
      const notice =
        request.query.saved === "1"
          ? t("meetings.poll.saved")
          : request.query.reminded
            ? t("meetings.poll.reminded", { count: Number(request.query.reminded) })
            : undefined;
      return pollPage(request, reply, forum, cycle, request.params.poll, { notice });
    },
  );

  app.post(
    "/f/:forum/:year/polls/:poll/remind",
    { schema: { params: pollParams } },
    async (request, reply) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      try {
        const reminded = await remindPoll(db, {
          actor: request.actor,
          forumId: forum.id,
          pollId: request.params.poll,
          now: services.clock(),
          publicUrl: services.config.publicUrl,
        });
        return seeOther(
          reply,
          `/f/${forum.slug}/${cycle.year}/polls/${request.params.poll}?reminded=${reminded}`,
        );
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== "invalid") throw error;
        const errors = fieldErrorsOf(error);
        return pollPage(request, reply, forum, cycle, request.params.poll, { errors }, 422);
      }
    },
  );

  app.post(
    "/f/:forum/:year/polls/:poll/answers",
    { schema: { params: pollParams } },
    async (request, reply) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      const form = formFields(request.body);
      const answers = Object.fromEntries(
        Object.entries(form)
          .filter(([k]) => k.startsWith("slot_"))
          .map(([k, v]) => [k.slice(5), v]),
      );
      await answerPoll(db, {
        actor: request.actor,
        pollId: request.params.poll,
        answers,
        now: services.clock(),
      });
      return seeOther(reply, `/f/${forum.slug}/${cycle.year}/polls/${request.params.poll}?saved=1`);
    },
  );

  app.post(
    "/f/:forum/:year/polls/:poll/close",
    { schema: { params: pollParams } },
    async (request, reply) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      const form = formFields(request.body);
      const { meeting } = await closePoll(db, {
        actor: request.actor,
        pollId: request.params.poll,
        slotId: form.slot_id || undefined,
        now: services.clock(),
        publicUrl: services.config.publicUrl,
        mailFrom: services.config.mailFrom,
        forum,
        year: cycle.year,
      });
      return seeOther(reply, `/f/${forum.slug}/${cycle.year}/meetings/${meeting.slug}?done=closed`);
    },
  );

  // Changing an open poll: its title, purpose and who is asked; its times; deleting it.
  async function pollEditPage(
    request: FastifyRequest,
    reply: FastifyReply,
    params: { forum: string; year: string; poll: string },
    state: {
      values?: Record<string, string>;
      chosen?: ParticipantChoice;
      slotValues?: Record<string, string>;
      errors?: FieldErrors;
      slotErrors?: FieldErrors;
      notice?: string;
    } = {},
    status = 200,
  ) {
    const { forum, cycle } = await findCycle(db, params.forum, params.year);
    const poll = await requireEditablePoll(db, {
      actor: request.actor,
      forumId: forum.id,
      pollId: params.poll,
    });
    const [slots, participants, people] = await Promise.all([
      selectSlots(db, poll.id),
      selectPollParticipants(db, poll.id),
      pollPeople(forum.id),
    ]);
    const ctx = request.pageContext();
    return sendPage(
      reply,
      <PollEditPage
        ctx={ctx}
        forum={forum}
        cycle={cycle}
        poll={poll}
        slots={slots}
        values={state.values ?? { title: poll.title, purpose: poll.purpose, closes: closesField(poll) }}
        people={people}
        chosen={state.chosen ?? { groups: [], ids: participants.map((p) => p.id) }}
        zone={readerZone(ctx, forum)}
        slotValues={state.slotValues}
        errors={state.errors}
        slotErrors={state.slotErrors}
        notice={state.notice}
      />,
      status,
    );
  }

  app.get(
    "/f/:forum/:year/polls/:poll/edit",
    { schema: { params: pollParams, querystring: Type.Object({ saved: Type.Optional(Type.String()) }) } },
    async (request, reply) => {
      const notice =
        request.query.saved === "1" ? request.pageContext().t("meetings.poll.updated") : undefined;
      return pollEditPage(request, reply, request.params, { notice });
    },
  );

  app.post("/f/:forum/:year/polls/:poll/edit", { schema: { params: pollParams } }, async (request, reply) => {
    const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
    const form = formFields(request.body);
    const chosen = participantChoice(request.body);
    try {
      await updatePoll(db, {
        actor: request.actor,
        forumId: forum.id,
        pollId: request.params.poll,
        input: {
          title: form.title ?? "",
          purpose: form.purpose ?? "",
          closes: form.closes ?? "",
          participant_groups: chosen.participant_groups,
          participant_ids: chosen.participant_ids,
        },
        now: services.clock(),
        publicUrl: services.config.publicUrl,
      });
      return seeOther(reply, `/f/${forum.slug}/${cycle.year}/polls/${request.params.poll}/edit?saved=1`);
    } catch (error) {
      const errors = fieldErrorsOf(error);
      return pollEditPage(request, reply, request.params, { values: form, chosen, errors }, 422);
    }
  });

  app.post(
    "/f/:forum/:year/polls/:poll/slots",
    { schema: { params: pollParams } },
    async (request, reply) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      const form = formFields(request.body);
      try {
        await addPollSlots(db, {
          actor: request.actor,
          forumId: forum.id,
          pollId: request.params.poll,
          slots: (form.slots ?? "").split(/\r?\n/),
        });
        return seeOther(reply, `/f/${forum.slug}/${cycle.year}/polls/${request.params.poll}/edit?saved=1`);
      } catch (error) {
        const slotErrors = fieldErrorsOf(error);
        return pollEditPage(request, reply, request.params, { slotValues: form, slotErrors }, 422);
      }
    },
  );

  app.post(
    "/f/:forum/:year/polls/:poll/slots/:slot/delete",
    { schema: { params: slotParams } },
    async (request, reply) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      await removePollSlot(db, {
        actor: request.actor,
        forumId: forum.id,
        pollId: request.params.poll,
        slotId: request.params.slot,
      });
      return seeOther(reply, `/f/${forum.slug}/${cycle.year}/polls/${request.params.poll}/edit?saved=1`);
    },
  );

  app.get(
    "/f/:forum/:year/polls/:poll/delete",
    { schema: { params: pollParams } },
    async (request, reply) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      const poll = await requireEditablePoll(db, {
        actor: request.actor,
        forumId: forum.id,
        pollId: request.params.poll,
      });
      return sendPage(
        reply,
        <PollDeletePage ctx={request.pageContext()} forum={forum} cycle={cycle} poll={poll} />,
      );
    },
  );

  app.post(
    "/f/:forum/:year/polls/:poll/delete",
    { schema: { params: pollParams } },
    async (request, reply) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      await deletePoll(db, { actor: request.actor, forumId: forum.id, pollId: request.params.poll });
      return seeOther(reply, `/f/${forum.slug}/${cycle.year}/meetings?done=poll-deleted`);
    },
  );

  // Importing a past report.
  app.get("/f/:forum/:year/meetings/import", { schema: { params: cycleParams } }, async (request, reply) => {
    const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
    await requireMeetingEditor(db, request.actor, forum.id);
    return sendPage(reply, <ImportUploadPage ctx={request.pageContext()} forum={forum} cycle={cycle} />);
  });

  app.post(
    "/f/:forum/:year/meetings/import",
    { config: { multipart: true }, schema: { params: cycleParams } },
    async (request, reply) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      // The role is checked before the upload is read, so strangers cannot make the server hold files.
      await requireMeetingEditor(db, request.actor, forum.id);
      const upload = await readUpload(request);
      checkUploadCsrf(request, upload.fields);
      const ctx = request.pageContext();
      if (!upload.file)
        return sendPage(
          reply,
          <ImportUploadPage ctx={ctx} forum={forum} cycle={cycle} error={ctx.t("meetings.import.noFile")} />,
          422,
        );
      try {
        const proposal = await proposeMeetingFromFile(upload.file.buffer, upload.file.fileName, {
          maxBytes: services.config.uploadMaxFileBytes,
        });
        const values = proposalFormValues(proposal, forum.time_zone, services.clock());
        return sendPage(
          reply,
          <ImportReviewPage
            ctx={ctx}
            forum={forum}
            cycle={cycle}
            fileName={upload.file.fileName}
            values={values}
            warnings={proposal.warnings}
            clashes={await cycleClashes(db, { cycleId: cycle.id, candidate: values })}
          />,
        );
      } catch (error) {
        if (
          error instanceof AppError &&
          ["invalid", "too_large", "unsupported_media_type"].includes(error.code)
        ) {
          const key = error.messageKey ?? error.fields?.file ?? "meetings.import.unreadable";
          return sendPage(
            reply,
            <ImportUploadPage ctx={ctx} forum={forum} cycle={cycle} error={ctx.t(key)} />,
            error.status,
          );
        }
        throw error;
      }
    },
  );

  app.post(
    "/f/:forum/:year/meetings/import/confirm",
    { schema: { params: cycleParams } },
    async (request, reply) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      const form = formFields(request.body);
      try {
        const meeting = await confirmImport(db, {
          actor: request.actor,
          forumId: forum.id,
          cycleId: cycle.id,
          values: form,
          fileName: form.file_name ?? "",
          now: services.clock(),
          publicUrl: services.config.publicUrl,
        });
        return seeOther(reply, `/f/${forum.slug}/${cycle.year}/meetings/${meeting.slug}?done=imported`);
      } catch (error) {
        // The form comes back with what was typed: with each field's problem, or (409) naming the meeting the
        // cycle already has. Anything else (a refusal of the person, a fault) is not the form's to show.
        const duplicate =
          error instanceof AppError && error.messageKey === "meetings.import.duplicateRefused";
        if (!(error instanceof AppError) || (error.code !== "invalid" && !duplicate)) throw error;
        return sendPage(
          reply,
          <ImportReviewPage
            ctx={request.pageContext()}
            forum={forum}
            cycle={cycle}
            fileName={form.file_name ?? ""}
            values={form}
            warnings={[]}
            clashes={await cycleClashes(db, { cycleId: cycle.id, candidate: form })}
            refusedDuplicate={duplicate}
            errors={duplicate ? undefined : fieldErrorsOf(error)}
          />,
          duplicate ? 409 : 422,
        );
      }
    },
  );

  app.get("/me/actions", async (request, reply) => {
    const actor = request.actor;
    if (actor.kind !== "user") return seeOther(reply, `/sign-in?next=${encodeURIComponent("/me/actions")}`);
    const [actions, polls] = await Promise.all([
      myOpenActions(db, actor.userId),
      pollsAwaitingAnswer(db, actor.userId, services.clock()),
    ]);
    const ctx = request.pageContext();
    return sendPage(reply, <MyActionsPage ctx={ctx} actions={actions} polls={polls} />);
  });

  app.get(
    "/f/:forum/meetings.atom",
    { schema: { params: Type.Object({ forum: Type.String() }) } },
    async (request, reply) => {
      const forum = await findForum(db, request.params.forum);
      const rows = await selectPublishedSummaries(db, forum.id);
      const t = translator("en");
      const xml = atomFeed({
        id: `${services.config.publicUrl}/f/${forum.slug}/meetings.atom`,
        title: t("meetings.feed.title", { forum: forum.name }),
        selfUrl: `${services.config.publicUrl}/f/${forum.slug}/meetings.atom`,
        siteUrl: `${services.config.publicUrl}/f/${forum.slug}`,
        updated: rows[0]?.summary_published_at ?? new Date(0),
        entries: rows.map((m) => ({
          id: `${services.config.publicUrl}/f/${forum.slug}/${m.year}/meetings/${m.id}`,
          title: meetingTitle(t, m),
          url: `${services.config.publicUrl}/f/${forum.slug}/${m.year}/meetings/${m.slug}`,
          published: m.summary_published_at!,
          updated: m.updated_at,
          summary: parseSummary(m.summary)
            .paragraphs.map((p) => `${p.number}. ${p.text}`)
            .join("\n\n"),
        })),
      });
      return reply.type("application/atom+xml; charset=utf-8").send(xml);
    },
  );
};
