// Outreach: what other rooms ask of contacts when they write to people. Calls pick recipients by a filter of the
// forum's contacts (group, region, development status, NRI, tag, not yet contributed), record what they sent
// (invited, reminded, announced) and who opted out; pasted addresses become contacts. A contact's page reads its
// history: those events, whether a message bounced (the outbox's status), and its contributions. Functions taking
// a transaction run inside the caller's change, which has already checked who may send.
import type { Kysely } from "kysely";
import { recordAudit } from "../../audit/index.js";
import type { Actor } from "../../auth/index.js";
import { contributionsByEmail, contributorEmailsForCycle } from "../../contributions/index.js";
import type { Database } from "../../db/schema.js";
import { isStakeholderGroup, REGIONS, SUBREGIONS } from "../../geo/countries.js";
import { getOutboxMessage } from "../../mail/index.js";
import { type ContactFilters, countriesFor, DEVELOPMENT_STATUSES } from "../contacts/service.js";
import { nriChoices } from "../nris/service.js";
import { requireContactReader } from "../policy.js";
import {
  type ContactRow,
  insertContacts,
  insertEvents,
  selectContact,
  selectContacts,
  selectContactsByEmails,
  selectEvents,
  selectOptedOutEmails,
  selectOrganisations,
  selectTags,
  updateContactRow,
} from "../queries.js";
import { invalidInput } from "../refusals.js";
import type { ContactEventKind } from "../tables.js";

/** Which of the forum's contacts a message goes to. */
export interface OutreachFilter extends ContactFilters {
  /** Leave out whoever has contributed to this cycle (needs the cycle). */
  notContributed?: boolean;
}

/** One contact a message may go to (reachable: an address, not opted out). */
export interface OutreachRecipient {
  contactId: string;
  email: string;
  name: string;
  organisation: string;
  stakeholderGroup: string;
  country: string;
  /** The contact's tags, with "nri" added for an NRI's focal point. */
  tags: string[];
}

/** The filter as a form or a stored reminder gives it: strings only, empty ones dropped. */
export function outreachFilterOf(fields: Record<string, string | undefined>): OutreachFilter {
  const pick = (k: string) => (fields[k] ?? "").trim() || undefined;
  return {
    group: pick("group"),
    region: pick("region"),
    status: pick("status"),
    tag: pick("tag")?.toLowerCase(),
    nri: pick("nri"),
    notContributed: ["1", "true", "on"].includes(fields.not_contributed ?? ""),
  };
}

/** The filter as plain strings, to store with a reminder. */
export function outreachFilterFields(filter: OutreachFilter): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of ["group", "region", "status", "tag", "nri"] as const)
    if (filter[k]) out[k] = filter[k] as string;
  if (filter.notContributed) out.not_contributed = "1";
  return out;
}

/** Refuses a filter naming no known group, region or status (the form's field gets the message). */
export function checkOutreachFilter(filter: OutreachFilter): void {
  if (filter.group && !isStakeholderGroup(filter.group))
    throw invalidInput("No such stakeholder group.", { group: "contacts.error.group" });
  if (
    filter.region &&
    !(REGIONS as readonly string[]).includes(filter.region) &&
    !(SUBREGIONS as readonly string[]).includes(filter.region)
  )
    throw invalidInput("No such region.", { region: "contacts.error.region" });
  if (filter.status && !(DEVELOPMENT_STATUSES as readonly string[]).includes(filter.status))
    throw invalidInput("No such development status.", { status: "contacts.error.status" });
  if (filter.nri && filter.nri !== "any" && !/^[0-9a-f-]{36}$/i.test(filter.nri))
    throw invalidInput("No such initiative.", { nri: "contacts.nri.error.choose" });
}

/**
 * The forum's reachable contacts matching the filter (with their addresses: for a sender already authorised),
 * leaving out, when asked, whoever has contributed to the cycle.
 */
