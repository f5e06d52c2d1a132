// Assembles the application: plugins, request context, error handling and every domain's routes.
import { randomUUID } from "node:crypto";
import compress from "@fastify/compress";
import cookie from "@fastify/cookie";
import formbody from "@fastify/formbody";
import helmet from "@fastify/helmet";
import multipart from "@fastify/multipart";
import swagger from "@fastify/swagger";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import Fastify, { type FastifyInstance, LogController } from "fastify";
import { analysisPlugin } from "../analysis/index.js";
import { auditRoutes } from "../audit/index.js";
import {
  type Actor,
  anonymous,
  authApiRoutes,
  authRoutes,
  checkCsrf,
  ensureCsrfToken,
  isMultipart,
  MANAGERS,
  presentedCsrfToken,
  requireForumRole,
  requireSiteAdmin,
  resolveActor,
  selectForumPeople,
  sessionCookieName,
} from "../auth/index.js";
import { callsPlugin } from "../calls/index.js";
import { campaignsPlugin } from "../campaigns/index.js";
import { contactsPlugin } from "../contacts/index.js";
import { contributionsPlugin } from "../contributions/index.js";
import type { AppDatabase } from "../db/database.js";
import { documentsPlugin } from "../documents/index.js";
import { forumNameHook, forumsPlugin } from "../forums/index.js";
import { JobRunner } from "../jobs/runner.js";
import { mailRoutes } from "../mail/index.js";
import { meetingsPlugin } from "../meetings/index.js";
import { privacyRoutes } from "../privacy/index.js";
import { readingPlugin } from "../reading/index.js";
import { withoutLang } from "../ui/i18n/lang-param.js";
import { directionOf, isLocale, type Locale, negotiateLocale } from "../ui/i18n/locales.js";
import { translator } from "../ui/i18n/translate.js";
import type { PageContext } from "../ui/page-context.js";
import { apiDocsRoutes } from "./api-docs.js";
import { type AssetCatalogue, loadAssets } from "./assets.js";
import type { Config } from "./config.js";
import { installErrorHandling } from "./error-handler.js";
import { AppError } from "./errors.js";
import { healthRoutes } from "./health.js";
import { registerJobHandlers } from "./jobs.js";
import { installPageCache, PageCache } from "./page-cache.js";
import { carriesSecret, installRequestGuards, redactUrl } from "./request-guards.js";
import { siteSecret } from "./settings.js";
import { siteRoutes } from "./site-routes.js";

/** What the application is built from; tests build it with their own database and clock. */
export interface AppDeps {
  config: Config;
  database: AppDatabase;
  /** The server's clock: stamps receipts and decides deadlines. Tests pass a fixed one. */
  clock?: () => Date;
  /** Logger options; tests pass false. */
  logger?: boolean | Record<string, unknown>;
}

/** Per-application services handed to routes. */
export interface AppServices {
  config: Config;
  database: AppDatabase;
  clock: () => Date;
  assets: AssetCatalogue;
  /** The site's signing secret (sign-in codes, unsubscribe links). */
  secret: string;
  /** Background jobs (mail delivery, text extraction…); started by the server, driven by hand in tests. */
  jobs: JobRunner;
  /** Whether the site is served over HTTPS (secure cookies, the __Host- prefix). */
  secure: boolean;
}

declare module "fastify" {
  interface FastifyContextConfig {
    /** true where `?lang=` names the content's language (the translation page), not the interface's. */
    langNamesContent?: boolean;
    /** false for the few routes whose authority is a signature in the URL (one-click unsubscribe). */
    csrf?: boolean;
    /** true for routes that read multipart bodies; they check the CSRF token themselves, from the first field. */
    multipart?: boolean;
    /** true for routes that never look at who is asking (assets, health): no session lookup in the database. */
    anonymousOnly?: boolean;
    /** true for pages that belong to one reader although no one is signed in: never stored by a cache. */
    personal?: boolean;
  }
  interface FastifyInstance {
    services: AppServices;
  }
  interface FastifyRequest {
    actor: Actor;
    locale: Locale;
    /** Where the language came from: an explicit choice (?lang=, the cookie) outranks a guess. */
    localeSource: "query" | "cookie" | "profile" | "browser";
    timeZone: string | undefined;
    pageContext(): PageContext;
  }
}

function validTimeZone(zone: string | undefined): string | undefined {
  if (!zone) return undefined;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return zone;
  } catch {
    return undefined;
  }
}

