// /admin/privacy: the site administrator's personal data requests. Thin handlers: validate, call the
// service (which checks the policy and writes the audit row), present.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { AppError, unauthorized } from "../server/errors.js";
import { seeOther } from "../server/forms.js";
import { sendPage } from "../server/render.js";
import { PrivacyPage } from "./pages.js";
import { erasePersonalData, exportPersonalData, requirePrivacyAccess } from "./service.js";

// Fields default to empty so that who is asking is checked before what they sent; an empty address is then
// refused by the service like any other invalid one.
const ExportBody = Type.Object({ email: Type.String({ maxLength: 320, default: "" }) });
const EraseBody = Type.Object({
  erase_email: Type.String({ maxLength: 320, default: "" }),
  erase_confirm: Type.String({ maxLength: 320, default: "" }),
});

/** The page and its two forms. */
export const privacyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { database, config, clock } = app.services;

  app.get("/admin/privacy", { config: { personal: true } }, async (request, reply) => {
    if (request.actor.kind === "anonymous") return seeOther(reply, "/sign-in?next=%2Fadmin%2Fprivacy");
    requirePrivacyAccess(request.actor);
    return sendPage(reply, <PrivacyPage ctx={request.pageContext()} state={{ values: {} }} />);
  });

  app.post("/admin/privacy/export", { schema: { body: ExportBody } }, async (request, reply) => {
    if (request.actor.kind === "anonymous") throw unauthorized();
    requirePrivacyAccess(request.actor);
    try {
      const result = await exportPersonalData(
        { db: database.db, dataDir: config.dataDir, now: clock() },
        { actor: request.actor, email: request.body.email },
      );
      const day = clock().toISOString().slice(0, 10);
      return reply
        .header("content-type", "application/zip")
        .header("content-disposition", `attachment; filename="personal-data-${day}.zip"`)
        .send(Buffer.from(result.zip));
    } catch (error) {
      if (!(error instanceof AppError && error.code === "invalid")) throw error;
      return sendPage(
        reply,
        <PrivacyPage
          ctx={request.pageContext()}
          state={{ values: { email: request.body.email }, errors: error.fields }}
        />,
        422,
      );
    }
  });

  app.post("/admin/privacy/erase", { schema: { body: EraseBody } }, async (request, reply) => {
    if (request.actor.kind === "anonymous") throw unauthorized();
    requirePrivacyAccess(request.actor);
    const { erase_email: email, erase_confirm: confirm } = request.body;
    const values = { erase_email: email, erase_confirm: confirm };
    const ctx = request.pageContext();
    if (email.trim().toLowerCase() !== confirm.trim().toLowerCase())
      return sendPage(
        reply,
        <PrivacyPage ctx={ctx} state={{ values, errors: { erase_confirm: "privacy.erase.mismatch" } }} />,
        422,
      );
    try {
      const counts = await erasePersonalData(
        { db: database.db, dataDir: config.dataDir },
        { actor: request.actor, email },
      );
      const count = Object.values(counts).reduce((a, b) => a + b, 0);
      return sendPage(
        reply,
        <PrivacyPage ctx={ctx} state={{ values: {}, notice: ctx.t("privacy.erase.done", { count }) }} />,
      );
    } catch (error) {
      if (!(error instanceof AppError && error.code === "invalid")) throw error;
      return sendPage(
        reply,
        <PrivacyPage ctx={ctx} state={{ values, errors: { erase_email: "privacy.invalidEmail" } }} />,
        422,
      );
    }
  });
};
