// The deadline policy. A call for contributions has up to four instants:
//
//   call_opens ── soft_deadline ── inclusion_cutoff ── call_closes
//   not_open  │   on_time        │  guaranteed        │  late         │ closed
//
// Every deadline instant belongs to the period it ends ("up to and including"): deadlines are
// stored as the last millisecond of their day (see endOfDayInZone), so "on 15 September AoE" covers
// every instant of 15 September in that zone and the first millisecond of the 16th is past it.
// call_opens belongs to the period it starts.

import { DEADLINE_KINDS, type DeadlineKind, type MilestoneKind } from "./milestone-kinds.js";

/** The instants that decide whether a contribution is on time; any may be missing. */
export interface CallMilestones {
  call_opens?: Date | null;
  soft_deadline?: Date | null;
  inclusion_cutoff?: Date | null;
  call_closes?: Date | null;
}

/** How a contribution received while the call is open stands against its deadlines. */
export type Timeliness = "on_time" | "guaranteed" | "late";

/** Where an instant falls in a call for contributions. */
export type TimelinessResult =
  | { status: "not_open" }
  | { status: "closed" }
  | { status: "open"; timeliness: Timeliness };

function time(value: Date | null | undefined, name: string): number | null {
  if (value === null || value === undefined) return null;
  const ms = value instanceof Date ? value.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw new RangeError(`${name} is not a valid Date`);
  return ms;
}

/**
 * Where a contribution received at an instant falls: before the call, on time, guaranteed inclusion,
 * late but accepted, or after the call closed.
 */
export function classifyTimeliness(receivedAt: Date, milestones: CallMilestones): TimelinessResult {
  const received = time(receivedAt, "receivedAt")!;
  const opens = time(milestones.call_opens, "call_opens");
  const soft = time(milestones.soft_deadline, "soft_deadline");
  const cutoff = time(milestones.inclusion_cutoff, "inclusion_cutoff");
  const closes = time(milestones.call_closes, "call_closes");

  if (opens !== null && received < opens) return { status: "not_open" };
  // No call_closes: the call stays open, as rolling acceptance does until someone closes it.
  if (closes !== null && received > closes) return { status: "closed" };
  // No soft deadline: the only promise is the cutoff, and meeting it is simply on time.
  // No cutoff: the soft deadline is the last promise made, so after it a contribution is late;
  // "guaranteed" would claim a promise of inclusion the call never made.
  // Neither: nothing to miss, so everything accepted is on time.
  // The checks run in order, so the status only ever worsens as time passes, even for a cycle whose
  // milestones are out of order (which checkMilestoneOrder reports).
  if (soft !== null) {
    if (received <= soft) return { status: "open", timeliness: "on_time" };
    if (cutoff !== null && received <= cutoff) return { status: "open", timeliness: "guaranteed" };
    return { status: "open", timeliness: "late" };
  }
  if (cutoff === null || received <= cutoff) return { status: "open", timeliness: "on_time" };
  return { status: "open", timeliness: "late" };
}

/**
 * Whether a cycle's call takes contributions at an instant: the deadline policy above, plus the cycle's own
 * status. A closed cycle takes none. A cycle still in scoping whose call has no milestone at all (no opening,
 * deadline or closing yet) has no call to answer. Otherwise the call is open from call_opens until
 * call_closes (indefinitely without one). Every page and service that says "open" or "closed" asks this.
 */
export function callWindow(
  status: string | undefined,
  milestones: CallMilestones,
  at: Date,
): TimelinessResult {
  if (status === "closed") return { status: "closed" };
  const result = classifyTimeliness(at, milestones);
  const announced = Object.values(milestones).some((m) => m !== null && m !== undefined);
  if (result.status === "open" && status === "scoping" && !announced) return { status: "not_open" };
  return result;
}

/** The earliest deadline (soft deadline, cutoff, call or review closing) that has not yet passed at `now`, or null. */
export function nextDeadline(
  now: Date,
  milestones: Partial<Record<MilestoneKind, Date | null>>,
): { kind: DeadlineKind; at: Date } | null {
  const current = time(now, "now")!;
  let next: { kind: DeadlineKind; at: Date } | null = null;
  // DEADLINE_KINDS is in cycle order, so on a tie the earlier step (the soft deadline before a
  // cutoff set to the same instant) is the one named.
  for (const kind of DEADLINE_KINDS) {
    const at = milestones[kind];
    if (at == null) continue;
    // A deadline is still ahead at its own instant: a contribution sent then is in time.
    const ms = time(at, kind)!;
    if (ms < current) continue;
    if (next === null || ms < next.at.getTime()) next = { kind, at };
  }
  return next;
}

/** Time left until (or since) a target, for "closes in 3 days" and "closed 2 hours ago". */
export interface Countdown {
  days: number;
  hours: number;
  minutes: number;
  /** True once the target instant is behind `now`; at the target itself it is not yet past. */
  past: boolean;
}

const MINUTE_MS = 60_000;

/** The time between now and a target in elapsed 24-hour days, hours and minutes, and whether the target has passed. */
export function countdown(now: Date, target: Date): Countdown {
  const difference = time(target, "target")! - time(now, "now")!;
  const past = difference < 0;
  // Ahead of a deadline the minutes round up, so a call with 30 seconds left says "1 minute", never
  // "0 minutes" while it is still open; behind it they round down, so "1 minute ago" is a full minute.
  // Days are elapsed 24-hour spans, not calendar days: a deadline is an instant, and the reader's
  // own calendar (and its DST changes) is not the deadline's.
  const totalMinutes = past ? Math.floor(-difference / MINUTE_MS) : Math.ceil(difference / MINUTE_MS);
  return {
    days: Math.floor(totalMinutes / 1440),
    hours: Math.floor((totalMinutes % 1440) / 60),
    minutes: totalMinutes % 60,
    past,
  };
}
