// Scheduling polls: the secretariat proposes start times, each participant answers yes / if need be / no
// per slot, the best slot is suggested, and closing the poll creates the meeting and sends invitations
// with an .ics attachment.
import type { Kysely } from "kysely";
import { recordAudit } from "../../audit/index.js";
import type { Actor, ForumRole } from "../../auth/index.js";
import { findUserById, selectForumPeople } from "../../auth/index.js";
import type { Database } from "../../db/schema.js";
import { inTransaction } from "../../db/transaction.js";
import {
  cyclePlace,
  endOfDayInZone,
  formatInZone,
  instantToZoned,
  isValidTimeZone,
  parsePlainDate,
  zonedDateTimeToInstant,
} from "../../forums/index.js";
import { enqueueJob } from "../../jobs/queue.js";
import { composeMail, queueMail } from "../../mail/index.js";
import { AppError, conflict, type FieldErrors, forbidden, invalid, notFound } from "../../server/errors.js";
import { translator } from "../../ui/i18n/translate.js";
import { invitationIcs, mailAddressOf } from "../invitation.js";
import { createMeeting, MEETING_KINDS } from "../meetings/service.js";
import { isReservedInvalid } from "../next-steps/reminders.js";
import { pollParticipants, pollsToAnswer } from "../places.js";
import { MEETING_MEMBERS, meetingAccess, requireMeetingEditor, requireMeetingMember } from "../policy.js";
import {
  claimOpenPoll,
  insertPoll,
  insertPollParticipants,
  insertSlots,
  markPollParticipants,
  type PollRow,
  reopenPollRow,
  type SlotRow,
  selectAnswers,
  selectCyclePolls,
  selectPoll,
  selectSlots,
  updateMeetingRow,
  updatePollRow,
  upsertAnswer,
} from "../queries.js";
import type { MeetingKind, PollAnswer } from "../tables.js";
import { meetingTitle } from "../titles.js";
import { mailLocale, meetingInvitationLines, type PollPlace, queuePollMail } from "./mail.js";

export type { PollRow, SlotRow };

export const POLL_ANSWERS: readonly PollAnswer[] = ["yes", "if_need_be", "no"];

/** A new poll: slots are wall-clock "YYYY-MM-DDTHH:MM" readings in the organiser's zone. */
export interface PollInput {
  title?: string;
  kind: string;
  number?: string | number | null;
  purpose?: string;
  duration_minutes: string | number;
  time_zone: string;
  slots: string[];
  /** People asked by id; with participant_groups, everyone with a role in the forum when both are absent. */
  participant_ids?: string[];
  /** Groups of people asked by role: see POLL_GROUPS. */
  participant_groups?: string[];
  /** When answers close: "YYYY-MM-DD HH:MM" in the poll's zone, or a date alone for the end of that day. */
  closes?: string | null;
}

declare module "../../jobs/kinds.js" {
  interface JobPayloads {
    "meetings.poll-reminder": { pollId: string; closesAt: string };
  }
}

export const POLL_REMINDER_JOB = "meetings.poll-reminder";

export const HOUR_MS = 3600_000;

export const DAY_MS = 24 * HOUR_MS;

/** The automatic reminder skips people reminded by hand this recently. */
export const AUTOMATIC_REMINDER_GAP_MS = 12 * HOUR_MS;

/** The groups the secretariat can ask at once, by the roles they gather. */
export const POLL_GROUPS = {
  all: MEETING_MEMBERS,
  secretariat: ["secretariat"],
  facilitators: ["facilitator", "lead_expert"],
  nri: ["nri_focal_point"],
} as const satisfies Record<string, readonly ForumRole[]>;

export type PollGroup = keyof typeof POLL_GROUPS;

export const POLL_GROUP_NAMES = Object.keys(POLL_GROUPS) as PollGroup[];

/** Someone who can be asked: a person with a role in the forum. */
export interface Askable {
  id: string;
  roles: readonly ForumRole[];
}

/**
 * The ids of the people asked: everyone in the groups chosen plus everyone chosen by name. Everyone when
 * neither list is given; a field error when lists are given and choose no one (or name unknown groups).
 */
