// Yearly cycles and their milestones. A new cycle continues the previous one: its roster comes along, and
// other domains carry over what they keep across years (contacts, codebook themes, open action items)
// through `registerCarryOver`.
import type { Kysely } from "kysely";
import { recordAudit } from "../../audit/index.js";
import type { Actor } from "../../auth/index.js";
import type { Database } from "../../db/schema.js";
import { inTransaction } from "../../db/transaction.js";
import { AppError, conflict, invalid, isUniqueViolation, notFound } from "../../server/errors.js";
import { copyCycleParticipants } from "../members/queries.js";
import { requireForumManager } from "../policy.js";
import {
  type CycleRow,
  deleteMilestoneRow,
  type ForumRow,
  insertCycle,
  insertMilestone,
  type MilestoneRow,
  moveCycleStatus,
  selectCycleBefore,
  selectMilestone,
  updateCycleRow,
  updateMilestoneRow,
} from "../queries.js";
import type { CycleStatus } from "../tables.js";
import { parseMilestoneAt } from "../time/milestone-input.js";
import { isMilestoneKind, type MilestoneKind } from "../time/milestone-kinds.js";

export const CYCLE_STATUSES: CycleStatus[] = [
  "scoping",
  "call_open",
  "analysis",
  "drafting",
  "public_review",
  "closed",
];

/** A domain's carry-over from one cycle to the next, run in the new cycle's transaction. */
export type CarryOver = (
  trx: Kysely<Database>,
  args: { forumId: string; from: CycleRow; to: CycleRow },
) => Promise<void>;
const carryOvers: CarryOver[] = [];

/** Lets a domain carry its things into a continued cycle. */
export function registerCarryOver(carry: CarryOver): void {
  carryOvers.push(carry);
}

/** Called once a cycle's status or milestones changed (the change committed, or within its transaction). */
export type CycleChanged = (cycleId: string) => void;
const cycleChangedListeners: CycleChanged[] = [];

/**
 * Lets a domain forget what it keeps derived from a cycle's state: the contributions' kept public pages show
 * whether the call is open, so a status set by the secretariat or a deadline moved must show on the next load.
 */
export function registerCycleChanged(listener: CycleChanged): void {
  cycleChangedListeners.push(listener);
}

function cycleChanged(cycleId: string): void {
  for (const listener of cycleChangedListeners) listener(cycleId);
}

export interface CycleInput {
  year: number;
  focus?: string;
  description?: string;
  status?: string;
}

