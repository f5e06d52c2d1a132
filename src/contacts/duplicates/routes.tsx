// The duplicates page and the merge screen.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { findForum } from "../../forums/index.js";
import { fieldErrorsOf, formFields, seeOther } from "../../server/forms.js";
import { sendPage } from "../../server/render.js";
import { DuplicatesPage, MergePage } from "./pages.js";
import { listDuplicates, mergeContacts, mergePreview } from "./service.js";

const forumParams = Type.Object({ forum: Type.String() });

/** The duplicates pages. */
export const duplicateRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;
  const db = services.database.db;

  app.get(
    "/f/:forum/contacts/duplicates",
    { schema: { params: forumParams, querystring: Type.Object({ done: Type.Optional(Type.String()) }) } },
    async (request, reply) => {
      const forum = await findForum(db, request.params.forum);
      const result = await listDuplicates(db, { actor: request.actor, forumId: forum.id });
      const ctx = request.pageContext();
      const notice = request.query.done === "merged" ? ctx.t("contacts.merge.done") : undefined;
      return sendPage(reply, <DuplicatesPage ctx={ctx} forum={forum} notice={notice} {...result} />);
    },
  );

  app.get(
    "/f/:forum/contacts/merge",
    { schema: { params: forumParams, querystring: Type.Object({ a: Type.String(), b: Type.String() }) } },
    async (request, reply) => {
      const forum = await findForum(db, request.params.forum);
      const { a, b } = request.query;
      const result = await mergePreview(db, { actor: request.actor, forumId: forum.id, a, b });
      return sendPage(reply, <MergePage ctx={request.pageContext()} forum={forum} {...result} />);
    },
  );

  app.post("/f/:forum/contacts/merge", { schema: { params: forumParams } }, async (request, reply) => {
    const forum = await findForum(db, request.params.forum);
    const form = formFields(request.body);
    const a = form.a ?? "";
    const b = form.b ?? "";
    const keepId = form.keep === b ? b : a;
    const dropId = keepId === a ? b : a;
    try {
      await mergeContacts(db, {
        actor: request.actor,
        forumId: forum.id,
        keepId,
        dropId,
        now: services.clock(),
      });
    } catch (error) {
      const errors = fieldErrorsOf(error);
      const result = await mergePreview(db, { actor: request.actor, forumId: forum.id, a, b });
      return sendPage(
        reply,
        <MergePage ctx={request.pageContext()} forum={forum} errors={errors} {...result} />,
        422,
      );
    }
    return seeOther(reply, `/f/${forum.slug}/contacts/duplicates?done=merged`);
  });
};
