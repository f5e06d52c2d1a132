// The secretariat's moderation: the list to moderate, auto-publication, publishing, hiding and withdrawing,
// and reviewing (editing) a contribution through the form.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { findCycle } from "../../forums/index.js";
import { notFound } from "../../server/errors.js";
import { formFields, seeOther } from "../../server/forms.js";
import { sendPage } from "../../server/render.js";
import { CycleParams } from "../api-parts.js";
import { requireSecretariat } from "../policy.js";
import { autoPublishes, contributionById, filesOf, isContributorDraft } from "../service.js";
import { detailsOf } from "../submit/details.js";
import { formHandling } from "../submit/form.js";
import { ManagePage } from "./pages.js";
import {
  forModeration,
  hideContribution,
  publishContribution,
  setAutoPublish,
  withdrawAsSecretariat,
} from "./service.js";

/** The secretariat's moderation pages. */
export const contributionModerationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;
  const { db, deps, renderForm, withdrawnPage, handleForm } = formHandling(services);

  // The secretariat's moderation page.
  app.get(
    "/f/:forum/:year/contributions/manage",
    {
      schema: {
        params: CycleParams,
        querystring: Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) }),
      },
    },
    async (request, reply) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      if (request.actor.kind === "anonymous")
        return seeOther(reply, `/sign-in?next=${encodeURIComponent(request.url)}`);
      await requireSecretariat(db, request.actor, forum.id);
      const ctx = request.pageContext();
      const done = request.query.done;
      return sendPage(
        reply,
        <ManagePage
          ctx={ctx}
          forum={forum}
          cycle={cycle}
          rows={await forModeration(db, cycle.id)}
          autoPublish={await autoPublishes(db, cycle.id)}
          notice={
            done && /^[a-z_]+$/.test(done) ? ctx.t("contributions.manage.done", { action: done }) : undefined
          }
        />,
      );
    },
  );

  app.post(
    "/f/:forum/:year/contributions/manage/settings",
    { schema: { params: CycleParams } },
    async (request, reply) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      const on = formFields(request.body).auto_publish === "1";
      await setAutoPublish(deps(), { actor: request.actor, forumId: forum.id, cycleId: cycle.id, on });
      return seeOther(reply, `/f/${forum.slug}/${cycle.year}/contributions/manage?done=settings`);
    },
  );

  app.post(
    "/f/:forum/:year/contributions/manage/:id/:action",
    {
      schema: {
        params: Type.Object({
          forum: Type.String({ maxLength: 100 }),
          year: Type.String({ maxLength: 4 }),
          id: Type.String({ maxLength: 40 }),
          action: Type.Union([Type.Literal("publish"), Type.Literal("hide"), Type.Literal("withdraw")]),
        }),
      },
    },
    async (request, reply) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      const row = await contributionById(db, request.params.id);
      if (!row || row.cycle_id !== cycle.id) throw notFound();
      // The row's one reason box serves hiding and withdrawing; publishing keeps no reason.
      const reason = request.params.action === "publish" ? "" : (formFields(request.body).reason ?? "");
      const input = { actor: request.actor, contributionId: row.id, reason };
      if (request.params.action === "publish") await publishContribution(deps(), input);
      else if (request.params.action === "hide") await hideContribution(deps(), input);
      else await withdrawAsSecretariat(deps(), input);
      return seeOther(
        reply,
        `/f/${forum.slug}/${cycle.year}/contributions/manage?done=${request.params.action}`,
      );
    },
  );

  const ReviewParams = Type.Object({
    forum: Type.String({ maxLength: 100 }),
    year: Type.String({ maxLength: 4 }),
    id: Type.String({ maxLength: 40 }),
  });
  app.get(
    "/f/:forum/:year/contributions/manage/:id",
    { schema: { params: ReviewParams } },
    async (request, reply) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      await requireSecretariat(db, request.actor, forum.id);
      const row = await contributionById(db, request.params.id);
      // A contributor's draft is theirs until they submit it: not found, as in the API.
      if (!row || row.cycle_id !== cycle.id || isContributorDraft(row)) throw notFound();
      if (row.status === "withdrawn")
        return withdrawnPage(request, reply, { forum, cycle }, row, "secretariat");
      return renderForm(request, reply, {
        forum,
        cycle,
        details: detailsOf(row),
        row,
        attached: await filesOf(db, row.id),
        mode: "review",
      });
    },
  );

  app.post(
    "/f/:forum/:year/contributions/manage/:id",
    { config: { multipart: true }, schema: { params: ReviewParams } },
    async (request, reply) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      await requireSecretariat(db, request.actor, forum.id);
      const row = await contributionById(db, request.params.id);
      if (!row || row.cycle_id !== cycle.id || isContributorDraft(row)) throw notFound();
      return handleForm(request, reply, { forum, cycle, existing: row, mode: "review" });
    },
  );
};
