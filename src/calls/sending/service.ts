// Sending the call: recipients, one personalised message per recipient in their language, per-recipient
// delivery status read from the outbox, scheduled reminders to those who have not contributed, and the
// signed unsubscribe link every message carries.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Kysely } from "kysely";
import { recordAudit } from "../../audit/index.js";
import type { Actor } from "../../auth/index.js";
import { actorLabel, isPlausibleEmail } from "../../auth/index.js";
import {
  ensureContacts,
  type OutreachFilter,
  type OutreachRecipient,
  optedOutEmails,
  outreachFilterFields,
  outreachFilterOf,
  outreachRecipients,
  recordOptOut,
  recordOutreach,
} from "../../contacts/index.js";
import { contributorEmailsForCycle } from "../../contributions/index.js";
import type { Database } from "../../db/schema.js";
import { inTransaction } from "../../db/transaction.js";
import {
  type CycleRow,
  type ForumRow,
  findCycle,
  isValidTimeZone,
  subscribedAddresses,
  zonedDateTimeToInstant,
} from "../../forums/index.js";
import { enqueueJob } from "../../jobs/queue.js";
import { composeMail, getOutboxMessage, queueMail } from "../../mail/index.js";
import type { AppServices } from "../../server/app.js";
import { invalid, notFound } from "../../server/errors.js";
import { isLocale, type Locale } from "../../ui/i18n/locales.js";
import { translator } from "../../ui/i18n/translate.js";
import { callLanguage } from "../call/service.js";
import { callMailDeadlineLines, callWindow } from "../deadlines.js";
import { requireCallSender } from "../policy.js";
import { listPublishedQuestionnaires } from "../published.js";
import {
  type CallRow,
  cancelScheduledReminder,
  insertReminder,
  insertSend,
  lockCall,
  markReminderSent,
  markUnsubscribed,
  type RecipientRow,
  selectCall,
  selectLatestSends,
  selectRecipients,
  selectRecipientsSentTheCall,
  selectReminderForUpdate,
  selectReminders,
  upsertRecipient,
} from "../queries.js";
import type { Scope } from "../questionnaire/service.js";
import { pickText } from "../questionnaire-model.js";
import { forumLanguages } from "../view.js";
import type { RecipientInput } from "./recipients.js";

export const CALL_REMINDER_JOB = "calls.reminder";
declare module "../../jobs/kinds.js" {
  interface JobPayloads {
    "calls.reminder": { reminderId: string; forum: string; year: number };
  }
}

/** Where links in mail point, and the key that signs unsubscribe links. */
export interface MailSettings {
  publicUrl: string;
  secret: string;
}

/** The signature of an unsubscribe link for one address in one forum. */
export function unsubscribeSignature(secret: string, forumId: string, email: string): string {
  return createHmac("sha256", secret)
    .update(`calls-unsubscribe\n${forumId}\n${email.toLowerCase()}`)
    .digest("base64url");
}

/** The unsubscribe link for an address. */
export function unsubscribeUrl(
  settings: MailSettings,
  forum: Pick<ForumRow, "id" | "slug">,
  email: string,
): string {
  const sig = unsubscribeSignature(settings.secret, forum.id, email);
  return `${settings.publicUrl}/f/${forum.slug}/calls/unsubscribe?email=${encodeURIComponent(email)}&sig=${sig}`;
}

