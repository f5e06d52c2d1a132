// The one place where errors become responses: JSON for the API, a page for browsers. Unknown errors become a
// generic 500 carrying the request id, never a stack trace.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { h } from "preact";
import { isDatabaseUnavailable, isStorageFull } from "../db/failures.js";
import { hasMessage } from "../ui/i18n/translate.js";
import { Layout } from "../ui/layout.js";
import { signInHref } from "../ui/sign-in-link.js";
import { AppError, type ErrorCode, errorStatus, type FieldErrors } from "./errors.js";
import { sendPage } from "./render.js";
import { safeNext } from "./site-routes.js";

/** Whether the client wants JSON: API paths always, elsewhere only when it asks for JSON over HTML. */
export function wantsJson(request: FastifyRequest): boolean {
  if (request.url.startsWith("/api/")) return true;
  const accept = request.headers.accept ?? "";
  return accept.includes("application/json") && !accept.includes("text/html");
}

interface Normalised {
  code: ErrorCode;
  status: number;
  message: string;
  fields?: FieldErrors;
  headers?: Record<string, string>;
  messageKey?: string;
  messageValues?: Record<string, string | number>;
  expected: boolean;
  /** A failure beneath the application (database down, disk full): logged as an error, explained to the person. */
  beneath?: boolean;
}

function fromFastify(error: FastifyError): Normalised | undefined {
  if (error.validation) {
    const fields: FieldErrors = {};
    for (const v of error.validation) {
      const path = (v.instancePath || "").replace(/^\//, "").replace(/\//g, ".");
      const missing = (v.params as { missingProperty?: string } | undefined)?.missingProperty;
      const field = [path, missing].filter(Boolean).join(".") || error.validationContext || "request";
      fields[field] = missing ? "This field is required." : (v.message ?? "Invalid value.");
    }
    const list = Object.entries(fields)
      .map(([f, m]) => `${f}: ${m}`)
      .join("; ");
    return {
      code: "invalid",
      status: 422,
      message: `The request is not valid (${list}).`,
      fields,
      expected: true,
    };
  }
  const byFastifyCode: Record<string, ErrorCode> = {
    FST_ERR_CTP_BODY_TOO_LARGE: "too_large",
    FST_REQ_FILE_TOO_LARGE: "too_large",
    FST_FILES_LIMIT: "too_large",
    FST_PARTS_LIMIT: "too_large",
    FST_ERR_CTP_INVALID_MEDIA_TYPE: "unsupported_media_type",
    FST_ERR_CTP_EMPTY_JSON_BODY: "bad_request",
    FST_ERR_CTP_INVALID_JSON_BODY: "bad_request",
    FST_INVALID_MULTIPART_CONTENT_TYPE: "unsupported_media_type",
  };
  const code = error.code ? byFastifyCode[error.code] : undefined;
  if (code) return { code, status: errorStatus[code], message: error.message, expected: true };
  if (error.statusCode === 429)
    return { code: "rate_limited", status: 429, message: error.message, expected: true };
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return { code: "bad_request", status: error.statusCode, message: error.message, expected: true };
  }
  return undefined;
}

function normalise(error: unknown): Normalised {
  if (error instanceof AppError) {
    return {
      code: error.code,
      status: error.status,
      message: error.message,
      fields: error.fields,
      headers: error.headers,
      messageKey: error.messageKey,
      messageValues: error.messageValues,
      expected: true,
    };
  }
  const fromF = fromFastify(error as FastifyError);
  if (fromF) return fromF;
  // Failures beneath us are not the product's faults: the person is told what happened and what to do.
  if (isStorageFull(error))
    return {
      code: "insufficient_storage",
      status: 507,
      message:
        "The server's disk is full, so nothing was saved. Please try again later; the site's administrator has been told.",
      messageKey: "error.insufficient_storage.body",
      expected: false,
      beneath: true,
    };
  if (isDatabaseUnavailable(error))
    return {
      code: "database_unavailable",
      status: 503,
      message: "The database is not answering right now, so nothing was saved. Please try again in a minute.",
      messageKey: "error.database_unavailable.body",
      headers: { "retry-after": "30" },
      expected: false,
      beneath: true,
    };
  return { code: "internal", status: 500, message: "Internal error.", expected: false };
}

/** A browser asking to read a page it must sign in for is sent to sign in, and back here afterwards. */
function signInRedirect(request: FastifyRequest, n: Normalised): string | undefined {
  if (n.code !== "unauthorized" || wantsJson(request)) return undefined;
  if (request.method !== "GET" && request.method !== "HEAD") return undefined;
  // A bad API token is the caller's to fix, not a reason to show a sign-in form.
  if (request.headers.authorization) return undefined;
  return signInHref(safeNext(request.url));
}

/** The short sentence of a not-found with nothing more to say ("Not found."). */
const GENERIC_NOT_FOUND = "error.not_found.message";

function sendError(request: FastifyRequest, reply: FastifyReply, n: Normalised): FastifyReply {
  const signIn = signInRedirect(request, n);
  if (signIn) return reply.redirect(signIn, 303);
  if (n.headers) reply.headers(n.headers);
  const ctx = request.pageContext();
  if (wantsJson(request)) {
    // A keyed refusal is said in the request's language (`?lang=`, the profile, Accept-Language); the code
    // stays the same in every language, for programs to act on. In English the thrown message stays: some
    // carry details the catalogue's sentence leaves out (a file's name and the reason, an address to open).
    const message =
      n.expected || n.beneath
        ? n.messageKey && ctx.locale !== "en" && hasMessage(n.messageKey)
          ? ctx.t(n.messageKey, n.messageValues)
          : n.message
        : `An unexpected error occurred. Reference: ${request.id}.`;
    const fields = n.fields
      ? Object.fromEntries(Object.entries(n.fields).map(([f, m]) => [f, hasMessage(m) ? ctx.t(m) : m]))
      : undefined;
    return reply.status(n.status).send({
      error: { code: n.code, message, request_id: request.id, ...(fields ? { fields } : {}) },
    });
  }
  const titleKey = `error.${n.code}.title`;
  // An expected refusal (a deadline passed, a conflict) is not a fault: its title says so.
  const title = ["not_found", "forbidden", "unauthorized"].includes(n.code)
    ? ctx.t(titleKey)
    : ctx.t(n.expected ? "error.refused.title" : "error.title");
  // A bare "not found" (no sentence of its own) gets the page's longer advice.
  const body =
    n.messageKey && n.messageKey !== GENERIC_NOT_FOUND
      ? ctx.t(n.messageKey, n.messageValues)
      : n.code === "not_found"
        ? ctx.t("error.not_found.body")
        : n.expected
          ? n.message
          : ctx.t("error.internal.body", { requestId: request.id });
  return sendPage(
    reply,
    h(
      Layout,
      { ctx, title },
      h("h1", null, title),
      h("p", null, body),
      h("p", { class: "muted" }, ctx.t("error.reference", { requestId: request.id })),
      h("p", null, h("a", { href: "/" }, ctx.t("error.backHome"))),
    ),
    n.status,
  );
}

/** Installs the error and not-found handlers on the app. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const n = normalise(error);
    if (n.expected) request.log.info({ code: n.code, status: n.status }, n.message);
    else if (n.beneath) request.log.error({ err: error, code: n.code }, n.message);
    else request.log.error({ err: error }, "unhandled error");
    return sendError(request, reply, n);
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(request, reply, {
      code: "not_found",
      status: 404,
      message: "Not found.",
      messageKey: GENERIC_NOT_FOUND,
      expected: true,
    }),
  );
}
