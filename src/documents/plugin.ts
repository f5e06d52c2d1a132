// Everything the output documents add to the application: a cycle's documents, versions, comparing and
// comments; and their card on a cycle's page, registered through the forums folder's hook once per process.
import type { FastifyPluginAsync } from "fastify";
import { registerCycleSection } from "../forums/index.js";
import { documentApiRoutes } from "./api-routes.js";
import { documentsPath } from "./pages.js";
import { documentRoutes } from "./routes.js";
import { cycleDocuments } from "./service.js";

/** Registers the documents' pages and forms. */
export const documentsPlugin: FastifyPluginAsync = async (app) => {
  await app.register(documentRoutes);
  await app.register(documentApiRoutes);
};

// Whoever may read one of the cycle's documents (the secretariat always, to start one).
registerCycleSection(async ({ db, forum, cycle, ctx, actor }) => {
  const place = {
    forum: { id: forum.id, slug: forum.slug, name: forum.name },
    cycle: { id: cycle.id, year: cycle.year },
  };
  const { access, documents } = await cycleDocuments(db, { actor, place });
  if (!documents.length && !access.secretariat) return undefined;
  return {
    key: "documents",
    title: ctx.t("documents.list.title", { year: cycle.year }),
    summary: documents.length
      ? documents.map((d) => d.document.title).join(" · ")
      : ctx.t("documents.list.empty"),
    href: documentsPath(forum.slug, cycle.year),
  };
});
