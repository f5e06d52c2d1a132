// Who may do what with forums, cycles, milestones and members.
import type { Kysely } from "kysely";
import type { Actor, ForumRole } from "../auth/index.js";
import {
  forumRolesOf,
  isSiteAdmin,
  requireForumRole,
  requireSignedIn,
  requireSiteAdmin,
} from "../auth/index.js";
import type { Database } from "../db/schema.js";
import { forbidden } from "../server/errors.js";

/** Roles that run a forum's cycles, milestones and roster. */
export const FORUM_MANAGERS: readonly ForumRole[] = ["secretariat"];
/** Roles that see the members' side of a forum (roster, drafts). */
export const FORUM_MEMBERS: readonly ForumRole[] = [
  "secretariat",
  "facilitator",
  "lead_expert",
  "moderator",
  "member",
  "nri_focal_point",
];

/** Creating a forum: site administrators, or an API token not tied to one forum with the secretariat or admin role. */
export function requireCanCreateForum(actor: Actor): void {
  requireSignedIn(actor);
  if (isSiteAdmin(actor)) return;
  if (actor.kind === "token" && actor.forumId === null && actor.role === "secretariat") return;
  throw forbidden("Only a site administrator can create a forum.", {
    messageKey: "forums.refusal.createAdminOnly",
  });
}

/** Editing a forum, its cycles, milestones and members. */
export function requireForumManager(db: Kysely<Database>, actor: Actor, forumId: string) {
  return requireForumRole(db, actor, forumId, FORUM_MANAGERS);
}

/** Whether the actor belongs to the forum (any role). */
export async function isForumMember(db: Kysely<Database>, actor: Actor, forumId: string): Promise<boolean> {
  const roles = await forumRolesOf(db, actor, forumId);
  return roles.length > 0;
}

/** The roles the actor holds in the forum (none for an anonymous visitor). */
export function viewerRoles(db: Kysely<Database>, actor: Actor, forumId: string): Promise<ForumRole[]> {
  return forumRolesOf(db, actor, forumId);
}

/** The forums administration page: site administrators only. */
export function requireForumsAdministrator(actor: Actor): void {
  requireSiteAdmin(actor);
}
