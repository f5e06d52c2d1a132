// Guards every route gets from one place rather than from each handler: input no handler should ever see
// (control characters, numbers beyond what the database holds) is refused with a 400 naming the field; a
// request whose body trickles in is cut off; personal answers are never stored by a cache; and secrets that
// travel in addresses (private links, sign-in and invitation tokens, signed unsubscribe links) never reach the log.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "./errors.js";
import { keepLangOnRedirect } from "./render.js";

/** Query keys whose values are secrets or personal data: redacted in the log, and they make a page personal. */
const SECRET_QUERY_KEYS = new Set([
  "token",
  "key",
  "sig",
  "signature",
  "code",
  "secret",
  "password",
  "email",
  "access_token",
]);

/** Path shapes whose segments are secrets (the private link's token, sign-in and invitation tokens). */
const SECRET_PATHS: RegExp[] = [
  /^(\/c\/[^/]+\/)[^/?#]+/,
  /^(\/sign-in\/link\/)[^/?#]+/,
  /^(\/f\/[^/]+\/invitations\/)[^/?#]+/,
];

const REDACTED = "[redacted]";

/** A request URL fit for the log: token path segments and secret query values replaced by "[redacted]". */
export function redactUrl(url: string): string {
  const q = url.indexOf("?");
  let path = q === -1 ? url : url.slice(0, q);
  const query = q === -1 ? "" : url.slice(q + 1);
  for (const shape of SECRET_PATHS) path = path.replace(shape, `$1${REDACTED}`);
  if (!query) return path;
  const redacted = query
    .split("&")
    .map((pair) => {
      const eq = pair.indexOf("=");
      const name = eq === -1 ? pair : pair.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {}
      return SECRET_QUERY_KEYS.has(decoded.toLowerCase()) ? `${name}=${REDACTED}` : pair;
    })
    .join("&");
  return `${path}?${redacted}`;
}

/** Whether the address itself carries a secret (a token in the path or a signed query). */
export function carriesSecret(url: string): boolean {
  return redactUrl(url) !== url;
}

// C0 control characters other than tab, line feed and carriage return: PostgreSQL refuses NUL in text, and
// none of them belong in anything a person types. A browser's form or address carrying one (pasted from a PDF
// or a word processor, where they are invisible) has them taken out, so nothing the person typed is lost; the
// API, whose callers are programs, is refused with the field named.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly what must be refused.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the same characters, every one of them.
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g;

/** A string without its control characters (tab and line ends kept). */
export function withoutControlCharacters(value: string): string {
  return value.replace(CONTROLS, "");
}

/** Takes control characters out of every string (and key) of a parsed form or query, in place. */
function stripControlCharacters(target: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(target)) {
    const clean = (x: unknown) => (typeof x === "string" ? withoutControlCharacters(x) : x);
    const key = withoutControlCharacters(k);
    if (key !== k) delete target[k];
    target[key] = Array.isArray(v) ? v.map(clean) : clean(v);
  }
}

/** The dotted name of the first string holding a control character, or undefined. */
export function fieldWithControlCharacter(value: unknown, path = ""): string | undefined {
  if (typeof value === "string") return CONTROL.test(value) ? path || "value" : undefined;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = fieldWithControlCharacter(v, path ? `${path}.${i}` : String(i));
      if (found) return found;
    }
    return undefined;
  }
  if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      const name = path ? `${path}.${k}` : k;
      if (CONTROL.test(k)) return name;
      const found = fieldWithControlCharacter(v, name);
      if (found) return found;
    }
  }
  return undefined;
}

/** The refusal of a field holding a control character: the field named, and what to do. */
export function controlCharacterError(field: string): AppError {
  return new AppError(
    "control_character",
    `The field "${field}" contains a control character (such as U+0000). Remove it — retype the text rather than pasting it — and send again.`,
    {
      fields: { [field]: "error.controlCharacter.field" },
      messageKey: "error.controlCharacter.body",
      messageValues: { field },
    },
  );
}

const INT4_MAX = 2_147_483_647;

/** The dotted name of the first number beyond a PostgreSQL integer, or undefined. */
function fieldOutOfRange(value: unknown, path = ""): string | undefined {
  if (typeof value === "number") return Math.abs(value) > INT4_MAX ? path || "value" : undefined;
  if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      const found = fieldOutOfRange(v, path ? `${path}.${k}` : k);
      if (found) return found;
    }
  }
  return undefined;
}

/** CRLF (and lone CR) to LF in every string of a urlencoded form: one kind of line end from here on. */
function normaliseFormLineEnds(body: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(body)) {
    if (typeof v === "string") body[k] = v.replace(/\r\n?/g, "\n");
    else if (Array.isArray(v))
      body[k] = v.map((x) => (typeof x === "string" ? x.replace(/\r\n?/g, "\n") : x));
  }
}

