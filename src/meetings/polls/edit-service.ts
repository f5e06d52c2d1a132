// Changing an open poll: its title, purpose, closing time, who is asked and its slots; deleting it.
import type { Kysely } from "kysely";
import { recordAudit } from "../../audit/index.js";
import type { Actor } from "../../auth/index.js";
import { selectForumPeople } from "../../auth/index.js";
import type { Database } from "../../db/schema.js";
import { inTransaction } from "../../db/transaction.js";
import { AppError, type FieldErrors, invalid, notFound } from "../../server/errors.js";
import { pollParticipants } from "../places.js";
import { requireMeetingEditor } from "../policy.js";
import {
  deletePollParticipants,
  deletePollRow,
  deleteSlot,
  insertPollParticipants,
  insertSlots,
  type PollRow,
  type SlotRow,
  selectPoll,
  selectPollForUpdate,
  selectSlots,
  updatePollRow,
} from "../queries.js";

export type { PollRow, SlotRow };

import {
  chooseParticipants,
  closesField,
  invite,
  parseCloses,
  parseSlots,
  scheduleAutomaticReminder,
} from "./service.js";

/** Changes to an open poll; absent fields stay as they are. */
export interface PollChanges {
  title?: string;
  purpose?: string;
  /** The new set of people asked (see chooseParticipants); unchanged when both are absent. */
  participant_ids?: string[];
  participant_groups?: string[];
  /** When answers close (see PollInput.closes); empty or null removes it, absent keeps it. */
  closes?: string | null;
}

/** Refusal of any change to a closed poll (409), in the reader's language on pages. */
export const closedPoll = () =>
  new AppError(
    "conflict",
    "This poll is closed: the meeting is scheduled, so the poll can no longer be changed.",
    {
      messageKey: "meetings.error.pollClosed",
    },
  );

/**
 * Runs a change to an open poll of the forum in one transaction, for the secretariat and facilitators:
 * the poll is locked first, so a change and a close cannot cross.
 */
export async function changeOpenPoll<T>(
  db: Kysely<Database>,
  args: { actor: Actor; forumId: string; pollId: string },
  change: (trx: Kysely<Database>, poll: PollRow) => Promise<T>,
): Promise<T> {
  const found = await selectPoll(db, args.pollId);
  if (!found || found.forum_id !== args.forumId)
    throw notFound("There is no such poll.", { messageKey: "meetings.refusal.noPoll" });
  await requireMeetingEditor(db, args.actor, found.forum_id);
  return inTransaction(db, async (trx) => {
    const poll = await selectPollForUpdate(trx, found.id);
    if (!poll) throw notFound("There is no such poll.", { messageKey: "meetings.refusal.noPoll" });
    if (poll.status !== "open") throw closedPoll();
    return change(trx, poll);
  });
}

/** Refuses to show the editing pages of a closed poll, and anyone who may not edit. */
export async function requireEditablePoll(
  db: Kysely<Database>,
  args: { actor: Actor; forumId: string; pollId: string },
): Promise<PollRow> {
  const poll = await selectPoll(db, args.pollId);
  if (!poll || poll.forum_id !== args.forumId)
    throw notFound("There is no such poll.", { messageKey: "meetings.refusal.noPoll" });
  await requireMeetingEditor(db, args.actor, poll.forum_id);
  if (poll.status !== "open") throw closedPoll();
  return poll;
}

/**
 * Changes an open poll's title, purpose, closing time and the people asked: those newly asked are invited,
 * those no longer asked lose their answers.
 */