export async function outreachRecipients(
  db: Kysely<Database>,
  args: { forumId: string; filter: OutreachFilter; cycleId?: string },
): Promise<OutreachRecipient[]> {
  checkOutreachFilter(args.filter);
  const [rows, organisations, contributors] = await Promise.all([
    selectContacts(db, {
      forumId: args.forumId,
      group: args.filter.group,
      countries: countriesFor(args.filter),
      tag: args.filter.tag,
      nri: args.filter.nri,
      reachable: true,
    }),
    selectOrganisations(db, args.forumId),
    args.filter.notContributed && args.cycleId
      ? contributorEmailsForCycle(db, args.cycleId)
      : Promise.resolve(new Set<string>()),
  ]);
  const orgName = new Map(organisations.map((o) => [o.id, o.name]));
  const nrisHeard =
    args.filter.nri && args.filter.notContributed
      ? await nrisThatContributed(db, args.forumId, contributors)
      : new Set<string>();
  return rows
    .filter((r) => r.email && !contributors.has(r.email.toLowerCase()))
    .filter((r) => !(r.nri_id && nrisHeard.has(r.nri_id)))
    .map((r) => ({
      contactId: r.id,
      email: (r.email as string).toLowerCase(),
      name: [r.honorific, r.name].filter(Boolean).join(" "),
      organisation: r.organisation_id ? (orgName.get(r.organisation_id) ?? "") : "",
      stakeholderGroup: r.stakeholder_group ?? "",
      country: r.country ?? "",
      tags: [...new Set([...r.tags, ...(r.nri_id ? ["nri"] : [])])],
    }));
}

/**
 * The NRIs that have contributed: one of their focal points, or the organisation a focal point belongs to, is
 * among the contributors. Reminding "every NRI that has not contributed" leaves all of such an NRI's focal
 * points out, not only the one who wrote.
 */
async function nrisThatContributed(
  db: Kysely<Database>,
  forumId: string,
  contributors: ReadonlySet<string>,
): Promise<Set<string>> {
  const all = await selectContacts(db, { forumId });
  const byId = new Map(all.map((c) => [c.id, c]));
  const wrote = (c: ContactRow | undefined) => !!c?.email && contributors.has(c.email.toLowerCase());
  const heard = new Set<string>();
  for (const c of all)
    if (c.nri_id && (wrote(c) || (c.organisation_id && wrote(byId.get(c.organisation_id)))))
      heard.add(c.nri_id);
  return heard;
}

/** The choices a recipients filter offers: the forum's tags and NRIs. */
export async function outreachChoices(
  db: Kysely<Database>,
  forumId: string,
): Promise<{ tags: string[]; nris: { id: string; name: string }[] }> {
  const [tags, nris] = await Promise.all([selectTags(db, forumId), nriChoices(db, forumId)]);
  return { tags, nris };
}

/** Records, in the sender's transaction, what was sent to which address; addresses not among contacts are skipped. */
export async function recordOutreach(
  trx: Kysely<Database>,
  args: {
    forumId: string;
    kind: Extract<ContactEventKind, "invited" | "reminded" | "announced">;
    detail: string;
    sent: { email: string; mailId: string | null }[];
    at?: Date;
  },
): Promise<number> {
  const contacts = await selectContactsByEmails(
    trx,
    args.forumId,
    args.sent.map((s) => s.email),
  );
  const byEmail = new Map(contacts.map((c) => [(c.email ?? "").toLowerCase(), c.id]));
  const events = args.sent.flatMap((s) => {
    const contactId = byEmail.get(s.email.toLowerCase());
    return contactId
      ? [
          {
            forum_id: args.forumId,
            contact_id: contactId,
            kind: args.kind,
            detail: args.detail.slice(0, 300),
            mail_id: s.mailId,
            ...(args.at ? { at: args.at } : {}),
          },
        ]
      : [];
  });
  await insertEvents(trx, events);
  return events.length;
}

/**
 * Makes contacts of addresses given by hand (pasted or a recipients file) that the forum does not know yet, in
 * the caller's transaction; returns how many were added.
 */
