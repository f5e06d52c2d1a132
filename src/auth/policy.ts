// Who may do what with accounts, roles, the outbox and the audit log. Other domains ask `forumRolesOf` for
// the actor's roles in a forum and decide in their own policy module.
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import { forbidden, unauthorized } from "../server/errors.js";
import type { Actor, ForumRole } from "./actor.js";
import { selectForumRoles } from "./queries.js";

/** The actor's roles in a forum; site administrators and unscoped admin tokens count as secretariat. */
export async function forumRolesOf(
  db: Kysely<Database>,
  actor: Actor,
  forumId: string,
): Promise<ForumRole[]> {
  switch (actor.kind) {
    case "user": {
      const roles = await selectForumRoles(db, actor.userId, forumId);
      return actor.isSiteAdmin && !roles.includes("secretariat") ? [...roles, "secretariat"] : roles;
    }
    case "token":
      if (actor.forumId !== null && actor.forumId !== forumId) return [];
      return actor.role === "admin" ? ["secretariat"] : [actor.role];
    case "system":
      return ["secretariat"];
    case "anonymous":
      return [];
  }
}

/** Whether the actor administers the whole site. */
export function isSiteAdmin(actor: Actor): boolean {
  return (
    (actor.kind === "user" && actor.isSiteAdmin) ||
    // An admin token limited to one forum is that forum's secretariat, never the whole site's administrator.
    (actor.kind === "token" && actor.role === "admin" && actor.forumId === null) ||
    actor.kind === "system"
  );
}

/** Refuses anyone who is not signed in (or holding a token). */
export function requireSignedIn(actor: Actor): asserts actor is Exclude<Actor, { kind: "anonymous" }> {
  if (actor.kind === "anonymous") throw unauthorized();
}

/** Refuses anyone but a site administrator. */
export function requireSiteAdmin(actor: Actor): void {
  requireSignedIn(actor);
  if (!isSiteAdmin(actor))
    throw forbidden("Only a site administrator can do this.", { messageKey: "auth.refusal.adminOnly" });
}

/** Refuses unless the actor holds one of the roles in the forum. */
export async function requireForumRole(
  db: Kysely<Database>,
  actor: Actor,
  forumId: string,
  allowed: readonly ForumRole[],
): Promise<ForumRole[]> {
  requireSignedIn(actor);
  const roles = await forumRolesOf(db, actor, forumId);
  if (!roles.some((r) => allowed.includes(r))) {
    throw forbidden(`This needs one of these roles in the forum: ${allowed.join(", ")}.`, {
      messageKey: "auth.refusal.needsRole",
      messageValues: { roles: allowed.join(", ") },
    });
  }
  return roles;
}

/** The roles that manage a forum's people and read its audit log. */
export const MANAGERS: readonly ForumRole[] = ["secretariat"];
