// The secretariat's cycle pages: a cycle's focus and status, adding, changing and removing milestones.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { AppError, notFound } from "../../server/errors.js";
import { fieldErrorsOf, formFields, seeOther } from "../../server/forms.js";
import { sendPage } from "../../server/render.js";
import type { CycleRow, ForumRow } from "../lookup.js";
import { cycleMilestones, findCycle, findMilestone } from "../lookup.js";
import { requireForumManager } from "../policy.js";
import { CycleParams, Done, zones } from "../route-parts.js";
import { checkMilestoneOrder } from "../time/milestone-order.js";
import { EditMilestonePage, ManageCyclePage } from "./pages.js";
import { addMilestone, deleteMilestone, updateCycle, updateMilestone } from "./service.js";

/** A cycle's management page and its milestones' forms. */
export const cycleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;
  const db = services.database.db;

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
    const milestones = await cycleMilestones(db, cycle.id);
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
    const milestone = await findMilestone(db, cycle.id, params.id);
    if (!milestone)
      throw notFound("No such milestone in this cycle.", { messageKey: "forums.refusal.noMilestone" });
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
};
