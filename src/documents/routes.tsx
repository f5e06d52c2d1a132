// The documents' pages and forms. A form that fails validation comes back with what was typed and each error
// by its field; a public comment outside the review window is refused with the reason.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import type { DraftingExcerpt } from "../analysis/index.js";
import { findCycle, originalLanguage } from "../forums/index.js";
import { AppError } from "../server/errors.js";
import { fieldErrorsOf, formFields, seeOther } from "../server/forms.js";
import { sendPage } from "../server/render.js";
import type { PageContext } from "../ui/page-context.js";
import { commentLimiter } from "./comment-limits.js";
import { draftingPanel, insertExcerpt, sectionCitations } from "./drafting/service.js";
import { parseDocument } from "./markdown.js";
import {
  ComparePage,
  DocumentListPage,
  DocumentPage,
  documentPath,
  EditDocumentPage,
  NewDocumentPage,
} from "./pages.js";
import { noSuch } from "./refusals.js";
import {
  addComment,
  compareDocumentVersions,
  createDocument,
  cycleDocuments,
  documentView,
  type Place,
  PUBLISH_TO,
  publishVersion,
  saveVersion,
  setReviewDates,
} from "./service.js";
import { translatedTitles } from "./titles.js";

const cycleParams = Type.Object({ forum: Type.String(), year: Type.String() });
const documentParams = Type.Object({
  forum: Type.String(),
  year: Type.String(),
  id: Type.String({ maxLength: 40 }),
});
const versionParams = Type.Object({
  forum: Type.String(),
  year: Type.String(),
  id: Type.String({ maxLength: 40 }),
  number: Type.Integer({ minimum: 1 }),
});

async function placeOf(app: Pick<FastifyInstance, "services">, params: { forum: string; year: string }) {
  const { forum, cycle } = await findCycle(app.services.database.db, params.forum, params.year);
  const place: Place = {
    forum: { id: forum.id, slug: forum.slug, name: forum.name },
    cycle: { id: cycle.id, year: cycle.year },
  };
  return { place, forum };
}

/** A text being written, rendered as it will read (its blocks with provisional ids, its notes). */
function previewOf(body: string) {
  const parsed = parseDocument(body);
  return {
    blocks: parsed.blocks.map((block, i) => ({ id: `preview-${i}`, block })),
    footnotes: parsed.footnotes,
  };
}

/** The footnote citing an excerpt's contribution, in the editor's language. */
const footnoteNote = (ctx: PageContext) => (e: DraftingExcerpt, url: string) =>
  ctx.t("documents.drafting.note", {
    reference: e.reference ?? "",
    url,
    contributor: e.anonymous || !e.contributor ? ctx.t("documents.drafting.anonymous") : e.contributor,
  });

