// Protection against forged requests for everything authenticated by cookie. Every visitor gets a random
// token in an HttpOnly cookie; state-changing forms carry the same token in a hidden field (or an
// X-CSRF-Token header for scripts). A forger's page cannot read the cookie, so cannot send the match.
// Requests with a Bearer token carry no ambient authority and are exempt.
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "../server/errors.js";

export const CSRF_COOKIE = "csrf";
export const CSRF_FIELD = "_csrf";
const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** The visitor's token, issuing one (and its cookie) on first sight. */
export function ensureCsrfToken(request: FastifyRequest, reply: FastifyReply, secure: boolean): string {
  const existing = request.cookies[CSRF_COOKIE];
  if (existing && /^[A-Za-z0-9_-]{32,64}$/.test(existing)) return existing;
  const token = randomBytes(24).toString("base64url");
  reply.setCookie(CSRF_COOKIE, token, { path: "/", httpOnly: true, sameSite: "lax", secure });
  request.cookies[CSRF_COOKIE] = token;
  return token;
}

function same(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

const forged = () =>
  new AppError(
    "forbidden",
    "This form has expired or was sent from another site. Go back, reload the page and try again.",
    {
      messageKey: "auth.csrf.refused",
    },
  );

/**
 * Whether a browser's Origin host is this site. Behind a reverse proxy the Host header names the upstream
 * (127.0.0.1:3000) while the browser names the public site, so the public URL and, when the proxy is
 * trusted, X-Forwarded-Host (request.host) count as this site too.
 */
function sameSite(request: FastifyRequest, originHost: string): boolean {
  if (originHost === request.headers.host || originHost === request.host) return true;
  try {
    return originHost === new URL(request.server.services.config.publicUrl).host;
  } catch {
    return false;
  }
}

/** Refuses a cookie-authenticated unsafe request whose token does not match, or that comes from another origin. */
export function checkCsrf(request: FastifyRequest, presented: string | undefined): void {
  if (!UNSAFE.has(request.method)) return;
  if (request.headers.authorization?.toLowerCase().startsWith("bearer ")) return;
  const origin = request.headers.origin;
  if (origin && origin !== "null") {
    let host: string | undefined;
    try {
      host = new URL(origin).host;
    } catch {
      throw forged();
    }
    if (!sameSite(request, host)) throw forged();
  }
  const expected = request.cookies[CSRF_COOKIE];
  if (!expected || !presented || !same(expected, presented)) throw forged();
}

/** The token a request presents: the form field, or the X-CSRF-Token header. */
export function presentedCsrfToken(request: FastifyRequest): string | undefined {
  const header = request.headers["x-csrf-token"];
  if (typeof header === "string") return header;
  const body = request.body as Record<string, unknown> | undefined;
  const field = body && typeof body === "object" ? body[CSRF_FIELD] : undefined;
  return typeof field === "string" ? field : undefined;
}

/** Whether the request body is multipart: its fields arrive after the hook, so the route checks the token itself. */
export function isMultipart(request: FastifyRequest): boolean {
  return (request.headers["content-type"] ?? "").toLowerCase().startsWith("multipart/");
}
