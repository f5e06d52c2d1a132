// Gaps: the forum's contacts without an address, by stakeholder group, and who is looking for which. A member
// volunteers for a gap or the secretariat assigns one, with a due date; filling the address closes it
// (`close.ts`).
import type { Kysely } from "kysely";
import { recordAudit } from "../../audit/index.js";
import { type Actor, forumRolesOf, selectForumPeople } from "../../auth/index.js";
import type { Database } from "../../db/schema.js";
import { inTransaction } from "../../db/transaction.js";
import { parsePlainDate } from "../../forums/index.js";
import { isUniqueViolation } from "../../server/errors.js";
import { actorName } from "../contacts/service.js";
import { type ContactAccess, requireContactReader, requireContactSecretariat } from "../policy.js";
import { insertGap, selectContact, selectContacts, selectOpenGap, selectOpenGaps } from "../queries.js";
import { conflictWith, forbiddenTo, invalidInput, notThere } from "../refusals.js";

/** One contact without an address, and who (if anyone) is looking for it. */
export interface GapLine {
  contactId: string;
  name: string;
  group: string | null;
  assignee: { id: string; label: string; due: string | null } | null;
}

/** The forum's gaps grouped by stakeholder group (no group last), and the members who may be assigned one. */
export async function listGaps(
  db: Kysely<Database>,
  args: { actor: Actor; forumId: string },
): Promise<{
  access: ContactAccess;
  groups: { group: string | null; gaps: GapLine[] }[];
  members: { id: string; name: string }[];
}> {
  const access = await requireContactReader(db, args.actor, args.forumId);
  const [missing, open, people] = await Promise.all([
    selectContacts(db, { forumId: args.forumId, missingAddress: true }),
    selectOpenGaps(db, args.forumId),
    access.isSecretariat ? selectForumPeople(db, args.forumId) : Promise.resolve([]),
  ]);
  const byContact = new Map(open.map((g) => [g.contact_id, g]));
  const groups = new Map<string | null, GapLine[]>();
  for (const c of missing) {
    if (c.opted_out) continue;
    const g = byContact.get(c.id);
    const line: GapLine = {
      contactId: c.id,
      name: c.name,
      group: c.stakeholder_group,
      assignee: g ? { id: g.assignee_id, label: g.assignee_label, due: g.due_date } : null,
    };
    groups.set(c.stakeholder_group, [...(groups.get(c.stakeholder_group) ?? []), line]);
  }
  const ordered = [...groups.entries()]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)))
    .map(([group, gaps]) => ({ group, gaps }));
  return { access, groups: ordered, members: people.map((p) => ({ id: p.id, name: p.name })) };
}

/**
 * Puts someone on a gap with a due date: a member volunteers themself; the secretariat may name any member.
 */
export async function takeGap(
  db: Kysely<Database>,
  args: { actor: Actor; forumId: string; contactId: string; assigneeId?: string | null; due?: string | null },
): Promise<void> {
  const access = await requireContactReader(db, args.actor, args.forumId);
  const self = args.actor.kind === "user" ? args.actor.userId : null;
  const assigneeId = (args.assigneeId ?? "").trim() || self;
  if (!assigneeId)
    throw invalidInput("Choose who looks for the address.", { assignee: "contacts.error.assignee" });
  if (assigneeId !== self) await requireContactSecretariat(db, args.actor, args.forumId);
  const due = (args.due ?? "").trim() || null;
  if (due && !parsePlainDate(due))
    throw invalidInput("Give a date as YYYY-MM-DD.", { due: "contacts.error.due" });
  const contact = /^[0-9a-f-]{36}$/i.test(args.contactId)
    ? await selectContact(db, args.contactId)
    : undefined;
  if (!contact || contact.forum_id !== args.forumId)
    throw notThere("contacts.error.notFound", "There is no such contact.");
  if (contact.email !== null)
    throw conflictWith("contacts.error.gapFilled", "This contact's address is already on file.");
  let label = actorName(args.actor);
  if (assigneeId !== self) {
    const person = (await selectForumPeople(db, args.forumId)).find((p) => p.id === assigneeId);
    if (!person) throw invalidInput("Choose a member of the forum.", { assignee: "contacts.error.assignee" });
    label = person.name || person.email;
  } else if (!access.isMember || (await forumRolesOf(db, args.actor, args.forumId)).length === 0) {
    throw forbiddenTo("contacts.error.membersOnly", "Only the forum's members can take a gap.");
  }
  try {
    await inTransaction(db, async (trx) => {
      const gap = await insertGap(trx, {
        forum_id: args.forumId,
        contact_id: contact.id,
        assignee_id: assigneeId,
        assignee_label: label,
        due_date: due,
      });
      await recordAudit(trx, {
        actor: args.actor,
        forumId: args.forumId,
        action: "contact.gap.take",
        subjectType: "contact",
        subjectId: contact.id,
        after: { gap: gap.id, assignee: label, due },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw conflictWith("contacts.error.gapTaken", "Someone is already looking for this address.");
    throw error;
  }
}

/** Who is looking for a contact's address, if anyone (for the contact's page). */
export async function contactGap(
  db: Kysely<Database>,
  args: { forumId: string; contactId: string },
): Promise<{ assignee: string; due: string | null } | null> {
  const gap = await selectOpenGap(db, args.contactId);
  return gap && gap.forum_id === args.forumId ? { assignee: gap.assignee_label, due: gap.due_date } : null;
}
