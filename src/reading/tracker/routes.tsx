// The reading tracker's pages: the member's reading list, a contribution as a member reads it (opening it
// marks it read), marking read or unread by hand, and the secretariat's table of who has read what.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { findCycle } from "../../forums/index.js";
import type { FieldErrors } from "../../server/errors.js";
import { formFields, seeOther } from "../../server/forms.js";
import { sendPage } from "../../server/render.js";
import { workspacePath } from "../page-parts.js";
import { seesWhoRead } from "../policy.js";
import { ContributionReadingPage, type ListShow, ReadingListPage, WhoHasReadPage } from "./pages.js";
import { contributionView, type Place, readingList, setRead, whoHasRead } from "./service.js";

export const cycleParams = Type.Object({ forum: Type.String(), year: Type.String() });
export const referenceParams = Type.Object({
  forum: Type.String(),
  year: Type.String(),
  reference: Type.String({ maxLength: 60 }),
});
const DONE = new Set(["read", "unread", "saved", "deleted"]);

/** The notice a redirect asked for, when it is one the workspace knows. */
export function doneOf(query: unknown): string | undefined {
  const done = (query as { done?: unknown } | undefined)?.done;
  return typeof done === "string" && DONE.has(done) ? done : undefined;
}

/** The forum and cycle a workspace address names, as the services take them. */
export async function placeOf(
  app: Pick<FastifyInstance, "services">,
  params: { forum: string; year: string },
) {
  const { forum, cycle } = await findCycle(app.services.database.db, params.forum, params.year);
  const place: Place = {
    forum: { id: forum.id, slug: forum.slug, name: forum.name },
    cycle: { id: cycle.id, year: cycle.year },
  };
  return { place, forum, cycle };
}

/** Renders a contribution's workspace page (marking it read), with a form's input and errors when given. */
export function contributionPageHelper(app: Pick<FastifyInstance, "services">) {
  const db = app.services.database.db;
  return async function contributionPage(
    request: FastifyRequest,
    reply: FastifyReply,
    params: { forum: string; year: string; reference: string },
    extra: { values?: Record<string, string>; errors?: FieldErrors; done?: string } = {},
    status = 200,
  ) {
    const { place, forum } = await placeOf(app, params);
    const view = await contributionView(db, {
      actor: request.actor,
      place,
      reference: params.reference,
      now: app.services.clock(),
    });
    return sendPage(
      reply,
      <ContributionReadingPage
        ctx={request.pageContext()}
        forum={forum}
        year={place.cycle.year}
        overseer={seesWhoRead(view.reader.roles)}
        contribution={view.contribution}
        questionnaire={view.questionnaire}
        readAt={view.readAt}
        threads={view.threads}
        people={view.people}
        {...extra}
      />,
      status,
    );
  };
}

/** The tracker's routes. */
export const trackerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;
  const db = services.database.db;
  const contributionPage = contributionPageHelper(app);

  app.get(
    "/f/:forum/:year/reading",
    {
      schema: {
        params: cycleParams,
        querystring: Type.Object({ show: Type.Optional(Type.String()), done: Type.Optional(Type.String()) }),
      },
    },
    async (request, reply) => {
      const { place, forum } = await placeOf(app, request.params);
      const list = await readingList(db, { actor: request.actor, place, now: services.clock() });
      const show: ListShow =
        request.query.show === "unread" || request.query.show === "new" ? request.query.show : "all";
      return sendPage(
        reply,
        <ReadingListPage
          ctx={request.pageContext()}
          forum={forum}
          year={place.cycle.year}
          overseer={seesWhoRead(list.reader.roles)}
          items={list.items}
          total={list.total}
          read={list.read}
          fresh={list.fresh}
          previousVisit={list.previousVisit}
          show={show}
          done={doneOf(request.query)}
        />,
      );
    },
  );

  app.get("/f/:forum/:year/reading/who", { schema: { params: cycleParams } }, async (request, reply) => {
    const { place, forum } = await placeOf(app, request.params);
    const table = await whoHasRead(db, { actor: request.actor, place });
    return sendPage(
      reply,
      <WhoHasReadPage ctx={request.pageContext()} forum={forum} year={place.cycle.year} {...table} />,
    );
  });

  app.get(
    "/f/:forum/:year/reading/:reference",
    {
      schema: {
        params: referenceParams,
        querystring: Type.Object({ done: Type.Optional(Type.String()) }),
      },
    },
    (request, reply) => contributionPage(request, reply, request.params, { done: doneOf(request.query) }),
  );

  app.post(
    "/f/:forum/:year/reading/:reference/read",
    { schema: { params: referenceParams } },
    async (request, reply) => {
      const { place } = await placeOf(app, request.params);
      const form = formFields(request.body);
      const read = form.read !== "0";
      await setRead(db, {
        actor: request.actor,
        place,
        reference: request.params.reference,
        read,
        now: services.clock(),
      });
      const base = workspacePath(place.forum.slug, place.cycle.year);
      // Back to the contribution only when marking it read there: opening it again would undo an "unread".
      return seeOther(
        reply,
        form.back === "page" && read
          ? `${base}/${encodeURIComponent(request.params.reference)}?done=read`
          : `${base}?done=${read ? "read" : "unread"}`,
      );
    },
  );
};
