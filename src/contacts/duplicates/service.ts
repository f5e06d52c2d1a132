// Duplicate contacts: pairs with the same address, or with names alike within the same organisation (or both in
// none), and merging a pair into one contact that keeps both histories, in one audited transaction.
import type { Kysely } from "kysely";
import { recordAudit } from "../../audit/index.js";
import type { Actor } from "../../auth/index.js";
import type { Database } from "../../db/schema.js";
import { inTransaction } from "../../db/transaction.js";
import { auditSummary } from "../contacts/service.js";
import { type ContactView, viewContact } from "../contacts/view.js";
import { nameKey } from "../import/service.js";
import { type ContactAccess, requireContactManager } from "../policy.js";
import {
  type ContactRow,
  deleteContactRow,
  insertEvents,
  moveContactLinks,
  selectContact,
  selectContacts,
  selectEvents,
  updateContactRow,
} from "../queries.js";
import { invalidInput, notThere } from "../refusals.js";

/** Two contacts that may be one, and why. */
export interface DuplicatePair {
  a: ContactView;
  b: ContactView;
  reason: "address" | "name";
}

/** Edit distance between two short strings (names), stopping early once it exceeds `max`. */
export function editDistance(a: string, b: string, max = 2): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
      current.push(value);
      best = Math.min(best, value);
    }
    if (best > max) return max + 1;
    previous = current;
  }
  return previous[b.length] ?? max + 1;
}

/**
 * Whether two names are alike: the same words in any order, accents and case aside ("Kamau, Wanjiru" and
 * "Wanjiru Kamau"), one name's words all in the other's ("Aminata Diallo", "Aminata B. Diallo"), or a typo
 * apart in names long enough for that to mean something; never names that differ by a number ("Person 1").
 */
export function namesAlike(a: string, b: string): boolean {
  const ka = nameKey(a);
  const kb = nameKey(b);
  if (!ka || !kb) return false;
  if (ka === kb) return true;
  if (/\d/.test(ka) || /\d/.test(kb)) return false;
  const wa = ka.split(" ").filter((w) => w.length > 1);
  const wb = kb.split(" ").filter((w) => w.length > 1);
  const [short, long] = wa.length <= wb.length ? [wa, wb] : [wb, wa];
  if (short.length >= 2 && short.every((w) => long.includes(w))) return true;
  return Math.min(ka.length, kb.length) >= 8 && editDistance(ka, kb, 2) <= 2;
}

/** Pairs of contacts in the rows that look like one: same address, or alike names in the same organisation. */
export function findDuplicatePairs(
  rows: readonly ContactRow[],
): { a: ContactRow; b: ContactRow; reason: "address" | "name" }[] {
  const pairs: { a: ContactRow; b: ContactRow; reason: "address" | "name" }[] = [];
  const seen = new Set<string>();
  const add = (a: ContactRow, b: ContactRow, reason: "address" | "name") => {
    const key = [a.id, b.id].sort().join("|");
    if (seen.has(key)) return;
    seen.add(key);
    pairs.push({ a, b, reason });
  };
  const byEmail = new Map<string, ContactRow[]>();
  for (const r of rows) {
    const email = r.email?.trim().toLowerCase();
    if (email) byEmail.set(email, [...(byEmail.get(email) ?? []), r]);
  }
  for (const same of byEmail.values())
    for (let i = 0; i < same.length; i++)
      for (let j = i + 1; j < same.length; j++) add(same[i] as ContactRow, same[j] as ContactRow, "address");
  const byOrganisation = new Map<string, ContactRow[]>();
  for (const r of rows) {
    const key = `${r.kind}|${r.organisation_id ?? ""}`;
    byOrganisation.set(key, [...(byOrganisation.get(key) ?? []), r]);
  }
  for (const group of byOrganisation.values())
    for (let i = 0; i < group.length; i++)
      for (let j = i + 1; j < group.length; j++) {
        const a = group[i] as ContactRow;
        const b = group[j] as ContactRow;
        if (namesAlike(a.name, b.name)) add(a, b, "name");
      }
  return pairs;
}

/** The forum's likely duplicates, for whoever manages contacts. */
export async function listDuplicates(
  db: Kysely<Database>,
  args: { actor: Actor; forumId: string },
): Promise<{ access: ContactAccess; pairs: DuplicatePair[] }> {
  const access = await requireContactManager(db, args.actor, args.forumId);
  const rows = await selectContacts(db, { forumId: args.forumId });
  return {
    access,
    pairs: findDuplicatePairs(rows).map((p) => ({
      a: viewContact(p.a, access.seesAddresses),
      b: viewContact(p.b, access.seesAddresses),
      reason: p.reason,
    })),
  };
}

