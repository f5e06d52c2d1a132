// The NRI registry: national, regional and youth IGF initiatives, each with its focal points (contacts marked as
// belonging to it). Every member reads it; whoever manages contacts adds and changes initiatives.
import type { Kysely } from "kysely";
import { recordAudit } from "../../audit/index.js";
import type { Actor } from "../../auth/index.js";
import type { Database } from "../../db/schema.js";
import { inTransaction } from "../../db/transaction.js";
import { isCountryCode } from "../../geo/countries.js";
import { type FieldErrors, isUniqueViolation } from "../../server/errors.js";
import { viewContact } from "../contacts/view.js";
import { type ContactAccess, requireContactManager, requireContactReader } from "../policy.js";
import { insertNri, type NriRow, selectContacts, selectNri, selectNris, updateNriRow } from "../queries.js";
import { conflictWith, invalidInput, notThere } from "../refusals.js";
import type { NriScope } from "../tables.js";

export const NRI_SCOPES = ["national", "regional", "youth"] as const satisfies readonly NriScope[];

/** An NRI's fields as typed. */
export interface NriInput {
  name?: string;
  scope?: string;
  country?: string | null;
  website?: string;
}

function checkNri(input: NriInput) {
  const errors: FieldErrors = {};
  const name = (input.name ?? "").trim().replace(/\s+/g, " ");
  if (!name) errors.name = "contacts.error.name";
  else if (name.length > 300) errors.name = "contacts.error.nameLong";
  const scope = (input.scope ?? "").trim();
  if (!(NRI_SCOPES as readonly string[]).includes(scope)) errors.scope = "contacts.nri.error.scope";
  const country = (input.country ?? "").trim().toUpperCase() || null;
  if (country && !isCountryCode(country)) errors.country = "contacts.error.country";
  if (scope !== "regional" && scope && !country) errors.country = "contacts.nri.error.country";
  const website = (input.website ?? "").trim();
  if (website && !/^https?:\/\/\S+$/.test(website)) errors.website = "contacts.nri.error.website";
  if (Object.keys(errors).length)
    throw invalidInput("Some fields need correcting.", errors, "contacts.error.fields");
  return {
    name,
    scope: scope as NriScope,
    country,
    website: website.slice(0, 500),
  };
}

/** An NRI with how many focal points it has. */
export type NriLine = NriRow & { focal_points: number };

/** The forum's NRIs (optionally of one scope), for every member. */
export async function listNris(
  db: Kysely<Database>,
  args: { actor: Actor; forumId: string; scope?: string },
): Promise<{ access: ContactAccess; nris: NriLine[] }> {
  const access = await requireContactReader(db, args.actor, args.forumId);
  const nris = await selectNris(db, args.forumId);
  const scope = (args.scope ?? "").trim();
  return { access, nris: scope ? nris.filter((n) => n.scope === scope) : nris };
}

/** The forum's NRIs for a choice (no access check: names of initiatives are no secret among readers). */
export async function nriChoices(
  db: Kysely<Database>,
  forumId: string,
): Promise<{ id: string; name: string }[]> {
  return (await selectNris(db, forumId)).map((n) => ({ id: n.id, name: n.name }));
}

async function forumNri(db: Kysely<Database>, forumId: string, id: string): Promise<NriRow> {
  const row = /^[0-9a-f-]{36}$/i.test(id) ? await selectNri(db, id) : undefined;
  if (!row || row.forum_id !== forumId)
    throw notThere("contacts.nri.error.notFound", "There is no such initiative.");
  return row;
}

/** One NRI and its focal points as the actor may see them. */
export async function getNri(db: Kysely<Database>, args: { actor: Actor; forumId: string; nriId: string }) {
  const access = await requireContactReader(db, args.actor, args.forumId);
  const nri = await forumNri(db, args.forumId, args.nriId);
  const focal = await selectContacts(db, { forumId: args.forumId, nri: nri.id });
  return { access, nri, focalPoints: focal.map((c) => viewContact(c, access.seesAddresses)) };
}

/** Whether an NRI id names one of the forum's initiatives (a contact's form checks it). */
export async function checkNriId(db: Kysely<Database>, forumId: string, id: string | null): Promise<void> {
  if (!id) return;
  const row = /^[0-9a-f-]{36}$/i.test(id) ? await selectNri(db, id) : undefined;
  if (!row || row.forum_id !== forumId)
    throw invalidInput("Choose one of the forum's initiatives.", { nri_id: "contacts.nri.error.choose" });
}

/** Adds an NRI to the registry. */
export async function createNri(
  db: Kysely<Database>,
  args: { actor: Actor; forumId: string; input: NriInput },
): Promise<NriRow> {
  await requireContactManager(db, args.actor, args.forumId);
  const values = checkNri(args.input);
  try {
    return await inTransaction(db, async (trx) => {
      const row = await insertNri(trx, { ...values, forum_id: args.forumId });
      await recordAudit(trx, {
        actor: args.actor,
        forumId: args.forumId,
        action: "contact.nri.create",
        subjectType: "contact_nri",
        subjectId: row.id,
        after: values,
      });
      return row;
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw invalidInput("An initiative has this name already.", { name: "contacts.nri.error.duplicate" });
    throw error;
  }
}

/** Changes an NRI. */
export async function updateNri(
  db: Kysely<Database>,
  args: { actor: Actor; forumId: string; nriId: string; input: NriInput },
): Promise<NriRow> {
  await requireContactManager(db, args.actor, args.forumId);
  const before = await forumNri(db, args.forumId, args.nriId);
  const values = checkNri(args.input);
  try {
    return await inTransaction(db, async (trx) => {
      const row = await updateNriRow(trx, before.id, values);
      await recordAudit(trx, {
        actor: args.actor,
        forumId: args.forumId,
        action: "contact.nri.update",
        subjectType: "contact_nri",
        subjectId: row.id,
        before: { name: before.name, scope: before.scope, country: before.country, website: before.website },
        after: values,
      });
      return row;
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw conflictWith("contacts.nri.error.duplicate", "An initiative has this name already.");
    throw error;
  }
}
