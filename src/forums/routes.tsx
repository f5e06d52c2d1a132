// Forum pages: public home, cycles, the calendar feed; the secretariat's management pages; joining.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { forumRolesOf, requireSiteAdmin } from "../auth/policy.js";
import { saveOwnTimeZone } from "../auth/profile.js";
import { verifyUnsubscribe } from "../mail/unsubscribe.js";
import { AppError, notFound } from "../server/errors.js";
import { fieldErrorsOf, formFields, seeOther } from "../server/forms.js";
import { sendPage } from "../server/render.js";
import { safeNext } from "../server/site-routes.js";
import { forumApiRoutes } from "./api-routes.js";
import { forumCalendar } from "./calendar.js";
import { milestoneName } from "./components.js";
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
  AdminForumsPage,
  EditMilestonePage,
  InvitationPage,
  JoinPage,
  ManageCyclePage,
  ManageForumPage,
  MembersPage,
  UnsubscribePage,
} from "./manage-pages.js";
import { memberApiRoutes } from "./members-api.js";
import {
  acceptInvitation,
  cycleRoster,
  decideJoinRequest,
  inspectInvitation,
  inviteMember,
  isSubscribed,
  pendingJoinRequests,
  requestToJoin,
  rosterCount,
  setSubscription,
  unsubscribeAddress,
} from "./members-service.js";
import { CyclePage, type CycleView, ForumHomePage, ZonePage } from "./pages.js";
import { FORUM_MANAGERS, requireForumManager } from "./policy.js";
import {
  type CycleRow,
  type ForumRow,
  selectCycles,
  selectForums,
  selectMilestone,
  selectMilestones,
} from "./queries.js";
import { cycleSections } from "./sections.js";
import { checkMilestoneOrder } from "./time/milestone-order.js";
import { choosableTimeZones } from "./time/zones.js";

const zones = choosableTimeZones();
const ForumParams = Type.Object({ forum: Type.String() });
const CycleParams = Type.Object({ forum: Type.String(), year: Type.String({ pattern: "^[0-9]{4}$" }) });
const Done = Type.Object({ done: Type.Optional(Type.String()) });

function formValues(body: unknown): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = { ...formFields(body) };
  const raw = (body ?? {}) as Record<string, unknown>;
  if (Array.isArray(raw.languages))
    out.languages = raw.languages.filter((x): x is string => typeof x === "string");
  else if (typeof raw.languages === "string") out.languages = [raw.languages];
  else out.languages = [];
  return out;
}

