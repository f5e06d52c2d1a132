// Meetings and their records: scheduling details, the summary report and attendance (the participants
// annex). Services check the policy first, then change rows and write the audit row in one transaction.
import type { Kysely } from "kysely";
import { recordAudit } from "../../audit/index.js";
import type { Actor } from "../../auth/index.js";
import type { Database } from "../../db/schema.js";
import { inTransaction } from "../../db/transaction.js";
import { isValidTimeZone, parsePlainDate, zonedDateTimeToInstant } from "../../forums/index.js";
import { type FieldErrors, forbidden, invalid, notFound } from "../../server/errors.js";
import { normalizeLineEnds } from "../../ui/text.js";
import { parseParticipantLines, slugify } from "../format.js";
import { type MeetingAccess, meetingAccess, requireMeetingEditor, requireMeetingMember } from "../policy.js";
import {
  type ActionRow,
  type AttendanceRow,
  deleteAttendance,
  deleteMeetingRow,
  deleteOwnAttendance,
  insertAttendance,
  insertMeeting,
  type MeetingRow,
  selectAttendance,
  selectCycleMeetings,
  selectMeetingActions,
  selectMeetingById,
  selectMeetingByRef,
  selectOpenActionsBefore,
  slugTaken,
  updateMeetingRow,
} from "../queries.js";
import type { MeetingKind } from "../tables.js";

export type { ActionRow, AttendanceRow, MeetingRow };
export const MEETING_KINDS: readonly MeetingKind[] = ["virtual", "informal", "annual_session"];

