// A forum's contacts: the list with its filters, adding and changing a contact, and the forum's setting of
// whether members manage contacts. Services check the policy first; every change writes its audit row in its
// transaction. Addresses leave this module only for readers who may see them (`viewContact`).
import type { Kysely } from "kysely";
import { recordAudit } from "../../audit/index.js";
import type { Actor } from "../../auth/index.js";
import { contributorEmailsForCycle } from "../../contributions/index.js";
import type { Database } from "../../db/schema.js";
import { inTransaction } from "../../db/transaction.js";
import { cycleOfYear, listCycles } from "../../forums/index.js";
import { COUNTRIES, REGIONS, SUBREGIONS } from "../../geo/countries.js";
import { isUniqueViolation } from "../../server/errors.js";
import { fillGapIfOpen } from "../gaps/close.js";
import { checkNriId, nriChoices } from "../nris/service.js";
import {
  type ContactAccess,
  contactAccess,
  requireContactManager,
  requireContactReader,
  requireContactSecretariat,
} from "../policy.js";
import {
  type ContactRow,
  insertContact,
  insertEvents,
  selectContact,
  selectContacts,
  selectContactsByEmails,
  selectOrganisations,
  selectTags,
  updateContactRow,
  upsertMembersManage,
} from "../queries.js";
import { invalidInput, notThere } from "../refusals.js";
import { type ContactInput, checkContact } from "./fields.js";
import { type ContactView, viewContact } from "./view.js";

export type { ContactInput, ContactView };

/** Development statuses a list can be narrowed to. */
export const DEVELOPMENT_STATUSES = ["ldc", "lldc", "sids", "developing", "developed"] as const;

/** The list's filters as given (a form's query or the API's). */
export interface ContactFilters {
  group?: string;
  /** A UN M49 region or sub-region code. */
  region?: string;
  status?: string;
  tag?: string;
  missing?: boolean;
  /** "any" for focal points of any NRI, or one NRI's id. */
  nri?: string;
  /** Only contacts who have not contributed to the cycle of `year` (the latest when not given). */
  not_contributed?: boolean;
  year?: string | number;
}

/** The countries a region and development status stand for, or undefined when neither narrows the list. */
export function countriesFor(filters: ContactFilters): string[] | undefined {
  const region = filters.region?.trim() ?? "";
  const status = filters.status?.trim() ?? "";
  if (!region && !status) return undefined;
  return COUNTRIES.filter((c) => {
    if (region && c.region !== region && c.subregion !== region) return false;
    if (status === "ldc") return c.ldc;
    if (status === "lldc") return c.lldc;
    if (status === "sids") return c.sids;
    if (status === "developing") return c.developing;
    if (status === "developed") return !c.developing && c.region !== null;
    return true;
  }).map((c) => c.code);
}

function checkFilters(filters: ContactFilters) {
  const region = filters.region?.trim() ?? "";
  const status = filters.status?.trim() ?? "";
  if (
    region &&
    !(REGIONS as readonly string[]).includes(region) &&
    !(SUBREGIONS as readonly string[]).includes(region)
  )
    throw invalidInput("No such region.", { region: "contacts.error.region" });
  if (status && !(DEVELOPMENT_STATUSES as readonly string[]).includes(status))
    throw invalidInput("No such development status.", { status: "contacts.error.status" });
  const nri = filters.nri?.trim() ?? "";
  if (nri && nri !== "any" && !/^[0-9a-f-]{36}$/i.test(nri))
    throw invalidInput("No such initiative.", { nri: "contacts.nri.error.choose" });
}

/** A forum's contacts as the actor may see them, narrowed by the filters, with the tags and organisations. */
export async function listContacts(
  db: Kysely<Database>,
  args: { actor: Actor; forumId: string; filters: ContactFilters },
): Promise<{
  access: ContactAccess;
  contacts: ContactView[];
  tags: string[];
  organisations: { id: string; name: string }[];
  nris: { id: string; name: string }[];
}> {
  const access = await requireContactReader(db, args.actor, args.forumId);
  checkFilters(args.filters);
  const [all, tags, organisations, nris, contributors] = await Promise.all([
    selectContacts(db, {
      forumId: args.forumId,
      group: args.filters.group?.trim() || undefined,
      countries: countriesFor(args.filters),
      tag: args.filters.tag?.trim().toLowerCase() || undefined,
      missingAddress: args.filters.missing,
      nri: args.filters.nri?.trim() || undefined,
    }),
    selectTags(db, args.forumId),
    selectOrganisations(db, args.forumId),
    nriChoices(db, args.forumId),
    args.filters.not_contributed ? cycleContributors(db, args.forumId, args.filters.year) : undefined,
  ]);
  const rows = contributors
    ? all.filter((r) =>
        [...(r.email ? [r.email] : []), ...r.other_emails].every((e) => !contributors.has(e.toLowerCase())),
      )
    : all;
  return {
    access,
    contacts: rows.map((r) => viewContact(r, access.seesAddresses)),
    tags,
    organisations,
    nris,
  };
}

