// The call's deadlines as readers see them: in the milestone's own zone (named, AoE included) and in the
// reader's zone.
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import {
  callWindow as callWindowRule,
  classifyTimeliness,
  cycleMilestones,
  describeZone,
  formatInZone,
} from "../forums/index.js";
import type { Translate } from "../ui/i18n/translate.js";

export const CALL_DEADLINE_KINDS = ["soft_deadline", "inclusion_cutoff", "call_closes"] as const;

/** A deadline of the call. */
export interface CallDeadline {
  kind: (typeof CALL_DEADLINE_KINDS)[number];
  at: Date;
  timeZone: string;
  allDay: boolean;
}

/** The call's deadlines from the cycle's milestones, in time order. */
export async function callDeadlines(db: Kysely<Database>, cycleId: string): Promise<CallDeadline[]> {
  const rows = await cycleMilestones(db, cycleId);
  return rows
    .filter((m) => (CALL_DEADLINE_KINDS as readonly string[]).includes(m.kind))
    .map((m) => ({
      kind: m.kind as CallDeadline["kind"],
      at: m.at,
      timeZone: m.time_zone,
      allDay: m.all_day,
    }));
}

/** A zone's name for readers: "Anywhere on Earth (AoE)" or "Central European Summer Time (Europe/Geneva, UTC+02:00)". */
export function zoneName(timeZone: string, at: Date, locale: string, t: Translate): string {
  const label = describeZone(timeZone, at, locale);
  if (label.kind === "aoe") return t("calls.zone.aoe");
  // UTC's name and offset say the same thing: "Coordinated Universal Time (UTC)", not "(UTC, UTC+00:00)".
  if (label.name === "UTC" || label.name === "Etc/UTC")
    return label.longName ? `${label.longName} (UTC)` : "UTC";
  return label.longName
    ? `${label.longName} (${label.name}, ${label.offset})`
    : `${label.name} (${label.offset})`;
}

/** A deadline written out in its own zone and in the reader's. */
export function describeDeadline(
  deadline: CallDeadline,
  locale: string,
  t: Translate,
  readerZone: string | undefined,
) {
  const own = deadline.allDay
    ? t("calls.deadline.endOfDay", { date: formatInZone(deadline.at, deadline.timeZone, locale, "date") })
    : formatInZone(deadline.at, deadline.timeZone, locale, "date-time");
  const zone = readerZone ?? "UTC";
  return {
    label: t(`calls.deadline.${deadline.kind}`),
    own,
    ownZone: zoneName(deadline.timeZone, deadline.at, locale, t),
    reader: formatInZone(deadline.at, zone, locale, "date-time"),
    readerZone: readerZone ? zoneName(zone, deadline.at, locale, t) : t("calls.zone.utcUnknown"),
  };
}

/** A moment of the call (its opening or closing) as the cycle's milestone sets it. */
export interface CallMoment {
  at: Date;
  timeZone: string;
  allDay: boolean;
}

/** Whether the call is open at `now`, with its opening and closing moments. */
export interface CallWindow {
  state: "not_open" | "open" | "closed";
  opens?: CallMoment;
  closes?: CallMoment;
}

/** Where the call stands at `now`, with its opening and closing moments (the rule: forums/time/timeliness.ts). */
export async function callWindow(
  db: Kysely<Database>,
  cycle: { id: string; status?: string },
  now: Date,
): Promise<CallWindow> {
  const rows = await cycleMilestones(db, cycle.id);
  const moment = (kind: string): CallMoment | undefined => {
    const m = rows.find((r) => r.kind === kind);
    return m ? { at: m.at, timeZone: m.time_zone, allDay: m.all_day } : undefined;
  };
  const opens = moment("call_opens");
  const closes = moment("call_closes");
  // The same rule as contributions' intake (forums/time/timeliness.ts), so a page never links to a form that
  // then refuses.
  const state = callWindowRule(cycle.status, { call_opens: opens?.at, call_closes: closes?.at }, now).status;
  return { state, opens, closes };
}

