// Who may do what with calls and questionnaires. The secretariat and the lead expert build questionnaires;
// every forum role reads drafts and comments on them; the secretariat sends the call and its reminders.
import type { Kysely } from "kysely";
import type { Actor, ForumRole } from "../auth/index.js";
import { FORUM_ROLES, forumRolesOf, requireForumRole } from "../auth/index.js";
import type { Database } from "../db/schema.js";

/** Roles that build, translate and publish questionnaires and edit the call. */
export const QUESTIONNAIRE_EDITORS: readonly ForumRole[] = ["secretariat", "lead_expert"];
/** Roles that send the call and schedule reminders. */
export const CALL_SENDERS: readonly ForumRole[] = ["secretariat"];
/** Roles that read drafts and comment on them: everyone with a role in the forum. */
export const DRAFT_READERS: readonly ForumRole[] = FORUM_ROLES;

/** Refuses anyone who may not build questionnaires in the forum. */
export function requireQuestionnaireEditor(db: Kysely<Database>, actor: Actor, forumId: string) {
  return requireForumRole(db, actor, forumId, QUESTIONNAIRE_EDITORS);
}

/** Refuses anyone who may not read (and comment on) drafts in the forum. */
export function requireDraftReader(db: Kysely<Database>, actor: Actor, forumId: string) {
  return requireForumRole(db, actor, forumId, DRAFT_READERS);
}

/** Refuses anyone who may not send the call. */
export function requireCallSender(db: Kysely<Database>, actor: Actor, forumId: string) {
  return requireForumRole(db, actor, forumId, CALL_SENDERS);
}

/** What the actor may do with the forum's call and questionnaires (for showing or hiding controls). */
export async function callPermissions(db: Kysely<Database>, actor: Actor, forumId: string) {
  const roles = await forumRolesOf(db, actor, forumId);
  return {
    read: roles.length > 0,
    edit: roles.some((r) => QUESTIONNAIRE_EDITORS.includes(r)),
    send: roles.some((r) => CALL_SENDERS.includes(r)),
    resolve: roles.some((r) => QUESTIONNAIRE_EDITORS.includes(r)),
  };
}
