// A forum's people: the roster of each cycle, invitations by e-mail, requests to join approved by the
// secretariat, and each member's mailing-list subscription.
import { createHash, randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import { recordAudit } from "../../audit/record.js";
import { type Actor, FORUM_ROLES, type ForumRole, isForumRole } from "../../auth/actor.js";
import { requireSignedIn } from "../../auth/policy.js";
import { isPlausibleEmail } from "../../auth/sign-in.js";
import {
  findUserByEmail,
  findUserById,
  insertForumRole,
  insertUser,
  normaliseEmail,
} from "../../auth/users.js";
import type { Database } from "../../db/schema.js";
import { composeMail } from "../../mail/compose.js";
import { queueMail } from "../../mail/outbox.js";
import { conflict, forbidden, invalid, notFound } from "../../server/errors.js";
import { isLocale } from "../../ui/i18n/locales.js";
import { translator } from "../../ui/i18n/translate.js";
import { isForumMember, requireForumManager } from "../policy.js";
import type { CycleRow, ForumRow } from "../queries.js";

const INVITATION_TTL_MS = 30 * 24 * 3600_000;
const sha256 = (v: string) => createHash("sha256").update(v).digest("hex");

/** Puts a person on a cycle's roster and subscribes them to the list, in the caller's transaction. */
async function enrol(
  trx: Kysely<Database>,
  forumId: string,
  cycleId: string | undefined,
  userId: string,
  email: string,
) {
  if (cycleId) {
    await trx
      .insertInto("cycle_participants")
      .values({ cycle_id: cycleId, user_id: userId })
      .onConflict((oc) => oc.columns(["cycle_id", "user_id"]).doNothing())
      .execute();
  }
  await trx
    .insertInto("list_subscriptions")
    .values({ forum_id: forumId, email, user_id: userId, subscribed: true })
    .onConflict((oc) => oc.columns(["forum_id", "email"]).doUpdateSet({ user_id: userId }))
    .execute();
}

async function currentCycle(db: Kysely<Database>, forumId: string) {
  return db
    .selectFrom("cycles")
    .selectAll()
    .where("forum_id", "=", forumId)
    .orderBy("year", "desc")
    .executeTakeFirst();
}

/** The roster of a cycle with each person's roles; for the forum's members. */
export async function cycleRoster(
  db: Kysely<Database>,
  args: { actor: Actor; forum: ForumRow; cycle: CycleRow },
) {
  const { actor, forum, cycle } = args;
  requireSignedIn(actor);
  if (!(await isForumMember(db, actor, forum.id)))
    throw forbidden("The roster is visible to the forum's members.");
  const rows = await db
    .selectFrom("cycle_participants")
    .innerJoin("users", "users.id", "cycle_participants.user_id")
    .leftJoin("forum_roles", (j) =>
      j.onRef("forum_roles.user_id", "=", "users.id").on("forum_roles.forum_id", "=", forum.id),
    )
    .leftJoin("list_subscriptions", (j) =>
      j
        .onRef("list_subscriptions.email", "=", "users.email")
        .on("list_subscriptions.forum_id", "=", forum.id),
    )
    .select([
      "users.id",
      "users.name",
      "users.honorific",
      "users.email",
      "users.organisation",
      "users.country",
      "users.stakeholder_group",
      "forum_roles.role",
      "list_subscriptions.subscribed",
    ])
    .where("cycle_participants.cycle_id", "=", cycle.id)
    .orderBy("users.name")
    .execute();
  const people = new Map<
    string,
    {
      id: string;
      name: string;
      honorific: string;
      email: string;
      organisation: string;
      country: string | null;
      stakeholder_group: string | null;
      roles: ForumRole[];
      subscribed: boolean;
    }
  >();
  for (const r of rows) {
    const p = people.get(r.id) ?? {
      id: r.id,
      name: r.name,
      honorific: r.honorific,
      email: r.email,
      organisation: r.organisation,
      country: r.country,
      stakeholder_group: r.stakeholder_group,
      roles: [],
      subscribed: r.subscribed ?? false,
    };
    if (r.role && isForumRole(r.role) && !p.roles.includes(r.role)) p.roles.push(r.role);
    people.set(r.id, p);
  }
  // Rows arrive in whatever order the join gives; roles read the same everywhere in the order of FORUM_ROLES.
  for (const p of people.values()) p.roles.sort((a, b) => FORUM_ROLES.indexOf(a) - FORUM_ROLES.indexOf(b));
  return [...people.values()];
}

/** How many people are on a cycle's roster (public). */
export async function rosterCount(db: Kysely<Database>, cycleId: string): Promise<number> {
  const row = await db
    .selectFrom("cycle_participants")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("cycle_id", "=", cycleId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Invites someone by e-mail to a role; the mail carries a link that works for 30 days. */
export async function inviteMember(
  db: Kysely<Database>,
  args: {
    actor: Actor;
    forum: ForumRow;
    input: { email: string; name?: string; role?: string };
    now: Date;
    publicUrl: string;
    locale: string;
  },
): Promise<{ id: string }> {
  const { actor, forum, input } = args;
  await requireForumManager(db, actor, forum.id);
  const fields: Record<string, string> = {};
  if (!isPlausibleEmail(input.email)) fields.email = "auth.email.invalid";
  const role = input.role || "member";
  if (!isForumRole(role)) fields.role = "auth.roles.unknownRole";
  if (Object.keys(fields).length) throw invalid("Check the e-mail address and the role.", fields);
  const email = normaliseEmail(input.email);
  const token = randomBytes(32).toString("base64url");
  const existing = await findUserByEmail(db, email);
  const locale =
    existing && isLocale(existing.preferred_language)
      ? existing.preferred_language
      : isLocale(args.locale)
        ? args.locale
        : "en";
  const t = translator(locale);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto("forum_invitations")
      .values({
        forum_id: forum.id,
        email,
        name: (input.name ?? "").trim().slice(0, 200),
        role,
        token_hash: sha256(token),
        invited_by: actor.kind === "user" ? actor.userId : null,
        created_at: args.now,
        expires_at: new Date(args.now.getTime() + INVITATION_TTL_MS),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const mail = composeMail({
      locale,
      subject: t("forums.invite.mailSubject", { forum: forum.name }),
      greeting: input.name ? t("mail.greeting", { name: input.name }) : undefined,
      paragraphs: [t("forums.invite.mailBody", { forum: forum.name, role: t(`auth.role.${role}`) })],
      action: {
        label: t("forums.invite.mailAction"),
        url: `${args.publicUrl}/f/${forum.slug}/invitations/${token}`,
      },
    });
    await queueMail(trx, { to: email, toName: input.name, kind: "invitation", forumId: forum.id, ...mail });
    await recordAudit(trx, {
      actor,
      forumId: forum.id,
      action: "member.invite",
      subjectType: "invitation",
      subjectId: row.id,
      after: { email, role },
    });
    return row;
  });
}

/** What an invitation link is, for its page. */
export async function inspectInvitation(db: Kysely<Database>, token: string, now: Date) {
  const row = await db
    .selectFrom("forum_invitations")
    .selectAll()
    .where("token_hash", "=", sha256(token))
    .executeTakeFirst();
  if (!row) return { state: "unknown" as const };
  if (row.accepted_at) return { state: "used" as const };
  if (row.expires_at.getTime() <= now.getTime()) return { state: "expired" as const };
  return { state: "valid" as const, invitation: row };
}

/** Accepts an invitation as the signed-in person (whose address need not match: people forward invitations to colleagues… but we require a match to keep roles where they were meant). */
export async function acceptInvitation(
  db: Kysely<Database>,
  args: { actor: Actor; forum: ForumRow; token: string; now: Date },
) {
  const { actor, forum, token, now } = args;
  requireSignedIn(actor);
  if (actor.kind !== "user") throw forbidden("Sign in as a person to accept an invitation.");
  const found = await inspectInvitation(db, token, now);
  if (found.state !== "valid" || found.invitation.forum_id !== forum.id)
    throw notFound("This invitation is not valid any more. Ask the secretariat for a new one.");
  const inv = found.invitation;
  if (normaliseEmail(actor.email) !== inv.email)
    throw forbidden(`This invitation was sent to ${inv.email}. Sign in with that address to accept it.`);
  return db.transaction().execute(async (trx) => {
    const taken = await trx
      .updateTable("forum_invitations")
      .set({ accepted_at: now })
      .where("id", "=", inv.id)
      .where("accepted_at", "is", null)
      .executeTakeFirst();
    if (Number(taken.numUpdatedRows) === 0) throw conflict("This invitation has already been accepted.");
    await insertForumRole(trx, {
      forumId: forum.id,
      userId: actor.userId,
      role: inv.role as ForumRole,
      grantedBy: inv.invited_by,
    });
    const cycle = await currentCycle(trx, forum.id);
    await enrol(trx, forum.id, cycle?.id, actor.userId, actor.email);
    await recordAudit(trx, {
      actor,
      forumId: forum.id,
      action: "member.accept_invitation",
      subjectType: "invitation",
      subjectId: inv.id,
      after: { role: inv.role },
    });
  });
}

/** A signed-in person asks to join the forum as a member. */
export async function requestToJoin(
  db: Kysely<Database>,
  args: { actor: Actor; forum: ForumRow; message: string },
) {
  const { actor, forum } = args;
  requireSignedIn(actor);
  if (actor.kind !== "user") throw forbidden("Sign in as a person to ask to join.");
  if (await isForumMember(db, actor, forum.id)) throw conflict("You are already a member of this forum.");
  const pending = await db
    .selectFrom("join_requests")
    .select("id")
    .where("forum_id", "=", forum.id)
    .where("user_id", "=", actor.userId)
    .where("status", "=", "pending")
    .executeTakeFirst();
  if (pending) throw conflict("Your request is already waiting for the secretariat.");
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto("join_requests")
      .values({ forum_id: forum.id, user_id: actor.userId, message: args.message.trim().slice(0, 2000) })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actor,
      forumId: forum.id,
      action: "member.request_join",
      subjectType: "join_request",
      subjectId: row.id,
    });
    return row;
  });
}

