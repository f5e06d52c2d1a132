// Works out who is making a request: a Bearer token (API clients), or a session cookie (people).
import type { FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import { AppError } from "../server/errors.js";
import { type Actor, anonymous } from "./actor.js";
import { actorForToken } from "./api-tokens.js";
import { resolveSession } from "./sessions.js";

/** The actor and, for people, the preferences that shape their pages. */
export interface ResolvedActor {
  actor: Actor;
  preferredLanguage?: string;
  timeZone?: string | null;
}

/** Resolves the request's actor; a Bearer header with an unknown token is refused rather than ignored. */
export async function resolveActor(
  db: Kysely<Database>,
  request: FastifyRequest,
  sessionCookie: string | undefined,
  now: Date,
): Promise<ResolvedActor> {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) {
      throw new AppError("unauthorized", "The Authorization header must be “Bearer <token>”.", {
        messageKey: "auth.refusal.tokenHeader",
        messageValues: { scheme: "Bearer <token>" },
        headers: { "www-authenticate": 'Bearer realm="intersession"' },
      });
    }
    const actor = await actorForToken(db, match[1]);
    if (!actor) {
      throw new AppError("unauthorized", "This API token is unknown or has been revoked.", {
        messageKey: "auth.refusal.tokenUnknown",
        headers: { "www-authenticate": 'Bearer realm="intersession", error="invalid_token"' },
      });
    }
    return { actor };
  }
  if (sessionCookie) {
    const session = await resolveSession(db, sessionCookie, now);
    if (session) {
      return {
        actor: {
          kind: "user",
          userId: session.user_id,
          name: session.name,
          email: session.email,
          isSiteAdmin: session.is_site_admin,
        },
        preferredLanguage: session.preferred_language,
        timeZone: session.time_zone,
      };
    }
  }
  return { actor: anonymous };
}
