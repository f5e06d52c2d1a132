import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import {
  ContentText,
  contentTexts,
  langAttributes,
  listForums,
  originalLanguage,
  type ShownText,
} from "../forums/index.js";
import { isLocale } from "../ui/i18n/locales.js";
import { Layout } from "../ui/layout.js";
import type { PageContext } from "../ui/page-context.js";
import { sendPage } from "./render.js";

/** Keeps redirects on this site: a path, never a scheme, another host, or characters browsers would strip. */
export function safeNext(next: unknown, fallback = "/"): string {
  if (typeof next !== "string" || !next.startsWith("/") || next.length > 2000) return fallback;
  // Browsers drop tabs and newlines from URLs, so "/\t/evil.example" would become "//evil.example".
  const hasControl = [...next].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
  if (hasControl || /[\s\\]/.test(next)) return fallback;
  const resolved = new URL(next, "http://this.site");
  if (resolved.origin !== "http://this.site") return fallback;
  return resolved.pathname + resolved.search + resolved.hash;
}

function HomePage({
  ctx,
  forums,
}: {
  ctx: PageContext;
  forums: { slug: string; name: ShownText; description: ShownText }[];
}) {
  return (
    <Layout ctx={ctx} title={ctx.t("home.title")}>
      <h1>{ctx.t("home.title")}</h1>
      <p class="lead">{ctx.t("home.intro")}</p>
      {forums.length === 0 ? (
        <p>{ctx.t("home.empty")}</p>
      ) : (
        <ul class="cards">
          {forums.map((f) => (
            <li class="card" key={f.slug}>
              <h2>
                <a href={`/f/${f.slug}`}>
                  <ContentText value={f.name} />
                </a>
              </h2>
              {f.description.text ? <p {...langAttributes(f.description)}>{f.description.text}</p> : null}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

/** The site's own pages: home, language switch, static assets. */
export const siteRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get("/", async (request, reply) => {
    const db = app.services.database.db;
    // Each forum's name and description in the reader's language, or the original marked with its own.
    const forums = await Promise.all(
      (await listForums(db)).map(async (f) => {
        const texts = await contentTexts(db, {
          locale: request.locale,
          original: originalLanguage(f),
          needs: { forum: [f.id] },
        });
        return {
          slug: f.slug,
          name: texts("forum", f.id, "name", f.name),
          description: texts("forum", f.id, "description", f.description),
        };
      }),
    );
    return sendPage(reply, <HomePage ctx={request.pageContext()} forums={forums} />);
  });

  app.get(
    "/lang/:locale",
    {
      schema: {
        params: Type.Object({ locale: Type.String() }),
        querystring: Type.Object({ next: Type.Optional(Type.String()) }),
      },
    },
    async (request, reply) => {
      const { locale } = request.params;
      if (isLocale(locale)) {
        reply.setCookie("lang", locale, {
          path: "/",
          maxAge: 365 * 24 * 3600,
          sameSite: "lax",
          httpOnly: true,
          secure: app.services.config.publicUrl.startsWith("https:"),
        });
      }
      return reply.redirect(safeNext(request.query.next), 303);
    },
  );

  // Browsers ask for /favicon.ico whatever the page links; send them to the hashed icon rather than a 404.
  app.get("/favicon.ico", { config: { anonymousOnly: true } }, async (_request, reply) =>
    reply
      .header("cache-control", "public, max-age=86400")
      .redirect(app.services.assets.url("favicon.svg"), 302),
  );

  app.get(
    "/assets/:name",
    { config: { anonymousOnly: true }, schema: { params: Type.Object({ name: Type.String() }) } },
    async (request, reply) => {
      const asset = app.services.assets.get(request.params.name);
      if (!asset) return reply.callNotFound();
      return reply
        .header("cache-control", "public, max-age=31536000, immutable")
        .type(asset.contentType)
        .send(asset.body);
    },
  );
};
