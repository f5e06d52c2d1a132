// Scheduling poll pages: proposing slots, answering, reminding, editing, closing and deleting a poll.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";

import { selectForumPeople } from "../../auth/index.js";
import { type CycleRow, type ForumRow, findCycle, originalLanguage } from "../../forums/index.js";
import { AppError, type FieldErrors } from "../../server/errors.js";
import { fieldErrorsOf, formFields, seeOther } from "../../server/forms.js";
import { sendPage } from "../../server/render.js";
import { meetingById } from "../meetings/service.js";
import { readerZone } from "../page-parts.js";
import { requireMeetingEditor } from "../policy.js";
import { addPollSlots, deletePoll, removePollSlot, requireEditablePoll, updatePoll } from "./edit-service.js";
import {
  type ParticipantChoice,
  PollDeletePage,
  PollEditPage,
  PollFormPage,
  PollPage,
  type PollPerson,
} from "./pages.js";
import { remindPoll } from "./reminders.js";
import {
  answerPoll,
  closePoll,
  closesField,
  createPoll,
  pollSlotsAndParticipants,
  viewerZone,
  viewPoll,
} from "./service.js";

const cycleParams = Type.Object({ forum: Type.String(), year: Type.String() });
const pollParams = Type.Object({ forum: Type.String(), year: Type.String(), poll: Type.String() });
const slotParams = Type.Object({
  forum: Type.String(),
  year: Type.String(),
  poll: Type.String(),
  slot: Type.String(),
});

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

/** Scheduling poll pages. */
export const pollRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;
  const db = services.database.db;

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
      meetingSlug = (await meetingById(db, view.poll.meeting_id))?.slug;
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
        titleLang={originalLanguage(forum) === ctx.locale ? undefined : originalLanguage(forum)}
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
    const [[slots, participants], people] = await Promise.all([
      pollSlotsAndParticipants(db, poll.id),
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
};
