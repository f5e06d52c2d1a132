// Recipients picked from the forum's contacts by a filter (stakeholder group, region, development status, NRI,
// tag, not yet contributed) instead of pasted, and announcements: one message, written here, to the contacts
// matching a filter. Both through contacts' entry, which records what went to whom in the contact's history.
import type { Kysely } from "kysely";
import { recordAudit } from "../../audit/index.js";
import { type OutreachFilter, outreachRecipients, recordOutreach } from "../../contacts/index.js";
import type { Database } from "../../db/schema.js";
import { inTransaction } from "../../db/transaction.js";
import { composeMail, queueMail } from "../../mail/index.js";
import { invalid, notFound } from "../../server/errors.js";
import { isLocale, type Locale } from "../../ui/i18n/locales.js";
import { translator } from "../../ui/i18n/translate.js";
import { requireCallSender } from "../policy.js";
import { selectCall } from "../queries.js";
import type { Scope } from "../questionnaire/service.js";
import { addPeopleAsRecipients, type MailSettings, unsubscribeUrl } from "./service.js";

/** Adds the forum's contacts matching the filter to the call's recipients; returns how many matched. */
export async function addRecipientsFromContacts(
  db: Kysely<Database>,
  scope: Scope & { filter: OutreachFilter },
): Promise<{ matched: number; added: number }> {
  const { actor, forum, cycle } = scope;
  await requireCallSender(db, actor, forum.id);
  const call = await selectCall(db, cycle.id);
  if (!call)
    throw notFound("Write the call before adding recipients.", {
      messageKey: "calls.refusal.writeCallFirst",
    });
  const people = await outreachRecipients(db, { forumId: forum.id, filter: scope.filter, cycleId: cycle.id });
  if (!people.length)
    throw invalid(
      "No contact matches.",
      { contacts: "calls.outreach.noMatch" },
      { messageKey: "calls.outreach.noMatch" },
    );
  return inTransaction(db, async (trx) => {
    const added = await addPeopleAsRecipients(trx, { callId: call.id, forumId: forum.id, people });
    await recordAudit(trx, {
      actor,
      forumId: forum.id,
      action: "call.recipients.add",
      subjectType: "call",
      subjectId: call.id,
      after: { from_contacts: true, matched: people.length, added, filter: { ...scope.filter } },
    });
    return { matched: people.length, added };
  });
}

/** Sends one announcement to the contacts matching the filter, each with the forum's unsubscribe link. */
export async function sendAnnouncement(
  db: Kysely<Database>,
  scope: Scope & {
    filter: OutreachFilter;
    subject: string;
    body: string;
    confirmed: boolean;
    settings: MailSettings;
  },
): Promise<number> {
  const { actor, forum, cycle } = scope;
  await requireCallSender(db, actor, forum.id);
  const subject = scope.subject.trim().replace(/\s+/g, " ");
  const body = scope.body.trim();
  const errors: Record<string, string> = {};
  if (!subject) errors.announce_subject = "calls.announce.subjectRequired";
  else if (subject.length > 200) errors.announce_subject = "calls.announce.subjectLong";
  if (!body) errors.announce_body = "calls.announce.bodyRequired";
  else if (body.length > 10000) errors.announce_body = "calls.announce.bodyLong";
  if (!scope.confirmed) errors.announce_confirm = "calls.announce.confirmRequired";
  if (Object.keys(errors).length)
    throw invalid("Some fields need correcting.", errors, { messageKey: "error.invalid.fields" });
  const people = await outreachRecipients(db, { forumId: forum.id, filter: scope.filter, cycleId: cycle.id });
  if (!people.length)
    throw invalid(
      "No contact matches.",
      { announce_subject: "calls.outreach.noMatch" },
      { messageKey: "calls.outreach.noMatch" },
    );
  const language = forum.languages[0];
  const locale: Locale = isLocale(language) ? language : "en";
  const t = translator(locale);
  return inTransaction(db, async (trx) => {
    const sent: { email: string; mailId: string }[] = [];
    for (const p of people) {
      const unsubscribe = unsubscribeUrl(scope.settings, forum, p.email);
      const mail = composeMail({
        locale,
        subject,
        greeting: p.name ? t("mail.greeting", { name: p.name }) : t("calls.mail.greetingNoName"),
        paragraphs: body
          .split(/\n{2,}/)
          .map((x) => x.trim())
          .filter(Boolean),
        footer: t("calls.mail.footer", { url: unsubscribe }),
      });
      const mailId = await queueMail(trx, {
        to: p.email,
        toName: p.name,
        kind: "call.announcement",
        forumId: forum.id,
        bulk: true,
        headers: {
          "List-Unsubscribe": `<${unsubscribe}>`,
          "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
        ...mail,
      });
      sent.push({ email: p.email, mailId });
    }
    await recordOutreach(trx, { forumId: forum.id, kind: "announced", detail: subject, sent, at: scope.now });
    await recordAudit(trx, {
      actor,
      forumId: forum.id,
      action: "call.announce",
      subjectType: "cycle",
      subjectId: cycle.id,
      after: { recipients: sent.length, subject, filter: { ...scope.filter } },
    });
    return sent.length;
  });
}