/** A moment written in its own zone: the date (or date and time) and the zone's name. */
export function describeMoment(moment: CallMoment, locale: string, t: Translate) {
  return {
    when: formatInZone(moment.at, moment.timeZone, locale, moment.allDay ? "date" : "date-time-unzoned"),
    zone: zoneName(moment.timeZone, moment.at, locale, t),
  };
}

/** What a call mail sent at `now` says about deadlines: those still ahead, in order, and what comes after. */
export interface MailDeadlines {
  /** Deadlines not yet passed at `now`, earliest first; a passed one is never among them. */
  ahead: CallDeadline[];
  /** Where the call stands at `now` under the deadline policy (forums/time/timeliness.ts). */
  standing: "on_time" | "guaranteed" | "late" | "closed";
  /** With no closing date: contributions are taken until the annual meeting, when one is set and ahead. */
  rollingUntil?: CallMoment;
  hasClose: boolean;
}

/** The deadlines a call mail sent at `now` states, by the one deadline policy. */
export function mailDeadlines(
  deadlines: readonly CallDeadline[],
  annualMeeting: CallMoment | undefined,
  now: Date,
): MailDeadlines {
  const at = (kind: CallDeadline["kind"]) => deadlines.find((d) => d.kind === kind)?.at;
  // Only the deadlines decide here: a call mailed before its opening still states them all.
  const result = classifyTimeliness(now, {
    soft_deadline: at("soft_deadline"),
    inclusion_cutoff: at("inclusion_cutoff"),
    call_closes: at("call_closes"),
  });
  const standing =
    result.status === "open" ? result.timeliness : result.status === "closed" ? "closed" : "on_time";
  // A deadline is still ahead at its own instant, as the policy counts it ("up to and including").
  const ahead = standing === "closed" ? [] : deadlines.filter((d) => d.at.getTime() >= now.getTime());
  const hasClose = Boolean(at("call_closes"));
  const rollingUntil =
    !hasClose && annualMeeting && annualMeeting.at.getTime() >= now.getTime() ? annualMeeting : undefined;
  return {
    ahead: [...ahead].sort((a, b) => a.at.getTime() - b.at.getTime()),
    standing,
    rollingUntil,
    hasClose,
  };
}

/** The call mail's paragraphs about deadlines at `now`, in the recipient's language, each in its own zone. */
export async function callMailDeadlineLines(
  db: Kysely<Database>,
  cycleId: string,
  now: Date,
  locale: string,
  t: Translate,
): Promise<string[]> {
  const deadlines = await callDeadlines(db, cycleId);
  const meeting = (await cycleMilestones(db, cycleId)).find((m) => m.kind === "annual_meeting");
  const plan = mailDeadlines(
    deadlines,
    meeting ? { at: meeting.at, timeZone: meeting.time_zone, allDay: meeting.all_day } : undefined,
    now,
  );
  const lines = plan.ahead.map((deadline) => {
    const d = describeDeadline(deadline, locale, t, undefined);
    return t("calls.mail.deadline", { label: d.label, when: d.own, zone: d.ownZone });
  });
  const until = plan.rollingUntil ? describeMoment(plan.rollingUntil, locale, t) : undefined;
  if (plan.standing === "closed") {
    const closes = deadlines.find((d) => d.kind === "call_closes");
    if (closes) {
      const d = describeDeadline(closes, locale, t, undefined);
      lines.push(t("calls.mail.closed", { when: d.own, zone: d.ownZone }));
    }
    return lines;
  }
  if (plan.standing === "late") {
    lines.push(
      plan.hasClose
        ? t("calls.mail.lateUntilClose")
        : until
          ? t("calls.mail.lateUntilMeeting", until)
          : t("calls.mail.lateStill"),
    );
    return lines;
  }
  if (plan.standing === "guaranteed") lines.push(t("calls.mail.softPassed"));
  if (!plan.hasClose && deadlines.length)
    lines.push(until ? t("calls.mail.rollingUntilMeeting", until) : t("calls.mail.rolling"));
  return lines;
}
