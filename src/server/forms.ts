// Small helpers for HTML form handlers.
import type { FastifyReply } from "fastify";
import { AppError, type FieldErrors } from "./errors.js";

/** A urlencoded form body as plain strings (repeated fields keep their last value). */
export function formFields(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!body || typeof body !== "object") return out;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (typeof value === "string") out[key] = value;
    else if (Array.isArray(value) && typeof value.at(-1) === "string") out[key] = value.at(-1) as string;
  }
  return out;
}

/** The field errors of an invalid-input AppError, or rethrows anything else. */
export function fieldErrorsOf(error: unknown): FieldErrors {
  if (error instanceof AppError && error.code === "invalid") return error.fields ?? { _form: error.message };
  throw error;
}

/** Post/redirect/get: send the browser to a page with 303 so a reload never repeats the POST. */
export function seeOther(reply: FastifyReply, location: string): FastifyReply {
  return reply.redirect(location, 303);
}