export async function updatePoll(
  db: Kysely<Database>,
  args: { actor: Actor; forumId: string; pollId: string; input: PollChanges; now: Date; publicUrl: string },
): Promise<void> {
  const { input } = args;
  const fields: FieldErrors = {};
  const choosing = input.participant_ids !== undefined || input.participant_groups !== undefined;
  const people = choosing ? await selectForumPeople(db, args.forumId) : [];
  const wanted = choosing ? chooseParticipants(people, input, fields) : [];
  if (Object.keys(fields).length)
    throw invalid("Some fields need correcting.", fields, { messageKey: "error.invalid.fields" });
  await changeOpenPoll(db, args, async (trx, poll) => {
    const title = input.title === undefined ? poll.title : input.title.trim().slice(0, 300);
    const purpose = input.purpose === undefined ? poll.purpose : input.purpose.trim().slice(0, 5000);
    const closing: FieldErrors = {};
    // The edit form sends the closing time back as it showed it: unchanged, it is kept even once passed.
    const unchanged = input.closes === undefined || (input.closes ?? "").trim() === closesField(poll);
    const closesAt = unchanged
      ? poll.closes_at
      : parseCloses(input.closes, poll.time_zone, args.now, closing);
    if (Object.keys(closing).length)
      throw invalid("Some fields need correcting.", closing, { messageKey: "error.invalid.fields" });
    await updatePollRow(trx, poll.id, { title, purpose, closes_at: closesAt });
    const changedClose = !sameInstant(poll.closes_at, closesAt);
    if (changedClose) await scheduleAutomaticReminder(trx, { ...poll, closes_at: closesAt }, args.now);
    let added: string[] = [];
    let removed: string[] = [];
    if (choosing) {
      const asked = new Set((await pollParticipants(trx, poll.id)).map((p) => p.id));
      const next = new Set(wanted);
      added = wanted.filter((id) => !asked.has(id));
      removed = [...asked].filter((id) => !next.has(id));
      await insertPollParticipants(trx, poll.id, added);
      await deletePollParticipants(trx, poll.id, removed);
    }
    const invited = await invite(trx, { ...poll, title, purpose, closes_at: closesAt }, added, args);
    await recordAudit(trx, {
      actor: args.actor,
      forumId: poll.forum_id,
      action: "meeting.poll.update",
      subjectType: "poll",
      subjectId: poll.id,
      before: {
        title: poll.title,
        purpose: poll.purpose,
        ...(changedClose ? { closes_at: poll.closes_at?.toISOString() ?? null } : {}),
      },
      after: {
        title,
        purpose,
        participants_added: added,
        participants_removed: removed,
        invited,
        ...(changedClose ? { closes_at: closesAt?.toISOString() ?? null } : {}),
      },
    });
  });
}

/** Proposes more start times, read in the poll's zone; times it already proposes are refused. */
export async function addPollSlots(
  db: Kysely<Database>,
  args: { actor: Actor; forumId: string; pollId: string; slots: string[] },
): Promise<SlotRow[]> {
  return changeOpenPoll(db, args, async (trx, poll) => {
    const fields: FieldErrors = {};
    const instants = parseSlots(args.slots, poll.time_zone, fields);
    if (Object.keys(fields).length)
      throw invalid("Some fields need correcting.", fields, { messageKey: "error.invalid.fields" });
    const added = await insertSlots(trx, poll.id, instants);
    if (added.length < instants.length)
      throw invalid(
        "That time is already proposed.",
        { slots: "meetings.error.slotTaken" },
        { messageKey: "meetings.error.slotTaken" },
      );
    await recordAudit(trx, {
      actor: args.actor,
      forumId: poll.forum_id,
      action: "meeting.poll.slot.add",
      subjectType: "poll",
      subjectId: poll.id,
      after: { slots: added.map((s) => s.starts_at.toISOString()) },
    });
    return added;
  });
}

/** Withdraws a start time and its answers; nobody is told. The last slot cannot go. */
export async function removePollSlot(
  db: Kysely<Database>,
  args: { actor: Actor; forumId: string; pollId: string; slotId: string },
): Promise<void> {
  await changeOpenPoll(db, args, async (trx, poll) => {
    const slots = await selectSlots(trx, poll.id);
    const slot = slots.find((s) => s.id === args.slotId);
    if (!slot) throw notFound("This poll has no such time.", { messageKey: "meetings.refusal.noSlot" });
    if (slots.length === 1)
      throw new AppError(
        "conflict",
        "A poll needs at least one proposed time: add another before removing this one.",
        { messageKey: "meetings.error.lastSlot" },
      );
    const answers = await deleteSlot(trx, poll.id, slot.id);
    await recordAudit(trx, {
      actor: args.actor,
      forumId: poll.forum_id,
      action: "meeting.poll.slot.remove",
      subjectType: "poll",
      subjectId: poll.id,
      before: { starts_at: slot.starts_at.toISOString(), answers },
    });
  });
}

/** Deletes an open poll with its times, the people asked and their answers. */
export async function deletePoll(
  db: Kysely<Database>,
  args: { actor: Actor; forumId: string; pollId: string },
): Promise<void> {
  await changeOpenPoll(db, args, async (trx, poll) => {
    const slots = await selectSlots(trx, poll.id);
    await deletePollRow(trx, poll.id);
    await recordAudit(trx, {
      actor: args.actor,
      forumId: poll.forum_id,
      action: "meeting.poll.delete",
      subjectType: "poll",
      subjectId: poll.id,
      before: { title: poll.title, kind: poll.kind, slots: slots.map((s) => s.starts_at.toISOString()) },
    });
  });
}

export function sameInstant(a: Date | null, b: Date | null): boolean {
  return (a?.getTime() ?? null) === (b?.getTime() ?? null);
}
