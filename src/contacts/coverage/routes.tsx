// The coverage page.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { findForum } from "../../forums/index.js";
import { sendPage } from "../../server/render.js";
import { CoveragePage } from "./pages.js";
import { coverage } from "./service.js";

/** The coverage page. */
export const coverageRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.services.database.db;
  app.get(
    "/f/:forum/contacts/coverage",
    {
      schema: {
        params: Type.Object({ forum: Type.String() }),
        querystring: Type.Object({ group: Type.Optional(Type.String()), year: Type.Optional(Type.String()) }),
      },
    },
    async (request, reply) => {
      const forum = await findForum(db, request.params.forum);
      const data = await coverage(db, {
        actor: request.actor,
        forumId: forum.id,
        group: request.query.group,
        year: request.query.year,
      });
      return sendPage(reply, <CoveragePage ctx={request.pageContext()} forum={forum} data={data} />);
    },
  );
};
