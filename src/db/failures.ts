// What a failure beneath the application means to the person waiting: the database cannot be reached (a
// restart, a failover, a cut connection) or the disk is full. The error handler turns both into answers that
// say so (503 database_unavailable, 507 insufficient_storage) instead of an unexplained 500.

// SQLSTATE classes 08 (connection exception) and 57P0x (the server shutting down, restarting or refusing
// connections), and the errors node-postgres and Node raise when a socket dies or cannot open.
const UNAVAILABLE_SQLSTATES = new Set([
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
  "57P01",
  "57P02",
  "57P03",
]);
const UNAVAILABLE_ERRNOS = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENOTCONN",
]);
const UNAVAILABLE_MESSAGES =
  /Connection terminated|connection timeout|Client has encountered a connection error|Client was closed|Cannot use a pool after calling end/i;

interface Coded {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
}

function causes(error: unknown): Coded[] {
  const out: Coded[] = [];
  let e: unknown = error;
  for (let depth = 0; e && typeof e === "object" && depth < 5; depth += 1) {
    const coded = e as Coded;
    out.push(coded);
    // An AggregateError (a connection refused on every address of a host) holds its causes in `errors`.
    if (Array.isArray(coded.errors)) out.push(...(coded.errors as Coded[]));
    e = coded.cause;
  }
  return out;
}

/** Whether the error says the PostgreSQL server cannot be reached or is restarting. */
export function isDatabaseUnavailable(error: unknown): boolean {
  return causes(error).some(
    (e) =>
      (typeof e.code === "string" && (UNAVAILABLE_SQLSTATES.has(e.code) || UNAVAILABLE_ERRNOS.has(e.code))) ||
      (typeof e.message === "string" && UNAVAILABLE_MESSAGES.test(e.message)),
  );
}

/** Whether the error says the disk is full: ENOSPC or EDQUOT from Node, SQLSTATE 53100 from PostgreSQL. */
export function isStorageFull(error: unknown): boolean {
  return causes(error).some(
    (e) =>
      e.code === "ENOSPC" ||
      e.code === "EDQUOT" ||
      e.code === "53100" ||
      (typeof e.message === "string" && /No space left on device|disk full/i.test(e.message)),
  );
}
