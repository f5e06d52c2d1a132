// The deadline policy told in words: which contributions are on time, guaranteed inclusion or late, derived
// from the one policy (forums/time/timeliness.ts) so the call page, the form and the receipt tell the same
// story. A contract module: the call page (calls/) asks it for its sentences.
import type { MilestoneRow } from "../forums/index.js";
import {
  type CallMilestones,
  classifyTimeliness,
  describeZone,
  formatInZone,
  type Timeliness,
} from "../forums/index.js";
import type { Translate } from "../ui/i18n/translate.js";

type PeriodEnd = "soft_deadline" | "inclusion_cutoff" | "call_closes";

/** A stretch of the call in which every contribution gets the same timeliness; without `until`, open-ended. */
export interface DeadlinePeriod {
  timeliness: Timeliness;
  until?: PeriodEnd;
}

const ENDS: PeriodEnd[] = ["soft_deadline", "inclusion_cutoff", "call_closes"];

/**
 * The periods of a call, in order, read off the policy itself: each deadline instant is asked what it gives
 * (a deadline belongs to the period it ends) and the instant after it what comes next.
 */
export function deadlinePeriods(milestones: CallMilestones): DeadlinePeriod[] {
  const ends = ENDS.filter((kind) => milestones[kind]).sort(
    (a, b) => milestones[a]!.getTime() - milestones[b]!.getTime(),
  );
  const at = (instant: Date) => {
    const result = classifyTimeliness(instant, { ...milestones, call_opens: undefined });
    return result.status === "open" ? result.timeliness : undefined;
  };
  const periods: DeadlinePeriod[] = [];
  for (const kind of ends) {
    const timeliness = at(milestones[kind]!);
    if (!timeliness) break;
    const last = periods.at(-1);
    // A deadline that changes nothing (a cutoff with no soft deadline before it is simply "on time") only
    // moves the end of the period it falls in.
    if (last && last.timeliness === timeliness) last.until = kind;
    else periods.push({ timeliness, until: kind });
  }
  const lastEnd = ends.at(-1);
  const after = lastEnd ? at(new Date(milestones[lastEnd]!.getTime() + 1)) : "on_time";
  if (after) {
    const last = periods.at(-1);
    if (last && last.timeliness === after) delete last.until;
    else periods.push({ timeliness: after });
  }
  return periods;
}

/** The milestones of a call by kind, from a cycle's milestone rows (the first of each kind). */
export function callMilestonesOf(rows: readonly MilestoneRow[]): CallMilestones {
  const at = (kind: string) => rows.find((m) => m.kind === kind)?.at;
  return {
    call_opens: at("call_opens"),
    soft_deadline: at("soft_deadline"),
    inclusion_cutoff: at("inclusion_cutoff"),
    call_closes: at("call_closes"),
  };
}

/**
 * A deadline in a sentence, on its own clock with its zone: "September 30, 2017, Anywhere on Earth" for a
 * whole day, with the time of day otherwise.
 */
export function deadlineText(
  m: Pick<MilestoneRow, "at" | "time_zone" | "all_day">,
  locale: string,
  t: Translate,
): string {
  const label = describeZone(m.time_zone, m.at, locale);
  const zone =
    label.kind === "aoe"
      ? t("contributions.zone.aoe")
      : label.name === "UTC" || label.name === "Etc/UTC"
        ? "UTC"
        : `${label.name.replace(/_/g, " ")} (${label.offset})`;
  const when = formatInZone(m.at, m.time_zone, locale, m.all_day ? "date" : "date-time-unzoned");
  return t("contributions.deadline.inZone", { when, zone });
}

/** The sentences of a call's deadline story: one per period, each naming the deadline that ends it. */
export function deadlineStory(rows: readonly MilestoneRow[], locale: string, t: Translate): string[] {
  const periods = deadlinePeriods(callMilestonesOf(rows));
  const date = (kind: PeriodEnd) => {
    const row = rows.find((m) => m.kind === kind);
    return row ? deadlineText(row, locale, t) : "";
  };
  return periods.map((p, i) => {
    const position = i === 0 ? "first" : "after";
    if (!p.until) return t(`contributions.policy.${p.timeliness}.${position}Open`);
    const key = p.until === "call_closes" ? "UntilClose" : "Until";
    return t(`contributions.policy.${p.timeliness}.${position}${key}`, { date: date(p.until) });
  });
}

/** The deadline until which a sender may change or withdraw a contribution: the cutoff, else the close. */
export function editDeadline(rows: readonly MilestoneRow[]): MilestoneRow | undefined {
  return rows.find((m) => m.kind === "inclusion_cutoff") ?? rows.find((m) => m.kind === "call_closes");
}
