// When a next step becomes overdue. Due dates in the records are often approximate ("the week of
// 9 October", "in September", "on or around 15 August"), so the reminders first turn each into the last
// day it is still on time; a step is overdue from the day after. Pure: no clock, no database.
import type { DuePrecision } from "../tables.js";

/** Days of grace after a date given "on or around": a step due around the 15th is not late on the 16th. */
export const AROUND_GRACE_DAYS = 3;
/** How long after the date a step due "after" it may still take before it is late: into the following week. */
export const AFTER_GRACE_DAYS = 7;

function parts(date: string): [number, number, number] {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`Not a date in the form YYYY-MM-DD: ${JSON.stringify(date)}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

function day(year: number, month: number, dayOfMonth: number): string {
  return new Date(Date.UTC(year, month - 1, dayOfMonth)).toISOString().slice(0, 10);
}

/**
 * The last day a next step due on `dueDate` with this precision is still on time (YYYY-MM-DD):
 * exact or by/before → the date itself; on or around → a few days' grace; the week of → that week's
 * Sunday (weeks run Monday to Sunday); in a month → the month's last day; after → a week after the date.
 */
export function effectiveDeadline(dueDate: string, precision: DuePrecision | null): string {
  const [year, month, dayOfMonth] = parts(dueDate);
  switch (precision) {
    case "on_or_around":
      return day(year, month, dayOfMonth + AROUND_GRACE_DAYS);
    case "week_of": {
      const weekday = new Date(Date.UTC(year, month - 1, dayOfMonth)).getUTCDay(); // 0 is Sunday
      return day(year, month, dayOfMonth + ((7 - weekday) % 7));
    }
    case "month":
      // Day 0 of the next month is the last day of this one.
      return day(year, month + 1, 0);
    case "after":
      return day(year, month, dayOfMonth + AFTER_GRACE_DAYS);
    default:
      return dueDate;
  }
}

/** Whether a next step is overdue on `today` (YYYY-MM-DD); a step without a due date never is. */
export function isOverdue(
  step: { due_date: string | null; due_precision: DuePrecision | null },
  today: string,
): boolean {
  if (!step.due_date) return false;
  return effectiveDeadline(step.due_date, step.due_precision) < today;
}
