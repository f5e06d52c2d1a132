// The codebook's pages and forms: add, rename, move, merge and delete a code; export and import the CSV.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";

/** What the helpers read of a request: who asks, in which cycle, and the page context. */
type CycleRequest<P = { forum: string; year: string }> = Pick<FastifyRequest, "actor" | "pageContext"> & {
  params: P;
};

import { Type } from "typebox";
import { findCycle } from "../../forums/index.js";
import { AppError, type FieldErrors } from "../../server/errors.js";
import { formFields, seeOther } from "../../server/forms.js";
import { sendPage } from "../../server/render.js";
import { CodebookPage, type CodebookPageProps } from "./pages.js";
import {
  CodebookImportError,
  createCode,
  deleteCode,
  exportCodebookCsv,
  importCodebookCsv,
  mergeCodes,
  moveCode,
  renameCode,
  viewCodebook,
} from "./service.js";

const cycleParams = Type.Object({ forum: Type.String(), year: Type.String() });
const codeParams = Type.Object({ forum: Type.String(), year: Type.String(), code: Type.String() });
const NOTICES = ["created", "renamed", "moved", "merged", "deleted", "imported"] as const;

/** The codebook page and its forms. */
export const codebookRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.services.database.db;

  /** Where a request's change happens. */
  async function scopeOf(request: CycleRequest) {
    const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
    return {
      forum,
      cycle,
      scope: { db, actor: request.actor, forumId: forum.id, cycleId: cycle.id, now: app.services.clock() },
    };
  }

  /** The page, with a notice or a form's errors. */
  async function page(
    request: CycleRequest,
    reply: FastifyReply,
    extra: Partial<CodebookPageProps> = {},
    status = 200,
  ) {
    const { forum, cycle, scope } = await scopeOf(request);
    const view = await viewCodebook(scope);
    return sendPage(
      reply,
      <CodebookPage
        ctx={request.pageContext()}
        forum={forum}
        cycle={cycle}
        tree={view.tree}
        counts={view.counts}
        {...extra}
      />,
      status,
    );
  }

  app.get(
    "/f/:forum/:year/analysis/codebook",
    {
      schema: {
        params: cycleParams,
        querystring: Type.Object({ done: Type.Optional(Type.String()), at: Type.Optional(Type.String()) }),
      },
    },
    async (request, reply) => {
      const done = NOTICES.find((n) => n === request.query.done);
      return page(request, reply, {
        notice: done ? request.pageContext().t(`analysis.codebook.done.${done}`) : undefined,
        changedCodeId: request.query.at,
      });
    },
  );

  app.get(
    "/f/:forum/:year/analysis/codebook.csv",
    { schema: { params: cycleParams } },
    async (request, reply) => {
      const { forum, cycle, scope } = await scopeOf(request);
      const csv = await exportCodebookCsv(scope);
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="${forum.slug}-${cycle.year}-codebook.csv"`)
        .send(`\uFEFF${csv}`);
    },
  );

  const done = (
    reply: FastifyReply,
    request: { params: { forum: string; year: string } },
    what: string,
    /** The code changed: the page scrolls to it and says what was done beside it. */
    codeId?: string,
  ) =>
    seeOther(
      reply,
      `/f/${request.params.forum}/${request.params.year}/analysis/codebook?done=${what}${
        codeId ? `&at=${encodeURIComponent(codeId)}#code-${codeId}` : ""
      }`,
    );

  /** A form's refusal shown on the page again (with the add form's input kept); anything else is rethrown. */
  function refusal(error: unknown): FieldErrors {
    if (error instanceof AppError && (error.code === "invalid" || error.code === "conflict") && error.fields)
      return error.fields;
    throw error;
  }

  app.post(
    "/f/:forum/:year/analysis/codebook",
    { schema: { params: cycleParams } },
    async (request, reply) => {
      const { scope } = await scopeOf(request);
      const form = formFields(request.body);
      try {
        await createCode(scope, {
          name: form.name ?? "",
          kind: form.kind ?? "",
          parent_id: form.parent_id || null,
        });
      } catch (error) {
        return page(request, reply, { errors: refusal(error), values: form }, 422);
      }
      return done(reply, request, "created");
    },
  );

  app.post(
    "/f/:forum/:year/analysis/codebook/:code/rename",
    { schema: { params: codeParams } },
    async (request, reply) => {
      const { scope } = await scopeOf(request);
      const name = formFields(request.body).name ?? "";
      try {
        await renameCode(scope, request.params.code, name);
      } catch (error) {
        const changing = { codeId: request.params.code, name };
        return page(request, reply, { errors: refusal(error), changing }, 422);
      }
      return done(reply, request, "renamed", request.params.code);
    },
  );

  app.post(
    "/f/:forum/:year/analysis/codebook/:code/move",
    { schema: { params: codeParams } },
    async (request, reply) => {
      const { scope } = await scopeOf(request);
      await moveCode(
        scope,
        request.params.code,
        formFields(request.body).direction === "down" ? "down" : "up",
      );
      return done(reply, request, "moved", request.params.code);
    },
  );

  app.post(
    "/f/:forum/:year/analysis/codebook/:code/merge",
    { schema: { params: codeParams } },
    async (request, reply) => {
      const { scope } = await scopeOf(request);
      let into: string;
      try {
        into = (await mergeCodes(scope, request.params.code, formFields(request.body).into ?? "")).id;
      } catch (error) {
        return page(
          request,
          reply,
          { errors: refusal(error), changing: { codeId: request.params.code } },
          422,
        );
      }
      return done(reply, request, "merged", into);
    },
  );

  app.post(
    "/f/:forum/:year/analysis/codebook/:code/delete",
    { schema: { params: codeParams } },
    async (request, reply) => {
      const { scope } = await scopeOf(request);
      await deleteCode(scope, request.params.code);
      return done(reply, request, "deleted");
    },
  );

  app.post(
    "/f/:forum/:year/analysis/codebook/import",
    { schema: { params: cycleParams } },
    async (request, reply) => {
      const { scope } = await scopeOf(request);
      const csv = formFields(request.body).csv ?? "";
      try {
        await importCodebookCsv(scope, csv);
      } catch (error) {
        if (error instanceof CodebookImportError)
          return page(request, reply, { problems: error.problems, csv }, 422);
        throw error;
      }
      return done(reply, request, "imported");
    },
  );
};
