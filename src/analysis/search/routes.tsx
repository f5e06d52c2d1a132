// The members' search page of a cycle's analysis workspace.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { findCycle } from "../../forums/index.js";
import { sendPage } from "../../server/render.js";
import { analysisBase } from "../workspace/pages.js";
import { SearchPage } from "./pages.js";
import { decodeSearchCursor, searchCycle } from "./service.js";

const cycleParams = Type.Object({ forum: Type.String(), year: Type.String() });

/** GET /f/:forum/:year/analysis/search. */
export const searchRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.services.database.db;

  app.get(
    "/f/:forum/:year/analysis/search",
    {
      schema: {
        params: cycleParams,
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 200 })),
          after: Type.Optional(Type.String({ maxLength: 100 })),
        }),
      },
    },
    async (request, reply) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      const scope = { db, actor: request.actor, forumId: forum.id, cycleId: cycle.id };
      const results = await searchCycle(scope, {
        q: request.query.q ?? "",
        after: decodeSearchCursor(request.query.after),
      });
      const next = results.next;
      const nextHref = next
        ? `${analysisBase(forum, cycle)}/search?q=${encodeURIComponent(results.q)}&after=${next.receivedAt.toISOString()}_${next.id}`
        : undefined;
      return sendPage(
        reply,
        <SearchPage
          ctx={request.pageContext()}
          forum={forum}
          cycle={cycle}
          results={results.q ? results : undefined}
          nextHref={nextHref}
        />,
      );
    },
  );
};
