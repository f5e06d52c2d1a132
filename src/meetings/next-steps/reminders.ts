// The daily reminder of overdue next steps: mails each owner whose open items are past due (at most once a
// week per item), then schedules its own next run for the same hour tomorrow. "Past due" follows the due
// policy (an approximate date has its grace); a step owned by free text ("the Secretariat", "Members")
// goes to the forum's secretariat, who own the follow-up when no one person does.
import type { Kysely } from "kysely";
import { findUserById, selectForumPeople } from "../../auth/index.js";
import type { Database } from "../../db/schema.js";
import { inTransaction } from "../../db/transaction.js";
import { composeMail, queueMail } from "../../mail/index.js";
import { isLocale, type Locale } from "../../ui/i18n/locales.js";
import { translator } from "../../ui/i18n/translate.js";
import { overdueCandidates } from "../places.js";
import { updateActionRow } from "../queries.js";
import { isOverdue } from "./due-policy.js";

export const REMIND_OVERDUE_JOB = "meetings.remind-overdue";
declare module "../../jobs/kinds.js" {
  interface JobPayloads {
    /** Daily; the runner schedules the next run (see server/jobs.ts). */
    "meetings.remind-overdue": Record<string, never>;
  }
}
const DAY_MS = 24 * 3600_000;
/** The hour (UTC) the daily run aims for. */
const RUN_HOUR_UTC = 6;

const isoDay = (at: Date) => at.toISOString().slice(0, 10);

/** Whether an address is in the reserved ".invalid" domain (RFC 2606: the demo's people), which no mail reaches. */
export function isReservedInvalid(email: string): boolean {
  return /\.invalid\.?$/i.test(email.trim());
}

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
  return inTransaction(db, async (trx) => {
    const candidates = await overdueCandidates(trx, today, weekAgo);
    const overdue = candidates.filter((item) => isOverdue(item, today));
    const byOwner = new Map<string, { name: string; language: string | null; items: typeof overdue }>();
    const add = (to: { email: string; name: string; language: string | null }, item: (typeof overdue)[0]) => {
      if (isReservedInvalid(to.email)) return;
      const entry = byOwner.get(to.email) ?? { name: to.name, language: to.language, items: [] };
      entry.items.push(item);
      byOwner.set(to.email, entry);
    };
    const secretariats = new Map<string, { email: string; name: string; language: string | null }[]>();
    for (const item of overdue) {
      if (item.email) {
        add({ email: item.email, name: item.owner_name ?? "", language: item.preferred_language }, item);
        continue;
      }
      let secretariat = secretariats.get(item.forum_id);
      if (!secretariat) {
        const people = (await selectForumPeople(trx, item.forum_id)).filter((p) =>
          p.roles.includes("secretariat"),
        );
        secretariat = [];
        for (const p of people) {
          const user = await findUserById(trx, p.id);
          secretariat.push({ email: p.email, name: p.name, language: user?.preferred_language ?? null });
        }
        secretariats.set(item.forum_id, secretariat);
      }
      for (const person of secretariat) add(person, item);
    }
    const reminded = new Set<string>();
    for (const [email, { name, language, items }] of byOwner) {
      const locale: Locale = language && isLocale(language) ? language : "en";
      const t = translator(locale);
      const own = items.filter((i) => i.email);
      const forumOwned = items.filter((i) => !i.email);
      const due = (i: (typeof items)[0]) => i.due_text || i.due_date;
      const mail = composeMail({
        locale,
        subject: t("meetings.reminder.subject", { count: items.length }),
        greeting: t("meetings.invite.greeting", { name }),
        paragraphs: [
          ...(own.length ? [t("meetings.reminder.body", { count: own.length })] : []),
          ...own.map((i) => `• ${i.text} (${due(i)}) — ${i.forum_name}`),
          ...(forumOwned.length
            ? [t("meetings.reminder.secretariatBody", { count: forumOwned.length })]
            : []),
          ...forumOwned.map(
            (i) =>
              `• ${i.text} (${[due(i), i.owner_text].filter(Boolean).join("; ")}) — ${i.forum_name}: ` +
              `${args.publicUrl}/f/${i.forum_slug}/${i.year}/meetings/${i.meeting_slug}`,
          ),
        ],
        action: { label: t("meetings.reminder.open"), url: `${args.publicUrl}/me/actions` },
      });
      await queueMail(trx, {
        to: email,
        toName: name,
        // A reminder of one's own next steps is not list mail: no List-Unsubscribe (it stops when done).
        kind: "meeting.action.reminder",
        ...mail,
      });
      for (const item of items) reminded.add(item.id);
    }
    for (const id of reminded) await updateActionRow(trx, id, { last_reminded_on: today });
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
