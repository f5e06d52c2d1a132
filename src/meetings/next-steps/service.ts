// Next steps (action items) of a meeting: adding, changing and removing them, and each person's open ones.
// Services check the policy first, then change rows and write the audit row in one transaction.
import type { Kysely } from "kysely";
import { recordAudit } from "../../audit/index.js";
import type { Actor } from "../../auth/index.js";
import { forumRolesOf } from "../../auth/index.js";
import type { Database } from "../../db/schema.js";
import { inTransaction } from "../../db/transaction.js";
import { parsePlainDate } from "../../forums/index.js";
import { type FieldErrors, forbidden, invalid, notFound, unauthorized } from "../../server/errors.js";
import { editableMeeting } from "../meetings/service.js";
import { openActionsOf } from "../places.js";
import { meetingAccess, requireMeetingEditor } from "../policy.js";
import {
  type ActionRow,
  type AttendanceRow,
  deleteActionRow,
  insertAction,
  type MeetingRow,
  selectAction,
  selectMeetingActions,
  updateActionRow,
} from "../queries.js";
import type { ActionStatus, DuePrecision } from "../tables.js";

export type { ActionRow, AttendanceRow, MeetingRow };
export const DUE_PRECISIONS: readonly DuePrecision[] = [
  "exact",
  "on_or_around",
  "before",
  "week_of",
  "month",
  "after",
];

export const ACTION_STATUSES: readonly ActionStatus[] = ["open", "done", "dropped"];

/** What a next step form or API body gives. */
export interface ActionInput {
  text: string;
  owner_user_id?: string | null;
  owner_text?: string;
  due_text?: string;
  due_date?: string | null;
  due_precision?: string | null;
}

function validateAction(input: ActionInput) {
  const fields: FieldErrors = {};
  const text = (input.text ?? "").trim();
  if (!text) fields.text = "meetings.error.actionText";
  const ownerUser = (input.owner_user_id ?? "").trim() || null;
  const ownerText = (input.owner_text ?? "").trim().slice(0, 200);
  const dueDate = (input.due_date ?? "").trim() || null;
  if (dueDate && !parsePlainDate(dueDate)) fields.due_date = "meetings.error.date";
  const precisionText = (input.due_precision ?? "").trim();
  const precision = precisionText ? (DUE_PRECISIONS.find((p) => p === precisionText) ?? null) : null;
  if (precisionText && !precision) fields.due_precision = "meetings.error.precision";
  if (Object.keys(fields).length)
    throw invalid("Some fields need correcting.", fields, { messageKey: "error.invalid.fields" });
  return {
    text: text.slice(0, 2000),
    owner_user_id: ownerUser,
    owner_text: ownerText,
    due_text: (input.due_text ?? "").trim().slice(0, 200),
    due_date: dueDate,
    due_precision: dueDate ? (precision ?? "exact") : precision,
  };
}

async function requireOwnerInForum(db: Kysely<Database>, forumId: string, userId: string | null) {
  if (!userId) return;
  const roles = await forumRolesOf(
    db,
    { kind: "user", userId, name: "", email: "", isSiteAdmin: false },
    forumId,
  );
  if (roles.length === 0)
    throw invalid(
      "The owner must be a member of the forum.",
      { owner_user_id: "meetings.error.owner" },
      { messageKey: "meetings.error.owner" },
    );
}

