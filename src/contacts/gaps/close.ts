// A gap closes when its contact gets an address: the secretariat hears of it by mail, queued in the outbox in the
// transaction of the change that filled it (so a rolled-back change sends nothing).
import type { Kysely } from "kysely";
import { recordAudit } from "../../audit/index.js";
import { type Actor, selectForumPeople } from "../../auth/index.js";
import type { Database } from "../../db/schema.js";
import { forumById } from "../../forums/index.js";
import { composeMail, queueMail } from "../../mail/index.js";
import { isLocale } from "../../ui/i18n/locales.js";
import { translator } from "../../ui/i18n/translate.js";
import { type ContactRow, closeGap } from "../queries.js";

/** Closes the contact's open gap, if any, and queues a note to each of the secretariat; pass the transaction. */
export async function fillGapIfOpen(
  trx: Kysely<Database>,
  args: { actor: Actor; contact: ContactRow; now: Date; publicUrl: string },
): Promise<boolean> {
  const gap = await closeGap(trx, args.contact.id, args.now);
  if (!gap) return false;
  await recordAudit(trx, {
    actor: args.actor,
    forumId: args.contact.forum_id,
    action: "contact.gap.fill",
    subjectType: "contact",
    subjectId: args.contact.id,
    after: { gap: gap.id, assignee: gap.assignee_label },
  });
  const forum = await forumById(trx, args.contact.forum_id);
  const language = forum?.languages[0];
  const locale = isLocale(language) ? language : "en";
  const t = translator(locale);
  const people = await selectForumPeople(trx, args.contact.forum_id);
  for (const person of people.filter((p) => p.roles.includes("secretariat"))) {
    const mail = composeMail({
      locale,
      subject: t("contacts.gaps.filledSubject", { name: args.contact.name }),
      greeting: t("contacts.gaps.filledGreeting", { name: person.name }),
      paragraphs: [t("contacts.gaps.filledBody", { name: args.contact.name, by: gap.assignee_label })],
      action: forum
        ? {
            label: t("contacts.gaps.filledOpen"),
            url: `${args.publicUrl}/f/${forum.slug}/contacts/${args.contact.id}`,
          }
        : undefined,
    });
    await queueMail(trx, {
      to: person.email,
      toName: person.name,
      kind: "contact.gap.filled",
      forumId: args.contact.forum_id,
      ...mail,
    });
  }
  return true;
}
