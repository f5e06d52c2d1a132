// Who is acting. Services take an Actor explicitly, so the web, the API, the CLI and jobs call them alike.

/** Roles a person (or an API token) can hold in a forum. */
export const FORUM_ROLES = [
  "secretariat",
  "facilitator",
  "lead_expert",
  "moderator",
  "member",
  "nri_focal_point",
] as const;
export type ForumRole = (typeof FORUM_ROLES)[number];

/** Whether a string names a forum role. */
export function isForumRole(value: unknown): value is ForumRole {
  return typeof value === "string" && (FORUM_ROLES as readonly string[]).includes(value);
}

export type Actor =
  | { kind: "anonymous" }
  | { kind: "user"; userId: string; name: string; email: string; isSiteAdmin: boolean }
  | {
      kind: "token";
      tokenId: string;
      name: string;
      role: ForumRole | "admin";
      /** The one forum the token acts in; null means every forum. */
      forumId: string | null;
    }
  | { kind: "system"; label: string };

export const anonymous: Actor = { kind: "anonymous" };

// How an actor is named (in the audit log and in messages) is the audit log's business: audit is the lower
// layer (every auth change writes its row), so it keeps these and auth passes them on.
export { actorId, actorLabel } from "../audit/index.js";