/** Adds a next step to a meeting; open unless a status is given (an imported record's steps may be done). */
export async function addAction(
  db: Kysely<Database>,
  args: { actor: Actor; meetingId: string; input: ActionInput & { status?: string | null } },
): Promise<ActionRow> {
  const meeting = await editableMeeting(db, args.actor, args.meetingId);
  const values = validateAction(args.input);
  const statusText = (args.input.status ?? "").trim();
  const status = statusText ? ACTION_STATUSES.find((s) => s === statusText) : "open";
  if (!status)
    throw invalid(
      "Choose open, done or dropped.",
      { status: "meetings.error.status" },
      { messageKey: "meetings.error.status" },
    );
  await requireOwnerInForum(db, meeting.forum_id, values.owner_user_id);
  return inTransaction(db, async (trx) => {
    const existing = await selectMeetingActions(trx, meeting.id);
    const action = await insertAction(trx, {
      ...values,
      status,
      forum_id: meeting.forum_id,
      meeting_id: meeting.id,
      position: existing.length,
    });
    await recordAudit(trx, {
      actor: args.actor,
      forumId: meeting.forum_id,
      action: "meeting.action.create",
      subjectType: "action_item",
      subjectId: action.id,
      after: {
        text: action.text,
        owner: action.owner_user_id ?? action.owner_text,
        due: action.due_text,
        status: action.status,
      },
    });
    return action;
  });
}

/** Changes a next step: editors change anything; its owner may mark it done or reopen it. */
export async function updateAction(
  db: Kysely<Database>,
  args: { actor: Actor; actionId: string; input: Partial<ActionInput> & { status?: string } },
): Promise<ActionRow> {
  const action = await selectAction(db, args.actionId);
  if (!action) throw notFound("There is no such next step.", { messageKey: "meetings.refusal.noNextStep" });
  const access = await meetingAccess(db, args.actor, action.forum_id);
  const isOwner = args.actor.kind === "user" && args.actor.userId === action.owner_user_id;
  const onlyStatus = Object.keys(args.input).every((k) => k === "status");
  if (!access.canEdit && !(isOwner && onlyStatus)) {
    if (args.actor.kind === "anonymous") {
      throw unauthorized();
    }
    throw forbidden("Only the secretariat, a facilitator or the owner can change this next step.", {
      messageKey: "meetings.refusal.nextStepRights",
    });
  }
  const changes: Partial<ActionRow> = {};
  if (args.input.status !== undefined) {
    const status = ACTION_STATUSES.find((s) => s === args.input.status);
    if (!status)
      throw invalid(
        "Choose open, done or dropped.",
        { status: "meetings.error.status" },
        { messageKey: "meetings.error.status" },
      );
    changes.status = status;
  }
  if (!onlyStatus) {
    Object.assign(
      changes,
      validateAction({
        text: args.input.text ?? action.text,
        owner_user_id:
          args.input.owner_user_id !== undefined ? args.input.owner_user_id : action.owner_user_id,
        owner_text: args.input.owner_text ?? action.owner_text,
        due_text: args.input.due_text ?? action.due_text,
        due_date: args.input.due_date !== undefined ? args.input.due_date : action.due_date,
        due_precision:
          args.input.due_precision !== undefined ? args.input.due_precision : action.due_precision,
      }),
    );
    await requireOwnerInForum(db, action.forum_id, changes.owner_user_id ?? null);
  }
  return inTransaction(db, async (trx) => {
    const after = await updateActionRow(trx, action.id, changes);
    await recordAudit(trx, {
      actor: args.actor,
      forumId: action.forum_id,
      action: "meeting.action.update",
      subjectType: "action_item",
      subjectId: action.id,
      before: { status: action.status, text: action.text },
      after: { status: after.status, text: after.text },
    });
    return after;
  });
}

/** Removes a next step. */
export async function deleteAction(db: Kysely<Database>, args: { actor: Actor; actionId: string }) {
  const action = await selectAction(db, args.actionId);
  if (!action) throw notFound("There is no such next step.", { messageKey: "meetings.refusal.noNextStep" });
  await requireMeetingEditor(db, args.actor, action.forum_id);
  await inTransaction(db, async (trx) => {
    await deleteActionRow(trx, action.id);
    await recordAudit(trx, {
      actor: args.actor,
      forumId: action.forum_id,
      action: "meeting.action.delete",
      subjectType: "action_item",
      subjectId: action.id,
      before: { text: action.text },
    });
  });
}

/** A person's open next steps in every forum, for their dashboard and "my actions" page. */
export function myOpenActions(db: Kysely<Database>, userId: string) {
  return openActionsOf(db, userId);
}
