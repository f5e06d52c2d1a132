// Everything contacts adds to the application: its pages and its API, and a card on the cycle pages its members
// see (the forum's contacts are the same for every cycle).
import type { FastifyPluginAsync } from "fastify";
import { registerCycleSection } from "../forums/index.js";
import { contactApiRoutes } from "./api-routes.js";
import { contactRoutes } from "./contacts/routes.js";
import { contactsSummary } from "./contacts/service.js";
import { coverageRoutes } from "./coverage/routes.js";
import { duplicateRoutes } from "./duplicates/routes.js";
import { gapRoutes } from "./gaps/routes.js";
import { importRoutes } from "./import/routes.js";
import { nriRoutes } from "./nris/routes.js";

/** Registers the contacts, gaps, import and coverage pages and the contacts API. */
export const contactsPlugin: FastifyPluginAsync = async (app) => {
  await app.register(contactRoutes);
  await app.register(gapRoutes);
  await app.register(importRoutes);
  await app.register(coverageRoutes);
  await app.register(nriRoutes);
  await app.register(duplicateRoutes);
  await app.register(contactApiRoutes);
};

// The contacts card on a cycle's page, for the forum's members only: counts, never names or addresses.
registerCycleSection(async ({ db, forum, ctx, actor }) => {
  const summary = await contactsSummary(db, { actor, forumId: forum.id });
  if (!summary) return undefined;
  return {
    key: "contacts",
    title: ctx.t("contacts.list.title"),
    summary: summary.contacts === 0 ? ctx.t("contacts.card.none") : ctx.t("contacts.card.summary", summary),
    href: `/f/${forum.slug}/contacts`,
  };
});
