// A forum's people: the roster of each cycle, invitations by e-mail, requests to join approved by the
// secretariat, and each member's mailing-list subscription.
import { createHash, randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import { recordAudit } from "../../audit/index.js";
import {
  type Actor,
  FORUM_ROLES,
  type ForumRole,
  findUserByEmail,
  findUserById,
  insertForumRole,
  insertUser,
  isForumRole,
  isPlausibleEmail,
  normaliseEmail,
  requireSignedIn,
  selectForumPeople,
  type UserRow,
} from "../../auth/index.js";
import type { Database } from "../../db/schema.js";
import { inTransaction } from "../../db/transaction.js";
import { composeMail, queueMail } from "../../mail/index.js";
import { conflict, forbidden, invalid, notFound } from "../../server/errors.js";
import { isLocale } from "../../ui/i18n/locales.js";
import { translator } from "../../ui/i18n/translate.js";
import { isForumMember, requireForumManager } from "../policy.js";
import { type CycleRow, type ForumRow, selectLatestCycle } from "../queries.js";
import {
  countParticipants,
  decideJoinRequestRow,
  insertInvitation,
  insertJoinRequest,
  insertParticipant,
  isParticipant,
  lockPendingJoinRequest,
  markInvitationAccepted,
  selectInvitationByTokenHash,
  selectParticipantIds,
  selectPendingJoinRequestOf,
  selectPendingJoinRequests,
  selectSubscribed,
  selectSubscriptions,
  upsertSubscription,
} from "./queries.js";

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
  if (cycleId) await insertParticipant(trx, cycleId, userId);
  await upsertSubscription(trx, { forumId, email, userId, subscribed: true, mode: "enrol" });
}

/** People by id, through auth's lookup (one query each: auth has no batch lookup yet). */
async function usersById(db: Kysely<Database>, ids: Iterable<string>): Promise<Map<string, UserRow>> {
  const users = await Promise.all([...new Set(ids)].map((id) => findUserById(db, id)));
  return new Map(users.filter((u) => u !== undefined).map((u) => [u.id, u]));
}