function isUrlencoded(request: FastifyRequest): boolean {
  return String(request.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded");
}

/** Whether this answer is for one reader only, so no cache may keep it. */
function isPersonal(request: FastifyRequest, reply: FastifyReply): boolean {
  // Assets and the health check never look at who asks, and set their own caching.
  if (request.routeOptions.config?.anonymousOnly) return false;
  if (request.actor && request.actor.kind !== "anonymous") return true;
  if (request.headers.authorization) return true;
  if (request.method !== "GET" && request.method !== "HEAD") return true;
  if (request.routeOptions.config?.personal) return true;
  if (carriesSecret(request.url)) return true;
  // A response that sets a cookie belongs to that browser: a shared cache would hand the cookie to the next reader.
  return reply.hasHeader("set-cookie");
}

export interface TimeoutSettings {
  /** Most milliseconds a request's body may take to arrive (uploads excepted). */
  requestTimeoutMs: number;
  /** The same for routes that take file uploads (multipart bodies). */
  uploadTimeoutMs: number;
}

/** A bare 408 for a connection whose request never finished arriving (no response was started). */
const REQUEST_TIMEOUT_RESPONSE =
  "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 43\r\n\r\nThe request took too long to arrive: stop.\n";

/** Installs the guards on the app; call once, before routes are registered. */
export function installRequestGuards(app: FastifyInstance, timeouts: TimeoutSettings): void {
  // A body that trickles in holds a connection for as long as the sender likes: cut it off once the route's
  // budget is spent. Node's own requestTimeout (set to the upload budget) is the backstop for everything.
  app.addHook("onRequest", async (request, reply) => {
    if (request.raw.complete) return;
    const budget = request.routeOptions.config?.multipart
      ? timeouts.uploadTimeoutMs
      : timeouts.requestTimeoutMs;
    const timer = setTimeout(() => {
      if (request.raw.complete) return;
      request.log.info({ url: redactUrl(request.url), ms: budget }, "request body too slow: closed");
      const socket = request.raw.socket;
      if (!reply.raw.headersSent && socket.writable) socket.end(REQUEST_TIMEOUT_RESPONSE);
      socket.destroySoon?.();
      setTimeout(() => socket.destroy(), 1000).unref();
    }, budget);
    timer.unref();
    const clear = () => clearTimeout(timer);
    request.raw.once("end", clear);
    request.raw.once("close", clear);
    reply.raw.once("finish", clear);
  });

  app.addHook("preValidation", async (request) => {
    // A page's query and urlencoded form: cleaned (see CONTROL); the API's and any path: refused below.
    if (!request.url.startsWith("/api/")) {
      if (request.query && typeof request.query === "object")
        stripControlCharacters(request.query as Record<string, unknown>);
      if (isUrlencoded(request) && request.body && typeof request.body === "object")
        stripControlCharacters(request.body as Record<string, unknown>);
    }
    const where: [string, unknown][] = [
      ["", request.params],
      ["", request.query],
    ];
    // Multipart bodies are read by their routes, which check each field as it arrives (readMultipart).
    if (request.body && typeof request.body === "object" && !Buffer.isBuffer(request.body))
      where.push(["", request.body]);
    for (const [prefix, value] of where) {
      const field = fieldWithControlCharacter(value, prefix);
      if (field) throw controlCharacterError(field);
    }
    if (isUrlencoded(request) && request.body && typeof request.body === "object")
      normaliseFormLineEnds(request.body as Record<string, unknown>);
  });

  // After the schemas have coerced them: a number PostgreSQL's integer cannot hold never reaches a query.
  app.addHook("preHandler", async (request) => {
    for (const value of [request.params, request.query, request.body]) {
      if (!value || typeof value !== "object" || Buffer.isBuffer(value)) continue;
      const field = fieldOutOfRange(value);
      if (field)
        throw new AppError(
          "out_of_range",
          `The field "${field}" is outside the range this site accepts. Check the number and send it again.`,
          {
            fields: { [field]: "error.outOfRange.field" },
            messageKey: "error.outOfRange.body",
            messageValues: { field },
          },
        );
    }
  });

  app.addHook("onSend", async (request, reply, payload) => {
    if (isPersonal(request, reply)) reply.header("cache-control", "no-store");
    const location = reply.getHeader("location");
    if (
      request.method !== "GET" &&
      typeof location === "string" &&
      reply.statusCode >= 300 &&
      reply.statusCode < 400
    )
      reply.header(
        "location",
        keepLangOnRedirect(location, request.localeSource === "query" ? request.locale : undefined),
      );
    return payload;
  });
}