export function chooseParticipants(
  people: readonly Askable[],
  choice: { participant_ids?: string[]; participant_groups?: string[] },
  fields: FieldErrors,
): string[] {
  if (choice.participant_ids === undefined && choice.participant_groups === undefined)
    return people.map((p) => p.id);
  const groups = choice.participant_groups ?? [];
  const roles = new Set<ForumRole>();
  for (const name of groups) {
    const group = POLL_GROUP_NAMES.find((g) => g === name);
    if (!group) {
      fields.participants = "meetings.error.participants";
      return [];
    }
    for (const role of POLL_GROUPS[group]) roles.add(role);
  }
  const ids = new Set(choice.participant_ids ?? []);
  const chosen = people.filter((p) => ids.has(p.id) || p.roles.some((r) => roles.has(r))).map((p) => p.id);
  if (!chosen.length) fields.participants = "meetings.error.participants";
  return chosen;
}

/** Reads "YYYY-MM-DD HH:MM" lines in a zone as instants, sorted and without repeats; errors on `slots`. */
export function parseSlots(texts: readonly string[], zone: string | undefined, fields: FieldErrors): Date[] {
  const instants: Date[] = [];
  const slotTexts = texts.map((s) => s.trim()).filter(Boolean);
  if (slotTexts.length === 0) fields.slots = "meetings.error.slots";
  for (const text of slotTexts) {
    const m = text.match(SLOT);
    if (!m || !zone) {
      fields.slots = "meetings.error.slots";
      continue;
    }
    const [, y, mo, d, h, mi] = m.map(Number) as number[];
    try {
      instants.push(
        zonedDateTimeToInstant({ year: y!, month: mo!, day: d!, hour: h!, minute: mi!, second: 0 }, zone),
      );
    } catch {
      fields.slots = "meetings.error.slots";
    }
  }
  return [...new Map(instants.map((i) => [i.getTime(), i])).values()].sort(
    (a, b) => a.getTime() - b.getTime(),
  );
}

export const SLOT = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})$/;

/**
 * Reads when answers close, in the poll's zone: "YYYY-MM-DD HH:MM", or a date alone for the end of that day.
 * Empty means no closing time; a time not after `now` is an error on `closes`.
 */
export function parseCloses(
  text: string | null | undefined,
  zone: string | undefined,
  now: Date,
  fields: FieldErrors,
): Date | null {
  const value = (text ?? "").trim();
  if (!value) return null;
  let at: Date | undefined;
  try {
    const m = value.match(SLOT);
    if (zone && m) {
      const [, y, mo, d, h, mi] = m.map(Number) as number[];
      at = zonedDateTimeToInstant({ year: y!, month: mo!, day: d!, hour: h!, minute: mi!, second: 0 }, zone);
    } else if (zone && parsePlainDate(value)) at = endOfDayInZone(value, zone);
  } catch {
    at = undefined;
  }
  if (!at || at.getTime() <= now.getTime()) {
    fields.closes = "meetings.error.closes";
    return null;
  }
  return at;
}

/** When the automatic reminder goes: a day before answers close, or halfway there when that is sooner. */
export function pollReminderAt(closesAt: Date, now: Date): Date | undefined {
  const left = closesAt.getTime() - now.getTime();
  if (left <= 0) return undefined;
  return new Date(closesAt.getTime() - Math.min(DAY_MS, left / 2));
}

export async function scheduleAutomaticReminder(
  trx: Kysely<Database>,
  poll: PollRow,
  now: Date,
): Promise<void> {
  if (!poll.closes_at) return;
  const runAt = pollReminderAt(poll.closes_at, now);
  if (!runAt) return;
  // The job carries the closing time it was made for: when the secretariat moves it, the old job sends nothing.
  await enqueueJob(
    trx,
    POLL_REMINDER_JOB,
    { pollId: poll.id, closesAt: poll.closes_at.toISOString() },
    { runAt },
  );
}

/** Where a poll lives, for its mail. */
export async function pollPlace(
  db: Kysely<Database>,
  cycleId: string,
  publicUrl: string,
): Promise<PollPlace> {
  const place = await cyclePlace(db, cycleId);
  return {
    forumId: place.forum_id,
    forumSlug: place.forum_slug,
    forumName: place.forum_name,
    year: place.year,
    publicUrl,
  };
}

/** Invites these people to answer the poll, in the caller's transaction; returns how many were mailed. */
export async function invite(
  trx: Kysely<Database>,
  poll: PollRow,
  userIds: readonly string[],
  args: { now: Date; publicUrl: string },
): Promise<number> {
  if (!userIds.length) return 0;
  const wanted = new Set(userIds);
  const people = (await pollParticipants(trx, poll.id)).filter((p) => wanted.has(p.id));
  const slots = await selectSlots(trx, poll.id);
  const place = await pollPlace(trx, poll.cycle_id, args.publicUrl);
  const mailed = await queuePollMail(trx, "invitation", poll, slots, people, place);
  await markPollParticipants(trx, poll.id, mailed, "invited_at", args.now);
  return mailed.length;
}