/** Who contributed (lower-cased addresses) to the forum's cycle of that year, or of its latest cycle. */
async function cycleContributors(
  db: Kysely<Database>,
  forumId: string,
  year: string | number | undefined,
): Promise<Set<string>> {
  const asked = String(year ?? "").trim();
  const cycle = asked
    ? /^\d{4}$/.test(asked)
      ? await cycleOfYear(db, forumId, Number(asked))
      : undefined
    : (await listCycles(db, forumId))[0];
  if (asked && !cycle) throw invalidInput("No such cycle.", { year: "contacts.error.year" });
  return cycle ? contributorEmailsForCycle(db, cycle.id) : new Set();
}

async function forumContact(db: Kysely<Database>, forumId: string, id: string): Promise<ContactRow> {
  const row = /^[0-9a-f-]{36}$/i.test(id) ? await selectContact(db, id) : undefined;
  if (!row || row.forum_id !== forumId)
    throw notThere("contacts.error.notFound", "There is no such contact.");
  return row;
}

/** One contact as the actor may see it. */
export async function getContact(
  db: Kysely<Database>,
  args: { actor: Actor; forumId: string; contactId: string },
): Promise<{
  access: ContactAccess;
  contact: ContactView;
  organisations: { id: string; name: string }[];
  nris: { id: string; name: string }[];
}> {
  const access = await requireContactReader(db, args.actor, args.forumId);
  const row = await forumContact(db, args.forumId, args.contactId);
  return {
    access,
    contact: viewContact(row, access.seesAddresses),
    organisations: await selectOrganisations(db, args.forumId),
    nris: await nriChoices(db, args.forumId),
  };
}

async function checkOrganisation(db: Kysely<Database>, forumId: string, id: string | null) {
  if (!id) return;
  const org = /^[0-9a-f-]{36}$/i.test(id) ? await selectContact(db, id) : undefined;
  if (!org || org.forum_id !== forumId || org.kind !== "organisation")
    throw invalidInput("Choose one of the forum's organisations.", {
      organisation_id: "contacts.error.organisation",
    });
}

/**
 * Refuses an address another contact has. Whoever may not read addresses is told only that it cannot be added
 * here, never that it is on file (the refusal would otherwise tell them whose address the forum holds).
 */
async function refuseDuplicate(
  db: Kysely<Database>,
  access: ContactAccess,
  forumId: string,
  email: string | null,
  exceptId?: string,
) {
  if (!email) return;
  const same = (await selectContactsByEmails(db, forumId, [email])).filter((c) => c.id !== exceptId);
  if (same.length) throw duplicateRefusal(access);
}

function duplicateRefusal(access: ContactAccess) {
  return access.seesAddresses
    ? invalidInput("Another contact has this address.", { email: "contacts.error.duplicate" })
    : invalidInput("This address cannot be added here.", { email: "contacts.error.addressRefused" });
}

/** What the audit log keeps of a contact: never its address, only whether it has one. */
export function auditSummary(row: ContactRow) {
  // The address itself stays out of the log (members with the log's page would read it); its presence is kept.
  return {
    name: row.name,
    kind: row.kind,
    stakeholder_group: row.stakeholder_group,
    country: row.country,
    has_address: row.email !== null,
    opted_out: row.opted_out,
    nri_id: row.nri_id,
  };
}

/** Adds a contact to the forum (secretariat, or members when the forum lets them). */
export async function createContact(
  db: Kysely<Database>,
  args: { actor: Actor; forumId: string; input: ContactInput },
): Promise<ContactView> {
  const access = await requireContactManager(db, args.actor, args.forumId);
  const checked = checkContact(args.input);
  if (checked.errors)
    throw invalidInput("Some fields need correcting.", checked.errors, "contacts.error.fields");
  const values = checked.values;
  await checkOrganisation(db, args.forumId, values.organisation_id);
  await checkNriId(db, args.forumId, values.nri_id);
  await refuseDuplicate(db, access, args.forumId, values.email);
  try {
    const row = await inTransaction(db, async (trx) => {
      const row = await insertContact(trx, {
        ...values,
        forum_id: args.forumId,
        added_by: args.actor.kind === "user" ? args.actor.userId : null,
        added_by_label: actorName(args.actor),
      });
      await recordAudit(trx, {
        actor: args.actor,
        forumId: args.forumId,
        action: "contact.create",
        subjectType: "contact",
        subjectId: row.id,
        after: auditSummary(row),
      });
      if (row.opted_out)
        await insertEvents(trx, [{ forum_id: args.forumId, contact_id: row.id, kind: "opted_out" }]);
      return row;
    });
    return viewContact(row, access.seesAddresses);
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateRefusal(access);
    throw error;
  }
}