/** The documents' routes. */
export const documentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;
  const db = services.database.db;
  const draftingPlace = (forumSlug: string, year: number) => ({
    forumSlug,
    year,
    publicUrl: services.config.publicUrl,
  });
  const script = services.assets.url("documents.js");
  /** The contributions each section of a version cites, by its heading's paragraph id. */
  const citationsOf = (view: Awaited<ReturnType<typeof documentView>>, forumSlug: string, year: number) =>
    new Map(
      sectionCitations(view.version.body, draftingPlace(forumSlug, year))
        .filter((s) => s.heading >= 0 && s.references.length)
        .map((s) => [view.blocks[s.heading]?.id ?? "", s.references]),
    );

  /** The view of a document named by a URL, refused when it belongs to another cycle. */
  async function viewOf(
    actor: Parameters<typeof documentView>[1]["actor"],
    params: { forum: string; year: string; id: string },
    number?: number,
  ) {
    const { place, forum } = await placeOf(app, params);
    const view = await documentView(db, { actor, documentId: params.id, number, now: services.clock() });
    if (view.document.cycle_id !== place.cycle.id) throw noSuch("document");
    return { place, forum, view };
  }

  app.get("/f/:forum/:year/documents", { schema: { params: cycleParams } }, async (request, reply) => {
    const { place, forum } = await placeOf(app, request.params);
    const { access, documents } = await cycleDocuments(db, { actor: request.actor, place });
    const titled = await translatedTitles(
      db,
      forum,
      request.locale,
      documents.map((d) => d.document),
    );
    return sendPage(
      reply,
      <DocumentListPage
        ctx={request.pageContext()}
        forum={forum}
        year={place.cycle.year}
        documents={documents.map((d, i) => ({ ...d, document: titled[i] ?? d.document }))}
        canEdit={access.secretariat}
      />,
    );
  });

  app.get("/f/:forum/:year/documents/new", { schema: { params: cycleParams } }, async (request, reply) => {
    const { place, forum } = await placeOf(app, request.params);
    const { access } = await cycleDocuments(db, { actor: request.actor, place });
    if (!access.secretariat) {
      // The same refusal the form's POST gives.
      await createDocument(db, { actor: request.actor, place, input: {}, now: services.clock() });
    }
    const sections = await draftingPanel(db, {
      actor: request.actor,
      document: { forum_id: place.forum.id, cycle_id: place.cycle.id },
      body: "",
      place: draftingPlace(forum.slug, place.cycle.year),
      now: services.clock(),
    });
    return sendPage(
      reply,
      <NewDocumentPage
        ctx={request.pageContext()}
        forum={forum}
        year={place.cycle.year}
        sections={sections}
      />,
    );
  });

  app.post("/f/:forum/:year/documents", { schema: { params: cycleParams } }, async (request, reply) => {
    const { place, forum } = await placeOf(app, request.params);
    const form = formFields(request.body);
    const ctx = request.pageContext();
    const cycle = { forum_id: place.forum.id, cycle_id: place.cycle.id };
    const where = draftingPlace(forum.slug, place.cycle.year);
    const formPage = async (
      status: number,
      errors?: Record<string, string>,
      inserted = false,
      preview?: ReturnType<typeof previewOf>,
    ) =>
      sendPage(
        reply,
        <NewDocumentPage
          ctx={ctx}
          forum={forum}
          year={place.cycle.year}
          values={form}
          errors={errors}
          inserted={inserted}
          preview={preview}
          sections={
            await draftingPanel(db, {
              actor: request.actor,
              document: cycle,
              body: form.body ?? "",
              place: where,
              now: services.clock(),
            })
          }
        />,
        status,
      );
    if (form.insert) {
      form.body = await insertExcerpt(db, {
        actor: request.actor,
        document: cycle,
        body: form.body ?? "",
        excerptId: form.insert,
        place: where,
        now: services.clock(),
        note: footnoteNote(ctx),
      });
      return formPage(200, undefined, true);
    }
    if (form.action === "preview") {
      // The text rendered as it will read, nothing saved; the same refusal as saving for anyone else.
      const { access } = await cycleDocuments(db, { actor: request.actor, place });
      if (!access.secretariat)
        await createDocument(db, { actor: request.actor, place, input: {}, now: services.clock() });
      return formPage(200, undefined, false, previewOf(form.body ?? ""));
    }
    try {
      const { document } = await createDocument(db, {
        actor: request.actor,
        place,
        input: form,
        now: services.clock(),
      });
      return seeOther(reply, documentPath(forum.slug, place.cycle.year, document.id));
    } catch (error) {
      return formPage(422, fieldErrorsOf(error));
    }
  });

  app.get(
    "/f/:forum/:year/documents/:id",
    {
      schema: {
        params: documentParams,
        querystring: Type.Object({
          version: Type.Optional(Type.Integer({ minimum: 1 })),
          // Set by the publish form's redirect: the version's new state, said at the top of the page.
          published: Type.Optional(Type.String()),
        }),
      },
    },
    async (request, reply) => {
      const { place, forum, view } = await viewOf(request.actor, request.params, request.query.version);
      const [document = view.document] = await translatedTitles(db, forum, request.locale, [view.document]);
      const ctx = request.pageContext();
      const published = PUBLISH_TO.find((to) => to === request.query.published);
      return sendPage(
        reply,
        <DocumentPage
          notice={
            published && view.access.secretariat
              ? ctx.t("documents.done.published", {
                  number: view.version.number,
                  state: ctx.t(`documents.published.${published}`),
                })
              : undefined
          }
          ctx={ctx}
          forum={forum}
          year={place.cycle.year}
          view={{ ...view, document }}
          signedIn={request.actor.kind !== "anonymous"}
          citations={citationsOf(view, forum.slug, place.cycle.year)}
          script={script}
          // The text is in the forum's original language (translations are of titles, not of the text).
          textLang={originalLanguage(forum)}
        />,
      );
    },
  );

  app.get(
    "/f/:forum/:year/documents/:id/edit",
    { schema: { params: documentParams } },
    async (request, reply) => {
      const { place, forum, view } = await viewOf(request.actor, request.params);
      if (!view.access.secretariat) {
        await saveVersion(db, {
          actor: request.actor,
          documentId: view.document.id,
          input: {},
          now: services.clock(),
        });
      }
      const sections = await draftingPanel(db, {
        actor: request.actor,
        document: view.document,
        body: view.version.body,
        place: draftingPlace(forum.slug, place.cycle.year),
        now: services.clock(),
      });
      return sendPage(
        reply,
        <EditDocumentPage
          ctx={request.pageContext()}
          forum={forum}
          year={place.cycle.year}
          document={view.document}
          values={{ body: view.version.body }}
          sections={sections}
          milestonesDecide={view.window.source === "milestones"}
        />,
      );
    },
  );

  app.post(
    "/f/:forum/:year/documents/:id/review-dates",
    { schema: { params: documentParams } },
    async (request, reply) => {
      const form = formFields(request.body);
      const { place, forum, view } = await viewOf(request.actor, request.params);
      try {
        await setReviewDates(db, {
          actor: request.actor,
          documentId: view.document.id,
          input: form,
          now: services.clock(),
        });
      } catch (error) {
        // Refused: the edit page again, the dates as typed and each error by its field.
        return sendPage(
          reply,
          <EditDocumentPage
            ctx={request.pageContext()}
            forum={forum}
            year={place.cycle.year}
            document={view.document}
            values={{ body: view.version.body }}
            dates={{ values: form, errors: fieldErrorsOf(error) }}
            milestonesDecide={view.window.source === "milestones"}
          />,
          422,
        );
      }
      return seeOther(reply, documentPath(forum.slug, place.cycle.year, view.document.id));
    },
  );

  app.post(
    "/f/:forum/:year/documents/:id/versions",
    { schema: { params: documentParams } },
    async (request, reply) => {
      const form = formFields(request.body);
      const { place, forum, view } = await viewOf(request.actor, request.params);
      const ctx = request.pageContext();
      const where = draftingPlace(forum.slug, place.cycle.year);
      const editPage = async (status: number, errors?: Record<string, string>, inserted = false) => {
        return sendPage(
          reply,
          <EditDocumentPage
            ctx={ctx}
            forum={forum}
            year={place.cycle.year}
            document={view.document}
            values={form}
            errors={errors}
            inserted={inserted}
            preview={previewOf(form.body ?? "")}
            sections={
              await draftingPanel(db, {
                actor: request.actor,
                document: view.document,
                body: form.body ?? "",
                place: where,
                now: services.clock(),
              })
            }
          />,
          status,
        );
      };
      if (form.insert) {
        // An excerpt inserted into the text being edited: shown again, not saved.
        form.body = await insertExcerpt(db, {
          actor: request.actor,
          document: view.document,
          body: form.body ?? "",
          excerptId: form.insert,
          place: where,
          now: services.clock(),
          note: footnoteNote(ctx),
        });
        return editPage(200, undefined, true);
      }
      if (form.action === "preview") {
        if (!view.access.secretariat)
          await saveVersion(db, {
            actor: request.actor,
            documentId: view.document.id,
            input: {},
            now: services.clock(),
          });
        return editPage(200);
      }
      try {
        await saveVersion(db, {
          actor: request.actor,
          documentId: view.document.id,
          input: form,
          now: services.clock(),
        });
      } catch (error) {
        return editPage(422, fieldErrorsOf(error));
      }
      return seeOther(reply, documentPath(forum.slug, place.cycle.year, view.document.id));
    },
  );

  app.post(
    "/f/:forum/:year/documents/:id/versions/:number/publish",
    { schema: { params: versionParams } },
    async (request, reply) => {
      const { place, forum } = await placeOf(app, request.params);
      const form = formFields(request.body);
      const version = await publishVersion(db, {
        actor: request.actor,
        documentId: request.params.id,
        number: request.params.number,
        to: form.to ?? "",
        now: services.clock(),
      });
      return seeOther(
        reply,
        `${documentPath(forum.slug, place.cycle.year, request.params.id)}?version=${version.number}&published=${version.published_to}`,
      );
    },
  );

  app.get(
    "/f/:forum/:year/documents/:id/compare",
    {
      schema: {
        params: documentParams,
        querystring: Type.Object({ from: Type.Integer({ minimum: 1 }), to: Type.Integer({ minimum: 1 }) }),
      },
    },
    async (request, reply) => {
      const { place, forum } = await placeOf(app, request.params);
      const result = await compareDocumentVersions(db, {
        actor: request.actor,
        documentId: request.params.id,
        from: request.query.from,
        to: request.query.to,
      });
      if (result.document.cycle_id !== place.cycle.id) throw noSuch("document");
      return sendPage(
        reply,
        <ComparePage
          ctx={request.pageContext()}
          forum={forum}
          year={place.cycle.year}
          document={result.document}
          from={result.from.number}
          to={result.to.number}
          changes={result.changes}
        />,
      );
    },
  );

  app.post(
    "/f/:forum/:year/documents/:id/comments",
    { schema: { params: documentParams } },
    async (request, reply) => {
      const form = formFields(request.body);
      const { place, forum, view } = await viewOf(
        request.actor,
        request.params,
        Number(form.version) || undefined,
      );
      let id: string;
      try {
        const row = await addComment(db, {
          actor: request.actor,
          documentId: view.document.id,
          input: form,
          now: services.clock(),
          limiter: commentLimiter(services.config),
          ip: request.ip,
        });
        id = row.id;
      } catch (error) {
        // Not signed in, or too many comments: the page again, saying why (what was typed kept in its form).
        const refused =
          error instanceof AppError && (error.code === "unauthorized" || error.code === "rate_limited")
            ? error
            : undefined;
        const errors = refused
          ? {
              _form: request
                .pageContext()
                .t(refused.messageKey ?? "documents.error.signInToComment", refused.messageValues),
            }
          : fieldErrorsOf(error);
        if (refused?.headers) reply.headers(refused.headers);
        const [document = view.document] = await translatedTitles(db, forum, request.locale, [view.document]);
        return sendPage(
          reply,
          <DocumentPage
            ctx={request.pageContext()}
            forum={forum}
            year={place.cycle.year}
            view={{ ...view, document }}
            signedIn={request.actor.kind !== "anonymous"}
            citations={citationsOf(view, forum.slug, place.cycle.year)}
            script={script}
            textLang={originalLanguage(forum)}
            form={{ paragraphId: form.paragraph_id ?? "", values: form, errors: refused ? {} : errors }}
            refusal={refused ? errors._form : undefined}
          />,
          refused?.status ?? 422,
        );
      }
      return seeOther(
        reply,
        `${documentPath(forum.slug, place.cycle.year, view.document.id)}?version=${view.version.number}#comment-${id}`,
      );
    },
  );
};
