// SQL for a forum's people: cycle rosters, invitations, requests to join and list subscriptions. Only the
// forums folder touches these tables; people's names and addresses come from auth's functions.
import type { Insertable, Kysely, Selectable } from "kysely";
import type { Database } from "../../db/schema.js";
import type { ForumInvitationsTable, JoinRequestsTable } from "../tables.js";

export type InvitationRow = Selectable<ForumInvitationsTable>;
export type JoinRequestRow = Selectable<JoinRequestsTable>;

/** Puts a person on a cycle's roster (no-op when they are on it). */
export async function insertParticipant(db: Kysely<Database>, cycleId: string, userId: string) {
  await db
    .insertInto("cycle_participants")
    .values({ cycle_id: cycleId, user_id: userId })
    .onConflict((oc) => oc.columns(["cycle_id", "user_id"]).doNothing())
    .execute();
}

/** Copies one cycle's roster onto another (a new cycle continuing an earlier one). */
export async function copyCycleParticipants(db: Kysely<Database>, args: { from: string; to: string }) {
  await db
    .insertInto("cycle_participants")
    .columns(["cycle_id", "user_id"])
    .expression((eb) =>
      eb
        .selectFrom("cycle_participants")
        .select([eb.val(args.to).as("cycle_id"), "user_id"])
        .where("cycle_id", "=", args.from),
    )
    .execute();
}

/** The ids of the people on a cycle's roster. */
export async function selectParticipantIds(db: Kysely<Database>, cycleId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("cycle_participants")
    .select("user_id")
    .where("cycle_id", "=", cycleId)
    .execute();
  return rows.map((r) => r.user_id);
}

/** Whether a person is on a cycle's roster. */
export async function isParticipant(db: Kysely<Database>, cycleId: string, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom("cycle_participants")
    .select("user_id")
    .where("cycle_id", "=", cycleId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return row !== undefined;
}

/** How many people are on a cycle's roster. */
export async function countParticipants(db: Kysely<Database>, cycleId: string): Promise<number> {
  const row = await db
    .selectFrom("cycle_participants")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("cycle_id", "=", cycleId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Inserts an invitation. */
export function insertInvitation(
  db: Kysely<Database>,
  values: Insertable<ForumInvitationsTable>,
): Promise<{ id: string }> {
  return db.insertInto("forum_invitations").values(values).returning("id").executeTakeFirstOrThrow();
}

/** The invitation whose token has this hash. */
export function selectInvitationByTokenHash(
  db: Kysely<Database>,
  tokenHash: string,
): Promise<InvitationRow | undefined> {
  return db
    .selectFrom("forum_invitations")
    .selectAll()
    .where("token_hash", "=", tokenHash)
    .executeTakeFirst();
}

/** Marks an invitation accepted unless it already was; returns whether this call accepted it. */
export async function markInvitationAccepted(db: Kysely<Database>, id: string, at: Date): Promise<boolean> {
  const taken = await db
    .updateTable("forum_invitations")
    .set({ accepted_at: at })
    .where("id", "=", id)
    .where("accepted_at", "is", null)
    .executeTakeFirst();
  return Number(taken.numUpdatedRows) > 0;
}

/** The person's request to join the forum that still waits, if any. */
export function selectPendingJoinRequestOf(
  db: Kysely<Database>,
  forumId: string,
  userId: string,
): Promise<{ id: string } | undefined> {
  return db
    .selectFrom("join_requests")
    .select("id")
    .where("forum_id", "=", forumId)
    .where("user_id", "=", userId)
    .where("status", "=", "pending")
    .executeTakeFirst();
}

/** Inserts a request to join. */
export function insertJoinRequest(
  db: Kysely<Database>,
  values: Insertable<JoinRequestsTable>,
): Promise<{ id: string }> {
  return db.insertInto("join_requests").values(values).returning("id").executeTakeFirstOrThrow();
}

/** A forum's requests to join that still wait, oldest first. */
export function selectPendingJoinRequests(db: Kysely<Database>, forumId: string): Promise<JoinRequestRow[]> {
  return db
    .selectFrom("join_requests")
    .selectAll()
    .where("forum_id", "=", forumId)
    .where("status", "=", "pending")
    .orderBy("created_at")
    .execute();
}

/** A waiting request to join, locked until the transaction decides it. */
export function lockPendingJoinRequest(
  db: Kysely<Database>,
  forumId: string,
  requestId: string,
): Promise<JoinRequestRow | undefined> {
  return db
    .selectFrom("join_requests")
    .selectAll()
    .where("id", "=", requestId)
    .where("forum_id", "=", forumId)
    .where("status", "=", "pending")
    .forUpdate()
    .executeTakeFirst();
}

/** Records the secretariat's decision on a request to join. */
export async function decideJoinRequestRow(
  db: Kysely<Database>,
  requestId: string,
  decision: { status: "approved" | "declined"; decided_by: string | null; decided_at: Date },
) {
  await db.updateTable("join_requests").set(decision).where("id", "=", requestId).execute();
}

/**
 * Writes an address's subscription to a forum's list. On an existing row `subscribed` changes (and the
 * person's id when `linkUser`); `enrol` instead subscribes a new address and only links an existing one.
 */
export async function upsertSubscription(
  db: Kysely<Database>,
  args: {
    forumId: string;
    email: string;
    userId?: string;
    subscribed: boolean;
    mode: "set" | "link" | "enrol";
  },
) {
  const { forumId, email, userId, subscribed, mode } = args;
  await db
    .insertInto("list_subscriptions")
    .values({ forum_id: forumId, email, ...(userId === undefined ? {} : { user_id: userId }), subscribed })
    .onConflict((oc) =>
      oc
        .columns(["forum_id", "email"])
        .doUpdateSet(
          mode === "enrol"
            ? { user_id: userId }
            : mode === "link"
              ? { subscribed, user_id: userId, updated_at: new Date() }
              : { subscribed, updated_at: new Date() },
        ),
    )
    .execute();
}

/** Whether an address is subscribed to the forum's list (undefined when it has never been on it). */
export async function selectSubscribed(
  db: Kysely<Database>,
  forumId: string,
  email: string,
): Promise<boolean | undefined> {
  const row = await db
    .selectFrom("list_subscriptions")
    .select("subscribed")
    .where("forum_id", "=", forumId)
    .where("email", "=", email)
    .executeTakeFirst();
  return row?.subscribed;
}

/** A forum's list: every address ever on it, with whether it receives mail, by address. */
export function selectSubscriptions(
  db: Kysely<Database>,
  forumId: string,
  args: { onlySubscribed: boolean },
): Promise<{ email: string; user_id: string | null; subscribed: boolean }[]> {
  return db
    .selectFrom("list_subscriptions")
    .select(["email", "user_id", "subscribed"])
    .where("forum_id", "=", forumId)
    .$if(args.onlySubscribed, (q) => q.where("subscribed", "=", true))
    .orderBy("email")
    .execute();
}