/** Builds the Fastify application without listening. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, database } = deps;
  const logger = deps.logger ?? { level: config.logLevel };
  const app = Fastify({
    // Fastify's own request serializer (used if anything logs `req`) shows the URL redacted as well.
    logger:
      typeof logger === "object"
        ? {
            ...logger,
            serializers: {
              req: (req: { method?: string; url?: string }) => ({
                method: req.method,
                url: redactUrl(req.url ?? ""),
              }),
            },
          }
        : logger,
    genReqId: () => randomUUID(),
    // One compact line per request (the onResponse hook below) instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: "request_id" }),
    trustProxy: config.trustProxy,
    bodyLimit: 2 * 1024 * 1024,
    return503OnClosing: true,
    // A slow sender is cut off: the whole request within the upload budget (each route's own, shorter budget
    // is applied by request-guards.ts), headers within the request budget, idle connections soon.
    requestTimeout: config.uploadTimeoutSeconds * 1000,
    keepAliveTimeout: config.keepAliveTimeoutSeconds * 1000,
    http: {
      headersTimeout: Math.min(config.requestTimeoutSeconds, config.uploadTimeoutSeconds) * 1000,
      // Node checks those two deadlines on this interval (30 s by default, which would double a short one).
      connectionsCheckingInterval: Math.min(5000, config.requestTimeoutSeconds * 250),
    },
    ajv: { customOptions: { removeAdditional: false, coerceTypes: "array", allErrors: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  const clock = deps.clock ?? (() => new Date());
  const jobs = new JobRunner({
    db: database.background,
    clock,
    log: (message, error) => app.log.warn({ err: error }, message),
    soleProcess: database.engine === "pglite",
    leaseSeconds: config.jobLeaseSeconds,
  });
  const services: AppServices = {
    config,
    database,
    clock,
    assets: loadAssets(),
    secret: await siteSecret(database.db),
    jobs,
    secure: config.publicUrl.startsWith("https:"),
  };
  registerJobHandlers(services);
  app.decorate("services", services);

  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: config.publicUrl.startsWith("https:"),
  });
  await app.register(compress, { global: true, threshold: 1024 });
  await app.register(cookie);
  await app.register(formbody);
  await app.register(multipart, {
    // Multipart bodies escape bodyLimit, so every dimension is capped here; routes may tighten further.
    limits: {
      fileSize: config.uploadMaxFileBytes,
      files: config.uploadMaxFiles,
      fields: 300,
      fieldSize: 200 * 1024,
      parts: 300 + config.uploadMaxFiles,
    },
  });
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Intersession API",
        version: "1",
        description:
          "Forums, cycles, calls, contributions and meetings. Authenticate with `Authorization: Bearer <token>` " +
          '(create one with `intersession token create`). Errors are `{"error": {"code", "message", "request_id"}}`.',
      },
      servers: [{ url: config.publicUrl }],
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
    },
    hideUntagged: true,
  });

  app.decorateRequest("actor", null as never);
  app.decorateRequest("locale", "en" as Locale);
  app.decorateRequest("localeSource", "browser");
  app.decorateRequest("timeZone", undefined);
  app.decorateRequest("pageContext", null as unknown as () => PageContext);

  app.addHook("onRequest", async (request, reply) => {
    reply.header("x-request-id", request.id);
    // The forged-request token's cookie is set by the answers that may lead to a change: every one, except the
    // public pages an anonymous reader's copy of which may be kept (config.publicPage), which get it only when
    // they render a posting form (by reading ctx.csrfToken). A cookie would make the page that reader's alone.
    let csrfToken: string | undefined;
    const csrf = () => {
      csrfToken ??= ensureCsrfToken(request, reply, services.secure);
      return csrfToken;
    };
    if (!request.routeOptions.config?.publicPage) csrf();
    // Defaults first, so that an error while resolving the actor (a bad token) still renders in a language.
    request.actor = anonymous;
    // The language: ?lang= on this very address, then the reader's choice (cookie), then their profile, then
    // what the browser asks for. ?lang= sets this page only; the switcher's cookie is what stays.
    const queryLocale = request.routeOptions.config?.langNamesContent
      ? undefined
      : (request.query as { lang?: unknown } | undefined)?.lang;
    const cookieLocale = request.cookies.lang;
    const pickLocale = (preferred?: string | null): void => {
      const [locale, source]: [Locale, typeof request.localeSource] = isLocale(queryLocale)
        ? [queryLocale, "query"]
        : isLocale(cookieLocale)
          ? [cookieLocale, "cookie"]
          : isLocale(preferred)
            ? [preferred, "profile"]
            : [negotiateLocale(request.headers["accept-language"]) ?? "en", "browser"];
      request.locale = locale;
      request.localeSource = source;
    };
    pickLocale();
    request.timeZone = validTimeZone(request.cookies.tz);
    let context: PageContext | undefined;
    request.pageContext = () => {
      context ??= {
        locale: request.locale,
        dir: directionOf(request.locale),
        t: translator(request.locale),
        // The switcher leads back without ?lang=, or a page reached with one could never switch away.
        path: withoutLang(request.url),
        linkLang: request.localeSource === "query" ? request.locale : undefined,
        timeZone: request.timeZone,
        viewer:
          request.actor?.kind === "user"
            ? {
                id: request.actor.userId,
                name: request.actor.name,
                email: request.actor.email,
                isSiteAdmin: request.actor.isSiteAdmin,
              }
            : undefined,
        get csrfToken() {
          return csrf();
        },
        assets: {
          stylesheet: services.assets.url("style.css"),
          script: services.assets.url("app.js"),
          icon: services.assets.url("favicon.svg"),
        },
        requestId: request.id,
      };
      return context;
    };
    // Assets and the health check do not need the actor: resolving it would put a session query (which on
    // the embedded database waits behind any running query) in front of every stylesheet and every probe.
    if (request.routeOptions.config?.anonymousOnly) return;
    const resolved = await resolveActor(
      database.db,
      request,
      request.cookies[sessionCookieName(services.secure)],
      clock(),
    );
    request.actor = resolved.actor;
    pickLocale(resolved.preferredLanguage);
    request.timeZone = validTimeZone(resolved.timeZone ?? undefined) ?? request.timeZone;
  });

  // Forged-request protection for cookie-authenticated changes. Multipart bodies arrive later, so routes
  // that accept files check the token themselves (see auth/csrf.ts).
  app.addHook("preValidation", async (request) => {
    const hasSession = Boolean(request.cookies[sessionCookieName(services.secure)]);
    const isApi = request.url.startsWith("/api/");
    if (isMultipart(request)) {
      // Only routes that read multipart bodies (and check the token in them) may receive one; anywhere else
      // a multipart body would slip past this check with an empty body.
      if (request.routeOptions.config?.multipart === true) return;
      throw new AppError("unsupported_media_type", "This address does not accept multipart/form-data.", {
        messageKey: "error.multipartRefused",
      });
    }
    if ((isApi && !hasSession) || request.routeOptions.config?.csrf === false) return;
    checkCsrf(request, presentedCsrfToken(request));
  });

  // After the reader is known (the hook above), before any compression (a route's own hook, after these).
  // Its entries expire by the server's clock, as the call's milestones are read by it.
  const now = () => clock().getTime();
  installPageCache(app, new PageCache(now), { now, carriesSecret });

  app.addHook("onResponse", async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        url: redactUrl(request.url),
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      "request",
    );
  });

  installRequestGuards(app, {
    requestTimeoutMs: config.requestTimeoutSeconds * 1000,
    uploadTimeoutMs: config.uploadTimeoutSeconds * 1000,
  });
  installErrorHandling(app);

  await app.register(healthRoutes);
  await app.register(siteRoutes);
  await app.register(apiDocsRoutes);
  await app.register(authApiRoutes);
  await app.register(authRoutes);
  await app.register(mailRoutes, { requireSiteAdmin });
  await app.register(auditRoutes, {
    requireManager: (db, actor, forumId) => requireForumRole(db, actor, forumId, MANAGERS),
    forumPeople: selectForumPeople,
  });
  // The forum's name in the reader's language atop every page under /f/:forum (a hook for every domain's pages).
  await app.register(forumNameHook);
  await app.register(forumsPlugin);
  await app.register(callsPlugin);
  await app.register(contributionsPlugin);
  await app.register(meetingsPlugin);
  await app.register(analysisPlugin);
  await app.register(readingPlugin);
  await app.register(contactsPlugin);
  await app.register(campaignsPlugin);
  await app.register(documentsPlugin);
  await app.register(privacyRoutes);

  return app;
}
