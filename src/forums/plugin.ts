// Everything forums adds to the application: the forums, cycles and members API, the forum's public pages
// and calendar feed, and the secretariat's and members' pages.
import type { FastifyPluginAsync } from "fastify";
import { cycleApiRoutes } from "./cycles/api-routes.js";
import { cycleRoutes } from "./cycles/routes.js";
import { forumApiRoutes } from "./forums/api-routes.js";
import { forumRoutes } from "./forums/routes.js";
import { memberApiRoutes } from "./members/api-routes.js";
import { memberRoutes } from "./members/routes.js";
import { publicRoutes } from "./public/routes.js";
import { forumTexts } from "./translations/forum-texts.js";
import { translationRoutes } from "./translations/routes.js";
import { registerTranslatableSource } from "./translations/service.js";

/** Registers the forum, cycle and member pages and the forums API. */
registerTranslatableSource(forumTexts);

export const forumsPlugin: FastifyPluginAsync = async (app) => {
  await app.register(forumApiRoutes);
  await app.register(cycleApiRoutes);
  await app.register(memberApiRoutes);
  await app.register(publicRoutes);
  await app.register(forumRoutes);
  await app.register(cycleRoutes);
  await app.register(memberRoutes);
  await app.register(translationRoutes);
};
