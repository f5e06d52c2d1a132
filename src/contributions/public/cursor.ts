// A position in a list of contributions (arrival order), as an opaque token for URLs and the API.
import { isUuid } from "../ids.js";
import type { ListPosition } from "../queries.js";

/** The token for the row at this position. */
export function encodeCursor(position: { received_at: Date | null; id: string }): string | null {
  if (!position.received_at) return null;
  return Buffer.from(`${position.received_at.toISOString()}|${position.id}`).toString("base64url");
}

/** The position a token names, or undefined for a token this server did not make. */
export function decodeCursor(cursor: string): ListPosition | undefined {
  const [at, id, ...rest] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const receivedAt = new Date(at ?? "");
  if (rest.length || !isUuid(id) || Number.isNaN(receivedAt.getTime())) return undefined;
  return { receivedAt, id };
}
