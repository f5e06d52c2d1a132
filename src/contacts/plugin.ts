// Everything contacts adds to the application: its pages and its API.
import type { FastifyPluginAsync } from "fastify";
import { contactApiRoutes } from "./api-routes.js";
import { contactRoutes } from "./contacts/routes.js";
import { coverageRoutes } from "./coverage/routes.js";
import { gapRoutes } from "./gaps/routes.js";
import { importRoutes } from "./import/routes.js";

/** Registers the contacts, gaps, import and coverage pages and the contacts API. */
export const contactsPlugin: FastifyPluginAsync = async (app) => {
  await app.register(contactRoutes);
  await app.register(gapRoutes);
  await app.register(importRoutes);
  await app.register(coverageRoutes);
  await app.register(contactApiRoutes);
};