/** Proposes time slots to the forum's people. */
export async function createPoll(
  db: Kysely<Database>,
  args: {
    actor: Actor;
    forumId: string;
    cycleId: string;
    input: PollInput;
    now: Date;
    /** The site's address, for the link in the invitations. */
    publicUrl: string;
  },
): Promise<PollRow> {
  await requireMeetingEditor(db, args.actor, args.forumId);
  const { input } = args;
  const fields: FieldErrors = {};
  const kind = MEETING_KINDS.find((k) => k === input.kind);
  if (!kind) fields.kind = "meetings.error.kind";
  const zone = (input.time_zone ?? "").trim();
  if (!isValidTimeZone(zone)) fields.time_zone = "meetings.error.timeZone";
  const duration = Number(input.duration_minutes);
  if (!Number.isInteger(duration) || duration < 15 || duration > 600)
    fields.duration_minutes = "meetings.error.duration";
  const numberText = input.number === null || input.number === undefined ? "" : String(input.number).trim();
  const number = numberText ? Number(numberText) : null;
  if (number !== null && (!Number.isInteger(number) || number < 1 || number > 3999))
    fields.number = "meetings.error.number";
  const instants = parseSlots(input.slots, fields.time_zone ? undefined : zone, fields);
  const closesAt = parseCloses(input.closes, fields.time_zone ? undefined : zone, args.now, fields);
  const people = await selectForumPeople(db, args.forumId);
  const participants = chooseParticipants(people, input, fields);
  if (Object.keys(fields).length)
    throw invalid("Some fields need correcting.", fields, { messageKey: "error.invalid.fields" });
  const unique = instants;
  // The poll, its people, their invitations and the reminder's job commit together or not at all.
  return inTransaction(db, async (trx) => {
    const poll = await insertPoll(trx, {
      forum_id: args.forumId,
      cycle_id: args.cycleId,
      title: (input.title ?? "").trim().slice(0, 300),
      kind: kind as MeetingKind,
      number,
      purpose: (input.purpose ?? "").trim().slice(0, 5000),
      duration_minutes: duration,
      time_zone: zone,
      closes_at: closesAt,
      created_by: args.actor.kind === "user" ? args.actor.userId : null,
    });
    await insertSlots(trx, poll.id, unique);
    await insertPollParticipants(trx, poll.id, participants);
    const invited = await invite(trx, poll, participants, args);
    await scheduleAutomaticReminder(trx, poll, args.now);
    await recordAudit(trx, {
      actor: args.actor,
      forumId: args.forumId,
      action: "meeting.poll.create",
      subjectType: "poll",
      subjectId: poll.id,
      after: {
        slots: unique.map((u) => u.toISOString()),
        participants: participants.length,
        invited,
        closes_at: closesAt?.toISOString() ?? null,
      },
    });
    return poll;
  });
}

export interface SlotTally {
  slot: SlotRow;
  yes: number;
  ifNeedBe: number;
  no: number;
}

/** The suggested slot: most yes, then fewest no, then most if-need-be, then the earliest. */
export function bestSlot(tallies: readonly SlotTally[]): SlotTally | undefined {
  return [...tallies].sort(
    (a, b) =>
      b.yes - a.yes ||
      a.no - b.no ||
      b.ifNeedBe - a.ifNeedBe ||
      a.slot.starts_at.getTime() - b.slot.starts_at.getTime(),
  )[0];
}

/** A poll with its slots, tallies, the viewer's answers and the suggestion; members only. */
export async function viewPoll(
  db: Kysely<Database>,
  args: { actor: Actor; forumId: string; pollId: string },
) {
  const poll = await selectPoll(db, args.pollId);
  if (!poll || poll.forum_id !== args.forumId)
    throw notFound("There is no such poll.", { messageKey: "meetings.refusal.noPoll" });
  await requireMeetingMember(db, args.actor, poll.forum_id);
  const access = await meetingAccess(db, args.actor, poll.forum_id);
  const [slots, answers, participants] = await Promise.all([
    selectSlots(db, poll.id),
    selectAnswers(db, poll.id),
    pollParticipants(db, poll.id),
  ]);
  const tallies: SlotTally[] = slots.map((slot) => {
    const mine = answers.filter((a) => a.slot_id === slot.id);
    return {
      slot,
      yes: mine.filter((a) => a.answer === "yes").length,
      ifNeedBe: mine.filter((a) => a.answer === "if_need_be").length,
      no: mine.filter((a) => a.answer === "no").length,
    };
  });
  const viewerId = args.actor.kind === "user" ? args.actor.userId : undefined;
  const myAnswers = Object.fromEntries(
    answers.filter((a) => a.user_id === viewerId).map((a) => [a.slot_id, a.answer]),
  ) as Record<string, PollAnswer>;
  const answered = new Set(answers.map((a) => a.user_id));
  return {
    poll,
    slots,
    tallies,
    best: bestSlot(tallies),
    myAnswers,
    participants,
    answeredCount: answered.size,
    unansweredCount: participants.filter((p) => !answered.has(p.id)).length,
    access,
  };
}

