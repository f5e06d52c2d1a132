// Server-side sessions. The cookie holds 256 random bits; the table holds only their hash, so a leaked
// table cannot be replayed. Sessions end after a week without use, and after 30 days whatever happens.
import { createHash, randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import {
  deleteSession,
  deleteUserSessions,
  insertSession,
  selectSessionWithUser,
  selectUserSessions,
  touchSession,
} from "./queries.js";

export const SESSION_IDLE_MS = 7 * 24 * 3600_000;
export const SESSION_ABSOLUTE_MS = 30 * 24 * 3600_000;
/** last_seen_at is written at most this often, to keep reads cheap. */
const TOUCH_EVERY_MS = 5 * 60_000;

const hash = (value: string) => createHash("sha256").update(value).digest("hex");

/** The session cookie's name: `__Host-` prefixed behind HTTPS, where browsers enforce what the prefix promises. */
export function sessionCookieName(secure: boolean): string {
  return secure ? "__Host-session" : "session";
}

/** Starts a new session (always a new id: never reuse one across a sign-in). */
export async function createSession(
  db: Kysely<Database>,
  input: { userId: string; now: Date; userAgent?: string; ip?: string },
): Promise<{ cookieValue: string; expiresAt: Date }> {
  const cookieValue = randomBytes(32).toString("base64url");
  const expiresAt = new Date(input.now.getTime() + SESSION_ABSOLUTE_MS);
  await insertSession(db, {
    idHash: hash(cookieValue),
    userId: input.userId,
    now: input.now,
    expiresAt,
    userAgent: (input.userAgent ?? "").slice(0, 300),
    ip: input.ip ?? null,
  });
  return { cookieValue, expiresAt };
}

/** The live session behind a cookie value, refreshing its last use; undefined when absent or expired. */
export async function resolveSession(db: Kysely<Database>, cookieValue: string, now: Date) {
  const row = await selectSessionWithUser(db, hash(cookieValue));
  if (!row) return undefined;
  const idleExpired = now.getTime() - row.last_seen_at.getTime() > SESSION_IDLE_MS;
  if (idleExpired || row.expires_at.getTime() <= now.getTime()) {
    await deleteSession(db, row.id_hash);
    return undefined;
  }
  if (now.getTime() - row.last_seen_at.getTime() > TOUCH_EVERY_MS) {
    await touchSession(db, row.id_hash, now);
  }
  return row;
}

/** Ends one session. */
export async function destroySession(db: Kysely<Database>, cookieValue: string): Promise<void> {
  await deleteSession(db, hash(cookieValue));
}

/** Ends every session of a person ("sign out everywhere"); returns how many ended. */
export async function destroyAllSessions(db: Kysely<Database>, userId: string): Promise<number> {
  return deleteUserSessions(db, userId);
}

/** A person's live sessions, for the profile page. */
export function listSessions(db: Kysely<Database>, userId: string) {
  return selectUserSessions(db, userId);
}
