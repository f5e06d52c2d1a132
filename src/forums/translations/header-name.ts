// The forum's name heads every page of the forum (the layout's brand link): in the reader's language where the
// secretariat translated it. One hook for the whole application, so that pages of every domain under
// /f/:forum/… show it without each reading the translation themselves.
import type { FastifyPluginAsync, FastifyRequest } from "fastify";
import { forumBySlug } from "../lookup.js";
import { contentTexts, originalLanguage } from "./service.js";

async function translateForumName(request: FastifyRequest): Promise<void> {
  const slug = (request.params as { forum?: unknown } | undefined)?.forum;
  if (typeof slug !== "string" || request.url.startsWith("/api/")) return;
  const db = request.server.services.database.db;
  const forum = await forumBySlug(db, slug);
  if (!forum) return;
  const original = originalLanguage(forum);
  if (request.locale === original) return;
  const texts = await contentTexts(db, { locale: request.locale, original, needs: { forum: [forum.id] } });
  const name = texts("forum", forum.id, "name", forum.name);
  request.pageContext().forumName = { slug: forum.slug, text: name.text, lang: name.lang };
}

/** Registers the hook for the whole application (not only the forums folder's routes). */
export const forumNameHook: FastifyPluginAsync = Object.assign(
  async (app: Parameters<FastifyPluginAsync>[0]) => {
    app.addHook("preHandler", translateForumName);
  },
  // Fastify's documented way for a plugin to add its hooks to the parent scope (what fastify-plugin sets).
  { [Symbol.for("skip-override")]: true },
);
