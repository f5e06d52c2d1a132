// SQL on the contacts folder's tables: contacts, their gaps, and the forum's contact settings.
import { type Kysely, type Selectable, sql } from "kysely";
import type { Database } from "../db/schema.js";
import type {
  ContactEventKind,
  ContactEventsTable,
  ContactGapsTable,
  ContactNrisTable,
  ContactsTable,
} from "./tables.js";

export type ContactRow = Selectable<ContactsTable>;
export type NriRow = Selectable<ContactNrisTable>;
export type EventRow = Selectable<ContactEventsTable>;
export type GapRow = Selectable<ContactGapsTable>;

/** What a list of contacts may be narrowed to; `countries` comes from a region or development status. */
export interface ContactQuery {
  forumId: string;
  group?: string;
  countries?: readonly string[];
  tag?: string;
  missingAddress?: boolean;
  /** "any": focal points of any NRI; an id: of that NRI. */
  nri?: string;
  /** Only contacts with an address who have not opted out (whom outreach may write to). */
  reachable?: boolean;
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
  if (q.nri === "any") query = query.where("nri_id", "is not", null);
  else if (q.nri) query = query.where("nri_id", "=", q.nri);
  if (q.reachable) query = query.where("email", "is not", null).where("opted_out", "=", false);
  return query.orderBy("name").orderBy("id").execute();
}

/** The lower-cased addresses of the forum's contacts who have opted out (no call, reminder or announcement). */
export async function selectOptedOutEmails(db: Kysely<Database>, forumId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom("contacts")
    .select(["email", "other_emails"])
    .where("forum_id", "=", forumId)
    .where("opted_out", "=", true)
    .execute();
  return new Set(
    rows.flatMap((r) => [...(r.email ? [r.email] : []), ...r.other_emails].map((e) => e.toLowerCase())),
  );
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

type ContactValues = Omit<ContactRow, "id" | "created_at" | "updated_at" | "other_emails"> & {
  other_emails?: string[];
};

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

/** The forum's NRIs with how many focal points each has, by name. */
export function selectNris(db: Kysely<Database>, forumId: string) {
  return db
    .selectFrom("contact_nris")
    .selectAll("contact_nris")
    .select((eb) =>
      eb
        .selectFrom("contacts")
        .select(eb.fn.countAll<string>().as("n"))
        .whereRef("contacts.nri_id", "=", "contact_nris.id")
        .as("focal_points"),
    )
    .where("contact_nris.forum_id", "=", forumId)
    .orderBy("contact_nris.name")
    .execute()
    .then((rows) => rows.map((r) => ({ ...r, focal_points: Number(r.focal_points ?? 0) })));
}

/** One NRI by id. */
export function selectNri(db: Kysely<Database>, id: string): Promise<NriRow | undefined> {
  return db.selectFrom("contact_nris").selectAll().where("id", "=", id).executeTakeFirst();
}

type NriValues = {
  forum_id: string;
  name: string;
  scope: NriRow["scope"];
  country: string | null;
  website: string;
};

/** Adds an NRI. */
export function insertNri(db: Kysely<Database>, values: NriValues): Promise<NriRow> {
  return db.insertInto("contact_nris").values(values).returningAll().executeTakeFirstOrThrow();
}

/** Changes an NRI. */
export function updateNriRow(db: Kysely<Database>, id: string, values: Omit<NriValues, "forum_id">) {
  return db
    .updateTable("contact_nris")
    .set({ ...values, updated_at: new Date() })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Records what outreach did with a contact. */
export async function insertEvents(
  db: Kysely<Database>,
  values: {
    forum_id: string;
    contact_id: string;
    kind: ContactEventKind;
    detail?: string;
    mail_id?: string | null;
    at?: Date;
  }[],
): Promise<void> {
  for (let i = 0; i < values.length; i += 500)
    await db
      .insertInto("contact_events")
      .values(values.slice(i, i + 500))
      .execute();
}

/** A contact's history, oldest first. */
export function selectEvents(db: Kysely<Database>, contactId: string): Promise<EventRow[]> {
  return db
    .selectFrom("contact_events")
    .selectAll()
    .where("contact_id", "=", contactId)
    .orderBy("at")
    .orderBy("id")
    .execute();
}

/** Moves one contact's history, gaps, people and focal-point role onto another (a merge). */
export async function moveContactLinks(db: Kysely<Database>, fromId: string, toId: string): Promise<void> {
  await db.updateTable("contact_events").set({ contact_id: toId }).where("contact_id", "=", fromId).execute();
  await db
    .updateTable("contacts")
    .set({ organisation_id: toId })
    .where("organisation_id", "=", fromId)
    .execute();
  // A gap of the merged contact is closed rather than moved: the kept one may have its own open gap.
  await db
    .updateTable("contact_gaps")
    .set({ closed_at: new Date() })
    .where("contact_id", "=", fromId)
    .where("closed_at", "is", null)
    .execute();
  await db.updateTable("contact_gaps").set({ contact_id: toId }).where("contact_id", "=", fromId).execute();
}

/** Deletes a contact (merged into another, or erased on request). */
export async function deleteContactRow(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom("contacts").where("id", "=", id).execute();
}

/** Every contact with this address (without case; also a merged contact's other address), in any forum or one. */
export function selectContactsByEmail(
  db: Kysely<Database>,
  email: string,
  forumId?: string,
): Promise<ContactRow[]> {
  const lower = email.trim().toLowerCase();
  let query = db
    .selectFrom("contacts")
    .selectAll()
    .where((eb) =>
      eb.or([
        eb(sql<string>`lower(email)`, "=", lower),
        sql<boolean>`${lower} = ANY(SELECT lower(unnest(other_emails)))`,
      ]),
    );
  if (forumId) query = query.where("forum_id", "=", forumId);
  return query.orderBy("created_at").execute();
}
