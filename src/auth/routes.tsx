// Sign-in, registration, sign-out, profile, and the secretariat's role management.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { choosableTimeZones, forumBySlug } from "../forums/index.js";
import { countryOptions, STAKEHOLDER_GROUPS } from "../geo/countries.js";
import { AppError, notFound } from "../server/errors.js";
import { fieldErrorsOf, formFields, seeOther } from "../server/forms.js";
import { sendPage } from "../server/render.js";
import { safeNext } from "../server/site-routes.js";
import type { Locale } from "../ui/i18n/locales.js";
import { isLocale } from "../ui/i18n/locales.js";
import { returnPathAfterSignIn } from "../ui/sign-in-link.js";
import {
  CheckMailPage,
  ConfirmLinkPage,
  DeadLinkPage,
  ProfilePage,
  RegisterPage,
  SignInPage,
} from "./pages.js";
import { requireSignedIn } from "./policy.js";
import { updateOwnProfile } from "./profile.js";
import { grantForumRole, listForumPeople, revokeForumRole } from "./roles.js";
import { RolesPage } from "./roles-page.js";
import {
  createSession,
  destroyAllSessions,
  destroySession,
  listSessions,
  SESSION_ABSOLUTE_MS,
  sessionCookieName,
} from "./sessions.js";
import { inspectLink, reissueLinkToken, requestSignInLink, useLink, verifyCode } from "./sign-in.js";
import { findUserById } from "./users.js";