/** Pending requests to join, for the secretariat. */
export async function pendingJoinRequests(db: Kysely<Database>, args: { actor: Actor; forum: ForumRow }) {
  await requireForumManager(db, args.actor, args.forum.id);
  return db
    .selectFrom("join_requests")
    .innerJoin("users", "users.id", "join_requests.user_id")
    .select([
      "join_requests.id",
      "join_requests.message",
      "join_requests.created_at",
      "users.name",
      "users.email",
      "users.organisation",
    ])
    .where("join_requests.forum_id", "=", args.forum.id)
    .where("join_requests.status", "=", "pending")
    .orderBy("join_requests.created_at")
    .execute();
}

/** The secretariat approves (member role, roster, list) or declines a request; an approved person joins the
 * given cycle's roster, or the current cycle's when none is given. */
export async function decideJoinRequest(
  db: Kysely<Database>,
  args: { actor: Actor; forum: ForumRow; requestId: string; approve: boolean; now: Date; cycle?: CycleRow },
) {
  const { actor, forum, requestId, approve, now } = args;
  await requireForumManager(db, actor, forum.id);
  return db.transaction().execute(async (trx) => {
    const request = await trx
      .selectFrom("join_requests")
      .selectAll()
      .where("id", "=", requestId)
      .where("forum_id", "=", forum.id)
      .where("status", "=", "pending")
      .forUpdate()
      .executeTakeFirst();
    if (!request) throw notFound("This request was already decided or does not exist.");
    await trx
      .updateTable("join_requests")
      .set({
        status: approve ? "approved" : "declined",
        decided_by: actor.kind === "user" ? actor.userId : null,
        decided_at: now,
      })
      .where("id", "=", requestId)
      .execute();
    if (approve) {
      const user = await findUserById(trx, request.user_id);
      if (!user) throw notFound();
      await insertForumRole(trx, {
        forumId: forum.id,
        userId: user.id,
        role: "member",
        grantedBy: actor.kind === "user" ? actor.userId : null,
      });
      const cycle = args.cycle ?? (await currentCycle(trx, forum.id));
      await enrol(trx, forum.id, cycle?.id, user.id, user.email);
    }
    await recordAudit(trx, {
      actor,
      forumId: forum.id,
      action: approve ? "member.approve" : "member.decline",
      subjectType: "join_request",
      subjectId: requestId,
    });
  });
}