/** The roster of a cycle with each person's roles; for the forum's members. */
export async function cycleRoster(
  db: Kysely<Database>,
  args: { actor: Actor; forum: ForumRow; cycle: CycleRow },
) {
  const { actor, forum, cycle } = args;
  requireSignedIn(actor);
  if (!(await isForumMember(db, actor, forum.id)))
    throw forbidden("The roster is visible to the forum's members.", {
      messageKey: "forums.refusal.rosterMembersOnly",
    });
  const [ids, holders, subscriptions] = await Promise.all([
    selectParticipantIds(db, cycle.id),
    selectForumPeople(db, forum.id),
    selectSubscriptions(db, forum.id, { onlySubscribed: false }),
  ]);
  const users = [...(await usersById(db, ids)).values()].sort((a, b) => a.name.localeCompare(b.name));
  const rolesOf = new Map(holders.map((h) => [h.id, h.roles]));
  const subscribedOf = new Map(subscriptions.map((s) => [s.email, s.subscribed]));
  const rows = users.flatMap((u) =>
    (rolesOf.get(u.id) ?? [null]).map((role) => ({ ...u, role, subscribed: subscribedOf.get(u.email) })),
  );
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
  return countParticipants(db, cycleId);
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
  if (Object.keys(fields).length)
    throw invalid("Check the e-mail address and the role.", fields, {
      messageKey: "auth.refusal.emailAndRole",
    });
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
  return inTransaction(db, async (trx) => {
    const row = await insertInvitation(trx, {
      forum_id: forum.id,
      email,
      name: (input.name ?? "").trim().slice(0, 200),
      role,
      token_hash: sha256(token),
      invited_by: actor.kind === "user" ? actor.userId : null,
      created_at: args.now,
      expires_at: new Date(args.now.getTime() + INVITATION_TTL_MS),
    });
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
  const row = await selectInvitationByTokenHash(db, sha256(token));
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
  if (actor.kind !== "user")
    throw forbidden("Sign in as a person to accept an invitation.", {
      messageKey: "forums.refusal.personToAccept",
    });
  const found = await inspectInvitation(db, token, now);
  if (found.state !== "valid" || found.invitation.forum_id !== forum.id)
    throw notFound("This invitation is not valid any more. Ask the secretariat for a new one.", {
      messageKey: "forums.refusal.invitationInvalid",
    });
  const inv = found.invitation;
  if (normaliseEmail(actor.email) !== inv.email)
    throw forbidden(`This invitation was sent to ${inv.email}. Sign in with that address to accept it.`, {
      messageKey: "forums.refusal.invitationOtherAddress",
      messageValues: { email: inv.email },
    });
  return inTransaction(db, async (trx) => {
    if (!(await markInvitationAccepted(trx, inv.id, now)))
      throw conflict("This invitation has already been accepted.", { messageKey: "forums.invite.used" });
    await insertForumRole(trx, {
      forumId: forum.id,
      userId: actor.userId,
      role: inv.role as ForumRole,
      grantedBy: inv.invited_by,
    });
    const cycle = await selectLatestCycle(trx, forum.id);
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
  if (actor.kind !== "user")
    throw forbidden("Sign in as a person to ask to join.", { messageKey: "forums.refusal.personToJoin" });
  if (await isForumMember(db, actor, forum.id))
    throw conflict("You are already a member of this forum.", { messageKey: "forums.refusal.alreadyMember" });
  const pending = await selectPendingJoinRequestOf(db, forum.id, actor.userId);
  if (pending)
    throw conflict("Your request is already waiting for the secretariat.", {
      messageKey: "forums.refusal.requestPending",
    });
  return inTransaction(db, async (trx) => {
    const row = await insertJoinRequest(trx, {
      forum_id: forum.id,
      user_id: actor.userId,
      message: args.message.trim().slice(0, 2000),
    });
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
  const requests = await selectPendingJoinRequests(db, args.forum.id);
  const users = await usersById(
    db,
    requests.map((r) => r.user_id),
  );
  return requests.flatMap((r) => {
    const user = users.get(r.user_id);
    return user
      ? [
          {
            id: r.id,
            message: r.message,
            created_at: r.created_at,
            name: user.name,
            email: user.email,
            organisation: user.organisation,
          },
        ]
      : [];
  });
}

/** The secretariat approves (member role, roster, list) or declines a request; an approved person joins the
 * given cycle's roster, or the current cycle's when none is given. */
export async function decideJoinRequest(
  db: Kysely<Database>,
  args: { actor: Actor; forum: ForumRow; requestId: string; approve: boolean; now: Date; cycle?: CycleRow },
) {
  const { actor, forum, requestId, approve, now } = args;
  await requireForumManager(db, actor, forum.id);
  return inTransaction(db, async (trx) => {
    const request = await lockPendingJoinRequest(trx, forum.id, requestId);
    if (!request)
      throw notFound("This request was already decided or does not exist.", {
        messageKey: "forums.refusal.requestGone",
      });
    await decideJoinRequestRow(trx, requestId, {
      status: approve ? "approved" : "declined",
      decided_by: actor.kind === "user" ? actor.userId : null,
      decided_at: now,
    });
    if (approve) {
      const user = await findUserById(trx, request.user_id);
      if (!user) throw notFound();
      await insertForumRole(trx, {
        forumId: forum.id,
        userId: user.id,
        role: "member",
        grantedBy: actor.kind === "user" ? actor.userId : null,
      });
      const cycle = args.cycle ?? (await selectLatestCycle(trx, forum.id));
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
    throw forbidden("Only members have a subscription to change.", {
      messageKey: "forums.refusal.subscriptionMembersOnly",
    });
  await inTransaction(db, async (trx) => {
    await upsertSubscription(trx, {
      forumId: forum.id,
      email: actor.email,
      userId: actor.userId,
      subscribed,
      mode: "set",
    });
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
  return (await selectSubscribed(db, forumId, normaliseEmail(email))) ?? false;
}

/** The secretariat turns a member's subscription on or off (a member on the cycle's roster). */
export async function setMemberSubscription(
  db: Kysely<Database>,
  args: { actor: Actor; forum: ForumRow; cycle: CycleRow; userId: string; subscribed: boolean },
): Promise<{ user_id: string; email: string; subscribed: boolean }> {
  const { actor, forum, cycle, userId, subscribed } = args;
  await requireForumManager(db, actor, forum.id);
  const onRoster = await isParticipant(db, cycle.id, userId);
  const user = onRoster ? await findUserById(db, userId) : undefined;
  if (!user)
    throw notFound(`Nobody with this id is on the roster of ${cycle.year}.`, {
      messageKey: "forums.refusal.notOnRoster",
      messageValues: { year: String(cycle.year) },
    });
  return inTransaction(db, async (trx) => {
    await upsertSubscription(trx, {
      forumId: forum.id,
      email: user.email,
      userId: user.id,
      subscribed,
      mode: "link",
    });
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
  await inTransaction(db, async (trx) => {
    await upsertSubscription(trx, { forumId: args.forum.id, email, subscribed: false, mode: "set" });
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
  const rows = await selectSubscriptions(db, forumId, { onlySubscribed: true });
  const users = await usersById(
    db,
    rows.flatMap((r) => (r.user_id ? [r.user_id] : [])),
  );
  return rows.map((r) => {
    const user = r.user_id ? users.get(r.user_id) : undefined;
    return { email: r.email, name: user?.name ?? null, language: user?.preferred_language ?? null };
  });
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
