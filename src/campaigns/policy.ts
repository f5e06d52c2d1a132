// Who may see and decide on campaigns. Campaigns are the secretariat's working material (who wrote alike is not
// public until the secretariat decides how to show it), so pages, API and decisions are theirs: a person with
// the secretariat role, a site administrator, or an admin token for the forum.
import type { Kysely } from "kysely";
import { type Actor, forumRolesOf } from "../auth/index.js";
import type { Database } from "../db/schema.js";
import { forbidden, unauthorized } from "../server/errors.js";

/** Refuses anyone but the forum's secretariat. */
export async function requireCampaignSecretariat(
  db: Kysely<Database>,
  actor: Actor,
  forumId: string,
): Promise<void> {
  if (actor.kind === "anonymous") throw unauthorized();
  const roles = await forumRolesOf(db, actor, forumId);
  if (!roles.includes("secretariat"))
    throw forbidden("Only the forum's secretariat sees campaigns.", {
      messageKey: "campaigns.refusal.secretariatOnly",
    });
}
