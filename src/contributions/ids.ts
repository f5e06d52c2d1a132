// Identifiers that reach a uuid column or an idempotency-key namespace. Every id a visitor can type goes
// through isUuid first, so a malformed one is "not found" (or ignored), never a database error.
import { createHmac } from "node:crypto";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** Whether a value is a well-formed UUID (versions 1 to 8, RFC 4122 variant). */
export function isUuid(value: unknown): value is string {
  return typeof value === "string" && uuidPattern.test(value);
}

/**
 * Namespaces of the contributions' idempotency keys: the web form's (`web:<uuid>`), the API's
 * (`api:<cycleId>:<key>`) and the CSV import's (`csv:<cycleId>:<hash>`). A key only ever replays within its own
 * namespace, so nobody can reach another channel's contribution by typing its key into a form.
 */
export type KeyNamespace = "web" | "api" | "csv";

/** The namespace of a stored idempotency key, if it has a known one. */
export function keyNamespace(key: string | null | undefined): KeyNamespace | undefined {
  const prefix = key?.split(":", 1)[0];
  return prefix === "web" || prefix === "api" || prefix === "csv" ? prefix : undefined;
}

/**
 * The stored key of a web form's UUID, bound to the browser that sent it: an HMAC of the UUID and the
 * browser's own secret (an HttpOnly cookie that never appears in a page), so the same UUID posted from another
 * browser is another key, and a key read off a page opens nothing.
 */
export function webKey(uuid: string, browserSecret: string, siteSecret: string): string {
  const mac = createHmac("sha256", siteSecret)
    .update(`web-form\u0000${browserSecret}\u0000${uuid.toLowerCase()}`)
    .digest("hex");
  return `web:${mac}`;
}
