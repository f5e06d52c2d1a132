// Who may do what with a forum's contacts. Every role in the forum reads the list and volunteers for gaps; the
// secretariat manages contacts, and members too when the forum's setting says so; addresses are the
// secretariat's alone (others see whether one is on file), whoever manages.
import type { Kysely } from "kysely";
import { type Actor, type ForumRole, forumRolesOf } from "../auth/index.js";
import type { Database } from "../db/schema.js";
import { unauthorized } from "../server/errors.js";
import type { MessageKey } from "../ui/i18n/message-keys.js";
import { selectMembersManage } from "./queries.js";
import { forbiddenTo } from "./refusals.js";

/** What the actor may see and do with a forum's contacts. */
export interface ContactAccess {
  roles: ForumRole[];
  isMember: boolean;
  canManage: boolean;
  /** Only the secretariat reads addresses. */
  seesAddresses: boolean;
  isSecretariat: boolean;
  membersManage: boolean;
}

/** The actor's access to a forum's contacts (anonymous: none). */
export async function contactAccess(
  db: Kysely<Database>,
  actor: Actor,
  forumId: string,
): Promise<ContactAccess> {
  const [roles, membersManage] = await Promise.all([
    forumRolesOf(db, actor, forumId),
    selectMembersManage(db, forumId),
  ]);
  const isSecretariat = roles.includes("secretariat");
  const isMember = roles.length > 0;
  return {
    roles,
    isMember,
    isSecretariat,
    membersManage,
    canManage: isSecretariat || (membersManage && isMember),
    seesAddresses: isSecretariat,
  };
}

function refuse(actor: Actor, messageKey: MessageKey, message: string): never {
  if (actor.kind === "anonymous") throw unauthorized();
  throw forbiddenTo(messageKey, message);
}

/** Refuses anyone without a role in the forum; returns their access. */
export async function requireContactReader(db: Kysely<Database>, actor: Actor, forumId: string) {
  const access = await contactAccess(db, actor, forumId);
  if (!access.isMember)
    refuse(actor, "contacts.error.readers", "Only the forum's members can see its contacts.");
  return access;
}

/** Refuses anyone who may not add or change contacts; returns their access. */
export async function requireContactManager(db: Kysely<Database>, actor: Actor, forumId: string) {
  const access = await contactAccess(db, actor, forumId);
  if (!access.canManage)
    refuse(actor, "contacts.error.managers", "Only the secretariat can manage this forum's contacts.");
  return access;
}

/** Refuses anyone but the secretariat (settings, exports, assigning gaps). */
export async function requireContactSecretariat(db: Kysely<Database>, actor: Actor, forumId: string) {
  const access = await contactAccess(db, actor, forumId);
  if (!access.isSecretariat) refuse(actor, "contacts.error.secretariat", "Only the secretariat can do this.");
  return access;
}
