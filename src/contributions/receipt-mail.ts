// The receipt mail: the reference, when it was received and how that stands against the deadlines, the
// private link, and the link that checks the address.
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import type { CycleRow, ForumRow } from "../forums/lookup.js";
import { formatInZone } from "../forums/time/zones.js";
import { composeMail } from "../mail/compose.js";
import { queueMail } from "../mail/outbox.js";
import { isLocale } from "../ui/i18n/locales.js";
import { translator } from "../ui/i18n/translate.js";
import { privatePath, verificationCode } from "./links.js";
import type { ContributionRow } from "./queries.js";

/** Queues the receipt (or "your changes were saved") mail in the change's transaction. */
export async function queueReceiptMail(
  trx: Kysely<Database>,
  deps: { secret: string; publicUrl: string },
  input: { forum: ForumRow; cycle: CycleRow; contribution: ContributionRow; kind: "receipt" | "edited" },
): Promise<void> {
  const { forum, contribution: c } = input;
  const locale = isLocale(c.form_language) ? c.form_language : "en";
  const t = translator(locale);
  const link = `${deps.publicUrl}${privatePath(deps.secret, c.id)}`;
  const verify = `${link}?v=${verificationCode(deps.secret, c.id, c.email)}`;
  const received = c.received_at
    ? formatInZone(c.received_at, forum.time_zone, locale, "date-time-seconds")
    : "";
  const reference = c.reference ?? "";
  const mail = composeMail({
    locale,
    subject: t(`contributions.mail.${input.kind}.subject`, { reference, forum: forum.name }),
    greeting: t("contributions.mail.greeting", { name: c.contributor_name || c.organisation }),
    paragraphs: [
      t(`contributions.mail.${input.kind}.body`, { reference, forum: forum.name, year: input.cycle.year }),
      t("contributions.mail.received", { at: received }),
      c.timeliness ? t(`contributions.timeliness.${c.timeliness}.explain`) : "",
      t("contributions.mail.privateLink", { link }),
    ].filter(Boolean),
    action: c.email_verified_at ? undefined : { label: t("contributions.mail.verify"), url: verify },
    footer: t("contributions.mail.footer", { forum: forum.name }),
  });
  await queueMail(trx, {
    to: c.email,
    toName: c.contributor_name,
    kind: `contribution.${input.kind}`,
    forumId: forum.id,
    ...mail,
  });
}
