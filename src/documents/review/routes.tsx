// The review's pages and forms: hiding a comment with a reason, the report "what happened to the comments" and
// the secretariat's answer to each comment.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { findCycle } from "../../forums/index.js";
import { formFields, seeOther } from "../../server/forms.js";
import { sendPage } from "../../server/render.js";
import { documentPath } from "../pages.js";
import { noSuch } from "../refusals.js";
import { readableVersions } from "../service.js";
import { ReportPage, reportPath } from "./pages.js";
import { dispositionReport, moderateComment, setDisposition } from "./service.js";

const documentParams = Type.Object({
  forum: Type.String(),
  year: Type.String(),
  id: Type.String({ maxLength: 40 }),
});
const commentParams = Type.Object({ ...documentParams.properties, comment: Type.String({ maxLength: 40 }) });

/** The review's routes. */
export const reviewRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;
  const db = services.database.db;

  async function placeOf(params: { forum: string; year: string; id: string }) {
    const { forum, cycle } = await findCycle(db, params.forum, params.year);
    return { forum, cycle, href: documentPath(forum.slug, cycle.year, params.id) };
  }

  app.get(
    "/f/:forum/:year/documents/:id/comments-report",
    {
      schema: {
        params: documentParams,
        querystring: Type.Object({
          outcome: Type.Optional(Type.String({ maxLength: 40 })),
          saved: Type.Optional(Type.String({ maxLength: 1 })),
        }),
      },
    },
    async (request, reply) => {
      const { forum, cycle, href } = await placeOf(request.params);
      const report = await dispositionReport(db, {
        actor: request.actor,
        documentId: request.params.id,
        filter: request.query.outcome,
      });
      if (report.document.cycle_id !== cycle.id) throw noSuch("document");
      const versions = report.secretariat
        ? await readableVersions(db, { actor: request.actor, documentId: report.document.id })
        : [];
      return sendPage(
        reply,
        <ReportPage
          ctx={request.pageContext()}
          forum={forum}
          document={report.document}
          documentHref={href}
          entries={report.entries}
          counts={report.counts}
          filter={report.filter}
          secretariat={report.secretariat}
          versions={versions}
          saved={request.query.saved === "1"}
        />,
      );
    },
  );

  app.post(
    "/f/:forum/:year/documents/:id/comments/:comment/disposition",
    { schema: { params: commentParams } },
    async (request, reply) => {
      const { href } = await placeOf(request.params);
      await setDisposition(db, {
        actor: request.actor,
        documentId: request.params.id,
        commentId: request.params.comment,
        input: formFields(request.body),
        now: services.clock(),
      });
      return seeOther(reply, `${reportPath(href)}?saved=1#comment-${request.params.comment}`);
    },
  );

  app.post(
    "/f/:forum/:year/documents/:id/comments/:comment/moderation",
    { schema: { params: commentParams } },
    async (request, reply) => {
      const { href } = await placeOf(request.params);
      const form = formFields(request.body);
      await moderateComment(db, {
        actor: request.actor,
        documentId: request.params.id,
        commentId: request.params.comment,
        hide: form.hide !== "0",
        reason: form.reason,
        now: services.clock(),
      });
      const version = Number(form.version) || undefined;
      return seeOther(
        reply,
        `${href}${version ? `?version=${version}` : ""}#comment-${request.params.comment}`,
      );
    },
  );
};