/** A member turns their mailing-list subscription on or off. */
export async function setSubscription(
  db: Kysely<Database>,
  args: { actor: Actor; forum: ForumRow; subscribed: boolean },
) {
  const { actor, forum, subscribed } = args;
  requireSignedIn(actor);
  if (actor.kind !== "user") throw forbidden();
  if (!(await isForumMember(db, actor, forum.id)))
    throw forbidden("Only members have a subscription to change.");
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("list_subscriptions")
      .values({ forum_id: forum.id, email: actor.email, user_id: actor.userId, subscribed })
      .onConflict((oc) =>
        oc.columns(["forum_id", "email"]).doUpdateSet({ subscribed, updated_at: new Date() }),
      )
      .execute();
    await recordAudit(trx, {
      actor,
      forumId: forum.id,
      action: subscribed ? "member.subscribe" : "member.unsubscribe",
      subjectType: "user",
      subjectId: actor.userId,
    });
  });
}

/** Whether an address receives the forum's list (false when it has never been on it). */
export async function isSubscribed(db: Kysely<Database>, forumId: string, email: string): Promise<boolean> {
  const row = await db
    .selectFrom("list_subscriptions")
    .select("subscribed")
    .where("forum_id", "=", forumId)
    .where("email", "=", normaliseEmail(email))
    .executeTakeFirst();
  return row?.subscribed ?? false;
}