/** A short name for who did something, kept beside the contact ("added by"). */
export function actorName(actor: Actor): string {
  switch (actor.kind) {
    case "user":
      return actor.name || actor.email;
    case "token":
      return `API token ${actor.name ?? ""}`.trim();
    case "system":
      return actor.label;
    case "anonymous":
      return "";
  }
}

/**
 * Changes a contact. A reader who does not see addresses may still give one (it is write-only for them): an
 * empty address keeps the one on file. Giving a contact its first address closes its gap and tells the
 * secretariat, in the same transaction.
 */
export async function updateContact(
  db: Kysely<Database>,
  args: {
    actor: Actor;
    forumId: string;
    contactId: string;
    input: ContactInput;
    now?: Date;
    publicUrl?: string;
  },
): Promise<ContactView> {
  const access = await contactAccess(db, args.actor, args.forumId);
  const row = await forumContact(db, args.forumId, args.contactId);
  const fillingOnly = Object.keys(args.input).every((k) => k === "email");
  if (!access.canManage && !(fillingOnly && access.isMember && row.email === null))
    await requireContactManager(db, args.actor, args.forumId);
  if (fillingOnly && !(args.input.email ?? "").trim())
    throw invalidInput("Give the address.", { email: "contacts.error.emailRequired" });
  const current = {
    kind: row.kind,
    organisation_id: row.organisation_id,
    nri_id: row.nri_id,
    honorific: row.honorific,
    name: row.name,
    role: row.role,
    stakeholder_group: row.stakeholder_group,
    country: row.country,
    email: row.email,
    tags: row.tags,
    notes: row.notes,
    opted_out: row.opted_out,
  };
  const merged: ContactInput = { ...current, ...args.input };
  // Without sight of addresses, an empty field means "keep it", never "remove it".
  if (!access.seesAddresses && !(args.input.email ?? "").trim()) merged.email = row.email;
  const checked = checkContact(merged);
  if (checked.errors)
    throw invalidInput("Some fields need correcting.", checked.errors, "contacts.error.fields");
  const values = checked.values;
  await checkOrganisation(db, args.forumId, values.organisation_id);
  await checkNriId(db, args.forumId, values.nri_id);
  if (values.organisation_id === row.id)
    throw invalidInput("A contact cannot belong to itself.", {
      organisation_id: "contacts.error.organisation",
    });
  await refuseDuplicate(db, access, args.forumId, values.email, row.id);
  const now = args.now ?? new Date();
  try {
    const after = await inTransaction(db, async (trx) => {
      const after = await updateContactRow(trx, row.id, values);
      await recordAudit(trx, {
        actor: args.actor,
        forumId: args.forumId,
        action: "contact.update",
        subjectType: "contact",
        subjectId: row.id,
        before: auditSummary(row),
        after: auditSummary(after),
      });
      // Opting out, however it is done, is a line of the contact's history.
      if (!row.opted_out && after.opted_out)
        await insertEvents(trx, [{ forum_id: args.forumId, contact_id: row.id, kind: "opted_out", at: now }]);
      if (row.email === null && after.email !== null)
        await fillGapIfOpen(trx, { actor: args.actor, contact: after, now, publicUrl: args.publicUrl ?? "" });
      return after;
    });
    return viewContact(after, access.seesAddresses);
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateRefusal(access);
    throw error;
  }
}

/** Sets whether the forum lets its members add and change contacts (the secretariat's choice). */
export async function setMembersManage(
  db: Kysely<Database>,
  args: { actor: Actor; forumId: string; value: boolean },
): Promise<void> {
  await requireContactSecretariat(db, args.actor, args.forumId);
  await inTransaction(db, async (trx) => {
    await upsertMembersManage(trx, args.forumId, args.value);
    await recordAudit(trx, {
      actor: args.actor,
      forumId: args.forumId,
      action: "contact.settings",
      subjectType: "forum",
      subjectId: args.forumId,
      after: { members_manage: args.value },
    });
  });
}

/** How many contacts the forum has and how many lack an address, for its members only (undefined otherwise). */
export async function contactsSummary(
  db: Kysely<Database>,
  args: { actor: Actor; forumId: string },
): Promise<{ contacts: number; missing: number } | undefined> {
  const access = await contactAccess(db, args.actor, args.forumId);
  if (!access.isMember) return undefined;
  const rows = await selectContacts(db, { forumId: args.forumId });
  return { contacts: rows.length, missing: rows.filter((r) => r.email === null && !r.opted_out).length };
}
