// Everything the output documents add to the application: a cycle's documents, versions, comparing and
// comments; and their card on a cycle's page, registered through the forums folder's hook once per process.
import type { FastifyPluginAsync } from "fastify";
import { registerContributionUsage } from "../contributions/index.js";
import {
  contentTexts,
  listCycles,
  originalLanguage,
  registerCycleSection,
  registerTranslatableSource,
} from "../forums/index.js";
import { documentApiRoutes } from "./api-routes.js";
import { contributionUses } from "./drafting/service.js";
import { exportRoutes } from "./export/routes.js";
import { documentPath, documentsPath } from "./pages.js";
import { selectDocumentsOfCycle } from "./queries.js";
import { reviewApiRoutes } from "./review/api-routes.js";
import { reviewRoutes } from "./review/routes.js";
import { documentRoutes } from "./routes.js";
import { cycleDocuments } from "./service.js";

/** Registers the documents' pages and forms. */
export const documentsPlugin: FastifyPluginAsync = async (app) => {
  await app.register(documentRoutes);
  await app.register(documentApiRoutes);
  await app.register(reviewRoutes);
  await app.register(reviewApiRoutes);
  await app.register(exportRoutes);
  registerUsageOnce();
};

// Whoever may read one of the cycle's documents (the secretariat always, to start one).
registerCycleSection(async ({ db, forum, cycle, ctx, actor }) => {
  const place = {
    forum: { id: forum.id, slug: forum.slug, name: forum.name },
    cycle: { id: cycle.id, year: cycle.year },
  };
  const { access, documents } = await cycleDocuments(db, { actor, place });
  if (!documents.length && !access.secretariat) return undefined;
  const texts = await contentTexts(db, {
    locale: ctx.locale,
    original: originalLanguage(forum),
    needs: { document: documents.map((d) => d.document.id) },
  });
  return {
    key: "documents",
    title: ctx.t("documents.list.title", { year: cycle.year }),
    summary: documents.length
      ? documents.map((d) => texts("document", d.document.id, "title", d.document.title).text).join(" · ")
      : ctx.t("documents.list.empty"),
    href: documentsPath(forum.slug, cycle.year),
  };
});

// Documents' titles, as the secretariat wrote them, on the forum's translation pages.
registerTranslatableSource(async ({ db, forum, t }) => {
  const items = [];
  for (const cycle of await listCycles(db, forum.id))
    for (const d of await selectDocumentsOfCycle(db, cycle.id))
      items.push({
        key: { kind: "document", id: d.id, field: "title" },
        where: t("forums.translations.where.documentTitle", { year: cycle.year }),
        text: d.title,
      });
  return items;
});

// A contribution's page says where the cycle's published documents cite it: "<document> § <section>". Registered
// when the plugin is, once per process: at import time the contributions folder may still be loading.
let usageRegistered = false;
function registerUsageOnce(): void {
  if (usageRegistered) return;
  usageRegistered = true;
  registerContributionUsage(async ({ db, forum, cycle, reference, ctx, actor }) => {
    if (!reference) return undefined;
    const uses = await contributionUses(db, {
      actor,
      forumId: forum.id,
      cycleId: cycle.id,
      reference,
      place: { forumSlug: forum.slug, year: cycle.year, publicUrl: "" },
    });
    return {
      key: "documents",
      title: ctx.t("documents.usedIn"),
      uses: uses.map((u) => ({
        label: u.section ? `${u.title} § ${u.section}` : u.title,
        href: `${documentPath(forum.slug, cycle.year, u.documentId)}?version=${u.version}${u.paragraphId ? `#p-${u.paragraphId}` : ""}`,
      })),
    };
  });
}
