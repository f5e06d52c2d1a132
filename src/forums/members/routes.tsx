// Members: the roster, invitations, requests to join, mailing-list subscriptions and one-click unsubscribe.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { verifyUnsubscribe } from "../../mail/index.js";
import { AppError } from "../../server/errors.js";
import { fieldErrorsOf, formFields, seeOther } from "../../server/forms.js";
import { sendPage } from "../../server/render.js";
import { safeNext } from "../../server/site-routes.js";
import type { CycleRow, ForumRow } from "../lookup.js";
import { findCycle, findForum, listCycles } from "../lookup.js";
import { FORUM_MANAGERS, viewerRoles } from "../policy.js";
import { CycleParams, Done, ForumParams } from "../route-parts.js";
import { InvitationPage, JoinPage, MembersPage, UnsubscribePage } from "./pages.js";
import {
  acceptInvitation,
  cycleRoster,
  decideJoinRequest,
  inspectInvitation,
  inviteMember,
  isSubscribed,
  pendingJoinRequests,
  requestToJoin,
  setSubscription,
  unsubscribeAddress,
} from "./service.js";

/** The members page, invitations, joining and subscriptions. */
export const memberRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;
  const db = services.database.db;

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
    const roles = await viewerRoles(db, request.actor, forum.id);
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
      const cycles = await listCycles(db, forum.id);
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