/** Creates a cycle; by default it continues the forum's latest earlier cycle. */
export async function createCycle(
  db: Kysely<Database>,
  args: { actor: Actor; forum: ForumRow; input: CycleInput; continueFromYear?: number | null },
): Promise<CycleRow> {
  const { actor, forum, input } = args;
  await requireForumManager(db, actor, forum.id);
  const fields: Record<string, string> = {};
  if (!Number.isInteger(input.year) || input.year < 1990 || input.year > 2200)
    fields.year = "forums.cycle.yearInvalid";
  if (input.status && !CYCLE_STATUSES.includes(input.status as CycleStatus))
    fields.status = "forums.cycle.statusInvalid";
  if (Object.keys(fields).length)
    throw invalid("Some fields need correcting.", fields, { messageKey: "error.invalid.fields" });
  try {
    return await inTransaction(db, async (trx) => {
      const previous =
        args.continueFromYear === null
          ? undefined
          : await selectCycleBefore(trx, {
              forumId: forum.id,
              beforeYear: input.year,
              year: args.continueFromYear,
            });
      const cycle = await insertCycle(trx, {
        forum_id: forum.id,
        year: input.year,
        focus: (input.focus ?? "").trim().slice(0, 300),
        description: (input.description ?? "").trim().slice(0, 5000),
        status: (input.status as CycleStatus | undefined) ?? "scoping",
        previous_cycle_id: previous?.id ?? null,
      });
      if (previous) {
        await copyCycleParticipants(trx, { from: previous.id, to: cycle.id });
        for (const carry of carryOvers) await carry(trx, { forumId: forum.id, from: previous, to: cycle });
      }
      await recordAudit(trx, {
        actor,
        forumId: forum.id,
        action: "cycle.create",
        subjectType: "cycle",
        subjectId: cycle.id,
        after: { year: cycle.year, focus: cycle.focus, continues: previous?.year ?? null },
      });
      return cycle;
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw conflict(`The forum already has a cycle ${input.year}.`, {
        messageKey: "forums.refusal.cycleExists",
        messageValues: { year: String(input.year) },
      });
    throw error;
  }
}

/** Edits a cycle's focus, description and status. */
export async function updateCycle(
  db: Kysely<Database>,
  args: { actor: Actor; forum: ForumRow; cycle: CycleRow; input: Omit<CycleInput, "year"> },
): Promise<CycleRow> {
  const { actor, forum, cycle, input } = args;
  await requireForumManager(db, actor, forum.id);
  if (input.status && !CYCLE_STATUSES.includes(input.status as CycleStatus))
    throw invalid(
      "Unknown status.",
      { status: "forums.cycle.statusInvalid" },
      { messageKey: "forums.cycle.statusInvalid" },
    );
  const updated = await inTransaction(db, async (trx) => {
    const after = await updateCycleRow(trx, cycle.id, {
      focus: input.focus === undefined ? cycle.focus : input.focus.trim().slice(0, 300),
      description:
        input.description === undefined ? cycle.description : input.description.trim().slice(0, 5000),
      status: (input.status as CycleStatus | undefined) ?? cycle.status,
      updated_at: new Date(),
    });
    await recordAudit(trx, {
      actor,
      forumId: forum.id,
      action: "cycle.update",
      subjectType: "cycle",
      subjectId: cycle.id,
      before: { focus: cycle.focus, status: cycle.status },
      after: { focus: after.focus, status: after.status },
    });
    return after;
  });
  cycleChanged(cycle.id);
  return updated;
}

/**
 * Moves a cycle still in scoping into its call phase, because its call was just published (`because` names
 * that change in the audit row). Runs in the publishing transaction; a cycle already past scoping, or
 * closed, keeps the status the secretariat gave it. Returns whether the cycle moved.
 */
export async function enterCallPhase(
  trx: Kysely<Database>,
  args: { actor: Actor; forumId: string; cycleId: string; because: string },
): Promise<boolean> {
  if (!(await moveCycleStatus(trx, { cycleId: args.cycleId, from: "scoping", to: "call_open" })))
    return false;
  await recordAudit(trx, {
    actor: args.actor,
    forumId: args.forumId,
    action: "cycle.phase",
    subjectType: "cycle",
    subjectId: args.cycleId,
    before: { status: "scoping" },
    after: { status: "call_open", because: args.because },
  });
  cycleChanged(args.cycleId);
  return true;
}

export interface MilestoneInput {
  kind: string;
  at: string;
  time_zone?: string;
  label?: string;
}

function parseMilestone(input: MilestoneInput, forum: ForumRow) {
  if (!isMilestoneKind(input.kind))
    throw invalid(
      "Unknown milestone kind.",
      { kind: "forums.milestone.kindInvalid" },
      { messageKey: "forums.milestone.kindInvalid" },
    );
  const kind: MilestoneKind = input.kind;
  if (kind === "custom" && !input.label?.trim())
    throw invalid(
      "A custom milestone needs a label.",
      { label: "forums.milestone.labelRequired" },
      { messageKey: "forums.milestone.labelRequired" },
    );
  const parsed = parseMilestoneAt({ at: input.at, time_zone: input.time_zone, kind }, forum.time_zone);
  if (!parsed.ok) {
    const key = `forums.milestone.${parsed.code}` as const;
    throw invalid(parsed.message, { [parsed.field]: key }, { messageKey: key });
  }
  return { kind, parsed };
}

/** Adds a milestone; a cycle has at most one of each standard kind. */
export async function addMilestone(
  db: Kysely<Database>,
  args: { actor: Actor; forum: ForumRow; cycle: CycleRow; input: MilestoneInput },
): Promise<MilestoneRow> {
  const { actor, forum, cycle, input } = args;
  await requireForumManager(db, actor, forum.id);
  const { kind, parsed } = parseMilestone(input, forum);
  try {
    const added = await inTransaction(db, async (trx) => {
      const row = await insertMilestone(trx, {
        cycle_id: cycle.id,
        kind,
        label: (input.label ?? "").trim().slice(0, 200),
        at: parsed.at,
        time_zone: parsed.time_zone,
        all_day: parsed.all_day,
      });
      await recordAudit(trx, {
        actor,
        forumId: forum.id,
        action: "milestone.create",
        subjectType: "milestone",
        subjectId: row.id,
        after: { year: cycle.year, kind, at: row.at.toISOString(), time_zone: row.time_zone },
      });
      return row;
    });
    cycleChanged(cycle.id);
    return added;
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError(
        "conflict",
        `This cycle already has a “${kind}” milestone: change that one instead.`,
        { messageKey: "forums.milestone.duplicate", fields: { kind: "forums.milestone.duplicate" } },
      );
    }
    throw error;
  }
}

/** Changes a milestone's date, zone or label. */
export async function updateMilestone(
  db: Kysely<Database>,
  args: { actor: Actor; forum: ForumRow; cycle: CycleRow; milestoneId: string; input: MilestoneInput },
): Promise<MilestoneRow> {
  const { actor, forum, cycle, milestoneId, input } = args;
  await requireForumManager(db, actor, forum.id);
  const existing = await selectMilestone(db, cycle.id, milestoneId);
  if (!existing)
    throw notFound("No such milestone in this cycle.", { messageKey: "forums.refusal.noMilestone" });
  const { parsed } = parseMilestone({ ...input, kind: existing.kind }, forum);
  const updated = await inTransaction(db, async (trx) => {
    const row = await updateMilestoneRow(trx, milestoneId, {
      at: parsed.at,
      time_zone: parsed.time_zone,
      all_day: parsed.all_day,
      label: input.label?.trim().slice(0, 200) ?? existing.label,
      updated_at: new Date(),
    });
    await recordAudit(trx, {
      actor,
      forumId: forum.id,
      action: "milestone.update",
      subjectType: "milestone",
      subjectId: row.id,
      before: { at: existing.at.toISOString(), time_zone: existing.time_zone },
      after: { at: row.at.toISOString(), time_zone: row.time_zone },
    });
    return row;
  });
  cycleChanged(cycle.id);
  return updated;
}

/** Removes a milestone. */
export async function deleteMilestone(
  db: Kysely<Database>,
  args: { actor: Actor; forum: ForumRow; cycle: CycleRow; milestoneId: string },
): Promise<void> {
  const { actor, forum, cycle, milestoneId } = args;
  await requireForumManager(db, actor, forum.id);
  await inTransaction(db, async (trx) => {
    const row = await deleteMilestoneRow(trx, cycle.id, milestoneId);
    if (!row)
      throw notFound("No such milestone in this cycle.", { messageKey: "forums.refusal.noMilestone" });
    await recordAudit(trx, {
      actor,
      forumId: forum.id,
      action: "milestone.delete",
      subjectType: "milestone",
      subjectId: row.id,
      before: { kind: row.kind, at: row.at.toISOString() },
    });
  });
  cycleChanged(cycle.id);
}
