// The workspace's pages: the cycle's analysis home, the excerpts by theme or section, and their exports.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { findCycle } from "../../forums/index.js";
import { sendPage } from "../../server/render.js";
import type { Locale } from "../../ui/i18n/locales.js";
import type { Translate } from "../../ui/i18n/translate.js";
import { type ExportLabels, excerptsCsv, excerptsDocx } from "./export.js";
import { analysisBase, ExcerptsPage, WorkspacePage } from "./pages.js";
import { groupExcerpts, listExcerpts, viewWorkspace } from "./service.js";

const cycleParams = Type.Object({ forum: Type.String(), year: Type.String() });
const excerptsQuery = Type.Object({
  proposals: Type.Optional(
    Type.Literal("1", { description: "Only the excerpts flagged as policy proposals" }),
  ),
  by: Type.Optional(Type.Union([Type.Literal("theme"), Type.Literal("section")])),
  code: Type.Optional(Type.String()),
});
/** A place in the contributions list: "<received_at ISO>_<id>". */
const CURSOR = /^(\d{4}-\d{2}-\d{2}T[\d:.]+Z)_([0-9a-f-]{36})$/;

/** The workspace's pages and exports. */
export const workspaceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.services.database.db;

  app.get(
    "/f/:forum/:year/analysis",
    { schema: { params: cycleParams, querystring: Type.Object({ after: Type.Optional(Type.String()) }) } },
    async (request, reply) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      const cursor = CURSOR.exec(request.query.after ?? "");
      const after = cursor ? { receivedAt: new Date(cursor[1]!), id: cursor[2]! } : undefined;
      const view = await viewWorkspace(
        { db, actor: request.actor, forumId: forum.id, cycleId: cycle.id },
        after,
      );
      const last = view.contributions.at(-1);
      const nextHref =
        view.contributions.length === 50 && last?.received_at
          ? `${analysisBase(forum, cycle)}?after=${last.received_at.toISOString()}_${last.id}`
          : undefined;
      return sendPage(
        reply,
        <WorkspacePage
          ctx={request.pageContext()}
          forum={forum}
          cycle={cycle}
          {...view}
          nextHref={nextHref}
        />,
      );
    },
  );

  /** The excerpts of the view asked for, under their headings. */
  async function groups(
    request: { actor: Parameters<typeof listExcerpts>[0]["actor"] },
    forumId: string,
    cycleId: string,
    by: "theme" | "section",
    code: string | undefined,
    proposalsOnly = false,
  ) {
    const { excerpts, tree } = await listExcerpts(
      { db, actor: request.actor, forumId, cycleId, now: app.services.clock() },
      code || undefined,
    );
    const all = groupExcerpts(proposalsOnly ? excerpts.filter((e) => e.proposal) : excerpts, tree, by);
    return code ? all.filter((g) => g.code?.id === code) : all;
  }

  app.get(
    "/f/:forum/:year/analysis/excerpts",
    { schema: { params: cycleParams, querystring: excerptsQuery } },
    async (request, reply) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      const by = request.query.by ?? "theme";
      const code = request.query.code || undefined;
      const proposalsOnly = request.query.proposals === "1";
      const found = await groups(request, forum.id, cycle.id, by, code, proposalsOnly);
      return sendPage(
        reply,
        <ExcerptsPage
          ctx={request.pageContext()}
          forum={forum}
          cycle={cycle}
          by={by}
          groups={found}
          codeId={code}
          proposalsOnly={proposalsOnly}
        />,
      );
    },
  );

  const labelsFor = (
    { t, locale }: { t: Translate; locale: Locale },
    forumName: string,
    year: number,
    by: "theme" | "section",
  ): ExportLabels => ({
    locale,
    title: `${forumName} – ${t(by === "theme" ? "analysis.excerpts.byTheme" : "analysis.excerpts.bySection")} (${year})`,
    uncoded: t(`analysis.excerpts.uncoded.${by}`),
    anonymous: t("analysis.anonymous"),
    proposal: t("analysis.coding.proposal"),
    orphan: t("analysis.coding.orphan"),
  });

  app.get(
    "/f/:forum/:year/analysis/excerpts.csv",
    { schema: { params: cycleParams, querystring: excerptsQuery } },
    async (request, reply) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      const by = request.query.by ?? "theme";
      const found = await groups(
        request,
        forum.id,
        cycle.id,
        by,
        request.query.code,
        request.query.proposals === "1",
      );
      const ctx = request.pageContext();
      return reply
        .type("text/csv; charset=utf-8")
        .header(
          "content-disposition",
          `attachment; filename="${forum.slug}-${cycle.year}-excerpts-by-${by}.csv"`,
        )
        .send(`\uFEFF${excerptsCsv(found, labelsFor(ctx, forum.name, cycle.year, by))}`);
    },
  );

  app.get(
    "/f/:forum/:year/analysis/excerpts.docx",
    { schema: { params: cycleParams, querystring: excerptsQuery } },
    async (request, reply) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      const by = request.query.by ?? "theme";
      const found = await groups(
        request,
        forum.id,
        cycle.id,
        by,
        request.query.code,
        request.query.proposals === "1",
      );
      const ctx = request.pageContext();
      const bytes = await excerptsDocx(found, labelsFor(ctx, forum.name, cycle.year, by));
      return reply
        .type("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        .header(
          "content-disposition",
          `attachment; filename="${forum.slug}-${cycle.year}-excerpts-by-${by}.docx"`,
        )
        .send(bytes);
    },
  );
};
