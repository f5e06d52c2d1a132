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

/** A label for the audit log and for messages. */
export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case "anonymous":
      return "anonymous";
    case "user":
      return `${actor.name} <${actor.email}>`;
    case "token":
      return `API token “${actor.name}”`;
    case "system":
      return actor.label;
  }
}

/** The actor's id for the audit log. */
export function actorId(actor: Actor): string | null {
  if (actor.kind === "user") return actor.userId;
  if (actor.kind === "token") return actor.tokenId;
  return null;
}