/** Sign-in, profile and roles routes. */
export const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Read when the routes are registered, not when this module loads: forums (which lists the zones) and auth
  // import each other through their index files, so at load time forums may not be initialised yet.
  const zones = choosableTimeZones();
  const { services } = app;
  const db = services.database.db;
  const deps = () => ({
    db,
    now: services.clock(),
    publicUrl: services.config.publicUrl,
    secret: services.secret,
  });
  const cookieName = sessionCookieName(services.secure);

  async function startSession(request: FastifyRequest, reply: FastifyReply, userId: string, locale: string) {
    const old = request.cookies[cookieName];
    if (old) await destroySession(db, old);
    const { cookieValue } = await createSession(db, {
      userId,
      now: services.clock(),
      userAgent: request.headers["user-agent"],
      ip: request.ip,
    });
    reply.setCookie(cookieName, cookieValue, {
      path: "/",
      httpOnly: true,
      sameSite: "lax",
      secure: services.secure,
      maxAge: SESSION_ABSOLUTE_MS / 1000,
    });
    if (isLocale(locale))
      reply.setCookie("lang", locale, {
        path: "/",
        sameSite: "lax",
        httpOnly: true,
        secure: services.secure,
        maxAge: 365 * 24 * 3600,
      });
  }

  app.get(
    "/sign-in",
    { schema: { querystring: Type.Object({ next: Type.Optional(Type.String()) }) } },
    async (request, reply) => {
      return sendPage(
        reply,
        <SignInPage ctx={request.pageContext()} next={returnPathAfterSignIn(safeNext(request.query.next))} />,
      );
    },
  );

  app.post("/sign-in", async (request, reply) => {
    const form = formFields(request.body);
    const next = returnPathAfterSignIn(safeNext(form.next));
    const ctx = request.pageContext();
    try {
      await requestSignInLink(deps(), {
        email: form.email ?? "",
        ip: request.ip,
        next,
        locale: request.locale,
      });
    } catch (error) {
      if (error instanceof AppError && error.code === "rate_limited") {
        reply.headers(error.headers ?? {});
        return sendPage(
          reply,
          <SignInPage
            ctx={ctx}
            next={next}
            email={form.email}
            notice={ctx.t(error.messageKey ?? "auth.signIn.rateLimited.address")}
          />,
          429,
        );
      }
      return sendPage(
        reply,
        <SignInPage ctx={ctx} next={next} email={form.email} errors={fieldErrorsOf(error)} />,
        422,
      );
    }
    return sendPage(reply, <CheckMailPage ctx={ctx} email={(form.email ?? "").trim().toLowerCase()} />);
  });

  app.post("/sign-in/code", async (request, reply) => {
    const form = formFields(request.body);
    const email = (form.email ?? "").trim().toLowerCase();
    const result = await verifyCode(deps(), { email, code: form.code ?? "" });
    if (!result.ok) {
      const key = result.reason === "wrong" ? "auth.code.wrong" : "auth.code.expired";
      return sendPage(
        reply,
        <CheckMailPage ctx={request.pageContext()} email={email} errors={{ code: key }} />,
        422,
      );
    }
    const token = await reissueLinkToken(deps(), result.tokenHash);
    if (result.purpose === "register") return seeOther(reply, `/sign-in/link/${token}`);
    const used = await useLink(deps(), { token, locale: request.locale });
    if (!("user" in used))
      return sendPage(reply, <DeadLinkPage ctx={request.pageContext()} state="expired" />, 410);
    await startSession(request, reply, used.user.id, used.user.preferred_language);
    return seeOther(reply, safeNext(used.next));
  });

  app.get(
    "/sign-in/link/:token",
    { schema: { params: Type.Object({ token: Type.String({ maxLength: 100 }) }) } },
    async (request, reply) => {
      const ctx = request.pageContext();
      const state = await inspectLink(deps(), request.params.token);
      reply.header("referrer-policy", "no-referrer");
      if (state.state !== "valid")
        return sendPage(reply, <DeadLinkPage ctx={ctx} state={state.state} />, 410);
      if (state.purpose === "register")
        return sendPage(reply, <RegisterPage ctx={ctx} token={request.params.token} email={state.email} />);
      return sendPage(reply, <ConfirmLinkPage ctx={ctx} token={request.params.token} email={state.email} />);
    },
  );

  app.post(
    "/sign-in/link/:token",
    { schema: { params: Type.Object({ token: Type.String({ maxLength: 100 }) }) } },
    async (request, reply) => {
      const ctx = request.pageContext();
      const form = formFields(request.body);
      const token = request.params.token;
      let used: Awaited<ReturnType<typeof useLink>>;
      try {
        used = await useLink(deps(), {
          token,
          registration: { name: form.name ?? "", organisation: form.organisation ?? "" },
          locale: request.locale as Locale,
        });
      } catch (error) {
        const state = await inspectLink(deps(), token);
        const email = state.state === "valid" ? state.email : "";
        return sendPage(
          reply,
          <RegisterPage ctx={ctx} token={token} email={email} values={form} errors={fieldErrorsOf(error)} />,
          422,
        );
      }
      if (!("user" in used))
        return sendPage(
          reply,
          <DeadLinkPage ctx={ctx} state={used.state as "expired" | "used" | "unknown"} />,
          410,
        );
      await startSession(request, reply, used.user.id, used.user.preferred_language);
      return seeOther(reply, safeNext(used.next));
    },
  );

  app.post("/sign-out", async (request, reply) => {
    const value = request.cookies[cookieName];
    if (value) await destroySession(db, value);
    // A __Host- cookie is only removed by a Set-Cookie that is itself Secure.
    reply.clearCookie(cookieName, { path: "/", secure: services.secure, httpOnly: true, sameSite: "lax" });
    return seeOther(reply, "/");
  });

  app.post("/sign-out/everywhere", async (request, reply) => {
    requireSignedIn(request.actor);
    if (request.actor.kind === "user") await destroyAllSessions(db, request.actor.userId);
    // A __Host- cookie is only removed by a Set-Cookie that is itself Secure.
    reply.clearCookie(cookieName, { path: "/", secure: services.secure, httpOnly: true, sameSite: "lax" });
    return seeOther(reply, "/");
  });

  async function profilePage(
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { values?: Record<string, string>; errors?: Record<string, string>; saved?: boolean },
    status = 200,
  ) {
    const actor = request.actor;
    if (actor.kind !== "user") return seeOther(reply, `/sign-in?next=${encodeURIComponent("/me")}`);
    const user = await findUserById(db, actor.userId);
    if (!user) throw notFound();
    const sessions = await listSessions(db, user.id);
    const ctx = request.pageContext();
    const values = {
      name: user.name,
      honorific: user.honorific,
      organisation: user.organisation,
      stakeholder_group: user.stakeholder_group ?? "",
      country: user.country ?? "",
      preferred_language: user.preferred_language,
      time_zone: user.time_zone ?? "",
      ...extra.values,
    };
    return sendPage(
      reply,
      <ProfilePage
        ctx={ctx}
        email={user.email}
        values={values}
        errors={extra.errors}
        saved={extra.saved}
        sessions={sessions.length}
        countries={countryOptions(ctx.locale)}
        stakeholderGroups={STAKEHOLDER_GROUPS}
        zones={zones}
        detectedZone={request.cookies.tz}
      />,
      status,
    );
  }

  app.get(
    "/me",
    { schema: { querystring: Type.Object({ saved: Type.Optional(Type.String()) }) } },
    (request, reply) => profilePage(request, reply, { saved: request.query.saved === "1" }),
  );

  app.post("/me", async (request, reply) => {
    const form = formFields(request.body);
    const input = {
      name: form.name ?? "",
      honorific: form.honorific ?? "",
      organisation: form.organisation ?? "",
      stakeholder_group: form.stakeholder_group ?? "",
      country: form.country ?? "",
      preferred_language: form.preferred_language ?? "en",
      time_zone: form.time_zone ?? "",
    };
    try {
      const user = await updateOwnProfile(db, { actor: request.actor, input });
      reply.setCookie("lang", user.preferred_language, {
        path: "/",
        sameSite: "lax",
        httpOnly: true,
        secure: services.secure,
        maxAge: 365 * 24 * 3600,
      });
      return seeOther(reply, "/me?saved=1");
    } catch (error) {
      return profilePage(request, reply, { values: input, errors: fieldErrorsOf(error) }, 422);
    }
  });

  const forumParams = Type.Object({ forum: Type.String() });

  async function rolesPage(
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { values?: Record<string, string>; errors?: Record<string, string>; notice?: string },
    status = 200,
  ) {
    const forum = await forumBySlug(db, (request.params as { forum: string }).forum);
    if (!forum) throw notFound();
    const people = await listForumPeople(db, { actor: request.actor, forumId: forum.id });
    return sendPage(
      reply,
      <RolesPage ctx={request.pageContext()} forum={forum} people={people} {...extra} />,
      status,
    );
  }

  app.get(
    "/f/:forum/roles",
    { schema: { params: forumParams, querystring: Type.Object({ done: Type.Optional(Type.String()) }) } },
    (request, reply) =>
      rolesPage(request, reply, {
        notice: request.query.done
          ? request
              .pageContext()
              .t(`auth.roles.done.${request.query.done === "revoked" ? "revoked" : "granted"}`)
          : undefined,
      }),
  );

  app.post("/f/:forum/roles", { schema: { params: forumParams } }, async (request, reply) => {
    const forum = await forumBySlug(db, request.params.forum);
    if (!forum) throw notFound();
    const form = formFields(request.body);
    try {
      await grantForumRole(db, {
        actor: request.actor,
        input: { forumId: forum.id, email: form.email ?? "", role: form.role ?? "", name: form.name },
      });
    } catch (error) {
      return rolesPage(request, reply, { values: form, errors: fieldErrorsOf(error) }, 422);
    }
    return seeOther(reply, `/f/${forum.slug}/roles?done=granted`);
  });

  app.post("/f/:forum/roles/revoke", { schema: { params: forumParams } }, async (request, reply) => {
    const forum = await forumBySlug(db, request.params.forum);
    if (!forum) throw notFound();
    const form = formFields(request.body);
    await revokeForumRole(db, {
      actor: request.actor,
      input: { forumId: forum.id, userId: form.user_id ?? "", role: form.role ?? "" },
    });
    return seeOther(reply, `/f/${forum.slug}/roles?done=revoked`);
  });
};
