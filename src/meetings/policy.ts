// Who may do what with meetings: the secretariat and facilitators run them; anyone holding a role in the
// forum is a member for join links, recording passwords, attendance, polls and next steps; the public reads
// meeting pages and published summaries.
import type { Kysely } from "kysely";
import type { Actor, ForumRole } from "../auth/index.js";
import { forumRolesOf, requireForumRole } from "../auth/index.js";
import type { Database } from "../db/schema.js";

/** Roles that schedule meetings, write summaries and manage next steps. */
export const MEETING_EDITORS: readonly ForumRole[] = ["secretariat", "facilitator"];

/** Every forum role: what members-only parts of a meeting ask for. */
export const MEETING_MEMBERS: readonly ForumRole[] = [
  "secretariat",
  "facilitator",
  "lead_expert",
  "moderator",
  "member",
  "nri_focal_point",
];

/** What the actor may see and do with a forum's meetings. */
export interface MeetingAccess {
  roles: ForumRole[];
  isMember: boolean;
  canEdit: boolean;
}

/** The actor's access to a forum's meetings (anonymous: none of it). */
export async function meetingAccess(
  db: Kysely<Database>,
  actor: Actor,
  forumId: string,
): Promise<MeetingAccess> {
  const roles = await forumRolesOf(db, actor, forumId);
  return {
    roles,
    isMember: roles.length > 0,
    canEdit: roles.some((r) => MEETING_EDITORS.includes(r)),
  };
}

/** Refuses anyone who may not schedule meetings or write their records. */
export function requireMeetingEditor(db: Kysely<Database>, actor: Actor, forumId: string) {
  return requireForumRole(db, actor, forumId, MEETING_EDITORS);
}

/** Refuses anyone without a role in the forum. */
export function requireMeetingMember(db: Kysely<Database>, actor: Actor, forumId: string) {
  return requireForumRole(db, actor, forumId, MEETING_MEMBERS);
}
