// Mail about scheduling polls and the meetings they settle: the invitation to answer a poll, the reminder to
// those who have not, and the meeting's invitation. Each is in the recipient's language; times are on the
// recipient's own clock when their profile gives a zone (and then say so), otherwise on the meeting's clock
// with that zone named, never presented as "your time".
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";
import { describeZone, formatInZone, isValidTimeZone } from "../../forums/index.js";
import { composeMail, queueMail } from "../../mail/index.js";
import { isLocale, type Locale } from "../../ui/i18n/locales.js";
import { type Translate, translator } from "../../ui/i18n/translate.js";
import { isReservedInvalid } from "../next-steps/reminders.js";
import type { PollRow, SlotRow } from "../queries.js";
import { meetingTitle } from "../titles.js";

/** Someone mail about a poll or meeting goes to, as their profile has them. */
export interface Recipient {
  id: string;
  name: string;
  email: string;
  preferred_language: string | null;
  time_zone: string | null;
}

/** Where a poll lives, for its links and the forum's name. */
export interface PollPlace {
  forumId: string;
  forumSlug: string;
  forumName: string;
  year: number;
  publicUrl: string;
}

/** The recipient's language for mail: their profile's, else English. */
export function mailLocale(person: Pick<Recipient, "preferred_language">): Locale {
  return isLocale(person.preferred_language) ? person.preferred_language : "en";
}

/** The recipient's own zone, when their profile gives a valid one. */
export function knownZone(person: Pick<Recipient, "time_zone">): string | undefined {
  return person.time_zone && isValidTimeZone(person.time_zone) ? person.time_zone : undefined;
}

/** A zone as readers see it named: "Japan Standard Time (Asia/Tokyo, UTC+09:00)". */
export function zoneLabel(t: Translate, locale: string, zone: string, at: Date): string {
  const label = describeZone(zone, at, locale);
  if (label.kind === "aoe") return t("meetings.zone.aoe");
  return label.longName
    ? t("meetings.zone.named", { name: label.longName, zone: label.name, offset: label.offset })
    : t("meetings.zone.plain", { zone: label.name, offset: label.offset });
}

const clockFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * "Wednesday, October 11, 2017 at 4:00 PM" on a zone's clock, joined as the locale joins a day and a time,
 * the zone left for the text to name.
 */
export function wallClock(at: Date, zone: string, locale: string): string {
  const key = `${locale}\u0000${zone}`;
  let format = clockFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: "full", timeStyle: "short", timeZone: zone });
    clockFormats.set(key, format);
  }
  return format.format(at);
}

/** The line that says which clock a mail's times are on, and how to make it one's own. */
function zoneLines(
  t: Translate,
  locale: string,
  own: string | undefined,
  zone: string,
  at: Date,
  url: string,
) {
  return own
    ? [t("meetings.pollMail.yourZone", { zone: zoneLabel(t, locale, own, at) })]
    : [
        t("meetings.pollMail.meetingZone", { zone: zoneLabel(t, locale, zone, at) }),
        t("meetings.pollMail.setZone", { url: `${url}/me` }),
      ];
}

/** The invitation to answer a poll, or the reminder to someone who has not, for one person. */
export function pollMail(
  kind: "invitation" | "reminder",
  poll: PollRow,
  slots: readonly SlotRow[],
  person: Recipient,
  place: PollPlace,
) {
  const locale = mailLocale(person);
  const t = translator(locale);
  const own = knownZone(person);
  const zone = own ?? poll.time_zone;
  const first = slots[0]?.starts_at ?? poll.created_at;
  const title = poll.title || meetingTitle(t, poll);
  const values = { forum: place.forumName, title };
  const url = `${place.publicUrl}/f/${place.forumSlug}/${place.year}/polls/${poll.id}`;
  const mail = composeMail({
    locale,
    subject: t(
      kind === "invitation" ? "meetings.pollMail.subject" : "meetings.pollMail.reminderSubject",
      values,
    ),
    greeting: t("meetings.invite.greeting", { name: person.name }),
    paragraphs: [
      t(kind === "invitation" ? "meetings.pollMail.body" : "meetings.pollMail.reminderBody", values),
      slots.map((slot) => `• ${wallClock(slot.starts_at, zone, locale)}`).join("\n"),
      ...zoneLines(t, locale, own, poll.time_zone, first, place.publicUrl),
      t("meetings.pollMail.length", { length: t("meetings.poll.minutes", { count: poll.duration_minutes }) }),
      ...(poll.purpose ? [poll.purpose] : []),
      ...(poll.closes_at
        ? [
            t("meetings.pollMail.answerBy", {
              when: formatInZone(poll.closes_at, zone, locale, "date-time-unzoned"),
              zone: zoneLabel(t, locale, zone, poll.closes_at),
            }),
          ]
        : []),
    ],
    action: { label: t("meetings.pollMail.open"), url },
  });
  return {
    to: person.email,
    toName: person.name,
    kind: kind === "invitation" ? "meeting.poll.invitation" : "meeting.poll.reminder",
    forumId: place.forumId,
    ...mail,
  };
}

/**
 * Queues the poll's invitation (or reminder) to each person, in the caller's transaction, and returns the
 * ids of those mailed; addresses in the reserved ".invalid" domain (the demo's people) get nothing.
 */
export async function queuePollMail(
  trx: Kysely<Database>,
  kind: "invitation" | "reminder",
  poll: PollRow,
  slots: readonly SlotRow[],
  people: readonly Recipient[],
  place: PollPlace,
): Promise<string[]> {
  const mailed: string[] = [];
  for (const person of people) {
    if (isReservedInvalid(person.email)) continue;
    await queueMail(trx, pollMail(kind, poll, slots, person, place));
    mailed.push(person.id);
  }
  return mailed;
}

/** The meeting invitation's opening paragraphs: when it is, on the recipient's clock if known, zones named. */
export function meetingInvitationLines(
  t: Translate,
  locale: string,
  person: Pick<Recipient, "time_zone">,
  meeting: { title: string; forumName: string; startsAt: Date; timeZone: string; publicUrl: string },
): string[] {
  const own = knownZone(person);
  const values = { title: meeting.title, forum: meeting.forumName };
  const meetingWhen = wallClock(meeting.startsAt, meeting.timeZone, locale);
  const meetingZone = zoneLabel(t, locale, meeting.timeZone, meeting.startsAt);
  if (!own)
    return [
      t("meetings.invite.bodyMeetingZone", { ...values, when: meetingWhen, zone: meetingZone }),
      t("meetings.pollMail.setZone", { url: `${meeting.publicUrl}/me` }),
    ];
  return [
    t("meetings.invite.bodyYourZone", {
      ...values,
      when: wallClock(meeting.startsAt, own, locale),
      zone: zoneLabel(t, locale, own, meeting.startsAt),
    }),
    ...(own === meeting.timeZone
      ? []
      : [t("meetings.invite.meetingZone", { when: meetingWhen, zone: meetingZone })]),
  ];
}
