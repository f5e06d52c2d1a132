// Every error the product raises on purpose is an AppError with a code from this one table. The error
// handler (error-handler.ts) is the only place that turns them into responses.

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

export interface AppErrorOptions {
  fields?: FieldErrors;
  headers?: Record<string, string>;
  /** A catalogue key (with values) for the message, for pages in the reader's language. */
  messageKey?: string;
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

/** The thing asked for does not exist (or the actor may not know that it does). */
export const notFound = (message = "Not found.") => new AppError("not_found", message);
/** The actor is known but lacks the right. */
export const forbidden = (message = "You do not have permission to do this.") =>
  new AppError("forbidden", message);
/** No valid credentials were given. */
export const unauthorized = (message = "Please sign in.") => new AppError("unauthorized", message);
/** The input breaks a rule; `fields` says which parts. */
export const invalid = (message: string, fields?: FieldErrors) =>
  new AppError("invalid", message, { fields });
/** The change clashes with the current state (a duplicate, a stale version). */
export const conflict = (message: string) => new AppError("conflict", message);

/** PostgreSQL's SQLSTATE for a unique violation, whichever engine raised it. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string } | undefined;
  return e?.code === "23505" && (constraint === undefined || e.constraint === constraint);
}
