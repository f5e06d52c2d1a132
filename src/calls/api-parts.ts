// What the calls API handlers share: schemas, and the scope of a request.
import type { FastifyInstance, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { findCycle } from "../forums/index.js";
import { ErrorResponse } from "../server/api-schemas.js";
import type { Scope } from "./questionnaire/service.js";

/** The API's base path for a cycle. */
export const base = "/api/v1/forums/:forum/cycles/:year";

/** The API documentation's group for calls. */
export const tags = ["calls"];
/** Every calls endpoint takes a bearer token. */
export const security = [{ bearer: [] }];
/** A cycle's address. */
export const Params = Type.Object({ forum: Type.String(), year: Type.String() });
/** Which variant, by key. */
export const Variant = Type.Optional(
  Type.String({ maxLength: 40, description: 'The variant\'s key; "base" when omitted.' }),
);
/** A count of texts, recipients or messages. */
export const Count = Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 }));
/** The error responses every calls endpoint may give. */
export const Errors = {
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  422: ErrorResponse,
};
/** A body the endpoint documents in prose. */
export const Anything = Type.Unknown();

/** The forum, cycle, actor and time a request acts in. */
export function apiScope(app: FastifyInstance) {
  const { services } = app;
  const db = services.database.db;
  return async function scopeOf(request: FastifyRequest): Promise<Scope> {
    const p = request.params as { forum: string; year: string };
    const { forum, cycle } = await findCycle(db, p.forum, p.year);
    return { actor: request.actor, forum, cycle, now: services.clock() };
  };
}
