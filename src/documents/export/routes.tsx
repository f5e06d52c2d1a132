// Exporting a version: a .docx with real footnotes and the annex of contributions, and a print-ready page.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { contributorLabel } from "../../contributions/index.js";
import { findCycle, formatInZone, originalLanguage } from "../../forums/index.js";
import { sendPage } from "../../server/render.js";
import type { PageContext } from "../../ui/page-context.js";
import { documentPath } from "../pages.js";
import { noSuch } from "../refusals.js";
import { translatedTitles } from "../titles.js";
import { documentDocx } from "./docx.js";
import { PrintPage } from "./pages.js";
import { exportVersion } from "./service.js";

const params = Type.Object({ forum: Type.String(), year: Type.String(), id: Type.String({ maxLength: 40 }) });
const querystring = Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1 })) });

/** The export routes. */
export const exportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;
  const db = services.database.db;

  async function load(
    ctx: PageContext,
    actor: Parameters<typeof exportVersion>[1]["actor"],
    p: { forum: string; year: string; id: string },
    number?: number,
  ) {
    const { forum, cycle } = await findCycle(db, p.forum, p.year);
    const now = services.clock();
    const { view, annex } = await exportVersion(db, { actor, documentId: p.id, number, now });
    if (view.document.cycle_id !== cycle.id) throw noSuch("document");
    // The title in the reader's language where the secretariat translated it, as the document's page shows it.
    const [document = view.document] = await translatedTitles(db, forum, ctx.locale, [view.document]);
    const date = formatInZone(now, forum.time_zone, ctx.locale, "date");
    return {
      forum,
      cycle,
      view: { ...view, document },
      subtitle: `${forum.name} · ${ctx.t("documents.versionOf", {
        number: view.version.number,
        status: ctx.t(`documents.published.${view.version.published_to}`),
      })}`,
      annexTitle: ctx.t("documents.export.annex", { date }),
      annex: annex.map((row) => contributorLabel(row, ctx.t, ctx.locale)),
    };
  }

  app.get(
    "/f/:forum/:year/documents/:id/export.docx",
    { schema: { params, querystring } },
    async (request, reply) => {
      const ctx = request.pageContext();
      const loaded = await load(ctx, request.actor, request.params, request.query.version);
      const bytes = await documentDocx({
        title: loaded.view.document.title,
        subtitle: loaded.subtitle,
        body: loaded.view.version.body,
        annex: { title: loaded.annexTitle, entries: loaded.annex },
        // The text is in the forum's original language (translations are of titles, not of the text).
        locale: originalLanguage(loaded.forum),
      });
      return reply
        .type("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        .header(
          "content-disposition",
          `attachment; filename="document-${loaded.forum.slug}-${loaded.cycle.year}-v${loaded.view.version.number}.docx"`,
        )
        .header("x-content-type-options", "nosniff")
        .send(bytes);
    },
  );

  app.get(
    "/f/:forum/:year/documents/:id/print",
    { schema: { params, querystring } },
    async (request, reply) => {
      const ctx = request.pageContext();
      const loaded = await load(ctx, request.actor, request.params, request.query.version);
      return sendPage(
        reply,
        <PrintPage
          ctx={ctx}
          forum={loaded.forum}
          document={loaded.view.document}
          version={loaded.view.version}
          subtitle={loaded.subtitle}
          documentHref={documentPath(loaded.forum.slug, loaded.cycle.year, loaded.view.document.id)}
          annexTitle={loaded.annexTitle}
          annex={loaded.annex}
        />,
      );
    },
  );
};
