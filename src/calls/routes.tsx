// Pages of calls and questionnaires: the builder, translations, the call editor, the public call page and
// its .docx, sending and reminders, and the unsubscribe link. Handlers validate, call a service, and present.
import multipart from "@fastify/multipart";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { callPageRoutes } from "./call/routes.js";
import { questionnaireRoutes } from "./questionnaire/routes.js";
import { sendingRoutes } from "./sending/routes.js";
import { translationRoutes } from "./translations/routes.js";

export { withoutLang } from "./route-parts.js";

/** The calls pages. */
export const callRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Only the CSV upload is multipart; registered here (scoped to these routes) unless the app already has it.
  if (!app.hasContentTypeParser("multipart/form-data"))
    await app.register(multipart, { limits: { fileSize: 2_000_000, files: 1, fields: 10, parts: 12 } });
  await app.register(questionnaireRoutes);
  await app.register(translationRoutes);
  await app.register(callPageRoutes);
  await app.register(sendingRoutes);
};
