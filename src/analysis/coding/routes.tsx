// The coding page of a contribution and its forms: code paragraphs or a selection, delete an excerpt.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";

/** What the helpers read of a request: who asks, in which cycle, and the page context. */
type CycleRequest<P = { forum: string; year: string }> = Pick<FastifyRequest, "actor" | "pageContext"> & {
  params: P;
};

import { Type } from "typebox";
import { findCycle } from "../../forums/index.js";
import type { FieldErrors } from "../../server/errors.js";
import { fieldErrorsOf, seeOther } from "../../server/forms.js";
import { sendPage } from "../../server/render.js";
import { CodingPage } from "./pages.js";
import { codeExcerpts, deleteExcerpt, recodeExcerpt, viewCoding } from "./service.js";

const params = Type.Object({ forum: Type.String(), year: Type.String(), id: Type.String() });
const excerptParams = Type.Object({
  forum: Type.String(),
  year: Type.String(),
  id: Type.String(),
  excerpt: Type.String(),
});
type Params = { forum: string; year: string; id: string };

/** A urlencoded field as a list (repeated checkboxes arrive as an array, a single one as a string). */
function list(body: Record<string, unknown>, name: string): string[] {
  const value = body[name];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  return typeof value === "string" && value ? [value] : [];
}
const one = (body: Record<string, unknown>, name: string) => list(body, name).at(-1);
const offset = (value: string | undefined) => (value && /^\d{1,9}$/.test(value) ? Number(value) : undefined);

/** The coding page and its forms. */
export const codingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.services.database.db;

  async function page(
    request: CycleRequest<Params>,
    reply: FastifyReply,
    errors?: FieldErrors,
    notice?: string,
  ) {
    const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
    const scope = { db, actor: request.actor, now: app.services.clock(), cycleId: cycle.id };
    const view = await viewCoding(scope, request.params.id);
    const ctx = request.pageContext();
    return sendPage(
      reply,
      <CodingPage
        ctx={ctx}
        forum={forum}
        cycle={cycle}
        view={view}
        errors={errors}
        notice={notice}
        script={app.services.assets.url("coding.js")}
      />,
      errors ? 422 : 200,
    );
  }

  app.get(
    "/f/:forum/:year/analysis/contributions/:id",
    { schema: { params, querystring: Type.Object({ done: Type.Optional(Type.String()) }) } },
    async (request, reply) => {
      const done = request.query.done;
      const t = request.pageContext().t;
      const notice =
        done === "coded"
          ? t("analysis.coding.done.coded")
          : done === "deleted"
            ? t("analysis.coding.done.deleted")
            : done === "recoded"
              ? t("analysis.coding.done.recoded")
              : undefined;
      return page(request, reply, undefined, notice);
    },
  );

  app.post("/f/:forum/:year/analysis/contributions/:id", { schema: { params } }, async (request, reply) => {
    const { cycle } = await findCycle(db, request.params.forum, request.params.year);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const start = offset(one(body, "start"));
    const end = offset(one(body, "end"));
    const quote = one(body, "quote");
    try {
      const scope = { db, actor: request.actor, now: app.services.clock(), cycleId: cycle.id };
      await codeExcerpts(scope, request.params.id, {
        paragraphs: list(body, "paragraphs"),
        themes: list(body, "themes"),
        sections: list(body, "sections"),
        proposal: one(body, "proposal") === "1",
        ...(start !== undefined && end !== undefined && quote
          ? { start, end, quote, source: one(body, "source") ?? "", key: one(body, "key") ?? "" }
          : {}),
      });
    } catch (error) {
      return page(request, reply, fieldErrorsOf(error));
    }
    return seeOther(
      reply,
      `/f/${request.params.forum}/${request.params.year}/analysis/contributions/${request.params.id}?done=coded`,
    );
  });

  app.post(
    "/f/:forum/:year/analysis/contributions/:id/excerpts/:excerpt/delete",
    { schema: { params: excerptParams } },
    async (request, reply) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      const scope = {
        db,
        actor: request.actor,
        now: app.services.clock(),
        forumId: forum.id,
        cycleId: cycle.id,
      };
      const excerpt = await deleteExcerpt(scope, request.params.excerpt);
      return seeOther(
        reply,
        `/f/${request.params.forum}/${request.params.year}/analysis/contributions/${excerpt.contribution_id}?done=deleted`,
      );
    },
  );

  app.post(
    "/f/:forum/:year/analysis/contributions/:id/excerpts/:excerpt/codes",
    { schema: { params: excerptParams } },
    async (request, reply) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      const scope = {
        db,
        actor: request.actor,
        now: app.services.clock(),
        forumId: forum.id,
        cycleId: cycle.id,
      };
      const body = (request.body ?? {}) as Record<string, unknown>;
      let excerpt: Awaited<ReturnType<typeof recodeExcerpt>>;
      try {
        excerpt = await recodeExcerpt(scope, request.params.excerpt, {
          themes: list(body, "themes"),
          sections: list(body, "sections"),
          proposal: one(body, "proposal") === "1",
        });
      } catch (error) {
        return page(request, reply, fieldErrorsOf(error));
      }
      return seeOther(
        reply,
        `/f/${request.params.forum}/${request.params.year}/analysis/contributions/${excerpt.contribution_id}?done=recoded`,
      );
    },
  );
};
