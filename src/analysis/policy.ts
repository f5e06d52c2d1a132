// Who may use the analysis workspace: anyone holding a role in the forum (every member reads, codes and keeps
// the codebook, as the records ask of them). Anyone else, signed in or not, gets nothing of it.
import type { Kysely } from "kysely";
import { type Actor, requireForumRole } from "../auth/index.js";
import type { Database } from "../db/schema.js";

/** Every forum role counts as a member of the workspace. */
export const ANALYSIS_MEMBERS = [
  "secretariat",
  "facilitator",
  "lead_expert",
  "moderator",
  "member",
  "nri_focal_point",
] as const;

/** Refuses anyone without a role in the forum: 401 when no one is signed in, 403 for a stranger. */
export async function requireAnalysisMember(
  db: Kysely<Database>,
  actor: Actor,
  forumId: string,
): Promise<void> {
  await requireForumRole(db, actor, forumId, ANALYSIS_MEMBERS);
}
