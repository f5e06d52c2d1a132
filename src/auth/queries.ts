// The auth folder's SQL: people (users), their forum roles, sessions, sign-in links and API tokens. Only the
// auth folder touches these tables; other folders call the services built on these functions.
import { type Kysely, type Selectable, sql, type Updateable } from "kysely";
import type { Database } from "../db/schema.js";
import type { ForumRole } from "./actor.js";
import type { ApiTokensTable, SignInLinksTable, UsersTable } from "./tables.js";

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

/** People by id, in one query (ids that name nobody are left out). */
export function findUsersByIds(db: Kysely<Database>, ids: readonly string[]): Promise<UserRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("users")
    .selectAll()
    .where("id", "in", [...new Set(ids)])
    .execute();
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

/** Locks a forum's secretariat rows for the transaction, so two removals at once cannot both see "one other remains". */
export async function lockSecretariatRows(trx: Kysely<Database>, forumId: string): Promise<void> {
  await trx
    .selectFrom("forum_roles")
    .select("user_id")
    .where("forum_id", "=", forumId)
    .where("role", "=", "secretariat")
    .forUpdate()
    .execute();
}

// Sessions.

/** Stores a new session by the hash of its cookie value. */
export async function insertSession(
  db: Kysely<Database>,
  row: {
    idHash: string;
    userId: string;
    now: Date;
    expiresAt: Date;
    userAgent: string;
    ip: string | null;
  },
): Promise<void> {
  await db
    .insertInto("sessions")
    .values({
      id_hash: row.idHash,
      user_id: row.userId,
      created_at: row.now,
      last_seen_at: row.now,
      expires_at: row.expiresAt,
      user_agent: row.userAgent,
      ip: row.ip,
    })
    .execute();
}

/** A session by the hash of its cookie value, with its person. */
export function selectSessionWithUser(db: Kysely<Database>, idHash: string) {
  return db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select([
      "sessions.id_hash",
      "sessions.last_seen_at",
      "sessions.expires_at",
      "users.id as user_id",
      "users.name",
      "users.email",
      "users.is_site_admin",
      "users.preferred_language",
      "users.time_zone",
    ])
    .where("sessions.id_hash", "=", idHash)
    .executeTakeFirst();
}

/** Notes a session's latest use. */
export async function touchSession(db: Kysely<Database>, idHash: string, now: Date): Promise<void> {
  await db.updateTable("sessions").set({ last_seen_at: now }).where("id_hash", "=", idHash).execute();
}

/** Deletes one session by the hash of its cookie value. */
export async function deleteSession(db: Kysely<Database>, idHash: string): Promise<void> {
  await db.deleteFrom("sessions").where("id_hash", "=", idHash).execute();
}

/** Deletes every session of a person; returns how many there were. */
export async function deleteUserSessions(db: Kysely<Database>, userId: string): Promise<number> {
  const result = await db.deleteFrom("sessions").where("user_id", "=", userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** A person's sessions, most recently used first. */
export function selectUserSessions(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom("sessions")
    .select(["created_at", "last_seen_at", "user_agent", "ip"])
    .where("user_id", "=", userId)
    .orderBy("last_seen_at", "desc")
    .execute();
}

// Sign-in links.

/**
 * Takes the transaction's locks on the address and the network (in that order, so two requests never wait
 * on each other crosswise), then counts their recent links: concurrent requests are counted one after the
 * other, so a flood cannot slip past the limits between the count and the insert.
 */
export async function lockAndCountRecentLinks(
  trx: Kysely<Database>,
  args: { email: string; ip: string | undefined; addressSince: Date; ipSince: Date },
): Promise<{ byAddress: number; byIp: number }> {
  await sql`select pg_advisory_xact_lock(hashtext(${`sign-in address ${args.email}`}))`.execute(trx);
  if (args.ip) await sql`select pg_advisory_xact_lock(hashtext(${`sign-in ip ${args.ip}`}))`.execute(trx);
  const byAddress = await trx
    .selectFrom("sign_in_links")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("email", "=", args.email)
    .where("created_at", ">", args.addressSince)
    .executeTakeFirstOrThrow();
  const byIp = args.ip
    ? await trx
        .selectFrom("sign_in_links")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("request_ip", "=", args.ip)
        .where("created_at", ">", args.ipSince)
        .executeTakeFirstOrThrow()
    : { n: 0 };
  return { byAddress: Number(byAddress.n), byIp: Number(byIp.n) };
}

/** Stores a sign-in link (only the hashes of its token and code). */
export async function insertSignInLink(
  db: Kysely<Database>,
  values: {
    email: string;
    purpose: "sign_in" | "register";
    token_hash: string;
    code_hash: string;
    next_path: string;
    request_ip?: string | null;
    created_at: Date;
    expires_at: Date;
  },
): Promise<void> {
  await db.insertInto("sign_in_links").values(values).execute();
}

/** A sign-in link by its token's hash; `forUpdate` locks it for the caller's transaction. */
export function selectSignInLink(
  db: Kysely<Database>,
  tokenHash: string,
  options: { forUpdate?: boolean } = {},
): Promise<Selectable<SignInLinksTable> | undefined> {
  const query = db.selectFrom("sign_in_links").selectAll().where("token_hash", "=", tokenHash);
  return (options.forUpdate ? query.forUpdate() : query).executeTakeFirst();
}

/** Marks a link used. */
export async function markSignInLinkUsed(db: Kysely<Database>, id: string, now: Date): Promise<void> {
  await db.updateTable("sign_in_links").set({ used_at: now }).where("id", "=", id).execute();
}

/** The id of an address's newest unused, unexpired link. */
export function selectLatestLiveLink(db: Kysely<Database>, email: string, now: Date) {
  return db
    .selectFrom("sign_in_links")
    .select("id")
    .where("email", "=", email)
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .orderBy("created_at", "desc")
    .limit(1)
    .executeTakeFirst();
}

/**
 * Spends one code attempt on a link, in one atomic statement, unless its attempts are used up; returns the
 * link's hashes and purpose when an attempt was spent.
 */
export function spendCodeAttempt(db: Kysely<Database>, id: string, maxAttempts: number) {
  return db
    .updateTable("sign_in_links")
    .set({ code_attempts: sql`code_attempts + 1` })
    .where("id", "=", id)
    .where("code_attempts", "<", maxAttempts)
    .returning(["token_hash", "code_hash", "purpose"])
    .executeTakeFirst();
}

/** Gives an unused link a new token hash. */
export async function replaceLinkTokenHash(
  db: Kysely<Database>,
  oldHash: string,
  newHash: string,
): Promise<void> {
  await db
    .updateTable("sign_in_links")
    .set({ token_hash: newHash })
    .where("token_hash", "=", oldHash)
    .where("used_at", "is", null)
    .execute();
}

// API tokens.

/** Stores a token by its hash; returns its id. */
export async function insertApiToken(
  db: Kysely<Database>,
  values: { name: string; role: string; forum_id: string | null; token_hash: string },
): Promise<string> {
  const row = await db.insertInto("api_tokens").values(values).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

/** A live (unrevoked) token by its hash. */
export function selectLiveApiToken(
  db: Kysely<Database>,
  tokenHash: string,
): Promise<Pick<Selectable<ApiTokensTable>, "id" | "name" | "role" | "forum_id"> | undefined> {
  return db
    .selectFrom("api_tokens")
    .select(["id", "name", "role", "forum_id"])
    .where("token_hash", "=", tokenHash)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
}