/** Records a member's answers, one per slot; a member not yet asked joins the poll. */
export async function answerPoll(
  db: Kysely<Database>,
  args: { actor: Actor; pollId: string; answers: Record<string, string>; now: Date },
): Promise<void> {
  const poll = await selectPoll(db, args.pollId);
  if (!poll) throw notFound("There is no such poll.", { messageKey: "meetings.refusal.noPoll" });
  await requireMeetingMember(db, args.actor, poll.forum_id);
  const actor = args.actor;
  if (actor.kind !== "user")
    throw forbidden("Only a person can answer a scheduling poll.", {
      messageKey: "meetings.refusal.personToAnswer",
    });
  if (poll.status !== "open") throw conflict("This poll is closed.", { messageKey: "meetings.poll.closed" });
  if (poll.closes_at && args.now.getTime() > poll.closes_at.getTime()) {
    // Written the same in every language: the wall clock and the zone's name.
    const when = `${closesField(poll)} (${poll.time_zone})`;
    throw new AppError("conflict", `Answers to this poll closed on ${when}.`, {
      messageKey: "meetings.error.pollAnswersClosed",
      messageValues: { when },
    });
  }
  const slots = await selectSlots(db, poll.id);
  await inTransaction(db, async (trx) => {
    let count = 0;
    for (const slot of slots) {
      const answer = POLL_ANSWERS.find((a) => a === args.answers[slot.id]);
      if (!answer) continue;
      await upsertAnswer(trx, slot.id, actor.userId, answer);
      count++;
    }
    await insertPollParticipants(trx, poll.id, [actor.userId]);
    await recordAudit(trx, {
      actor,
      forumId: poll.forum_id,
      action: "meeting.poll.answer",
      subjectType: "poll",
      subjectId: poll.id,
      after: { answers: count },
    });
  });
}

/**
 * Closes a poll on a slot (the suggested one when none is given): creates the meeting and queues an
 * invitation with an .ics attachment to every participant, in their language and zone.
 */