/** What a meeting form or API body gives; every field a string as typed, except where noted. */
export interface MeetingInput {
  kind: string;
  number?: string | number | null;
  title?: string;
  date: string;
  start_time?: string;
  end_time?: string;
  time_zone?: string;
  room?: string;
  organiser?: string;
  facilitator?: string;
  moderator?: string;
  purpose?: string;
  agenda?: string;
  join_url?: string;
  recording_stream_url?: string;
  recording_download_url?: string;
  recording_password?: string;
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

function cleanUrl(value: string | undefined, field: string, fields: FieldErrors): string {
  const url = (value ?? "").trim();
  if (!url) return "";
  try {
    const parsed = new URL(url);
    if (parsed.protocol === "https:" || parsed.protocol === "http:") return url.slice(0, 2000);
  } catch {
    // fall through
  }
  fields[field] = "meetings.error.url";
  return "";
}

/** Validates a meeting's fields into column values, or throws `invalid` with each problem by field. */
export function validateMeetingInput(input: MeetingInput) {
  const fields: FieldErrors = {};
  const kind = MEETING_KINDS.find((k) => k === input.kind);
  if (!kind) fields.kind = "meetings.error.kind";
  const numberText = input.number === null || input.number === undefined ? "" : String(input.number).trim();
  let number: number | null = null;
  if (numberText) {
    number = Number(numberText);
    if (!Number.isInteger(number) || number < 1 || number > 3999) fields.number = "meetings.error.number";
  }
  const date = (input.date ?? "").trim();
  if (!parsePlainDate(date)) fields.date = "meetings.error.date";
  const zone = (input.time_zone ?? "").trim() || "UTC";
  if (!isValidTimeZone(zone)) fields.time_zone = "meetings.error.timeZone";
  const start = (input.start_time ?? "").trim();
  const end = (input.end_time ?? "").trim();
  if (start && !TIME.test(start)) fields.start_time = "meetings.error.time";
  if (end && !TIME.test(end)) fields.end_time = "meetings.error.time";
  if (end && !start) fields.start_time = "meetings.error.time";
  if (start && end && TIME.test(start) && TIME.test(end) && end <= start)
    fields.end_time = "meetings.error.endBeforeStart";
  const title = (input.title ?? "").trim().slice(0, 300);
  if (kind === "annual_session" && !title) fields.title = "meetings.error.sessionTitle";
  const values = {
    kind: kind ?? "virtual",
    number,
    title,
    date,
    start_time: start || null,
    end_time: end || null,
    time_zone: zone,
    room: (input.room ?? "").trim().slice(0, 200),
    organiser: (input.organiser ?? "").trim().slice(0, 300),
    facilitator: (input.facilitator ?? "").trim().slice(0, 300),
    moderator: (input.moderator ?? "").trim().slice(0, 300),
    // Line ends as "\n" whatever sent them (the API takes a lone CR from old Mac tools): one agenda item a line.
    purpose: normalizeLineEnds(input.purpose ?? "")
      .trim()
      .slice(0, 5000),
    agenda: normalizeLineEnds(input.agenda ?? "")
      .trim()
      .slice(0, 10000),
    join_url: cleanUrl(input.join_url, "join_url", fields),
    recording_stream_url: cleanUrl(input.recording_stream_url, "recording_stream_url", fields),
    recording_download_url: cleanUrl(input.recording_download_url, "recording_download_url", fields),
    recording_password: (input.recording_password ?? "").trim().slice(0, 200),
  };
  if (Object.keys(fields).length)
    throw invalid("Some fields need correcting.", fields, { messageKey: "error.invalid.fields" });
  const instants = meetingInstants(values);
  return { ...values, ...instants } satisfies Partial<MeetingRow>;
}

/** The meeting's start and end instants from its day, wall-clock times and zone (null without a time). */
export function meetingInstants(m: {
  date: string;
  start_time: string | null;
  end_time: string | null;
  time_zone: string;
}): { starts_at: Date | null; ends_at: Date | null } {
  const day = parsePlainDate(m.date);
  if (!day || !m.start_time) return { starts_at: null, ends_at: null };
  const at = (time: string) => {
    const [hour, minute] = time.split(":").map(Number);
    return zonedDateTimeToInstant({ ...day, hour: hour!, minute: minute!, second: 0 }, m.time_zone);
  };
  const starts = at(m.start_time);
  const ends = m.end_time ? at(m.end_time) : new Date(starts.getTime() + 90 * 60_000);
  return { starts_at: starts, ends_at: ends };
}

function baseSlug(values: { kind: MeetingKind; number: number | null; title: string; date: string }): string {
  if (values.number !== null && values.kind !== "annual_session")
    return `${values.kind === "virtual" ? "virtual-meeting" : "informal-meeting"}-${values.number}`;
  return `${slugify(values.title || values.kind)}-${values.date}`;
}

async function uniqueSlug(db: Kysely<Database>, cycleId: string, base: string): Promise<string> {
  let slug = base;
  for (let n = 2; await slugTaken(db, cycleId, slug); n++) slug = `${base}-${n}`;
  return slug;
}

/** Schedules a meeting (or records a past one) in a cycle. */
export async function createMeeting(
  db: Kysely<Database>,
  args: {
    actor: Actor;
    forumId: string;
    cycleId: string;
    input: MeetingInput;
    extra?: { summary?: string; contributions_annex?: string; imported_from?: string };
    /** Said in the audit row besides the meeting's details (a choice the secretariat made explicitly). */
    auditNote?: Record<string, unknown>;
  },
): Promise<MeetingRow> {
  await requireMeetingEditor(db, args.actor, args.forumId);
  const values = validateMeetingInput(args.input);
  return inTransaction(db, async (trx) => {
    const slug = await uniqueSlug(trx, args.cycleId, baseSlug(values));
    const meeting = await insertMeeting(trx, {
      ...values,
      ...args.extra,
      forum_id: args.forumId,
      cycle_id: args.cycleId,
      slug,
    });
    await recordAudit(trx, {
      actor: args.actor,
      forumId: args.forumId,
      action: "meeting.create",
      subjectType: "meeting",
      subjectId: meeting.id,
      after: {
        kind: meeting.kind,
        number: meeting.number,
        title: meeting.title,
        date: meeting.date,
        ...args.auditNote,
      },
    });
    return meeting;
  });
}

export async function editableMeeting(
  db: Kysely<Database>,
  actor: Actor,
  meetingId: string,
): Promise<MeetingRow> {
  const meeting = await selectMeetingById(db, meetingId);
  if (!meeting) throw notFound("There is no such meeting.", { messageKey: "meetings.refusal.noMeeting" });
  await requireMeetingEditor(db, actor, meeting.forum_id);
  return meeting;
}

/** Changes a meeting's details. */
export async function updateMeeting(
  db: Kysely<Database>,
  args: { actor: Actor; meetingId: string; input: MeetingInput },
): Promise<MeetingRow> {
  const before = await editableMeeting(db, args.actor, args.meetingId);
  const values = validateMeetingInput(args.input);
  return inTransaction(db, async (trx) => {
    const after = await updateMeetingRow(trx, before.id, values);
    await recordAudit(trx, {
      actor: args.actor,
      forumId: before.forum_id,
      action: "meeting.update",
      subjectType: "meeting",
      subjectId: before.id,
      before: { kind: before.kind, number: before.number, title: before.title, date: before.date },
      after: { kind: after.kind, number: after.number, title: after.title, date: after.date },
    });
    return after;
  });
}

/** Deletes a meeting with its annex and next steps. */
export async function deleteMeeting(db: Kysely<Database>, args: { actor: Actor; meetingId: string }) {
  const meeting = await editableMeeting(db, args.actor, args.meetingId);
  await inTransaction(db, async (trx) => {
    await deleteMeetingRow(trx, meeting.id);
    await recordAudit(trx, {
      actor: args.actor,
      forumId: meeting.forum_id,
      action: "meeting.delete",
      subjectType: "meeting",
      subjectId: meeting.id,
      before: { kind: meeting.kind, number: meeting.number, title: meeting.title, date: meeting.date },
    });
  });
}

/** Saves the summary report's text; `publish` makes it public (and keeps the first publication date). */
export async function saveSummary(
  db: Kysely<Database>,
  args: {
    actor: Actor;
    meetingId: string;
    summary: string;
    publish?: boolean;
    unpublish?: boolean;
    now: Date;
  },
): Promise<MeetingRow> {
  const meeting = await editableMeeting(db, args.actor, args.meetingId);
  const summary = args.summary.replace(/\r\n?/g, "\n").trim().slice(0, 200_000);
  if (args.publish && !summary)
    throw invalid(
      "Write the summary before publishing it.",
      { summary: "meetings.error.summaryEmpty" },
      { messageKey: "meetings.error.summaryEmpty" },
    );
  const published = args.unpublish
    ? null
    : args.publish
      ? (meeting.summary_published_at ?? args.now)
      : meeting.summary_published_at;
  return inTransaction(db, async (trx) => {
    const after = await updateMeetingRow(trx, meeting.id, { summary, summary_published_at: published });
    await recordAudit(trx, {
      actor: args.actor,
      forumId: meeting.forum_id,
      action: args.publish
        ? "meeting.summary.publish"
        : args.unpublish
          ? "meeting.summary.unpublish"
          : "meeting.summary.save",
      subjectType: "meeting",
      subjectId: meeting.id,
      after: { length: summary.length, published: Boolean(published) },
    });
    return after;
  });
}

/** A member ticks (or unticks) themselves as present. */
export async function setOwnAttendance(
  db: Kysely<Database>,
  args: { actor: Actor; meetingId: string; present: boolean },
): Promise<void> {
  const meeting = await selectMeetingById(db, args.meetingId);
  if (!meeting) throw notFound("There is no such meeting.", { messageKey: "meetings.refusal.noMeeting" });
  await requireMeetingMember(db, args.actor, meeting.forum_id);
  const actor = args.actor;
  if (actor.kind !== "user")
    throw forbidden("Only a person can say they attended.", {
      messageKey: "meetings.refusal.personToAttend",
    });
  await inTransaction(db, async (trx) => {
    const rows = await selectAttendance(trx, meeting.id);
    const mine = rows.find((r) => r.user_id === actor.userId);
    if (args.present && !mine) {
      await insertAttendance(trx, {
        meeting_id: meeting.id,
        user_id: actor.userId,
        name: actor.name,
        position: rows.length,
      });
    } else if (!args.present && mine) {
      await deleteOwnAttendance(trx, meeting.id, actor.userId);
    } else return;
    await recordAudit(trx, {
      actor,
      forumId: meeting.forum_id,
      action: args.present ? "meeting.attendance.tick" : "meeting.attendance.untick",
      subjectType: "meeting",
      subjectId: meeting.id,
    });
  });
}

/**
 * The secretariat's corrected participants annex, one "Name (Role)" a line; a line naming someone already
 * on the list keeps its link to that person's account.
 */
export async function replaceAttendance(
  db: Kysely<Database>,
  args: { actor: Actor; meetingId: string; lines: string },
): Promise<AttendanceRow[]> {
  const meeting = await editableMeeting(db, args.actor, args.meetingId);
  const people = parseParticipantLines(args.lines).slice(0, 1000);
  return inTransaction(db, async (trx) => {
    const before = await selectAttendance(trx, meeting.id);
    const byName = new Map(before.filter((r) => r.user_id).map((r) => [r.name.toLowerCase(), r.user_id]));
    await deleteAttendance(trx, meeting.id);
    const seen = new Set<string>();
    for (const [position, person] of people.entries()) {
      const userId = byName.get(person.name.toLowerCase()) ?? null;
      if (userId && seen.has(userId)) continue;
      if (userId) seen.add(userId);
      await insertAttendance(trx, { meeting_id: meeting.id, user_id: userId, ...person, position });
    }
    await recordAudit(trx, {
      actor: args.actor,
      forumId: meeting.forum_id,
      action: "meeting.attendance.correct",
      subjectType: "meeting",
      subjectId: meeting.id,
      before: { count: before.length },
      after: { count: people.length },
    });
    return selectAttendance(trx, meeting.id);
  });
}

/** A meeting as the actor may see it: members-only fields are blanked for others. */
export function visibleMeeting(meeting: MeetingRow, access: MeetingAccess): MeetingRow {
  const shown = { ...meeting };
  if (!access.isMember) {
    shown.join_url = "";
    shown.recording_password = "";
  }
  if (!access.canEdit && !meeting.summary_published_at) shown.summary = "";
  return shown;
}

/** Everything a meeting's page shows: the meeting, its annex, next steps and the open ones carried over. */
export async function viewMeeting(
  db: Kysely<Database>,
  args: { actor: Actor; forumId: string; cycleId: string; ref: string },
) {
  const meeting = await selectMeetingByRef(db, args.cycleId, args.ref);
  if (!meeting || meeting.forum_id !== args.forumId)
    throw notFound("There is no such meeting.", { messageKey: "meetings.refusal.noMeeting" });
  const access = await meetingAccess(db, args.actor, args.forumId);
  const [attendance, actions, carried] = await Promise.all([
    selectAttendance(db, meeting.id),
    selectMeetingActions(db, meeting.id),
    carriedActions(db, meeting),
  ]);
  const published = Boolean(meeting.summary_published_at);
  return {
    meeting: visibleMeeting(meeting, access),
    access,
    attendance,
    // Next steps are part of the summary: the public sees them once it is published.
    actions: published || access.isMember ? actions : [],
    carried: access.isMember ? carried : [],
    viewerAttended:
      args.actor.kind === "user" &&
      attendance.some((a) => a.user_id === (args.actor as { userId: string }).userId),
  };
}

/** Open next steps from the forum's earlier meetings: they stay on each later meeting's agenda until done. */
export function carriedActions(db: Kysely<Database>, meeting: MeetingRow) {
  return selectOpenActionsBefore(db, meeting.forum_id, meeting.date);
}

/** A cycle's meetings as the actor may see them. */
export async function listMeetings(
  db: Kysely<Database>,
  args: { actor: Actor; forumId: string; cycleId: string },
) {
  const access = await meetingAccess(db, args.actor, args.forumId);
  const rows = await selectCycleMeetings(db, args.cycleId);
  return { access, meetings: rows.map((m) => visibleMeeting(m, access)) };
}

/** One meeting of a cycle by id or slug, or undefined. */
export function meetingByRef(
  db: Kysely<Database>,
  cycleId: string,
  ref: string,
): Promise<MeetingRow | undefined> {
  return selectMeetingByRef(db, cycleId, ref);
}

/** One meeting by id, or undefined. */
export function meetingById(db: Kysely<Database>, id: string): Promise<MeetingRow | undefined> {
  return selectMeetingById(db, id);
}
