// The secretariat's translation pages: the status of a forum's content per language, and entering one language.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { formFields, seeOther } from "../../server/forms.js";
import { sendPage } from "../../server/render.js";
import { findForum } from "../lookup.js";
import { Done } from "../route-parts.js";
import { TranslationEditPage, TranslationStatusPage } from "./pages.js";
import { languageStatus, saveContentTranslations, translationStatus } from "./service.js";

const LanguageParams = Type.Object({ forum: Type.String(), lang: Type.String({ maxLength: 10 }) });

/** /f/{forum}/translations and /f/{forum}/translations/{lang}. */
export const translationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.services.database.db;

  app.get(
    "/f/:forum/translations",
    { schema: { params: Type.Object({ forum: Type.String() }) } },
    async (request, reply) => {
      const forum = await findForum(db, request.params.forum);
      const ctx = request.pageContext();
      const status = await translationStatus(db, { actor: request.actor, forum, t: ctx.t });
      return sendPage(reply, <TranslationStatusPage ctx={ctx} forum={forum} {...status} />);
    },
  );

  app.get(
    "/f/:forum/translations/:lang",
    { schema: { params: LanguageParams, querystring: Done } },
    async (request, reply) => {
      const forum = await findForum(db, request.params.forum);
      const ctx = request.pageContext();
      const status = await languageStatus(db, {
        actor: request.actor,
        forum,
        t: ctx.t,
        locale: request.params.lang,
      });
      const notice = request.query.done ? ctx.t("forums.translations.saved") : undefined;
      return sendPage(reply, <TranslationEditPage ctx={ctx} forum={forum} notice={notice} {...status} />);
    },
  );

  app.post("/f/:forum/translations/:lang", { schema: { params: LanguageParams } }, async (request, reply) => {
    const forum = await findForum(db, request.params.forum);
    await saveContentTranslations(db, {
      actor: request.actor,
      forum,
      t: request.pageContext().t,
      locale: request.params.lang,
      fields: formFields(request.body),
    });
    return seeOther(reply, `/f/${forum.slug}/translations/${request.params.lang}?done=saved`);
  });
};
