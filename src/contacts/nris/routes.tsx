// The NRI registry's pages: the list (filterable by kind) with the form adding one, and an NRI's page.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { findForum } from "../../forums/index.js";
import { fieldErrorsOf, formFields, seeOther } from "../../server/forms.js";
import { sendPage } from "../../server/render.js";
import { NriPage, NrisPage } from "./pages.js";
import { createNri, getNri, listNris, updateNri } from "./service.js";

const forumParams = Type.Object({ forum: Type.String() });
const nriParams = Type.Object({ forum: Type.String(), id: Type.String() });

/** The NRI pages. */
export const nriRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.services.database.db;

  app.get(
    "/f/:forum/contacts/nris",
    { schema: { params: forumParams, querystring: Type.Object({ scope: Type.Optional(Type.String()) }) } },
    async (request, reply) => {
      const forum = await findForum(db, request.params.forum);
      const scope = request.query.scope ?? "";
      const result = await listNris(db, { actor: request.actor, forumId: forum.id, scope });
      return sendPage(
        reply,
        <NrisPage ctx={request.pageContext()} forum={forum} scope={scope} {...result} />,
      );
    },
  );

  app.post("/f/:forum/contacts/nris", { schema: { params: forumParams } }, async (request, reply) => {
    const forum = await findForum(db, request.params.forum);
    const form = formFields(request.body);
    try {
      const nri = await createNri(db, { actor: request.actor, forumId: forum.id, input: form });
      return seeOther(reply, `/f/${forum.slug}/contacts/nris/${nri.id}`);
    } catch (error) {
      const errors = fieldErrorsOf(error);
      const result = await listNris(db, { actor: request.actor, forumId: forum.id });
      const page = (
        <NrisPage
          ctx={request.pageContext()}
          forum={forum}
          scope=""
          values={form}
          errors={errors}
          {...result}
        />
      );
      return sendPage(reply, page, 422);
    }
  });

  app.get("/f/:forum/contacts/nris/:id", { schema: { params: nriParams } }, async (request, reply) => {
    const forum = await findForum(db, request.params.forum);
    const result = await getNri(db, { actor: request.actor, forumId: forum.id, nriId: request.params.id });
    return sendPage(reply, <NriPage ctx={request.pageContext()} forum={forum} {...result} />);
  });

  app.post("/f/:forum/contacts/nris/:id", { schema: { params: nriParams } }, async (request, reply) => {
    const forum = await findForum(db, request.params.forum);
    const form = formFields(request.body);
    try {
      await updateNri(db, { actor: request.actor, forumId: forum.id, nriId: request.params.id, input: form });
    } catch (error) {
      const errors = fieldErrorsOf(error);
      const result = await getNri(db, { actor: request.actor, forumId: forum.id, nriId: request.params.id });
      const page = (
        <NriPage ctx={request.pageContext()} forum={forum} values={form} errors={errors} {...result} />
      );
      return sendPage(reply, page, 422);
    }
    return seeOther(reply, `/f/${forum.slug}/contacts/nris/${request.params.id}`);
  });
};
