// The calls API under /api/v1: questionnaires (create, read, sections, questions, order, publish), variants,
// translations, the call, its recipients, sending and reminders. Bearer tokens; errors through AppError.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { callDetailsApiRoutes } from "./call/api-routes.js";
import { questionnaireApiRoutes } from "./questionnaire/api-routes.js";
import { sendingApiRoutes } from "./sending/api-routes.js";
import { translationApiRoutes } from "./translations/api-routes.js";

/** /api/v1/forums/{forum}/cycles/{year}/questionnaire… and …/call… */
export const callApiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(questionnaireApiRoutes);
  await app.register(translationApiRoutes);
  await app.register(callDetailsApiRoutes);
  await app.register(sendingApiRoutes);
};
