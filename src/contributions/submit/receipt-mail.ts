// The mails a contributor gets: the receipt (the reference, when it was received and how that stands against
// the deadlines, what happens next, the private link and until when it changes anything, the link that checks
// the address), "your changes were saved", and the confirmation of a withdrawal.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";
import {
  type CycleRow,
  cycleMilestones,
  type ForumRow,
  formatInZone,
  type MilestoneRow,
} from "../../forums/index.js";
import { composeMail, queueMail } from "../../mail/index.js";
import { isLocale } from "../../ui/i18n/locales.js";
import { type Translate, translator } from "../../ui/i18n/translate.js";
import { deadlineText, editDeadline } from "../deadline-policy.js";
import { privatePath, verificationCode } from "../links.js";
import { type ContributionRow, selectAutoPublish } from "../queries.js";

/** What happens to a received contribution next, as its sender should be told. */
export type NextStep = "published" | "after_confirmation" | "secretariat_checks" | "withdrawn" | "hidden";

/** The next step for a contribution: the cycle's auto-publication publishes only confirmed addresses. */
export function nextStep(
  c: Pick<ContributionRow, "status" | "email" | "email_verified_at">,
  autoPublish: boolean,
): NextStep {
  if (c.status === "published" || c.status === "withdrawn" || c.status === "hidden") return c.status;
  if (autoPublish && c.email && !c.email_verified_at) return "after_confirmation";
  return "secretariat_checks";
}

/** What the private link still allows, said truthfully for this contribution at this instant. */
export type EditWindow =
  | { kind: "open"; until?: string }
  | { kind: "closed"; ended: string }
  | { kind: "withdrawn" };

/** Until when the sender may change or withdraw, from the cycle's milestones, written for sentences. */
export function editWindow(
  c: Pick<ContributionRow, "status">,
  milestones: Parameters<typeof editDeadline>[0],
  now: Date,
  locale: string,
  t: Translate,
): EditWindow {
  if (c.status === "withdrawn") return { kind: "withdrawn" };
  const deadline = editDeadline(milestones);
  if (!deadline) return { kind: "open" };
  const text = deadlineText(deadline, locale, t);
  return now > deadline.at ? { kind: "closed", ended: text } : { kind: "open", until: text };
}

/** Queues a contributor's mail in the change's transaction, in the language of their form. */
export async function queueReceiptMail(
  trx: Kysely<Database>,
  deps: { secret: string; publicUrl: string; now: Date; adminEmail?: string },
  input: {
    forum: ForumRow;
    cycle: CycleRow;
    contribution: ContributionRow;
    kind: "receipt" | "edited" | "withdrawn";
    /** Where to write to the secretariat: the forum's list, else the site's administrator. */
    contact?: string;
    /** What the caller's transaction has already read: the cycle's milestones and its auto-publication. */
    known?: { milestones?: readonly MilestoneRow[]; autoPublish?: boolean };
  },
): Promise<void> {
  const { forum, contribution: c } = input;
  const locale = isLocale(c.form_language) ? c.form_language : "en";
  const t = translator(locale);
  const link = `${deps.publicUrl}${privatePath(deps.secret, c.id)}`;
  const verify = `${link}?v=${verificationCode(deps.secret, c.id, c.email)}`;
  const contact = input.contact ?? forum.mailing_list ?? deps.adminEmail ?? "";
  const received = c.received_at
    ? formatInZone(c.received_at, forum.time_zone, locale, "date-time-seconds")
    : "";
  const reference = c.reference ?? "";
  const values = { reference, forum: forum.name, year: input.cycle.year };
  let paragraphs: string[];
  if (input.kind === "withdrawn") {
    const date = formatInZone(c.withdrawn_at ?? deps.now, forum.time_zone, locale, "date");
    paragraphs = [
      t("contributions.mail.withdrawn.body", { ...values, date }),
      contact ? t("contributions.mail.withdrawn.mistake", { contact }) : "",
      t("contributions.mail.withdrawn.link", { link }),
    ];
  } else {
    const milestones = input.known?.milestones ?? (await cycleMilestones(trx, input.cycle.id));
    const window = editWindow(c, milestones, deps.now, locale, t);
    const next = nextStep(c, input.known?.autoPublish ?? (await selectAutoPublish(trx, input.cycle.id)));
    paragraphs = [
      t(`contributions.mail.${input.kind}.body`, values),
      t("contributions.mail.received", { at: received }),
      c.timeliness ? t(`contributions.timeliness.${c.timeliness}.explain`) : "",
      t(`contributions.next.${next}`),
      window.kind === "closed"
        ? t("contributions.mail.privateLinkClosed", { link, date: window.ended, contact })
        : window.kind === "open" && window.until
          ? t("contributions.mail.privateLinkUntil", { link, date: window.until })
          : t("contributions.mail.privateLink", { link }),
    ];
  }
  const mail = composeMail({
    locale,
    subject: t(`contributions.mail.${input.kind}.subject`, values),
    greeting: t("contributions.mail.greeting", { name: c.contributor_name || c.organisation }),
    paragraphs: paragraphs.filter(Boolean),
    action:
      c.email_verified_at || input.kind === "withdrawn"
        ? undefined
        : { label: t("contributions.mail.verify"), url: verify },
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
