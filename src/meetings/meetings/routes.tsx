// Meeting pages: the cycle's list, a meeting and its forms, the summary editor and its .docx, and the
// forum's Atom feed of published summaries.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { selectForumPeople } from "../../auth/index.js";
import { contentTexts, findCycle, findForum, formatInZone, originalLanguage } from "../../forums/index.js";
import { type FieldErrors, notFound } from "../../server/errors.js";
import { fieldErrorsOf, formFields, seeOther } from "../../server/forms.js";
import { sendPage } from "../../server/render.js";
import { translator } from "../../ui/i18n/translate.js";
import { atomFeed } from "../atom.js";
import { parseSummary, participantLine } from "../format.js";
import { dueOf } from "../page-parts.js";
import { publishedSummaries } from "../places.js";
import { requireMeetingEditor } from "../policy.js";
import { cyclePolls } from "../polls/service.js";
import { meetingTitle } from "../titles.js";
import { MeetingPage } from "./meeting-page.js";
import { MeetingFormPage, MeetingsListPage, SummaryEditPage } from "./pages.js";
import {
  createMeeting,
  listMeetings,
  type MeetingInput,
  meetingByRef,
  replaceAttendance,
  saveSummary,
  setOwnAttendance,
  updateMeeting,
  viewMeeting,
} from "./service.js";

const cycleParams = Type.Object({ forum: Type.String(), year: Type.String() });
const meetingParams = Type.Object({ forum: Type.String(), year: Type.String(), ref: Type.String() });

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

/** The helpers the meeting page's forms share: the page again with errors, and the meeting an editor may change. */
export function meetingPageHelpers(app: Pick<FastifyInstance, "services">) {
  const db = app.services.database.db;

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
    // The title and purpose in the reader's language when translated (forums' content translations).
    const texts = await contentTexts(db, {
      locale: request.locale,
      original: originalLanguage(forum),
      needs: { meeting: [view.meeting.id] },
    });
    const title = texts("meeting", view.meeting.id, "title", view.meeting.title);
    const purpose = texts("meeting", view.meeting.id, "purpose", view.meeting.purpose);
    return sendPage(
      reply,
      <MeetingPage
        ctx={request.pageContext()}
        forum={forum}
        cycle={cycle}
        {...view}
        meeting={{ ...view.meeting, title: title.text, purpose: purpose.text }}
        titleLang={title.fallback ? title.lang : undefined}
        purposeLang={purpose.fallback ? purpose.lang : undefined}
        people={await peopleOf(forum.id)}
        {...extra}
      />,
      status,
    );
  }

  async function editable(request: FastifyRequest, params: { forum: string; year: string; ref: string }) {
    const { forum, cycle } = await findCycle(db, params.forum, params.year);
    const meeting = await meetingByRef(db, cycle.id, params.ref);
    if (!meeting || meeting.forum_id !== forum.id)
      throw notFound("There is no such meeting.", { messageKey: "meetings.refusal.noMeeting" });
    await requireMeetingEditor(db, request.actor, forum.id);
    return { forum, cycle, meeting };
  }

  return { peopleOf, meetingPage, editable };
}

/** Meeting pages. */
export const meetingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;
  const db = services.database.db;
  const { peopleOf, meetingPage, editable } = meetingPageHelpers(app);

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
      const polls = access.isMember ? await cyclePolls(db, cycle.id) : [];
      const texts = await contentTexts(db, {
        locale: request.locale,
        original: originalLanguage(forum),
        needs: { meeting: meetings.map((m) => m.id) },
      });
      return sendPage(
        reply,
        <MeetingsListPage
          ctx={request.pageContext()}
          forum={forum}
          cycle={cycle}
          meetings={meetings.map((m) => {
            const title = texts("meeting", m.id, "title", m.title);
            return { ...m, title: title.text, titleLang: title.fallback ? title.lang : undefined };
          })}
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
      const meeting = await meetingByRef(db, cycle.id, request.params.ref);
      if (!meeting) throw notFound("There is no such meeting.", { messageKey: "meetings.refusal.noMeeting" });
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
      if (!view.meeting.summary)
        throw notFound("This meeting has no summary yet.", { messageKey: "meetings.refusal.noSummary" });
      const ctx = request.pageContext();
      const people = await peopleOf(forum.id);
      const title = meetingTitle(ctx.t, view.meeting);
      // The docx library is large: loaded on the first export only.
      const { summaryDocx } = await import("../docx.js");
      const bytes = await summaryDocx({
        locale: ctx.locale,
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

  app.get(
    "/f/:forum/meetings.atom",
    { schema: { params: Type.Object({ forum: Type.String() }) } },
    async (request, reply) => {
      const forum = await findForum(db, request.params.forum);
      const rows = await publishedSummaries(db, forum.id);
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