export async function closePoll(
  db: Kysely<Database>,
  args: {
    actor: Actor;
    pollId: string;
    slotId?: string;
    now: Date;
    publicUrl: string;
    mailFrom: string;
    forum: { id: string; slug: string; name: string };
    year: number;
  },
) {
  const view = await viewPoll(db, { actor: args.actor, forumId: args.forum.id, pollId: args.pollId });
  await requireMeetingEditor(db, args.actor, view.poll.forum_id);
  const { poll } = view;
  if (poll.status !== "open")
    throw conflict("This poll is already closed.", { messageKey: "meetings.refusal.pollAlreadyClosed" });
  const chosen = args.slotId ? view.slots.find((s) => s.id === args.slotId) : view.best?.slot;
  if (!chosen)
    throw invalid(
      "Choose one of the poll's slots.",
      { slot_id: "meetings.error.slots" },
      { messageKey: "meetings.refusal.chooseSlot" },
    );
  const start = instantToZoned(chosen.starts_at, poll.time_zone);
  const end = instantToZoned(
    new Date(chosen.starts_at.getTime() + poll.duration_minutes * 60_000),
    poll.time_zone,
  );
  const pad = (n: number) => String(n).padStart(2, "0");
  const endsNextDay = end.day !== start.day;
  // Claim the poll before anything else: of two "close" clicks only one gets past this, so the meeting and
  // its invitations are made once. Should making the meeting fail, the poll opens again.
  if (!(await claimOpenPoll(db, poll.id, args.now)))
    throw conflict("This poll is already closed.", { messageKey: "meetings.refusal.pollAlreadyClosed" });
  const reopen = () => reopenPollRow(db, poll.id);
  const meeting = await createMeeting(db, {
    actor: args.actor,
    forumId: poll.forum_id,
    cycleId: poll.cycle_id,
    input: {
      kind: poll.kind,
      number: poll.number,
      title: poll.title,
      purpose: poll.purpose,
      date: `${start.year}-${pad(start.month)}-${pad(start.day)}`,
      start_time: `${pad(start.hour)}:${pad(start.minute)}`,
      end_time: endsNextDay ? "23:59" : `${pad(end.hour)}:${pad(end.minute)}`,
      time_zone: poll.time_zone,
    },
  }).catch(async (error: unknown) => {
    await reopen();
    throw error;
  });
  const participants = await pollParticipants(db, poll.id);
  const url = `${args.publicUrl}/f/${args.forum.slug}/${args.year}/meetings/${meeting.slug}`;
  const organiser = mailAddressOf(args.mailFrom);
  const invited = await inTransaction(db, async (trx) => {
    const starts = chosen.starts_at;
    // A meeting that runs past midnight in the organiser's zone keeps its real end.
    const ends = new Date(starts.getTime() + poll.duration_minutes * 60_000);
    await updateMeetingRow(trx, meeting.id, { starts_at: starts, ends_at: ends });
    await updatePollRow(trx, poll.id, { status: "closed", meeting_id: meeting.id, closed_at: args.now });
    let invited = 0;
    for (const person of participants) {
      if (isReservedInvalid(person.email)) continue;
      const locale = mailLocale(person);
      const t = translator(locale);
      const title = meetingTitle(t, meeting);
      const organiserWhen = formatInZone(starts, poll.time_zone, locale, "date-time");
      const ics = invitationIcs({
        uid: `${meeting.id}@intersession`,
        start: starts,
        end: ends,
        summary: `${args.forum.name}: ${title}`,
        description: t("meetings.invite.icsDescription", { when: organiserWhen, zone: poll.time_zone, url }),
        url,
        organiserZone: poll.time_zone,
        organiser,
        attendees: [{ name: person.name, email: person.email }],
        stamp: args.now,
      });
      const mail = composeMail({
        locale,
        subject: t("meetings.invite.subject", { forum: args.forum.name, title }),
        greeting: t("meetings.invite.greeting", { name: person.name }),
        paragraphs: [
          // On the recipient's own clock when their profile gives a zone; else on the meeting's, named as such.
          ...meetingInvitationLines(t, locale, person, {
            title,
            forumName: args.forum.name,
            startsAt: starts,
            timeZone: poll.time_zone,
            publicUrl: args.publicUrl,
          }),
          ...(poll.purpose ? [poll.purpose] : []),
          t("meetings.invite.attached"),
        ],
        action: { label: t("meetings.invite.open"), url },
      });
      await queueMail(trx, {
        to: person.email,
        toName: person.name,
        kind: "meeting.invitation",
        forumId: poll.forum_id,
        ...mail,
        attachments: [
          {
            filename: "invitation.ics",
            contentType: "text/calendar; charset=utf-8; method=REQUEST",
            contentBase64: Buffer.from(ics, "utf8").toString("base64"),
          },
        ],
      });
      invited++;
    }
    await recordAudit(trx, {
      actor: args.actor,
      forumId: poll.forum_id,
      action: "meeting.poll.close",
      subjectType: "poll",
      subjectId: poll.id,
      after: { meeting_id: meeting.id, starts_at: starts.toISOString(), invitations: invited },
    });
    return invited;
  });
  return { meeting, invited };
}

/** A person's own name and zone, for pages that show slots in their zone. */
export async function viewerZone(db: Kysely<Database>, actor: Actor): Promise<string | undefined> {
  if (actor.kind !== "user") return undefined;
  const user = await findUserById(db, actor.userId);
  return user?.time_zone ?? undefined;
}

/** The open polls a person is asked to answer and has not, while answers are still open ("My next steps"). */
export function pollsAwaitingAnswer(db: Kysely<Database>, userId: string, now: Date) {
  return pollsToAnswer(db, userId, now);
}

/** A poll's closing time as its edit form shows it: "YYYY-MM-DD HH:MM" in the poll's zone, or empty. */
export function closesField(poll: Pick<PollRow, "closes_at" | "time_zone">): string {
  if (!poll.closes_at) return "";
  const z = instantToZoned(poll.closes_at, poll.time_zone);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${z.year}-${pad(z.month)}-${pad(z.day)} ${pad(z.hour)}:${pad(z.minute)}`;
}

/** A cycle's polls, newest first. */
export function cyclePolls(db: Kysely<Database>, cycleId: string): Promise<PollRow[]> {
  return selectCyclePolls(db, cycleId);
}

/** A poll's slots in time order and the people asked in it. */
export function pollSlotsAndParticipants(db: Kysely<Database>, pollId: string) {
  return Promise.all([selectSlots(db, pollId), pollParticipants(db, pollId)]);
}
