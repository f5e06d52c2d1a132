// Creating forums (site administrators) and managing a forum's details and cycles (the secretariat).
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "../../server/errors.js";
import { fieldErrorsOf, formFields, seeOther } from "../../server/forms.js";
import { sendPage } from "../../server/render.js";
import { createCycle } from "../cycles/service.js";
import type { ForumRow } from "../lookup.js";
import { findForum, listCycles, listForums } from "../lookup.js";
import { requireForumManager, requireForumsAdministrator } from "../policy.js";
import { Done, ForumParams, zones } from "../route-parts.js";
import { AdminForumsPage, ManageForumPage } from "./pages.js";
import { createForum, updateForum } from "./service.js";

function formValues(body: unknown): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = { ...formFields(body) };
  const raw = (body ?? {}) as Record<string, unknown>;
  if (Array.isArray(raw.languages))
    out.languages = raw.languages.filter((x): x is string => typeof x === "string");
  else if (typeof raw.languages === "string") out.languages = [raw.languages];
  else out.languages = [];
  return out;
}

/** The forums administration page and a forum's management page. */
export const forumRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;
  const db = services.database.db;

  // Site administrators create forums.
  const adminForums = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string | string[]>,
    errors?: Record<string, string>,
    status = 200,
  ) => {
    requireForumsAdministrator(request.actor);
    return sendPage(
      reply,
      <AdminForumsPage
        ctx={request.pageContext()}
        forums={await listForums(db)}
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
        cycles={await listCycles(db, forum.id)}
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
};
