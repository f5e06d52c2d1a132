// What the contributions API's routes share: their tag, the cycle in the path, a contribution's summary, and
// the dependencies their services take.
import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import { sessionCookieName } from "../auth/index.js";
import type { AppServices } from "../server/app.js";
import type { ContributionDeps } from "./service.js";

export const tags = ["contributions"];

/** A string, or null. */
export const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

/** The forum and year in a path. */
export const CycleParams = Type.Object({
  forum: Type.String({ maxLength: 100 }),
  year: Type.String({ maxLength: 4 }),
});

/** One contribution as the API and the feeds show it. */
export const Summary = Type.Object({
  id: Type.String(),
  reference: Nullable(Type.String()),
  url: Type.String(),
  contributor_name: Nullable(Type.String()),
  organisation: Nullable(Type.String()),
  anonymous: Type.Boolean(),
  stakeholder_group: Nullable(Type.String()),
  country: Nullable(Type.String()),
  region: Nullable(Type.String()),
  language: Nullable(Type.String()),
  variant: Type.String(),
  received_at: Nullable(Type.String()),
  received_from: Type.String(),
  timeliness: Nullable(Type.String()),
  status: Type.String(),
  licence: Type.String(),
  is_sample: Type.Boolean(),
});

/** What every contributions service needs from the application, at this instant. */
export function serviceDeps(services: AppServices): ContributionDeps {
  return {
    db: services.database.db,
    now: services.clock(),
    secret: services.secret,
    publicUrl: services.config.publicUrl,
    adminEmail: services.config.adminEmail,
  };
}

/** Whether the request carries a session cookie: then its multipart body must carry the CSRF token. */
export function hasSessionCookie(request: FastifyRequest, services: Pick<AppServices, "secure">): boolean {
  return Boolean(request.cookies[sessionCookieName(services.secure)]);
}