async function forumContact(db: Kysely<Database>, forumId: string, id: string): Promise<ContactRow> {
  const row = /^[0-9a-f-]{36}$/i.test(id) ? await selectContact(db, id) : undefined;
  if (!row || row.forum_id !== forumId)
    throw notThere("contacts.error.notFound", "There is no such contact.");
  return row;
}

/** The two contacts of a merge, side by side, with how many history lines each has. */
export async function mergePreview(
  db: Kysely<Database>,
  args: { actor: Actor; forumId: string; a: string; b: string },
) {
  const access = await requireContactManager(db, args.actor, args.forumId);
  const [a, b] = await Promise.all([
    forumContact(db, args.forumId, args.a),
    forumContact(db, args.forumId, args.b),
  ]);
  if (a.id === b.id) throw invalidInput("Choose two different contacts.", { keep: "contacts.merge.same" });
  const [ha, hb] = await Promise.all([selectEvents(db, a.id), selectEvents(db, b.id)]);
  return {
    access,
    a: { contact: viewContact(a, access.seesAddresses), events: ha.length },
    b: { contact: viewContact(b, access.seesAddresses), events: hb.length },
  };
}

/**
 * What the kept contact becomes: its own fields, the other's where its own are empty, tags and notes joined;
 * when both had an address, the other's is kept among its other addresses (so nothing sent to it, nor anything
 * it contributed, leaves the history).
 */
export function mergedValues(keep: ContactRow, drop: ContactRow) {
  const notes = [keep.notes, drop.notes].filter(Boolean);
  const email = keep.email ?? drop.email;
  const others = [...keep.other_emails, ...drop.other_emails, ...(drop.email ? [drop.email] : [])].filter(
    (e) => e.toLowerCase() !== (email ?? "").toLowerCase(),
  );
  return {
    organisation_id: keep.organisation_id ?? (drop.organisation_id === keep.id ? null : drop.organisation_id),
    nri_id: keep.nri_id ?? drop.nri_id,
    honorific: keep.honorific || drop.honorific,
    role: keep.role || drop.role,
    stakeholder_group: keep.stakeholder_group ?? drop.stakeholder_group,
    country: keep.country ?? drop.country,
    email,
    other_emails: [...new Map(others.map((e) => [e.toLowerCase(), e])).values()],
    tags: [...new Set([...keep.tags, ...drop.tags])],
    notes: [...new Set(notes)].join("\n\n").slice(0, 5000),
    opted_out: keep.opted_out || drop.opted_out,
  };
}

/**
 * Merges `drop` into `keep`: the kept contact takes the other's details where its own are empty, both histories
 * (and any people of an organisation) become the kept one's, the other is deleted, and the audit log keeps both.
 */
export async function mergeContacts(
  db: Kysely<Database>,
  args: { actor: Actor; forumId: string; keepId: string; dropId: string; now?: Date },
): Promise<ContactView> {
  const access = await requireContactManager(db, args.actor, args.forumId);
  const keep = await forumContact(db, args.forumId, args.keepId);
  const drop = await forumContact(db, args.forumId, args.dropId);
  if (keep.id === drop.id)
    throw invalidInput("Choose two different contacts.", { keep: "contacts.merge.same" });
  if (keep.kind !== drop.kind)
    throw invalidInput("A person and an organisation cannot be merged.", { keep: "contacts.merge.kinds" });
  const values = mergedValues(keep, drop);
  const after = await inTransaction(db, async (trx) => {
    await moveContactLinks(trx, drop.id, keep.id);
    await deleteContactRow(trx, drop.id);
    const after = await updateContactRow(trx, keep.id, values);
    await insertEvents(trx, [
      {
        forum_id: args.forumId,
        contact_id: keep.id,
        kind: "merged",
        detail: drop.name,
        ...(args.now ? { at: args.now } : {}),
      },
    ]);
    await recordAudit(trx, {
      actor: args.actor,
      forumId: args.forumId,
      action: "contact.merge",
      subjectType: "contact",
      subjectId: keep.id,
      before: {
        kept: { id: keep.id, ...auditSummary(keep) },
        merged: { id: drop.id, ...auditSummary(drop) },
      },
      after: auditSummary(after),
    });
    return after;
  });
  return viewContact(after, access.seesAddresses);
}
