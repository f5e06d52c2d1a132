// SQL for people (users) and their forum roles. Only the auth folder touches these tables.
import type { Kysely, Selectable, Updateable } from "kysely";
import type { Database } from "../db/schema.js";
import type { ForumRole } from "./actor.js";
import type { UsersTable } from "./tables.js";

export type UserRow = Selectable<UsersTable>;

/** Normalises an e-mail address for storage and lookup. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** A person by e-mail address. */
export function findUserByEmail(db: Kysely<Database>, email: string): Promise<UserRow | undefined> {
  return db.selectFrom("users").selectAll().where("email", "=", normaliseEmail(email)).executeTakeFirst();
}

/** A person by id. */
export function findUserById(db: Kysely<Database>, id: string): Promise<UserRow | undefined> {
  return db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Creates a person; the address must not be taken. */
export function insertUser(
  db: Kysely<Database>,
  input: {
    email: string;
    name: string;
    organisation?: string;
    isSiteAdmin?: boolean;
    preferredLanguage?: string;
    emailVerifiedAt?: Date | null;
  },
): Promise<UserRow> {
  return db
    .insertInto("users")
    .values({
      email: normaliseEmail(input.email),
      name: input.name,
      organisation: input.organisation ?? "",
      is_site_admin: input.isSiteAdmin ?? false,
      preferred_language: input.preferredLanguage ?? "en",
      email_verified_at: input.emailVerifiedAt ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Updates a person's own fields. */
export function updateUser(
  db: Kysely<Database>,
  id: string,
  changes: Updateable<UsersTable>,
): Promise<UserRow> {
  return db
    .updateTable("users")
    .set({ ...changes, updated_at: new Date() })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Roles a person holds in a forum. */
export async function selectForumRoles(
  db: Kysely<Database>,
  userId: string,
  forumId: string,
): Promise<ForumRole[]> {
  const rows = await db
    .selectFrom("forum_roles")
    .select("role")
    .where("user_id", "=", userId)
    .where("forum_id", "=", forumId)
    .execute();
  return rows.map((r) => r.role as ForumRole);
}

/** Everyone holding a role in a forum, with their roles. */
export async function selectForumPeople(db: Kysely<Database>, forumId: string) {
  const rows = await db
    .selectFrom("forum_roles")
    .innerJoin("users", "users.id", "forum_roles.user_id")
    .select([
      "users.id",
      "users.name",
      "users.email",
      "users.organisation",
      "users.country",
      "users.stakeholder_group",
      "forum_roles.role",
      "forum_roles.granted_at",
    ])
    .where("forum_roles.forum_id", "=", forumId)
    .orderBy("users.name")
    .execute();
  const people = new Map<
    string,
    {
      id: string;
      name: string;
      email: string;
      organisation: string;
      country: string | null;
      stakeholder_group: string | null;
      roles: ForumRole[];
    }
  >();
  for (const row of rows) {
    const person = people.get(row.id) ?? {
      id: row.id,
      name: row.name,
      email: row.email,
      organisation: row.organisation,
      country: row.country,
      stakeholder_group: row.stakeholder_group,
      roles: [],
    };
    person.roles.push(row.role as ForumRole);
    people.set(row.id, person);
  }
  return [...people.values()];
}

/** Gives a person a role in a forum (no-op when they hold it). */
export async function insertForumRole(
  db: Kysely<Database>,
  input: { forumId: string; userId: string; role: ForumRole; grantedBy: string | null },
): Promise<boolean> {
  const result = await db
    .insertInto("forum_roles")
    .values({ forum_id: input.forumId, user_id: input.userId, role: input.role, granted_by: input.grantedBy })
    .onConflict((oc) => oc.columns(["forum_id", "user_id", "role"]).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/** Takes a role away. */
export async function deleteForumRole(
  db: Kysely<Database>,
  input: { forumId: string; userId: string; role: ForumRole },
): Promise<boolean> {
  const result = await db
    .deleteFrom("forum_roles")
    .where("forum_id", "=", input.forumId)
    .where("user_id", "=", input.userId)
    .where("role", "=", input.role)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** How many people hold a role in a forum. */
export async function countRoleHolders(
  db: Kysely<Database>,
  forumId: string,
  role: ForumRole,
): Promise<number> {
  const row = await db
    .selectFrom("forum_roles")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("forum_id", "=", forumId)
    .where("role", "=", role)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
