// Reminding those who have not answered a poll: by hand (the secretariat's button) and automatically
// before it closes (a job).
import type { Kysely } from "kysely";
import { recordAudit } from "../../audit/index.js";
import type { Actor } from "../../auth/index.js";
import type { Database } from "../../db/schema.js";
import { inTransaction } from "../../db/transaction.js";
import type { JobOf } from "../../jobs/queue.js";
import { invalid } from "../../server/errors.js";
import { pollParticipants } from "../places.js";
import {
  markPollParticipants,
  type PollRow,
  type SlotRow,
  selectPollAnswerers,
  selectPollForUpdate,
  selectSlots,
} from "../queries.js";
import { queuePollMail } from "./mail.js";

export type { PollRow, SlotRow };

import { changeOpenPoll } from "./edit-service.js";
import { AUTOMATIC_REMINDER_GAP_MS, HOUR_MS, pollPlace } from "./service.js";

/** A manual reminder skips people reminded this recently (a double click, a second secretariat member). */
export const MANUAL_REMINDER_GAP_MS = HOUR_MS;

/** The people asked in a poll who have not answered it, with when they were last reminded. */
export async function unanswered(trx: Kysely<Database>, pollId: string) {
  const answered = await selectPollAnswerers(trx, pollId);
  return (await pollParticipants(trx, pollId)).filter((p) => !answered.has(p.id));
}

/** Mails the reminder to these people, marks them reminded and audits it; returns how many were mailed. */
export async function sendPollReminders(
  trx: Kysely<Database>,
  poll: PollRow,
  people: Awaited<ReturnType<typeof unanswered>>,
  args: { actor: Actor; now: Date; publicUrl: string },
): Promise<number> {
  const slots = await selectSlots(trx, poll.id);
  const place = await pollPlace(trx, poll.cycle_id, args.publicUrl);
  const mailed = await queuePollMail(trx, "reminder", poll, slots, people, place);
  await markPollParticipants(trx, poll.id, mailed, "reminded_at", args.now);
  await recordAudit(trx, {
    actor: args.actor,
    forumId: poll.forum_id,
    action: "meeting.poll.remind",
    subjectType: "poll",
    subjectId: poll.id,
    after: { reminded: mailed.length },
  });
  return mailed.length;
}

export const remindedWithin = (person: { reminded_at: Date | null }, now: Date, gapMs: number) =>
  person.reminded_at !== null && now.getTime() - person.reminded_at.getTime() < gapMs;

/**
 * Reminds everyone asked who has not answered an open poll (the secretariat's button); people reminded in
 * the last hour are skipped, so a double click mails nobody twice. Returns how many were reminded.
 */
export async function remindPoll(
  db: Kysely<Database>,
  args: { actor: Actor; forumId: string; pollId: string; now: Date; publicUrl: string },
): Promise<number> {
  return changeOpenPoll(db, args, async (trx, poll) => {
    const waiting = await unanswered(trx, poll.id);
    if (!waiting.length)
      throw invalid(
        "Everyone asked has answered: there is nobody to remind.",
        {
          remind: "meetings.error.everyoneAnswered",
        },
        { messageKey: "meetings.error.everyoneAnswered" },
      );
    const due = waiting.filter((p) => !remindedWithin(p, args.now, MANUAL_REMINDER_GAP_MS));
    if (!due.length)
      throw invalid(
        "Everyone who has not answered was reminded less than an hour ago.",
        {
          remind: "meetings.error.remindedRecently",
        },
        { messageKey: "meetings.error.remindedRecently" },
      );
    return sendPollReminders(trx, poll, due, args);
  });
}

/**
 * The automatic reminder before a poll closes: to those who have not answered (and were not reminded by hand
 * in the last 12 hours). A poll closed, deleted or given another closing time since the job was made sends
 * nothing. Returns how many were reminded.
 */
export async function runPollReminder(
  db: Kysely<Database>,
  args: { pollId: string; closesAt: string; now: Date; publicUrl: string },
): Promise<number> {
  return inTransaction(db, async (trx) => {
    const poll = await selectPollForUpdate(trx, args.pollId);
    if (poll?.status !== "open" || poll.closes_at?.toISOString() !== args.closesAt) return 0;
    if (args.now.getTime() > poll.closes_at.getTime()) return 0;
    const due = (await unanswered(trx, poll.id)).filter(
      (p) => !remindedWithin(p, args.now, AUTOMATIC_REMINDER_GAP_MS),
    );
    if (!due.length) return 0;
    const actor: Actor = { kind: "system", label: "scheduled poll reminder" };
    return sendPollReminders(trx, poll, due, { ...args, actor });
  });
}

/** The job handler for the automatic poll reminder (registered in server/jobs.ts). */
export function pollReminderJobHandler(deps: {
  db: Kysely<Database>;
  clock: () => Date;
  publicUrl: () => string;
}) {
  return async (job: JobOf<"meetings.poll-reminder">) => {
    await runPollReminder(deps.db, { ...job.payload, now: deps.clock(), publicUrl: deps.publicUrl() });
  };
}
