// Who may use the reading workspace. Its pages belong to people: a member's reading list, read marks and
// impressions are their own, so they need a person signed in with a role in the forum (an API token is not a
// reader). The secretariat also sees who has read what. Statistics of published contributions are public.
import type { Kysely } from "kysely";
import { type Actor, type ForumRole, forumRolesOf } from "../auth/index.js";
import type { Database } from "../db/schema.js";
import { forbidden, unauthorized } from "../server/errors.js";

/** A person signed in and holding a role in the forum: what the workspace's services work for. */
export interface Reader {
  userId: string;
  name: string;
  roles: ForumRole[];
}

/** Refuses anyone but a signed-in person with a role in the forum; returns them as a reader. */
export async function requireReader(db: Kysely<Database>, actor: Actor, forumId: string): Promise<Reader> {
  if (actor.kind === "anonymous") throw unauthorized();
  const roles = await forumRolesOf(db, actor, forumId);
  if (!roles.length)
    throw forbidden("The reading workspace is for the forum's members.", {
      messageKey: "reading.refusal.readingMembersOnly",
    });
  if (actor.kind !== "user")
    throw forbidden("A reading list belongs to a person, not to a token.", {
      messageKey: "reading.refusal.personOnly",
    });
  return { userId: actor.userId, name: actor.name, roles };
}

/** Refuses anyone without a role in the forum (tokens included): what the members' statistics ask. */
export async function requireMember(
  db: Kysely<Database>,
  actor: Actor,
  forumId: string,
): Promise<ForumRole[]> {
  if (actor.kind === "anonymous") throw unauthorized();
  const roles = await forumRolesOf(db, actor, forumId);
  if (!roles.length)
    throw forbidden("The members' workspace is for the forum's members.", {
      messageKey: "reading.refusal.workspaceMembersOnly",
    });
  return roles;
}

/** Refuses anyone but the forum's secretariat: who has read what is theirs to follow. */
export async function requireReadingOverseer(db: Kysely<Database>, actor: Actor, forumId: string) {
  const roles = await requireMember(db, actor, forumId);
  if (!roles.includes("secretariat"))
    throw forbidden("Only the secretariat sees who has read what.", {
      messageKey: "reading.refusal.secretariatOnly",
    });
  return roles;
}

/** Whether a member may see the secretariat's table (for the link to it). */
export function seesWhoRead(roles: readonly ForumRole[]): boolean {
  return roles.includes("secretariat");
}
