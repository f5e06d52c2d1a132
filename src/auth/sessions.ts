// Server-side sessions. The cookie holds 256 random bits; the table holds only their hash, so a leaked
// table cannot be replayed. Sessions end after a week without use, and after 30 days whatever happens.
import { createHash, randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";

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
  await db
    .insertInto("sessions")
    .values({
      id_hash: hash(cookieValue),
      user_id: input.userId,
      created_at: input.now,
      last_seen_at: input.now,
      expires_at: expiresAt,
      user_agent: (input.userAgent ?? "").slice(0, 300),
      ip: input.ip ?? null,
    })
    .execute();
  return { cookieValue, expiresAt };
}

/** The live session behind a cookie value, refreshing its last use; undefined when absent or expired. */
export async function resolveSession(db: Kysely<Database>, cookieValue: string, now: Date) {
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select([
      "sessions.id_hash",
      "sessions.last_seen_at",
      "sessions.expires_at",
      "users.id as user_id",
      "users.name",
      "users.email",
      "users.is_site_admin",
      "users.preferred_language",
      "users.time_zone",
    ])
    .where("sessions.id_hash", "=", hash(cookieValue))
    .executeTakeFirst();
  if (!row) return undefined;
  const idleExpired = now.getTime() - row.last_seen_at.getTime() > SESSION_IDLE_MS;
  if (idleExpired || row.expires_at.getTime() <= now.getTime()) {
    await db.deleteFrom("sessions").where("id_hash", "=", row.id_hash).execute();
    return undefined;
  }
  if (now.getTime() - row.last_seen_at.getTime() > TOUCH_EVERY_MS) {
    await db.updateTable("sessions").set({ last_seen_at: now }).where("id_hash", "=", row.id_hash).execute();
  }
  return row;
}

/** Ends one session. */
export async function destroySession(db: Kysely<Database>, cookieValue: string): Promise<void> {
  await db.deleteFrom("sessions").where("id_hash", "=", hash(cookieValue)).execute();
}

/** Ends every session of a person ("sign out everywhere"); returns how many ended. */
export async function destroyAllSessions(db: Kysely<Database>, userId: string): Promise<number> {
  const result = await db.deleteFrom("sessions").where("user_id", "=", userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** A person's live sessions, for the profile page. */
export function listSessions(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom("sessions")
    .select(["created_at", "last_seen_at", "user_agent", "ip"])
    .where("user_id", "=", userId)
    .orderBy("last_seen_at", "desc")
    .execute();
}
