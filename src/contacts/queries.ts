// SQL on the contacts folder's tables: contacts, their gaps, and the forum's contact settings.
import { type Kysely, type Selectable, sql } from "kysely";
import type { Database } from "../db/schema.js";
import type { ContactGapsTable, ContactsTable } from "./tables.js";

export type ContactRow = Selectable<ContactsTable>;
export type GapRow = Selectable<ContactGapsTable>;

/** What a list of contacts may be narrowed to; `countries` comes from a region or development status. */
export interface ContactQuery {
  forumId: string;
  group?: string;
  countries?: readonly string[];
  tag?: string;
  missingAddress?: boolean;
}

/** A forum's contacts matching the filters, by name. */
export function selectContacts(db: Kysely<Database>, q: ContactQuery): Promise<ContactRow[]> {
  let query = db.selectFrom("contacts").selectAll().where("forum_id", "=", q.forumId);
  if (q.group) query = query.where("stakeholder_group", "=", q.group);
  if (q.countries) {
    if (q.countries.length === 0) return Promise.resolve([]);
    query = query.where("country", "in", [...q.countries]);
  }
  if (q.tag) query = query.where(sql<boolean>`${q.tag} = ANY(tags)`);
  if (q.missingAddress) query = query.where("email", "is", null);
  return query.orderBy("name").orderBy("id").execute();
}

/** One contact by id. */
export function selectContact(db: Kysely<Database>, id: string): Promise<ContactRow | undefined> {
  return db.selectFrom("contacts").selectAll().where("id", "=", id).executeTakeFirst();
}

/** The forum's contacts whose address is one of these (compared without case), for duplicate detection. */
export function selectContactsByEmails(
  db: Kysely<Database>,
  forumId: string,
  emails: readonly string[],
): Promise<{ id: string; email: string | null; name: string }[]> {
  if (emails.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("contacts")
    .select(["id", "email", "name"])
    .where("forum_id", "=", forumId)
    .where(
      sql<string>`lower(email)`,
      "in",
      emails.map((e) => e.toLowerCase()),
    )
    .execute();
}

/** The forum's organisations, for the "belongs to" choice. */
export function selectOrganisations(db: Kysely<Database>, forumId: string) {
  return db
    .selectFrom("contacts")
    .select(["id", "name"])
    .where("forum_id", "=", forumId)
    .where("kind", "=", "organisation")
    .orderBy("name")
    .execute();
}

/** Every tag used in the forum's contacts, sorted. */
export async function selectTags(db: Kysely<Database>, forumId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("contacts")
    .select(sql<string>`unnest(tags)`.as("tag"))
    .where("forum_id", "=", forumId)
    .execute();
  return [...new Set(rows.map((r) => r.tag))].sort();
}

type ContactValues = Omit<ContactRow, "id" | "created_at" | "updated_at">;

/** Adds a contact. */
export function insertContact(db: Kysely<Database>, values: ContactValues): Promise<ContactRow> {
  return db.insertInto("contacts").values(values).returningAll().executeTakeFirstOrThrow();
}

/** Adds many contacts at once (an import). */
export async function insertContacts(db: Kysely<Database>, values: ContactValues[]): Promise<number> {
  for (let i = 0; i < values.length; i += 500)
    await db
      .insertInto("contacts")
      .values(values.slice(i, i + 500))
      .execute();
  return values.length;
}

/** Changes a contact. */
export function updateContactRow(
  db: Kysely<Database>,
  id: string,
  changes: Partial<ContactValues>,
): Promise<ContactRow> {
  return db
    .updateTable("contacts")
    .set({ ...changes, updated_at: new Date() })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Whether the forum lets members manage contacts. */
export async function selectMembersManage(db: Kysely<Database>, forumId: string): Promise<boolean> {
  const row = await db
    .selectFrom("contact_settings")
    .select("members_manage")
    .where("forum_id", "=", forumId)
    .executeTakeFirst();
  return row?.members_manage ?? false;
}

/** Records whether the forum lets members manage contacts. */
export async function upsertMembersManage(db: Kysely<Database>, forumId: string, value: boolean) {
  await db
    .insertInto("contact_settings")
    .values({ forum_id: forumId, members_manage: value })
    .onConflict((oc) => oc.column("forum_id").doUpdateSet({ members_manage: value, updated_at: new Date() }))
    .execute();
}

/** The forum's open gaps with their contact's name and group. */
export function selectOpenGaps(db: Kysely<Database>, forumId: string) {
  return db
    .selectFrom("contact_gaps")
    .innerJoin("contacts", "contacts.id", "contact_gaps.contact_id")
    .select([
      "contact_gaps.id",
      "contact_gaps.contact_id",
      "contact_gaps.assignee_id",
      "contact_gaps.assignee_label",
      "contact_gaps.due_date",
      "contacts.name",
      "contacts.stakeholder_group",
    ])
    .where("contact_gaps.forum_id", "=", forumId)
    .where("contact_gaps.closed_at", "is", null)
    .orderBy("contacts.name")
    .execute();
}

/** A contact's open gap, if someone is on it. */
export function selectOpenGap(db: Kysely<Database>, contactId: string): Promise<GapRow | undefined> {
  return db
    .selectFrom("contact_gaps")
    .selectAll()
    .where("contact_id", "=", contactId)
    .where("closed_at", "is", null)
    .executeTakeFirst();
}

/** Opens a gap: someone looks for the contact's address. */
export function insertGap(
  db: Kysely<Database>,
  values: {
    forum_id: string;
    contact_id: string;
    assignee_id: string;
    assignee_label: string;
    due_date: string | null;
  },
): Promise<GapRow> {
  return db.insertInto("contact_gaps").values(values).returningAll().executeTakeFirstOrThrow();
}

/** Closes a contact's open gap (its address was filled); returns it, if there was one. */
export function closeGap(db: Kysely<Database>, contactId: string, at: Date): Promise<GapRow | undefined> {
  return db
    .updateTable("contact_gaps")
    .set({ closed_at: at })
    .where("contact_id", "=", contactId)
    .where("closed_at", "is", null)
    .returningAll()
    .executeTakeFirst();
}
