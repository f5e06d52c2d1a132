// Every error the product raises on purpose is an AppError with a code from this one table. The error
// handler (error-handler.ts) is the only place that turns them into responses.
import type { MessageKey } from "../ui/i18n/message-keys.js";

/** The one table from error code to HTTP status. */
export const errorStatus = {
  bad_request: 400,
  /** A control character (NUL and the like) in a field: refused before any handler sees it. */
  control_character: 400,
  /** A number beyond what the database can hold (a year of eleven digits). */
  out_of_range: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  call_closed: 409,
  call_not_open: 409,
  /** A public comment on a document outside its review window. */
  review_closed: 409,
  gone: 410,
  too_large: 413,
  unsupported_media_type: 415,
  invalid: 422,
  idempotency_key_reused: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
  /** PostgreSQL cannot be reached (restarting, failing over): try again shortly. */
  database_unavailable: 503,
  /** The disk holding the data folder is full: nothing was saved. */
  insufficient_storage: 507,
} as const;

export type ErrorCode = keyof typeof errorStatus;

/**
 * Field-level problems of a form or API body: field name → a message-catalogue key (translated where it is
 * shown, so a page gets the reader's language and the API its Accept-Language).
 */
export type FieldErrors = Record<string, string>;

/**
 * The refusal's sentence in the catalogue: the error page and the API's `error.message` say it in the reader's
 * language (the English `message` stays for logs and the command line). Values are ICU placeholders; give
 * years and other identifiers as strings, or ICU groups their digits ("2,026").
 */
export interface MessageRef {
  messageKey: MessageKey;
  messageValues?: Record<string, string | number>;
}

export interface AppErrorOptions {
  fields?: FieldErrors;
  headers?: Record<string, string>;
  /**
   * A catalogue key (with values) for the message, for pages and the API in the reader's language. Every
   * refusal gives one: `refusal-keys.test.ts` fails on an AppError or helper call without it, and a key no
   * English catalogue holds fails the type check.
   */
  messageKey?: MessageKey;
  messageValues?: Record<string, string | number>;
}

/** An expected failure: a code from the table, a message a person can act on, optional field errors. */
export class AppError extends Error {
  readonly fields?: FieldErrors;
  readonly headers?: Record<string, string>;
  readonly messageKey?: string;
  readonly messageValues?: Record<string, string | number>;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: AppErrorOptions = {},
  ) {
    super(message);
    this.name = "AppError";
    this.fields = options.fields;
    this.headers = options.headers;
    this.messageKey = options.messageKey;
    this.messageValues = options.messageValues;
  }

  /** The HTTP status this error maps to. */
  get status(): number {
    return errorStatus[this.code];
  }
}

/**
 * A refusal's options: the sentence given, else the generic one when the caller gave no message of its own
 * (a message without a key keeps its English, as before, rather than being replaced by the generic sentence).
 */
function refOrDefault(
  message: string | undefined,
  ref: MessageRef | undefined,
  generic: MessageKey,
): AppErrorOptions {
  return ref ?? (message === undefined ? { messageKey: generic } : {});
}

/** The thing asked for does not exist (or the actor may not know that it does). */
export const notFound = (message?: string, ref?: MessageRef) =>
  new AppError("not_found", message ?? "Not found.", refOrDefault(message, ref, "error.not_found.message"));
/** The actor is known but lacks the right. */
export const forbidden = (message?: string, ref?: MessageRef) =>
  new AppError(
    "forbidden",
    message ?? "You do not have permission to do this.",
    refOrDefault(message, ref, "error.forbidden.body"),
  );
/** No valid credentials were given. */
export const unauthorized = (message?: string, ref?: MessageRef) =>
  new AppError(
    "unauthorized",
    message ?? "Please sign in.",
    refOrDefault(message, ref, "error.unauthorized.body"),
  );
/** The input breaks a rule; `fields` says which parts, `ref` the sentence for the whole. */
export const invalid = (message: string, fields?: FieldErrors, ref?: MessageRef) =>
  new AppError("invalid", message, { fields, ...ref });
/** The change clashes with the current state (a duplicate, a stale version). */
export const conflict = (message: string, ref?: MessageRef) => new AppError("conflict", message, { ...ref });

/** PostgreSQL's SQLSTATE for a unique violation, whichever engine raised it. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string } | undefined;
  return e?.code === "23505" && (constraint === undefined || e.constraint === constraint);
}
