// The forum's public pages: its home, a cycle's page, the calendar feed, and choosing the time zone.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import { saveOwnTimeZone } from "../../auth/index.js";
import { formFields, seeOther } from "../../server/forms.js";
import { sendPage } from "../../server/render.js";
import { safeNext } from "../../server/site-routes.js";
import { milestoneName } from "../components.js";
import type { CycleRow, ForumRow } from "../lookup.js";
import { cycleMilestones, findCycle, findForum, listCycles } from "../lookup.js";
import { rosterCount } from "../members/service.js";
import { viewerRoles } from "../policy.js";
import { CycleParams, ForumParams, zones } from "../route-parts.js";
import { cycleSections } from "../sections.js";
import { ANYWHERE_ON_EARTH } from "../time/zones.js";
import { contentTexts, originalLanguage } from "../translations/service.js";
import { forumCalendar } from "./calendar.js";
import { CyclePage, type CycleView, ForumHomePage, ZonePage } from "./pages.js";

/** A forum's home and cycle pages, its calendar feed and the time-zone chooser. */
export const publicRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;
  const db = services.database.db;

  /** What the secretariat wrote, in the reader's language where translated (the original marked otherwise). */
  function texts(request: FastifyRequest, forum: ForumRow, cycles: CycleRow[], milestoneIds: string[] = []) {
    return contentTexts(db, {
      locale: request.locale,
      original: originalLanguage(forum),
      needs: { forum: [forum.id], cycle: cycles.map((c) => c.id), milestone: milestoneIds },
    });
  }

  async function cycleView(
    request: FastifyRequest,
    forum: ForumRow,
    cycle: CycleRow,
    others: CycleRow[] = [],
  ): Promise<CycleView> {
    const [milestones, count, sections] = await Promise.all([
      cycleMilestones(db, cycle.id),
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
    const shown = await texts(
      request,
      forum,
      [cycle, ...others],
      milestones.map((m) => m.id),
    );
    return { cycle, milestones, rosterCount: count, sections, texts: shown };
  }

  app.get("/f/:forum", { schema: { params: ForumParams } }, async (request, reply) => {
    const forum = await findForum(db, request.params.forum);
    const cycles = await listCycles(db, forum.id);
    const roles = await viewerRoles(db, request.actor, forum.id);
    const current = cycles[0] ? await cycleView(request, forum, cycles[0], cycles.slice(1)) : undefined;
    const shown = current?.texts ?? (await texts(request, forum, cycles));
    return sendPage(
      reply,
      <ForumHomePage
        ctx={request.pageContext()}
        forum={forum}
        current={current}
        cycles={cycles}
        texts={shown}
        now={services.clock()}
        viewerRoles={roles}
        canJoin={request.actor.kind !== "token" && roles.length === 0}
      />,
    );
  });

  app.get("/f/:forum/calendar.ics", { schema: { params: ForumParams } }, async (request, reply) => {
    const forum = await findForum(db, request.params.forum);
    const ctx = request.pageContext();
    const t = ctx.t;
    const body = await forumCalendar(db, forum, {
      publicUrl: services.config.publicUrl,
      locale: ctx.locale,
      zoneName: (timeZone) => (timeZone === ANYWHERE_ON_EARTH ? t("forums.zone.aoe") : timeZone),
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
    const roles = await viewerRoles(db, request.actor, forum.id);
    const previous = cycle.previous_cycle_id
      ? (await listCycles(db, forum.id)).find((c) => c.id === cycle.previous_cycle_id)
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
};