/** The secretariat turns a member's subscription on or off (a member on the cycle's roster). */
export async function setMemberSubscription(
  db: Kysely<Database>,
  args: { actor: Actor; forum: ForumRow; cycle: CycleRow; userId: string; subscribed: boolean },
): Promise<{ user_id: string; email: string; subscribed: boolean }> {
  const { actor, forum, cycle, userId, subscribed } = args;
  await requireForumManager(db, actor, forum.id);
  const onRoster = await db
    .selectFrom("cycle_participants")
    .select("user_id")
    .where("cycle_id", "=", cycle.id)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  const user = onRoster ? await findUserById(db, userId) : undefined;
  if (!user) throw notFound(`Nobody with this id is on the roster of ${cycle.year}.`);
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto("list_subscriptions")
      .values({ forum_id: forum.id, email: user.email, user_id: user.id, subscribed })
      .onConflict((oc) =>
        oc
          .columns(["forum_id", "email"])
          .doUpdateSet({ subscribed, user_id: user.id, updated_at: new Date() }),
      )
      .execute();
    await recordAudit(trx, {
      actor,
      forumId: forum.id,
      action: subscribed ? "member.subscribe" : "member.unsubscribe",
      subjectType: "user",
      subjectId: user.id,
      after: { email: user.email, subscribed },
    });
    return { user_id: user.id, email: user.email, subscribed };
  });
}

/** Takes an address off a forum's list (from a signed unsubscribe link; no sign-in needed). */
export async function unsubscribeAddress(db: Kysely<Database>, args: { forum: ForumRow; email: string }) {
  const email = normaliseEmail(args.email);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("list_subscriptions")
      .values({ forum_id: args.forum.id, email, subscribed: false })
      .onConflict((oc) =>
        oc.columns(["forum_id", "email"]).doUpdateSet({ subscribed: false, updated_at: new Date() }),
      )
      .execute();
    await recordAudit(trx, {
      actor: { kind: "system", label: `unsubscribe link of ${email}` },
      forumId: args.forum.id,
      action: "member.unsubscribe",
      subjectType: "subscription",
      subjectId: email,
    });
  });
}

/** The addresses subscribed to a forum's mailing list (for sending calls and list messages). */
export async function subscribedAddresses(
  db: Kysely<Database>,
  forumId: string,
): Promise<{ email: string; name: string | null; language: string | null }[]> {
  return db
    .selectFrom("list_subscriptions")
    .leftJoin("users", "users.id", "list_subscriptions.user_id")
    .select(["list_subscriptions.email", "users.name", "users.preferred_language as language"])
    .where("list_subscriptions.forum_id", "=", forumId)
    .where("list_subscriptions.subscribed", "=", true)
    .orderBy("list_subscriptions.email")
    .execute();
}

/** Adds a person to a cycle's roster directly (demo, imports), creating them when needed. */
export async function addToRoster(
  trx: Kysely<Database>,
  args: {
    forumId: string;
    cycleId: string;
    email: string;
    name: string;
    organisation?: string;
    roles: ForumRole[];
  },
) {
  const email = normaliseEmail(args.email);
  const user =
    (await findUserByEmail(trx, email)) ??
    (await insertUser(trx, { email, name: args.name, organisation: args.organisation }));
  for (const role of args.roles)
    await insertForumRole(trx, { forumId: args.forumId, userId: user.id, role, grantedBy: null });
  await enrol(trx, args.forumId, args.cycleId, user.id, email);
  return user;
}
