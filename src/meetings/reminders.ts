// The daily reminder of overdue next steps: mails each owner whose open items are past due (at most once a
// week per item), then schedules its own next run for the same hour tomorrow.
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import { enqueueJob } from "../jobs/queue.js";
import { composeMail } from "../mail/compose.js";
import { queueMail } from "../mail/outbox.js";
import { isLocale, type Locale } from "../ui/i18n/locales.js";
import { translator } from "../ui/i18n/translate.js";
import { selectOverdueActions, updateActionRow } from "./queries.js";

export const REMIND_OVERDUE_JOB = "meetings.remind-overdue";
const DAY_MS = 24 * 3600_000;
/** The hour (UTC) the daily run aims for. */
const RUN_HOUR_UTC = 6;

const isoDay = (at: Date) => at.toISOString().slice(0, 10);

/** When the next daily run is due: the next 06:00 UTC after `now`. */
export function nextReminderRun(now: Date): Date {
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), RUN_HOUR_UTC));
  return today.getTime() > now.getTime() ? today : new Date(today.getTime() + DAY_MS);
}

/** Sends the reminders due now and schedules tomorrow's run, in one transaction; returns how many mails. */
export async function remindOverdueActions(
  db: Kysely<Database>,
  args: { now: Date; publicUrl: string },
): Promise<number> {
  const today = isoDay(args.now);
  const weekAgo = isoDay(new Date(args.now.getTime() - 7 * DAY_MS));
  return db.transaction().execute(async (trx) => {
    const overdue = await selectOverdueActions(trx, today, weekAgo);
    const byOwner = new Map<string, typeof overdue>();
    for (const item of overdue) byOwner.set(item.email, [...(byOwner.get(item.email) ?? []), item]);
    for (const [email, items] of byOwner) {
      const first = items[0]!;
      const locale: Locale = isLocale(first.preferred_language) ? first.preferred_language : "en";
      const t = translator(locale);
      const mail = composeMail({
        locale,
        subject: t("meetings.reminder.subject", { count: items.length }),
        greeting: t("meetings.invite.greeting", { name: first.owner_name }),
        paragraphs: [
          t("meetings.reminder.body", { count: items.length }),
          ...items.map((i) => `• ${i.text} (${i.due_text || i.due_date}) — ${i.forum_name}`),
        ],
        action: { label: t("meetings.reminder.open"), url: `${args.publicUrl}/me/actions` },
      });
      await queueMail(trx, {
        to: email,
        toName: first.owner_name,
        kind: "meeting.action.reminder",
        bulk: true,
        ...mail,
      });
      for (const item of items) await updateActionRow(trx, item.id, { last_reminded_on: today });
    }
    await enqueueJob(trx, REMIND_OVERDUE_JOB, {}, { runAt: nextReminderRun(args.now) });
    return byOwner.size;
  });
}

/** The job handler for the runner (registered in server/jobs.ts). */
export function reminderJobHandler(deps: {
  db: Kysely<Database>;
  clock: () => Date;
  publicUrl: () => string;
}) {
  return async () => {
    await remindOverdueActions(deps.db, { now: deps.clock(), publicUrl: deps.publicUrl() });
  };
}
