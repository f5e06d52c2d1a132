// Granting and taking away forum roles. Only the secretariat (or a site administrator) may; every change is
// audited in its own transaction; the last secretariat member cannot be removed, so a forum is never orphaned.
import type { Kysely } from "kysely";
import { recordAudit } from "../audit/index.js";
import type { Database } from "../db/schema.js";
import { inTransaction } from "../db/transaction.js";
import { conflict, invalid } from "../server/errors.js";
import type { Actor, ForumRole } from "./actor.js";
import { isForumRole } from "./actor.js";
import { MANAGERS, requireForumRole } from "./policy.js";
import {
  countRoleHolders,
  deleteForumRole,
  findUserByEmail,
  insertForumRole,
  insertUser,
  lockSecretariatRows,
  selectForumPeople,
} from "./queries.js";
import { isPlausibleEmail } from "./sign-in.js";

interface RoleInput {
  forumId: string;
  email: string;
  role: string;
  /** Name for a person not yet known; they can correct it in their profile. */
  name?: string;
}

/** Gives a person (found or created by e-mail) a role in a forum. */
export async function grantForumRole(db: Kysely<Database>, args: { actor: Actor; input: RoleInput }) {
  const { actor, input } = args;
  await requireForumRole(db, actor, input.forumId, MANAGERS);
  const fields: Record<string, string> = {};
  if (!isPlausibleEmail(input.email)) fields.email = "auth.email.invalid";
  if (!isForumRole(input.role)) fields.role = "auth.roles.unknownRole";
  if (Object.keys(fields).length)
    throw invalid("Check the e-mail address and the role.", fields, {
      messageKey: "auth.refusal.emailAndRole",
    });
  const role = input.role as ForumRole;
  return inTransaction(db, async (trx) => {
    let user = await findUserByEmail(trx, input.email);
    if (!user) {
      const name = input.name?.trim() || input.email.split("@")[0] || input.email;
      user = await insertUser(trx, { email: input.email, name });
    }
    const granted = await insertForumRole(trx, {
      forumId: input.forumId,
      userId: user.id,
      role,
      grantedBy: actor.kind === "user" ? actor.userId : null,
    });
    if (granted) {
      await recordAudit(trx, {
        actor,
        forumId: input.forumId,
        action: "role.grant",
        subjectType: "user",
        subjectId: user.id,
        after: { email: user.email, role },
      });
    }
    return { user, granted };
  });
}

/** Takes a role away from a person in a forum. */
export async function revokeForumRole(
  db: Kysely<Database>,
  args: { actor: Actor; input: { forumId: string; userId: string; role: string } },
) {
  const { actor, input } = args;
  await requireForumRole(db, actor, input.forumId, MANAGERS);
  if (!isForumRole(input.role))
    throw invalid(
      "Unknown role.",
      { role: "auth.roles.unknownRole" },
      { messageKey: "auth.roles.unknownRole" },
    );
  const role = input.role;
  return inTransaction(db, async (trx) => {
    if (role === "secretariat") await lockSecretariatRows(trx, input.forumId);
    if (role === "secretariat" && (await countRoleHolders(trx, input.forumId, "secretariat")) <= 1) {
      throw conflict("A forum needs at least one secretariat member. Give the role to someone else first.", {
        messageKey: "auth.refusal.lastSecretariat",
      });
    }
    const removed = await deleteForumRole(trx, { forumId: input.forumId, userId: input.userId, role });
    if (removed) {
      await recordAudit(trx, {
        actor,
        forumId: input.forumId,
        action: "role.revoke",
        subjectType: "user",
        subjectId: input.userId,
        before: { role },
      });
    }
    return removed;
  });
}

/** Everyone with a role in the forum; visible to the forum's managers. */
export async function listForumPeople(db: Kysely<Database>, args: { actor: Actor; forumId: string }) {
  await requireForumRole(db, args.actor, args.forumId, MANAGERS);
  return selectForumPeople(db, args.forumId);
}
