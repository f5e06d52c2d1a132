// Who may do what with contributions: anyone may contribute and read what is published; the secretariat
// moderates, publishes, imports and sees everything.
import type { Kysely } from "kysely";
import type { Actor } from "../auth/index.js";
import { forumRolesOf, MANAGERS, requireForumRole } from "../auth/index.js";
import type { Database } from "../db/schema.js";
import { classifyTimeliness, type Timeliness } from "../forums/index.js";
import type { ContributionRow } from "./queries.js";
import type { ContributionStatus } from "./tables.js";

/** Refuses anyone but the forum's secretariat (site administrators count). */
export function requireSecretariat(db: Kysely<Database>, actor: Actor, forumId: string): Promise<unknown> {
  return requireForumRole(db, actor, forumId, MANAGERS);
}

/** Whether the actor is the forum's secretariat. */
export async function isSecretariat(db: Kysely<Database>, actor: Actor, forumId: string): Promise<boolean> {
  return (await forumRolesOf(db, actor, forumId)).includes("secretariat");
}

/**
 * Whether the actor may read this contribution (its page, its files, the API's record): anyone once it is
 * published, the forum's secretariat whatever its status, nobody a draft (it is its author's until submitted).
 */
export async function mayRead(
  db: Kysely<Database>,
  actor: Actor,
  row: Pick<ContributionRow, "status" | "forum_id">,
): Promise<boolean> {
  if (row.status === "draft") return false;
  return row.status === "published" || (await isSecretariat(db, actor, row.forum_id));
}

/** The statuses an actor may read: the public sees published contributions only. */
export const PUBLIC_STATUSES: ContributionStatus[] = ["published"];
export const MODERATION_STATUSES: ContributionStatus[] = ["submitted", "published", "hidden", "withdrawn"];

/** The call window is the forums' deadline policy (forums/time/timeliness.ts), shared with the call pages. */
export { callWindow } from "../forums/index.js";

/**
 * A contribution's timeliness at its arrival. Entered by the secretariat outside the call's window, mail sent
 * before the call opened counts as on time, after it closed as late.
 */
export function timelinessFor(
  receivedAt: Date,
  milestones: Parameters<typeof classifyTimeliness>[1],
): Timeliness {
  const result = classifyTimeliness(receivedAt, milestones);
  if (result.status === "open") return result.timeliness;
  return result.status === "not_open" ? "on_time" : "late";
}
