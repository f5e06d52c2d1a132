// A person's contact data on request: everything the forums hold about an address as plain JSON, and erasing
// it (the contacts with that address, their history and gaps go; people of an erased organisation stay, without
// it). The caller (the site's privacy requests) decides who may ask; the erasure writes an audit row per forum in
// its transaction, naming no address.
import type { Kysely } from "kysely";
import { recordAudit } from "../../audit/index.js";
import type { Actor } from "../../auth/index.js";
import type { Database } from "../../db/schema.js";
import { inTransaction } from "../../db/transaction.js";
import { historyOf } from "../outreach/service.js";
import {
  deleteContactRow,
  selectContact,
  selectContactsByEmail,
  selectNri,
  selectOpenGap,
} from "../queries.js";

/** What the forums' contact lists hold about one address. */
export interface ContactDataExport {
  email: string;
  contacts: {
    forum_id: string;
    id: string;
    kind: string;
    honorific: string;
    name: string;
    role: string;
    organisation: string | null;
    nri: string | null;
    stakeholder_group: string | null;
    country: string | null;
    email: string | null;
    tags: string[];
    notes: string;
    opted_out: boolean;
    added_by: string;
    created_at: string;
    updated_at: string;
    someone_looking_for_address: boolean;
    history: { at: string; kind: string; detail: string }[];
  }[];
}

/** Everything held about an address in the contact lists (of one forum, or all), as plain JSON. */
export async function exportContactData(args: {
  db: Kysely<Database>;
  forumId?: string;
  email: string;
}): Promise<ContactDataExport> {
  const email = args.email.trim().toLowerCase();
  const rows = email ? await selectContactsByEmail(args.db, email, args.forumId) : [];
  const contacts: ContactDataExport["contacts"] = [];
  for (const r of rows) {
    const organisation = r.organisation_id ? await selectContact(args.db, r.organisation_id) : undefined;
    const nri = r.nri_id ? await selectNri(args.db, r.nri_id) : undefined;
    const history = await historyOf(args.db, r);
    contacts.push({
      forum_id: r.forum_id,
      id: r.id,
      kind: r.kind,
      honorific: r.honorific,
      name: r.name,
      role: r.role,
      organisation: organisation?.name ?? null,
      nri: nri?.name ?? null,
      stakeholder_group: r.stakeholder_group,
      country: r.country,
      email: r.email,
      tags: r.tags,
      notes: r.notes,
      opted_out: r.opted_out,
      added_by: r.added_by_label,
      created_at: r.created_at.toISOString(),
      updated_at: r.updated_at.toISOString(),
      someone_looking_for_address: Boolean(await selectOpenGap(args.db, r.id)),
      history: history.map((h) => ({ at: h.at.toISOString(), kind: h.kind, detail: h.detail })),
    });
  }
  return { email, contacts };
}

/**
 * Erases every contact with this address (in every forum), with its history and gaps, in one transaction that
 * writes an audit row per forum; returns how many contacts went. Pass a transaction to join a larger erasure.
 */
export async function eraseContactData(args: {
  db: Kysely<Database>;
  actor: Actor;
  email: string;
}): Promise<{ erased: number }> {
  const email = args.email.trim().toLowerCase();
  if (!email) return { erased: 0 };
  return inTransaction(args.db, async (trx) => {
    const rows = await selectContactsByEmail(trx, email);
    const byForum = new Map<string, string[]>();
    for (const r of rows) {
      await deleteContactRow(trx, r.id);
      byForum.set(r.forum_id, [...(byForum.get(r.forum_id) ?? []), r.id]);
    }
    for (const [forumId, ids] of byForum)
      await recordAudit(trx, {
        actor: args.actor,
        forumId,
        action: "contact.erase",
        subjectType: "contact",
        subjectId: ids[0] ?? null,
        after: { erased: ids.length, contacts: ids },
      });
    return { erased: rows.length };
  });
}
