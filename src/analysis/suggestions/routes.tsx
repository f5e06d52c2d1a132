// The theme-suggestion page and its two forms: ask for a run, and add a suggested term to the codebook.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import { findCycle } from "../../forums/index.js";
import { formFields, seeOther } from "../../server/forms.js";
import { sendPage } from "../../server/render.js";
import { analysisBase } from "../workspace/pages.js";
import { SuggestionsPage } from "./pages.js";
import { acceptSuggestion, requestSuggestions, viewSuggestions } from "./service.js";

const cycleParams = Type.Object({ forum: Type.String(), year: Type.String() });

/** The suggestion pages. */
export const suggestionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.services.database.db;
  const scopeOf = async (
    request: Pick<FastifyRequest, "actor"> & { params: { forum: string; year: string } },
  ) => {
    const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
    return {
      forum,
      cycle,
      scope: { db, actor: request.actor, forumId: forum.id, cycleId: cycle.id, now: app.services.clock() },
    };
  };

  app.get(
    "/f/:forum/:year/analysis/suggestions",
    { schema: { params: cycleParams, querystring: Type.Object({ done: Type.Optional(Type.String()) }) } },
    async (request, reply) => {
      const { forum, cycle, scope } = await scopeOf(request);
      const view = await viewSuggestions(scope);
      const ctx = request.pageContext();
      return sendPage(
        reply,
        <SuggestionsPage
          ctx={ctx}
          forum={forum}
          cycle={cycle}
          run={view.run}
          themes={view.themes}
          notice={request.query.done === "accepted" ? ctx.t("analysis.suggestions.done.accepted") : undefined}
        />,
      );
    },
  );

  app.post(
    "/f/:forum/:year/analysis/suggestions",
    { schema: { params: cycleParams } },
    async (request, reply) => {
      const { forum, cycle, scope } = await scopeOf(request);
      await requestSuggestions(scope);
      return seeOther(reply, `${analysisBase(forum, cycle)}/suggestions`);
    },
  );

  app.post(
    "/f/:forum/:year/analysis/suggestions/accept",
    { schema: { params: cycleParams } },
    async (request, reply) => {
      const { forum, cycle, scope } = await scopeOf(request);
      await acceptSuggestion(scope, formFields(request.body).term ?? "");
      return seeOther(reply, `${analysisBase(forum, cycle)}/suggestions?done=accepted`);
    },
  );
};