/** Forum and cycle pages, and the forums API. */
export const forumRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;
  const db = services.database.db;

  await app.register(forumApiRoutes);
  await app.register(memberApiRoutes);

  async function cycleView(request: FastifyRequest, forum: ForumRow, cycle: CycleRow): Promise<CycleView> {
    const [milestones, count, sections] = await Promise.all([
      selectMilestones(db, cycle.id),
      rosterCount(db, cycle.id),
      cycleSections({
        db,
        forum,
        cycle,
        ctx: request.pageContext(),
        actor: request.actor,
        now: services.clock(),
      }),
    ]);
    return { cycle, milestones, rosterCount: count, sections };
  }

  app.get("/f/:forum", { schema: { params: ForumParams } }, async (request, reply) => {
    const forum = await findForum(db, request.params.forum);
    const cycles = await selectCycles(db, forum.id);
    const roles = await forumRolesOf(db, request.actor, forum.id);
    const current = cycles[0] ? await cycleView(request, forum, cycles[0]) : undefined;
    return sendPage(
      reply,
      <ForumHomePage
        ctx={request.pageContext()}
        forum={forum}
        current={current}
        cycles={cycles}
        now={services.clock()}
        viewerRoles={roles}
        canJoin={request.actor.kind !== "token" && roles.length === 0}
      />,
    );
  });

  app.get("/f/:forum/calendar.ics", { schema: { params: ForumParams } }, async (request, reply) => {
    const forum = await findForum(db, request.params.forum);
    const t = request.pageContext().t;
    const body = await forumCalendar(db, forum, {
      publicUrl: services.config.publicUrl,
      name: (kind, label) =>
        milestoneName(request.pageContext(), { kind, label }) || t("forums.milestone.kind.custom"),
    });
    return reply
      .type("text/calendar; charset=utf-8")
      .header("content-disposition", `inline; filename="${forum.slug}.ics"`)
      .send(body);
  });

  app.get("/f/:forum/:year", { schema: { params: CycleParams } }, async (request, reply) => {
    const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
    const roles = await forumRolesOf(db, request.actor, forum.id);
    const previous = cycle.previous_cycle_id
      ? (await selectCycles(db, forum.id)).find((c) => c.id === cycle.previous_cycle_id)
      : undefined;
    return sendPage(
      reply,
      <CyclePage
        ctx={request.pageContext()}
        forum={forum}
        view={await cycleView(request, forum, cycle)}
        previous={previous}
        now={services.clock()}
        viewerRoles={roles}
      />,
    );
  });

  // Choosing the zone times are shown in, without JavaScript.
  app.get(
    "/tz",
    { schema: { querystring: Type.Object({ next: Type.Optional(Type.String()) }) } },
    async (request, reply) =>
      sendPage(
        reply,
        <ZonePage ctx={request.pageContext()} zones={zones} next={safeNext(request.query.next)} />,
      ),
  );
  app.post("/tz", async (request, reply) => {
    const form = formFields(request.body);
    if (form.zone && zones.includes(form.zone)) {
      // A signed-in person's choice goes to their profile too: it would otherwise lose to the profile's zone.
      await saveOwnTimeZone(db, { actor: request.actor, timeZone: form.zone });
      reply.setCookie("tz", form.zone, {
        path: "/",
        sameSite: "lax",
        maxAge: 365 * 24 * 3600,
        secure: services.secure,
      });
    }
    return seeOther(reply, safeNext(form.next));
  });

  // Site administrators create forums.
  const adminForums = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string | string[]>,
    errors?: Record<string, string>,
    status = 200,
  ) => {
    requireSiteAdmin(request.actor);
    return sendPage(
      reply,
      <AdminForumsPage
        ctx={request.pageContext()}
        forums={await selectForums(db)}
        values={values}
        errors={errors}
        zones={zones}
      />,
      status,
    );
  };
  app.get("/admin/forums", async (request, reply) => {
    if (request.actor.kind === "anonymous") return seeOther(reply, "/sign-in?next=%2Fadmin%2Fforums");
    return adminForums(request, reply, { languages: ["en"], time_zone: "UTC" });
  });
  app.post("/admin/forums", async (request, reply) => {
    const values = formValues(request.body);
    try {
      const forum = await createForum(db, {
        actor: request.actor,
        input: {
          slug: String(values.slug ?? "").trim(),
          name: String(values.name ?? ""),
          description: String(values.description ?? ""),
          host_organisation: String(values.host_organisation ?? ""),
          languages: values.languages as string[],
          time_zone: String(values.time_zone ?? "UTC"),
          mailing_list: String(values.mailing_list ?? "") || null,
        },
      });
      return seeOther(reply, `/f/${forum.slug}/manage?done=created`);
    } catch (error) {
      if (error instanceof AppError && error.code === "conflict")
        return adminForums(request, reply, values, { slug: "forums.slug.taken" }, 409);
      return adminForums(request, reply, values, fieldErrorsOf(error), 422);
    }
  });

  // The forum's details and cycles.
  const manageForum = async (
    request: FastifyRequest,
    reply: FastifyReply,
    forum: ForumRow,
    extra: {
      values?: Record<string, string | string[]>;
      errors?: Record<string, string>;
      cycleValues?: Record<string, string>;
      cycleErrors?: Record<string, string>;
      notice?: string;
    },
    status = 200,
  ) => {
    await requireForumManager(db, request.actor, forum.id);
    const values = extra.values ?? {
      name: forum.name,
      description: forum.description,
      host_organisation: forum.host_organisation,
      languages: forum.languages,
      time_zone: forum.time_zone,
      mailing_list: forum.mailing_list ?? "",
    };
    return sendPage(
      reply,
      <ManageForumPage
        ctx={request.pageContext()}
        forum={forum}
        cycles={await selectCycles(db, forum.id)}
        values={values}
        errors={extra.errors}
        cycleValues={extra.cycleValues ?? {}}
        cycleErrors={extra.cycleErrors}
        notice={extra.notice}
        zones={zones}
      />,
      status,
    );
  };
  app.get(
    "/f/:forum/manage",
    { schema: { params: ForumParams, querystring: Done } },
    async (request, reply) => {
      const forum = await findForum(db, request.params.forum);
      const done = request.query.done;
      return manageForum(request, reply, forum, {
        notice: done
          ? request.pageContext().t(`forums.done.${done === "created" ? "created" : "saved"}`)
          : undefined,
      });
    },
  );
  app.post("/f/:forum/manage", { schema: { params: ForumParams } }, async (request, reply) => {
    const forum = await findForum(db, request.params.forum);
    const values = formValues(request.body);
    try {
      await updateForum(db, {
        actor: request.actor,
        forum,
        input: {
          name: String(values.name ?? ""),
          description: String(values.description ?? ""),
          host_organisation: String(values.host_organisation ?? ""),
          languages: values.languages as string[],
          time_zone: String(values.time_zone ?? forum.time_zone),
          mailing_list: String(values.mailing_list ?? "") || null,
        },
      });
      return seeOther(reply, `/f/${forum.slug}/manage?done=saved`);
    } catch (error) {
      return manageForum(request, reply, forum, { values, errors: fieldErrorsOf(error) }, 422);
    }
  });
  app.post("/f/:forum/cycles", { schema: { params: ForumParams } }, async (request, reply) => {
    const forum = await findForum(db, request.params.forum);
    const form = formFields(request.body);
    try {
      const cycle = await createCycle(db, {
        actor: request.actor,
        forum,
        input: { year: Number(form.year), focus: form.focus },
      });
      return seeOther(reply, `/f/${forum.slug}/${cycle.year}/manage?done=created`);
    } catch (error) {
      if (error instanceof AppError && error.code === "conflict")
        return manageForum(
          request,
          reply,
          forum,
          { cycleValues: form, cycleErrors: { year: "forums.cycle.exists" } },
          409,
        );
      return manageForum(
        request,
        reply,
        forum,
        { cycleValues: form, cycleErrors: fieldErrorsOf(error) },
        422,
      );
    }
  });

  // A cycle: details and milestones.
  const manageCycle = async (
    request: FastifyRequest,
    reply: FastifyReply,
    forum: ForumRow,
    cycle: CycleRow,
    extra: {
      values?: Record<string, string>;
      errors?: Record<string, string>;
      milestoneValues?: Record<string, string>;
      milestoneErrors?: Record<string, string>;
      notice?: string;
    },
    status = 200,
  ) => {
    await requireForumManager(db, request.actor, forum.id);
    const ctx = request.pageContext();
    const milestones = await selectMilestones(db, cycle.id);
    const byKind = Object.fromEntries(
      milestones.filter((m) => m.kind !== "custom").map((m) => [m.kind, m.at]),
    );
    const orderProblems = checkMilestoneOrder(byKind).map((p) =>
      ctx.t(`forums.order.${p.code}`, {
        first: ctx.t(`forums.milestone.kind.${p.kinds[0]}`),
        second: ctx.t(`forums.milestone.kind.${p.kinds[1]}`),
      }),
    );
    return sendPage(
      reply,
      <ManageCyclePage
        ctx={ctx}
        forum={forum}
        cycle={cycle}
        milestones={milestones}
        values={extra.values ?? { focus: cycle.focus, description: cycle.description, status: cycle.status }}
        errors={extra.errors}
        milestoneValues={extra.milestoneValues ?? {}}
        milestoneErrors={extra.milestoneErrors}
        notice={extra.notice}
        zones={zones}
        orderProblems={orderProblems}
      />,
      status,
    );
  };
  app.get(
    "/f/:forum/:year/manage",
    { schema: { params: CycleParams, querystring: Done } },
    async (request, reply) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      const done = request.query.done;
      return manageCycle(request, reply, forum, cycle, {
        notice: done
          ? request
              .pageContext()
              .t(
                `forums.done.${["created", "milestone", "changed", "removed"].includes(done) ? done : "saved"}`,
              )
          : undefined,
      });
    },
  );
  app.post("/f/:forum/:year/manage", { schema: { params: CycleParams } }, async (request, reply) => {
    const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
    const form = formFields(request.body);
    try {
      await updateCycle(db, {
        actor: request.actor,
        forum,
        cycle,
        input: { focus: form.focus, description: form.description, status: form.status },
      });
      return seeOther(reply, `/f/${forum.slug}/${cycle.year}/manage?done=saved`);
    } catch (error) {
      return manageCycle(request, reply, forum, cycle, { values: form, errors: fieldErrorsOf(error) }, 422);
    }
  });
  app.post("/f/:forum/:year/milestones", { schema: { params: CycleParams } }, async (request, reply) => {
    const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
    const form = formFields(request.body);
    try {
      await addMilestone(db, {
        actor: request.actor,
        forum,
        cycle,
        input: {
          kind: form.kind ?? "",
          at: form.at ?? "",
          time_zone: form.time_zone || undefined,
          label: form.label,
        },
      });
      return seeOther(reply, `/f/${forum.slug}/${cycle.year}/manage?done=milestone`);
    } catch (error) {
      const errors =
        error instanceof AppError && error.code === "conflict"
          ? { kind: "forums.milestone.duplicate" }
          : fieldErrorsOf(error);
      return manageCycle(
        request,
        reply,
        forum,
        cycle,
        { milestoneValues: form, milestoneErrors: errors },
        422,
      );
    }
  });
  // One milestone's own form: changing it in place keeps its id, so calendars that subscribed to the feed
  // move the event instead of showing the old date beside a new one.
  const MilestoneParams = Type.Object({
    forum: Type.String(),
    year: Type.String({ pattern: "^[0-9]{4}$" }),
    id: Type.String({ format: "uuid" }),
  });
  const editMilestone = async (
    request: FastifyRequest,
    reply: FastifyReply,
    params: { forum: string; year: string; id: string },
    extra: { values?: Record<string, string>; errors?: Record<string, string> } = {},
    status = 200,
  ) => {
    const { forum, cycle } = await findCycle(db, params.forum, params.year);
    await requireForumManager(db, request.actor, forum.id);
    const milestone = await selectMilestone(db, cycle.id, params.id);
    if (!milestone) throw notFound("No such milestone in this cycle.");
    return sendPage(
      reply,
      <EditMilestonePage
        ctx={request.pageContext()}
        forum={forum}
        cycle={cycle}
        milestone={milestone}
        values={extra.values}
        errors={extra.errors}
        zones={zones}
      />,
      status,
    );
  };
  app.get(
    "/f/:forum/:year/milestones/:id",
    { schema: { params: MilestoneParams } },
    async (request, reply) => {
      if (request.actor.kind === "anonymous")
        return seeOther(reply, `/sign-in?next=${encodeURIComponent(request.url)}`);
      return editMilestone(request, reply, request.params);
    },
  );
  app.post(
    "/f/:forum/:year/milestones/:id",
    { schema: { params: MilestoneParams } },
    async (request, reply) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      const form = formFields(request.body);
      try {
        await updateMilestone(db, {
          actor: request.actor,
          forum,
          cycle,
          milestoneId: request.params.id,
          input: {
            kind: "custom",
            at: form.at ?? "",
            time_zone: form.time_zone || undefined,
            label: form.label,
          },
        });
        return seeOther(reply, `/f/${forum.slug}/${cycle.year}/manage?done=changed`);
      } catch (error) {
        return editMilestone(
          request,
          reply,
          request.params,
          { values: form, errors: fieldErrorsOf(error) },
          422,
        );
      }
    },
  );
  app.post(
    "/f/:forum/:year/milestones/:id/delete",
    { schema: { params: MilestoneParams } },
    async (request, reply) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      await deleteMilestone(db, { actor: request.actor, forum, cycle, milestoneId: request.params.id });
      return seeOther(reply, `/f/${forum.slug}/${cycle.year}/manage?done=removed`);
    },
  );

  // Members.
  const membersPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    forum: ForumRow,
    cycle: CycleRow,
    extra: { values?: Record<string, string>; errors?: Record<string, string>; notice?: string },
    status = 200,
  ) => {
    const people = await cycleRoster(db, { actor: request.actor, forum, cycle });
    const roles = await forumRolesOf(db, request.actor, forum.id);
    const isManager = roles.some((r) => FORUM_MANAGERS.includes(r));
    const requests = isManager ? await pendingJoinRequests(db, { actor: request.actor, forum }) : [];
    const me = request.actor.kind === "user" ? request.actor : undefined;
    const subscription = me ? await isSubscribed(db, forum.id, me.email) : undefined;
    return sendPage(
      reply,
      <MembersPage
        ctx={request.pageContext()}
        forum={forum}
        cycle={cycle}
        people={people}
        isManager={isManager}
        requests={requests}
        viewerSubscribed={subscription}
        values={extra.values ?? {}}
        errors={extra.errors}
        notice={extra.notice}
      />,
      status,
    );
  };
  app.get(
    "/f/:forum/:year/members",
    { schema: { params: CycleParams, querystring: Done } },
    async (request, reply) => {
      if (request.actor.kind === "anonymous")
        return seeOther(reply, `/sign-in?next=${encodeURIComponent(request.url)}`);
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      const done = request.query.done;
      return membersPage(request, reply, forum, cycle, {
        notice: done
          ? request
              .pageContext()
              .t(
                `forums.done.${["invited", "approved", "declined", "subscription"].includes(done) ? done : "saved"}`,
              )
          : undefined,
      });
    },
  );
  app.post("/f/:forum/invitations", { schema: { params: ForumParams } }, async (request, reply) => {
    const forum = await findForum(db, request.params.forum);
    const form = formFields(request.body);
    const { cycle } = await findCycle(db, forum.slug, form.year ?? "");
    try {
      await inviteMember(db, {
        actor: request.actor,
        forum,
        input: { email: form.email ?? "", name: form.name, role: form.role },
        now: services.clock(),
        publicUrl: services.config.publicUrl,
        locale: request.locale,
      });
      return seeOther(reply, `/f/${forum.slug}/${cycle.year}/members?done=invited`);
    } catch (error) {
      return membersPage(request, reply, forum, cycle, { values: form, errors: fieldErrorsOf(error) }, 422);
    }
  });
  app.get(
    "/f/:forum/invitations/:token",
    { schema: { params: Type.Object({ forum: Type.String(), token: Type.String({ maxLength: 100 }) }) } },
    async (request, reply) => {
      const forum = await findForum(db, request.params.forum);
      const found = await inspectInvitation(db, request.params.token, services.clock());
      reply.header("referrer-policy", "no-referrer");
      return sendPage(
        reply,
        <InvitationPage
          ctx={request.pageContext()}
          forum={forum}
          state={found.state}
          token={request.params.token}
          role={found.state === "valid" ? found.invitation.role : undefined}
          email={found.state === "valid" ? found.invitation.email : undefined}
          signedIn={request.actor.kind === "user"}
        />,
        found.state === "valid" ? 200 : 410,
      );
    },
  );
  app.post(
    "/f/:forum/invitations/:token",
    { schema: { params: Type.Object({ forum: Type.String(), token: Type.String({ maxLength: 100 }) }) } },
    async (request, reply) => {
      const forum = await findForum(db, request.params.forum);
      await acceptInvitation(db, {
        actor: request.actor,
        forum,
        token: request.params.token,
        now: services.clock(),
      });
      return seeOther(reply, `/f/${forum.slug}`);
    },
  );
  app.get(
    "/f/:forum/join",
    { schema: { params: ForumParams, querystring: Done } },
    async (request, reply) => {
      const forum = await findForum(db, request.params.forum);
      return sendPage(
        reply,
        <JoinPage
          ctx={request.pageContext()}
          forum={forum}
          signedIn={request.actor.kind === "user"}
          done={request.query.done === "sent"}
        />,
      );
    },
  );
  app.post("/f/:forum/join", { schema: { params: ForumParams } }, async (request, reply) => {
    const forum = await findForum(db, request.params.forum);
    try {
      await requestToJoin(db, {
        actor: request.actor,
        forum,
        message: formFields(request.body).message ?? "",
      });
    } catch (error) {
      if (error instanceof AppError && error.code === "conflict")
        return sendPage(
          reply,
          <JoinPage ctx={request.pageContext()} forum={forum} signedIn error={error.message} />,
          409,
        );
      throw error;
    }
    return seeOther(reply, `/f/${forum.slug}/join?done=sent`);
  });
  app.post(
    "/f/:forum/join-requests/:id",
    { schema: { params: Type.Object({ forum: Type.String(), id: Type.String({ format: "uuid" }) }) } },
    async (request, reply) => {
      const forum = await findForum(db, request.params.forum);
      const approve = formFields(request.body).decision === "approve";
      await decideJoinRequest(db, {
        actor: request.actor,
        forum,
        requestId: request.params.id,
        approve,
        now: services.clock(),
      });
      const cycles = await selectCycles(db, forum.id);
      return seeOther(
        reply,
        cycles[0]
          ? `/f/${forum.slug}/${cycles[0].year}/members?done=${approve ? "approved" : "declined"}`
          : `/f/${forum.slug}`,
      );
    },
  );
  // One-click unsubscribe from bulk mail: GET shows a confirmation button, POST (also sent by mail programs
  // under RFC 8058) does it.
  const UnsubscribeQuery = Type.Object({ email: Type.String(), sig: Type.String() });
  app.get(
    "/f/:forum/unsubscribe",
    { schema: { params: ForumParams, querystring: UnsubscribeQuery } },
    async (request, reply) => {
      const forum = await findForum(db, request.params.forum);
      const valid = verifyUnsubscribe({
        secret: services.secret,
        forumSlug: forum.slug,
        email: request.query.email,
        sig: request.query.sig,
      });
      return sendPage(
        reply,
        <UnsubscribePage
          ctx={request.pageContext()}
          forum={forum}
          email={request.query.email}
          sig={request.query.sig}
          state={valid ? "confirm" : "invalid"}
        />,
        valid ? 200 : 400,
      );
    },
  );
  app.post(
    "/f/:forum/unsubscribe",
    { config: { csrf: false }, schema: { params: ForumParams, querystring: UnsubscribeQuery } },
    async (request, reply) => {
      const forum = await findForum(db, request.params.forum);
      const { email, sig } = request.query;
      if (!verifyUnsubscribe({ secret: services.secret, forumSlug: forum.slug, email, sig })) {
        return sendPage(
          reply,
          <UnsubscribePage
            ctx={request.pageContext()}
            forum={forum}
            email={email}
            sig={sig}
            state="invalid"
          />,
          400,
        );
      }
      await unsubscribeAddress(db, { forum, email });
      return sendPage(
        reply,
        <UnsubscribePage ctx={request.pageContext()} forum={forum} email={email} sig={sig} state="done" />,
      );
    },
  );

  app.post("/f/:forum/subscription", { schema: { params: ForumParams } }, async (request, reply) => {
    const forum = await findForum(db, request.params.forum);
    const form = formFields(request.body);
    await setSubscription(db, { actor: request.actor, forum, subscribed: form.subscribed === "1" });
    const next = safeNext(form.next, `/f/${forum.slug}`);
    return seeOther(reply, `${next.split("?")[0]}?done=subscription`);
  });
};
