// Who may do what with contributions: anyone may contribute and read what is published; the secretariat
// moderates, publishes, imports and sees everything.
import type { Kysely } from "kysely";
import type { Actor } from "../auth/actor.js";
import { forumRolesOf, MANAGERS, requireForumRole } from "../auth/policy.js";
import type { Database } from "../db/schema.js";
import type { ContributionStatus } from "./tables.js";

/** Refuses anyone but the forum's secretariat (site administrators count). */
export function requireSecretariat(db: Kysely<Database>, actor: Actor, forumId: string): Promise<unknown> {
  return requireForumRole(db, actor, forumId, MANAGERS);
}

/** Whether the actor is the forum's secretariat. */
export async function isSecretariat(db: Kysely<Database>, actor: Actor, forumId: string): Promise<boolean> {
  return (await forumRolesOf(db, actor, forumId)).includes("secretariat");
}

/** The statuses an actor may read: the public sees published contributions only. */
export const PUBLIC_STATUSES: ContributionStatus[] = ["published"];
export const MODERATION_STATUSES: ContributionStatus[] = ["submitted", "published", "hidden", "withdrawn"];

/** The call window is the forums' deadline policy (forums/time/timeliness.ts), shared with the call pages. */
export { callWindow } from "../forums/time/timeliness.js";
