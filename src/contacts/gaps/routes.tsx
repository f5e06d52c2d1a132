// The gaps page and taking a gap (volunteering, or the secretariat assigning a member).
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { findForum } from "../../forums/index.js";
import { formFields, seeOther } from "../../server/forms.js";
import { sendPage } from "../../server/render.js";
import { GapsPage } from "./pages.js";
import { listGaps, takeGap } from "./service.js";

const forumParams = Type.Object({ forum: Type.String() });
const contactParams = Type.Object({ forum: Type.String(), id: Type.String() });

/** The gaps pages. */
export const gapRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.services.database.db;

  app.get(
    "/f/:forum/contacts/gaps",
    { schema: { params: forumParams, querystring: Type.Object({ done: Type.Optional(Type.String()) }) } },
    async (request, reply) => {
      const forum = await findForum(db, request.params.forum);
      const result = await listGaps(db, { actor: request.actor, forumId: forum.id });
      const ctx = request.pageContext();
      const done = request.query.done;
      const notice =
        done === "taken"
          ? ctx.t("contacts.gaps.taken")
          : done === "filled"
            ? ctx.t("contacts.gaps.filled")
            : undefined;
      return sendPage(reply, <GapsPage ctx={ctx} forum={forum} notice={notice} {...result} />);
    },
  );

  app.post("/f/:forum/contacts/:id/gap", { schema: { params: contactParams } }, async (request, reply) => {
    const forum = await findForum(db, request.params.forum);
    const form = formFields(request.body);
    await takeGap(db, {
      actor: request.actor,
      forumId: forum.id,
      contactId: request.params.id,
      assigneeId: form.assignee || null,
      due: form.due || null,
    });
    return seeOther(reply, `/f/${forum.slug}/contacts/gaps?done=taken`);
  });
};