/** Whether an unsubscribe link's signature is right. */
export function checkUnsubscribeSignature(
  secret: string,
  forumId: string,
  email: string,
  sig: string,
): boolean {
  const expected = Buffer.from(unsubscribeSignature(secret, forumId, email));
  const given = Buffer.from(sig);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Stops calls and reminders of a forum to an address, from the signed link in a message. */
export async function unsubscribeFromCalls(
  db: Kysely<Database>,
  args: { forum: ForumRow; email: string; sig: string; secret: string; now: Date },
): Promise<number> {
  const email = args.email.trim().toLowerCase();
  if (!checkUnsubscribeSignature(args.secret, args.forum.id, email, args.sig))
    throw notFound("This unsubscribe link is not valid.", { messageKey: "forums.unsubscribe.invalid" });
  return inTransaction(db, async (trx) => {
    const count = await markUnsubscribed(trx, args.forum.id, email, args.now);
    await recordOptOut(trx, { forumId: args.forum.id, email, at: args.now });
    await recordAudit(trx, {
      actor: { kind: "system", label: `unsubscribe link of ${email}` },
      forumId: args.forum.id,
      action: "call.unsubscribe",
      subjectType: "call_recipient",
      after: { email, rows: count },
    });
    return count;
  });
}

async function requireCall(db: Kysely<Database>, cycleId: string): Promise<CallRow> {
  const call = await selectCall(db, cycleId);
  if (!call)
    throw notFound("Write the call before adding recipients.", {
      messageKey: "calls.refusal.writeCallFirst",
    });
  return call;
}

/** Adds contacts picked by a filter to the call's recipients (known addresses gain tags); returns how many are new. */
export async function addPeopleAsRecipients(
  db: Kysely<Database>,
  args: { callId: string; forumId: string; people: OutreachRecipient[] },
): Promise<number> {
  let added = 0;
  for (const p of args.people) {
    const result = await upsertRecipient(db, {
      callId: args.callId,
      forumId: args.forumId,
      email: p.email,
      name: p.name,
      organisation: p.organisation,
      stakeholderGroup: p.stakeholderGroup,
      country: p.country,
      language: null,
      tags: p.tags,
    });
    if (result.inserted) added++;
  }
  return added;
}

/** Adds recipients (pasted, CSV or API) to the call; known addresses gain tags and missing details. */
export async function addRecipients(
  db: Kysely<Database>,
  scope: Scope & { recipients: RecipientInput[]; tags?: string[]; language?: string },
): Promise<{ added: number; updated: number }> {
  const { actor, forum, cycle } = scope;
  await requireCallSender(db, actor, forum.id);
  const call = await requireCall(db, cycle.id);
  if (!scope.recipients.length)
    throw invalid(
      "Add at least one recipient.",
      { recipients: "calls.recipients.none" },
      { messageKey: "calls.recipients.none" },
    );
  if (scope.recipients.some((r) => !isPlausibleEmail(r.email)))
    throw invalid(
      "Every recipient needs a valid e-mail address.",
      {
        recipients: "calls.recipients.badAddress",
      },
      { messageKey: "calls.refusal.recipientAddress" },
    );
  const language = scope.language && isLocale(scope.language) ? scope.language : null;
  return inTransaction(db, async (trx) => {
    let added = 0;
    let updated = 0;
    for (const r of scope.recipients) {
      const result = await upsertRecipient(trx, {
        callId: call.id,
        forumId: forum.id,
        email: r.email.trim().toLowerCase(),
        name: r.name.trim(),
        organisation: r.organisation ?? "",
        stakeholderGroup: r.stakeholderGroup ?? "",
        country: r.country ?? "",
        language: r.language && isLocale(r.language) ? r.language : language,
        tags: [...new Set([...(r.tags ?? []), ...(scope.tags ?? [])])],
      });
      if (result.inserted) added++;
      else updated++;
    }
    // Addresses typed by hand join the forum's contacts, so their history is kept with the rest.
    await ensureContacts(trx, {
      actor,
      forumId: forum.id,
      label: actorLabel(actor),
      people: scope.recipients,
    });
    await recordAudit(trx, {
      actor,
      forumId: forum.id,
      action: "call.recipients.add",
      subjectType: "call",
      subjectId: call.id,
      after: { added, updated, tags: scope.tags ?? [] },
    });
    return { added, updated };
  });
}

/**
 * Composes the call (or a reminder) for one recipient, in their language when the forum offers it, stating
 * the deadlines still ahead when it goes out.
 */
async function composeFor(
  db: Kysely<Database>,
  kind: "call" | "reminder",
  context: {
    forum: ForumRow;
    cycle: CycleRow;
    call: CallRow;
    original: string;
    settings: MailSettings;
    /** When the mail goes out: it states the deadlines still ahead then. */
    now: Date;
  },
  recipient: RecipientRow,
) {
  const { forum, cycle, call, original, settings, now } = context;
  const languages = forumLanguages(forum);
  const lang: Locale =
    recipient.language && isLocale(recipient.language) && languages.includes(recipient.language)
      ? recipient.language
      : isLocale(original)
        ? original
        : "en";
  const t = translator(lang);
  const deadlines = await callMailDeadlineLines(db, cycle.id, now, lang, t);
  const unsubscribe = unsubscribeUrl(settings, forum, recipient.email);
  const values = { forum: forum.name, year: cycle.year };
  const mail = composeMail({
    locale: lang,
    // The secretariat's own title for the call, when it gave one, in the recipient's language if translated.
    subject:
      kind === "call" && call.texts.title
        ? pickText(call.texts.title, lang, original as Locale)
        : t(kind === "call" ? "calls.mail.subject" : "calls.mail.reminderSubject", values),
    greeting: recipient.name ? t("mail.greeting", { name: recipient.name }) : t("calls.mail.greetingNoName"),
    paragraphs: [
      ...(kind === "reminder" ? [t("calls.mail.reminderIntro", values)] : []),
      pickText(call.texts.message, lang, original as Locale),
      ...deadlines,
      // The message may speak of "the questions"; the mail carries a link to them, not the questions themselves.
      t("calls.mail.howTo"),
    ].filter(Boolean),
    action: {
      label: t("calls.mail.action"),
      url: `${settings.publicUrl}/f/${forum.slug}/${cycle.year}/call?lang=${lang}`,
    },
    footer: t("calls.mail.footer", { url: unsubscribe }),
  });
  return {
    to: recipient.email,
    toName: recipient.name,
    kind: kind === "call" ? "call.invitation" : "call.reminder",
    forumId: forum.id,
    bulk: true,
    headers: {
      "List-Unsubscribe": `<${unsubscribe}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
    ...mail,
  };
}

/** Someone the call would go to if sent now: a recipient not yet sent it, or a mailing-list subscriber. */
export interface PendingRecipient {
  email: string;
  name: string;
  /** Comes from the forum's mailing list (not added by hand). */
  fromList: boolean;
}

/** Who would receive the call if it were sent now, without changing anything. */
async function pendingRecipients(
  db: Kysely<Database>,
  forumId: string,
  callId: string,
): Promise<{ pending: PendingRecipient[]; everAdded: number }> {
  const recipients = await selectRecipients(db, callId);
  const already = await selectRecipientsSentTheCall(db, callId);
  const known = new Set(recipients.map((r) => r.email.toLowerCase()));
  const subscribers = await subscribedAddresses(db, forumId);
  const optedOut = await optedOutEmails(db, forumId);
  const listed = new Set(subscribers.map((s) => s.email.toLowerCase()));
  const pending: PendingRecipient[] = recipients
    .filter((r) => !r.unsubscribed_at && !already.has(r.id) && !optedOut.has(r.email.toLowerCase()))
    .map((r) => ({ email: r.email, name: r.name, fromList: listed.has(r.email.toLowerCase()) }));
  for (const s of subscribers)
    if (!known.has(s.email.toLowerCase()) && !optedOut.has(s.email.toLowerCase()))
      pending.push({ email: s.email, name: s.name ?? "", fromList: true });
  return { pending, everAdded: recipients.length + subscribers.length };
}

/** What the send page shows before sending: who would receive the call, and whether the call has closed. */
export async function callSendPreview(db: Kysely<Database>, scope: Scope) {
  await requireCallSender(db, scope.actor, scope.forum.id);
  const call = await selectCall(db, scope.cycle.id);
  const window = await callWindow(db, scope.cycle, scope.now);
  if (!call) return { pending: [] as PendingRecipient[], window };
  return { pending: (await pendingRecipients(db, scope.forum.id, call.id)).pending, window };
}

/** What the sender confirmed: that they checked the recipients (how many they saw), and sending after the close. */
export interface SendConfirmation {
  checkedRecipients: boolean;
  /** How many recipients the page showed; sending refuses if the list has changed since. */
  expected?: number;
  afterClose?: boolean;
}

/**
 * Sends the call to every recipient who has not had it yet (and has not unsubscribed) and to the forum's
 * mailing-list subscribers; returns how many. The sender must confirm the recipients, and confirm again when
 * the call has closed.
 */
export async function sendCall(
  db: Kysely<Database>,
  scope: Scope & { settings: MailSettings; confirm: SendConfirmation },
): Promise<number> {
  const { actor, forum, cycle, confirm } = scope;
  await requireCallSender(db, actor, forum.id);
  const call = await requireCall(db, cycle.id);
  if (!(await listPublishedQuestionnaires(db, cycle.id)).length)
    throw invalid(
      "Publish the questionnaire before sending the call.",
      { send: "calls.send.notPublished" },
      { messageKey: "calls.send.notPublished" },
    );
  const window = await callWindow(db, cycle, scope.now);
  const original = await callLanguage(db, scope);
  return inTransaction(db, async (trx) => {
    // Two secretariat members pressing "send" at once must not mail everyone twice: the call's row is the lock.
    await lockCall(trx, call.id);
    const preview = await pendingRecipients(trx, forum.id, call.id);
    if (!preview.pending.length)
      throw invalid(
        "There is nobody to send the call to.",
        {
          send: preview.everAdded ? "calls.send.allSent" : "calls.send.nobody",
        },
        { messageKey: "calls.send.allSent" },
      );
    if (confirm.expected !== undefined && confirm.expected !== preview.pending.length)
      throw invalid(
        "The recipients changed since the page was shown.",
        { send: "calls.send.changed" },
        { messageKey: "calls.send.changed" },
      );
    const refusals: Record<string, string> = {};
    if (!confirm.checkedRecipients) refusals.confirm = "calls.send.confirmRequired";
    if (window.state === "closed" && !confirm.afterClose)
      refusals.confirm_closed = "calls.send.closedConfirmRequired";
    if (Object.keys(refusals).length)
      throw invalid("Confirm before sending the call.", refusals, {
        messageKey: "calls.refusal.confirmSend",
      });
    // The forum's mailing list receives the call too: its subscribers join the recipients, tagged "list".
    for (const member of await subscribedAddresses(trx, forum.id)) {
      await upsertRecipient(trx, {
        callId: call.id,
        forumId: forum.id,
        email: member.email,
        name: member.name ?? "",
        organisation: "",
        stakeholderGroup: "",
        country: "",
        language: member.language && isLocale(member.language) ? member.language : null,
        tags: ["list"],
      });
    }
    const already = await selectRecipientsSentTheCall(trx, call.id);
    // A contact marked opted out is never written to, even pasted as a recipient.
    const optedOut = await optedOutEmails(trx, forum.id);
    const pending = (await selectRecipients(trx, call.id)).filter(
      (r) => !r.unsubscribed_at && !already.has(r.id) && !optedOut.has(r.email.toLowerCase()),
    );
    const sent: { email: string; mailId: string }[] = [];
    for (const r of pending) {
      const mailId = await queueMail(
        trx,
        await composeFor(
          trx,
          "call",
          { forum, cycle, call, original, settings: scope.settings, now: scope.now },
          r,
        ),
      );
      await insertSend(trx, { callId: call.id, recipientId: r.id, kind: "call", mailId });
      sent.push({ email: r.email, mailId });
    }
    await recordOutreach(trx, {
      forumId: forum.id,
      kind: "invited",
      detail: String(cycle.year),
      sent,
      at: scope.now,
    });
    await recordAudit(trx, {
      actor,
      forumId: forum.id,
      action: "call.send",
      subjectType: "call",
      subjectId: call.id,
      after: {
        recipients: pending.length,
        ...(window.state === "closed" ? { after_close: true } : {}),
      },
    });
    return pending.length;
  });
}

/** Reads a "YYYY-MM-DDTHH:mm" wall-clock reading in a zone as an instant, or undefined. */
export function parseLocalDateTime(value: string, timeZone: string): Date | undefined {
  const m = value.match(/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/);
  if (!m || !isValidTimeZone(timeZone)) return undefined;
  try {
    return zonedDateTimeToInstant(
      { year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: +m[4]!, minute: +m[5]!, second: 0 },
      timeZone,
    );
  } catch {
    return undefined;
  }
}

/**
 * Schedules a reminder (or sends it now) to those who have not contributed: the call's recipients, optionally
 * only those with a tag; or, given an audience, the forum's contacts matching that filter (who join the
 * recipients when it goes out).
 */
export async function scheduleReminder(
  db: Kysely<Database>,
  scope: Scope & {
    input: {
      runAt: Date | string;
      timeZone?: string;
      tag?: string;
      audience?: OutreachFilter;
      sendNow?: boolean;
    };
  },
) {
  const { actor, forum, cycle, input } = scope;
  await requireCallSender(db, actor, forum.id);
  const call = await requireCall(db, cycle.id);
  const runAt = input.sendNow
    ? scope.now
    : input.runAt instanceof Date
      ? input.runAt
      : parseLocalDateTime(input.runAt, input.timeZone || forum.time_zone);
  if (!runAt || Number.isNaN(runAt.getTime()))
    throw invalid(
      "Give a date and time.",
      { runAt: "calls.reminder.whenInvalid" },
      { messageKey: "calls.reminder.whenInvalid" },
    );
  if (!input.sendNow && runAt.getTime() <= scope.now.getTime())
    throw invalid(
      "Choose a moment in the future.",
      { runAt: "calls.reminder.past" },
      { messageKey: "calls.reminder.past" },
    );
  const tag = (input.tag ?? "").trim().toLowerCase() || null;
  const audience = input.audience ? outreachFilterFields({ ...input.audience, notContributed: true }) : null;
  if (input.audience) {
    const matching = await outreachRecipients(db, {
      forumId: forum.id,
      filter: { ...input.audience, notContributed: true },
      cycleId: cycle.id,
    });
    if (input.sendNow && matching.length === 0)
      throw invalid(
        "No contact matches.",
        { reminders: "calls.outreach.noMatch" },
        { messageKey: "calls.outreach.noMatch" },
      );
  }
  return inTransaction(db, async (trx) => {
    const reminder = await insertReminder(trx, {
      callId: call.id,
      runAt,
      tag: audience ? null : tag,
      audience,
      createdBy: actorLabel(actor),
    });
    await enqueueJob(
      trx,
      CALL_REMINDER_JOB,
      { reminderId: reminder.id, forum: forum.slug, year: cycle.year },
      { runAt },
    );
    await recordAudit(trx, {
      actor,
      forumId: forum.id,
      action: "call.reminder.schedule",
      subjectType: "call_reminder",
      subjectId: reminder.id,
      after: {
        run_at: runAt.toISOString(),
        tag: audience ? null : tag,
        audience,
        now: Boolean(input.sendNow),
      },
    });
    return reminder;
  });
}

/** Cancels a scheduled reminder, so its job sends nothing when it comes due. */
export async function cancelReminder(db: Kysely<Database>, scope: Scope & { reminderId: string }) {
  const { actor, forum, cycle } = scope;
  await requireCallSender(db, actor, forum.id);
  const call = await requireCall(db, cycle.id);
  return inTransaction(db, async (trx) => {
    // Locked like the job locks it: a reminder being sent right now is either sent or cancelled, not both.
    const reminder = await selectReminderForUpdate(trx, scope.reminderId);
    if (!reminder || reminder.call_id !== call.id)
      throw notFound("No such reminder.", { messageKey: "calls.refusal.noReminder" });
    const cancelled = await cancelScheduledReminder(trx, reminder.id, call.id);
    if (!cancelled)
      throw invalid(
        "Only a reminder that has not gone out yet can be cancelled.",
        {
          reminders: "calls.reminder.notScheduled",
        },
        { messageKey: "calls.reminder.notScheduled" },
      );
    await recordAudit(trx, {
      actor,
      forumId: forum.id,
      action: "call.reminder.cancel",
      subjectType: "call_reminder",
      subjectId: reminder.id,
      before: { status: reminder.status, run_at: reminder.run_at.toISOString(), tag: reminder.tag },
      after: { status: "cancelled" },
    });
    return cancelled;
  });
}

/** Sends a due reminder: to recipients (of its tag, if any) who have not contributed and have not unsubscribed. */
export async function runReminder(
  db: Kysely<Database>,
  args: { reminderId: string; forumSlug: string; year: number; settings: MailSettings; now: Date },
): Promise<number> {
  const { forum, cycle } = await findCycle(db, args.forumSlug, args.year);
  const original = await callLanguage(db, { forum, cycle });
  return inTransaction(db, async (trx) => {
    const reminder = await selectReminderForUpdate(trx, args.reminderId);
    // A cancelled (or already sent) reminder's job ends here, sending nothing.
    if (reminder?.status !== "scheduled") return 0;
    const call = await selectCall(trx, cycle.id);
    if (!call || call.id !== reminder.call_id) return 0;
    const contributors = await contributorEmailsForCycle(trx, cycle.id);
    // An audience of contacts: those matching it now join the recipients, and only they are reminded.
    let wanted: Set<string> | null = null;
    if (reminder.audience) {
      const people = await outreachRecipients(trx, {
        forumId: forum.id,
        filter: outreachFilterOf(reminder.audience),
        cycleId: cycle.id,
      });
      await addPeopleAsRecipients(trx, { callId: call.id, forumId: forum.id, people });
      wanted = new Set(people.map((p) => p.email));
    }
    const optedOut = await optedOutEmails(trx, forum.id);
    const targets = (await selectRecipients(trx, call.id)).filter(
      (r) =>
        !r.unsubscribed_at &&
        !optedOut.has(r.email.toLowerCase()) &&
        !contributors.has(r.email.toLowerCase()) &&
        (wanted ? wanted.has(r.email.toLowerCase()) : reminder.tag === null || r.tags.includes(reminder.tag)),
    );
    const sent: { email: string; mailId: string }[] = [];
    for (const r of targets) {
      const mailId = await queueMail(
        trx,
        await composeFor(
          trx,
          "reminder",
          { forum, cycle, call, original, settings: args.settings, now: args.now },
          r,
        ),
      );
      await insertSend(trx, {
        callId: call.id,
        recipientId: r.id,
        kind: "reminder",
        reminderId: reminder.id,
        mailId,
      });
      sent.push({ email: r.email, mailId });
    }
    await recordOutreach(trx, {
      forumId: forum.id,
      kind: "reminded",
      detail: String(cycle.year),
      sent,
      at: args.now,
    });
    await markReminderSent(trx, reminder.id, targets.length, args.now);
    const actor: Actor = { kind: "system", label: "scheduled reminder" };
    await recordAudit(trx, {
      actor,
      forumId: forum.id,
      action: "call.reminder.send",
      subjectType: "call_reminder",
      subjectId: reminder.id,
      after: { recipients: targets.length, tag: reminder.tag },
    });
    return targets.length;
  });
}

/** Registers the reminder job's handler on the app's runner. */
export function registerCallJobs(
  services: Pick<AppServices, "jobs" | "database" | "config" | "secret" | "clock">,
): void {
  services.jobs.register(CALL_REMINDER_JOB, async (job) => {
    const payload = job.payload;
    await runReminder(services.database.db, {
      reminderId: payload.reminderId,
      forumSlug: payload.forum,
      year: payload.year,
      settings: { publicUrl: services.config.publicUrl, secret: services.secret },
      now: services.clock(),
    });
  });
}

/** Each recipient with the status of the last message queued to them (read from the outbox), and the reminders. */
export async function callRecipientsWithStatus(db: Kysely<Database>, scope: Omit<Scope, "now">) {
  await requireCallSender(db, scope.actor, scope.forum.id);
  const call = await selectCall(db, scope.cycle.id);
  if (!call) return { call: undefined, recipients: [], reminders: [] };
  const sends = await selectLatestSends(db, call.id);
  const latest = new Map<string, (typeof sends)[number]>();
  for (const s of sends) if (!latest.has(s.recipient_id)) latest.set(s.recipient_id, s);
  const recipients = [];
  for (const r of await selectRecipients(db, call.id)) {
    const send = latest.get(r.id);
    const message = send ? await getOutboxMessage(db, send.mail_id) : undefined;
    recipients.push({
      recipient: r,
      last: send
        ? {
            kind: send.kind,
            at: send.created_at,
            status: message?.status ?? "queued",
            error: message?.last_error ?? null,
          }
        : undefined,
    });
  }
  return { call, recipients, reminders: await selectReminders(db, call.id) };
}