export async function ensureContacts(
  trx: Kysely<Database>,
  args: {
    actor: Actor;
    forumId: string;
    label: string;
    people: { email: string; name: string; stakeholderGroup?: string; country?: string; tags?: string[] }[];
  },
): Promise<number> {
  const known = new Set(
    (
      await selectContactsByEmails(
        trx,
        args.forumId,
        args.people.map((p) => p.email),
      )
    ).map((c) => (c.email ?? "").toLowerCase()),
  );
  const fresh = new Map<string, (typeof args.people)[number]>();
  for (const p of args.people) {
    const email = p.email.trim().toLowerCase();
    if (email && !known.has(email) && !fresh.has(email)) fresh.set(email, p);
  }
  if (fresh.size === 0) return 0;
  await insertContacts(
    trx,
    [...fresh.entries()].map(([email, p]) => ({
      forum_id: args.forumId,
      kind: "person" as const,
      organisation_id: null,
      nri_id: null,
      honorific: "",
      name: (p.name.trim() || email).slice(0, 300),
      role: "",
      stakeholder_group:
        p.stakeholderGroup && isStakeholderGroup(p.stakeholderGroup) ? p.stakeholderGroup : null,
      country: p.country && /^[A-Z]{2}$/.test(p.country) ? p.country : null,
      email,
      tags: p.tags ?? [],
      notes: "",
      opted_out: false,
      added_by: args.actor.kind === "user" ? args.actor.userId : null,
      added_by_label: args.label,
    })),
  );
  await recordAudit(trx, {
    actor: args.actor,
    forumId: args.forumId,
    action: "contact.create.recipients",
    subjectType: "forum",
    subjectId: args.forumId,
    after: { added: fresh.size },
  });
  return fresh.size;
}

/**
 * The lower-cased addresses of the forum's contacts marked opted out: whoever sends a call, a reminder or an
 * announcement leaves them out, however the address came to be a recipient (pasted, a file, carried over).
 */
export function optedOutEmails(db: Kysely<Database>, forumId: string): Promise<Set<string>> {
  return selectOptedOutEmails(db, forumId);
}

/** Marks the contact with this address opted out (an unsubscribe link), in the caller's transaction. */
export async function recordOptOut(
  trx: Kysely<Database>,
  args: { forumId: string; email: string; at: Date },
): Promise<boolean> {
  const [contact] = await selectContactsByEmails(trx, args.forumId, [args.email]);
  if (!contact) return false;
  const row = await selectContact(trx, contact.id);
  if (!row || row.opted_out) return false;
  await updateContactRow(trx, row.id, { opted_out: true });
  await insertEvents(trx, [{ forum_id: args.forumId, contact_id: row.id, kind: "opted_out", at: args.at }]);
  return true;
}

/** One line of a contact's history. */
export interface HistoryLine {
  at: Date;
  kind: ContactEventKind | "contributed" | "bounced";
  detail: string;
}

/** A contact's history (invited, reminded, announced, bounced, contributed, opted out, merged), oldest first. */
export async function historyOf(db: Kysely<Database>, contact: ContactRow): Promise<HistoryLine[]> {
  const lines: HistoryLine[] = [];
  for (const e of await selectEvents(db, contact.id)) {
    lines.push({ at: e.at, kind: e.kind, detail: e.detail });
    if (e.mail_id) {
      const mail = await getOutboxMessage(db, e.mail_id);
      if (mail?.status === "failed") lines.push({ at: e.at, kind: "bounced", detail: e.detail });
    }
  }
  // The contact's address and those of contacts merged into it: a merge keeps both histories.
  for (const email of [...(contact.email ? [contact.email] : []), ...contact.other_emails])
    for (const c of await contributionsByEmail(db, contact.forum_id, email))
      lines.push({ at: c.received_at ?? c.created_at, kind: "contributed", detail: c.reference ?? "" });
  return lines.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** A contact's history for a reader of the forum's contacts. */
export async function contactHistory(
  db: Kysely<Database>,
  args: { actor: Actor; forumId: string; contactId: string },
): Promise<HistoryLine[]> {
  await requireContactReader(db, args.actor, args.forumId);
  const row = /^[0-9a-f-]{36}$/i.test(args.contactId) ? await selectContact(db, args.contactId) : undefined;
  return row && row.forum_id === args.forumId ? historyOf(db, row) : [];
}
