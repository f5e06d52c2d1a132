// SQL for meetings, attendance, next steps and scheduling polls. Only this folder touches these tables.
import type { Insertable, Kysely, Selectable, Updateable } from "kysely";
import type { Database } from "../db/schema.js";
import type {
  ActionItemsTable,
  MeetingAttendanceTable,
  MeetingsTable,
  PollAnswer,
  PollSlotsTable,
  SchedulingPollsTable,
} from "./tables.js";

export type MeetingRow = Selectable<MeetingsTable>;
export type AttendanceRow = Selectable<MeetingAttendanceTable>;
export type ActionRow = Selectable<ActionItemsTable>;
export type PollRow = Selectable<SchedulingPollsTable>;
export type SlotRow = Selectable<PollSlotsTable>;

/** One meeting by id. */
export function selectMeetingById(db: Kysely<Database>, id: string): Promise<MeetingRow | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return Promise.resolve(undefined);
  return db.selectFrom("meetings").selectAll().where("id", "=", id).executeTakeFirst();
}

/** One meeting of a cycle by id or slug. */
export async function selectMeetingByRef(
  db: Kysely<Database>,
  cycleId: string,
  ref: string,
): Promise<MeetingRow | undefined> {
  const byId = await selectMeetingById(db, ref);
  if (byId && byId.cycle_id === cycleId) return byId;
  return db
    .selectFrom("meetings")
    .selectAll()
    .where("cycle_id", "=", cycleId)
    .where("slug", "=", ref)
    .executeTakeFirst();
}

/** A cycle's meetings in date order. */
export function selectCycleMeetings(db: Kysely<Database>, cycleId: string): Promise<MeetingRow[]> {
  return db
    .selectFrom("meetings")
    .selectAll()
    .where("cycle_id", "=", cycleId)
    .orderBy("date")
    .orderBy("start_time")
    .orderBy("number")
    .execute();
}

/** A forum's meetings in date order, every cycle. */
export function selectForumMeetings(db: Kysely<Database>, forumId: string): Promise<MeetingRow[]> {
  return db
    .selectFrom("meetings")
    .selectAll("meetings")
    .where("meetings.forum_id", "=", forumId)
    .orderBy("meetings.date")
    .orderBy("meetings.start_time")
    .execute();
}

/** A forum's published summaries, newest first. */
export function selectPublishedSummaries(
  db: Kysely<Database>,
  forumId: string,
  limit = 50,
): Promise<MeetingRow[]> {
  return db
    .selectFrom("meetings")
    .selectAll("meetings")
    .where("meetings.forum_id", "=", forumId)
    .where("meetings.summary_published_at", "is not", null)
    .orderBy("meetings.summary_published_at", "desc")
    .limit(limit)
    .execute();
}

/** Whether a slug is taken in a cycle. */
export async function slugTaken(db: Kysely<Database>, cycleId: string, slug: string): Promise<boolean> {
  const row = await db
    .selectFrom("meetings")
    .select("id")
    .where("cycle_id", "=", cycleId)
    .where("slug", "=", slug)
    .executeTakeFirst();
  return Boolean(row);
}

/** Adds a meeting. */
export function insertMeeting(db: Kysely<Database>, values: Insertable<MeetingsTable>): Promise<MeetingRow> {
  return db.insertInto("meetings").values(values).returningAll().executeTakeFirstOrThrow();
}

/** Changes a meeting. */
export function updateMeetingRow(
  db: Kysely<Database>,
  id: string,
  changes: Updateable<MeetingsTable>,
): Promise<MeetingRow> {
  return db
    .updateTable("meetings")
    .set({ ...changes, updated_at: new Date() })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Removes a meeting with its attendance and next steps. */
export async function deleteMeetingRow(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom("meetings").where("id", "=", id).execute();
}

/** The participants annex in order. */
export function selectAttendance(db: Kysely<Database>, meetingId: string): Promise<AttendanceRow[]> {
  return db
    .selectFrom("meeting_attendance")
    .selectAll()
    .where("meeting_id", "=", meetingId)
    .orderBy("position")
    .orderBy("created_at")
    .execute();
}

/** Adds one person to the annex (a person ticking themselves: no-op when already there). */
export async function insertAttendance(
  db: Kysely<Database>,
  values: Insertable<MeetingAttendanceTable>,
): Promise<void> {
  await db.insertInto("meeting_attendance").values(values).execute();
}

/** Removes a person's own tick. */
export async function deleteOwnAttendance(db: Kysely<Database>, meetingId: string, userId: string) {
  await db
    .deleteFrom("meeting_attendance")
    .where("meeting_id", "=", meetingId)
    .where("user_id", "=", userId)
    .execute();
}

/** Clears the annex before the secretariat's corrected list replaces it. */
export async function deleteAttendance(db: Kysely<Database>, meetingId: string) {
  await db.deleteFrom("meeting_attendance").where("meeting_id", "=", meetingId).execute();
}

/** A meeting's next steps in order. */
export function selectMeetingActions(db: Kysely<Database>, meetingId: string): Promise<ActionRow[]> {
  return db
    .selectFrom("action_items")
    .selectAll()
    .where("meeting_id", "=", meetingId)
    .orderBy("position")
    .orderBy("created_at")
    .execute();
}

/** Open next steps of a forum decided at meetings before the given day (what carries onto its agenda). */
export function selectOpenActionsBefore(db: Kysely<Database>, forumId: string, date: string) {
  return db
    .selectFrom("action_items")
    .innerJoin("meetings", "meetings.id", "action_items.meeting_id")
    .selectAll("action_items")
    .select(["meetings.kind", "meetings.number", "meetings.title", "meetings.date", "meetings.slug"])
    .where("action_items.forum_id", "=", forumId)
    .where("action_items.status", "=", "open")
    .where("meetings.date", "<", date)
    .orderBy("meetings.date")
    .orderBy("action_items.position")
    .execute();
}

/** One next step by id. */
export function selectAction(db: Kysely<Database>, id: string): Promise<ActionRow | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return Promise.resolve(undefined);
  return db.selectFrom("action_items").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Adds a next step. */
export function insertAction(db: Kysely<Database>, values: Insertable<ActionItemsTable>): Promise<ActionRow> {
  return db.insertInto("action_items").values(values).returningAll().executeTakeFirstOrThrow();
}

/** Changes a next step. */
export function updateActionRow(
  db: Kysely<Database>,
  id: string,
  changes: Updateable<ActionItemsTable>,
): Promise<ActionRow> {
  return db
    .updateTable("action_items")
    .set({ ...changes, updated_at: new Date() })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Removes a next step. */
export async function deleteActionRow(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom("action_items").where("id", "=", id).execute();
}

/** A person's open next steps in every forum, soonest due first, with the meeting that decided them. */
export function selectOpenActionsOf(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom("action_items")
    .innerJoin("meetings", "meetings.id", "action_items.meeting_id")
    .selectAll("action_items")
    .select([
      "meetings.kind",
      "meetings.number",
      "meetings.title",
      "meetings.date",
      "meetings.slug",
      "meetings.cycle_id as meeting_cycle_id",
    ])
    .where("action_items.owner_user_id", "=", userId)
    .where("action_items.status", "=", "open")
    .orderBy("action_items.due_date")
    .orderBy("meetings.date")
    .execute();
}

/**
 * Open next steps whose due date is before a day and that were not reminded since `remindedBefore`: the
 * candidates for an overdue reminder (the due policy then applies each one's precision). A step owned by
 * a person carries their address; one owned by free text ("the Secretariat") has none.
 */
export function selectOverdueCandidates(db: Kysely<Database>, today: string, remindedBefore: string) {
  return db
    .selectFrom("action_items")
    .innerJoin("meetings", "meetings.id", "action_items.meeting_id")
    .selectAll("action_items")
    .select(["meetings.slug as meeting_slug", "meetings.cycle_id as meeting_cycle_id"])
    .where("action_items.status", "=", "open")
    .where("action_items.due_date", "<", today)
    .where((eb) =>
      eb.or([
        eb("action_items.last_reminded_on", "is", null),
        eb("action_items.last_reminded_on", "<=", remindedBefore),
      ]),
    )
    .orderBy("action_items.due_date")
    .execute();
}

/** One poll by id. */
export function selectPoll(db: Kysely<Database>, id: string): Promise<PollRow | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return Promise.resolve(undefined);
  return db.selectFrom("scheduling_polls").selectAll().where("id", "=", id).executeTakeFirst();
}

/** A cycle's polls, newest first. */
export function selectCyclePolls(db: Kysely<Database>, cycleId: string): Promise<PollRow[]> {
  return db
    .selectFrom("scheduling_polls")
    .selectAll()
    .where("cycle_id", "=", cycleId)
    .orderBy("created_at", "desc")
    .execute();
}

/** A poll's slots in time order. */
export function selectSlots(db: Kysely<Database>, pollId: string): Promise<SlotRow[]> {
  return db.selectFrom("poll_slots").selectAll().where("poll_id", "=", pollId).orderBy("starts_at").execute();
}

/** Every answer to a poll. */
export function selectAnswers(db: Kysely<Database>, pollId: string) {
  return db
    .selectFrom("poll_answers")
    .innerJoin("poll_slots", "poll_slots.id", "poll_answers.slot_id")
    .select(["poll_answers.slot_id", "poll_answers.user_id", "poll_answers.answer"])
    .where("poll_slots.poll_id", "=", pollId)
    .execute();
}

/** The people asked in a poll (who, and when they were invited and reminded). */
export function selectPollParticipantRows(db: Kysely<Database>, pollId: string) {
  return db
    .selectFrom("poll_participants")
    .select(["user_id", "invited_at", "reminded_at"])
    .where("poll_id", "=", pollId)
    .execute();
}

/** Records (or changes) one person's answer for one slot. */
export async function upsertAnswer(db: Kysely<Database>, slotId: string, userId: string, answer: PollAnswer) {
  await db
    .insertInto("poll_answers")
    .values({ slot_id: slotId, user_id: userId, answer })
    .onConflict((oc) => oc.columns(["slot_id", "user_id"]).doUpdateSet({ answer, answered_at: new Date() }))
    .execute();
}

/** Links annex rows to accounts by exact name (the demo, and imports of people who have accounts). */
export async function linkAttendanceToUsers(
  db: Kysely<Database>,
  meetingId: string,
  people: Record<string, string>,
): Promise<void> {
  for (const [name, userId] of Object.entries(people)) {
    await db
      .updateTable("meeting_attendance")
      .set({ user_id: userId })
      .where("meeting_id", "=", meetingId)
      .where("name", "=", name)
      .where("user_id", "is", null)
      .execute();
  }
}

/** One poll by id, locked until the transaction ends (so an edit and a close cannot cross). */
export function selectPollForUpdate(db: Kysely<Database>, id: string): Promise<PollRow | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return Promise.resolve(undefined);
  return db.selectFrom("scheduling_polls").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
}

/** Changes a poll's title, purpose and closing time, or records how it was closed. */
export async function updatePollRow(
  db: Kysely<Database>,
  id: string,
  values: Pick<
    Updateable<SchedulingPollsTable>,
    "title" | "purpose" | "closes_at" | "status" | "meeting_id" | "closed_at"
  >,
): Promise<void> {
  await db.updateTable("scheduling_polls").set(values).where("id", "=", id).execute();
}

/** Marks an open poll closed; false when it was no longer open (another close got there first). */
export async function claimOpenPoll(db: Kysely<Database>, id: string, now: Date): Promise<boolean> {
  const claimed = await db
    .updateTable("scheduling_polls")
    .set({ status: "closed", closed_at: now })
    .where("id", "=", id)
    .where("status", "=", "open")
    .executeTakeFirst();
  return Number(claimed.numUpdatedRows) > 0;
}

/** Opens a poll again (its meeting could not be made). */
export async function reopenPollRow(db: Kysely<Database>, id: string): Promise<void> {
  await db
    .updateTable("scheduling_polls")
    .set({ status: "open", closed_at: null })
    .where("id", "=", id)
    .execute();
}

/** Adds start times to a poll; those it already has are skipped. Returns the new slots. */
export function insertSlots(db: Kysely<Database>, pollId: string, instants: Date[]): Promise<SlotRow[]> {
  if (!instants.length) return Promise.resolve([]);
  return db
    .insertInto("poll_slots")
    .values(instants.map((starts_at) => ({ poll_id: pollId, starts_at })))
    .onConflict((oc) => oc.columns(["poll_id", "starts_at"]).doNothing())
    .returningAll()
    .execute();
}

/** Removes one slot of a poll with its answers (the answers cascade). Returns how many answers went. */
export async function deleteSlot(db: Kysely<Database>, pollId: string, slotId: string): Promise<number> {
  const answers = await db
    .selectFrom("poll_answers")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("slot_id", "=", slotId)
    .executeTakeFirstOrThrow();
  await db.deleteFrom("poll_slots").where("id", "=", slotId).where("poll_id", "=", pollId).execute();
  return Number(answers.n);
}

/** Asks these people too (those already asked stay). */
export async function insertPollParticipants(db: Kysely<Database>, pollId: string, userIds: string[]) {
  if (!userIds.length) return;
  await db
    .insertInto("poll_participants")
    .values(userIds.map((user_id) => ({ poll_id: pollId, user_id })))
    .onConflict((oc) => oc.columns(["poll_id", "user_id"]).doNothing())
    .execute();
}

/** No longer asks these people, and forgets their answers so the tallies count only those asked. */
export async function deletePollParticipants(db: Kysely<Database>, pollId: string, userIds: string[]) {
  if (!userIds.length) return;
  await db
    .deleteFrom("poll_answers")
    .where("user_id", "in", userIds)
    .where("slot_id", "in", (eb) => eb.selectFrom("poll_slots").select("id").where("poll_id", "=", pollId))
    .execute();
  await db
    .deleteFrom("poll_participants")
    .where("poll_id", "=", pollId)
    .where("user_id", "in", userIds)
    .execute();
}

/** Deletes a poll with its slots, participants and answers (they cascade). */
export async function deletePollRow(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom("scheduling_polls").where("id", "=", id).execute();
}

/** Saves a new poll. */
export function insertPoll(db: Kysely<Database>, values: Insertable<SchedulingPollsTable>): Promise<PollRow> {
  return db.insertInto("scheduling_polls").values(values).returningAll().executeTakeFirstOrThrow();
}

/** Records that these people were invited to answer a poll (or reminded to), at an instant. */
export async function markPollParticipants(
  db: Kysely<Database>,
  pollId: string,
  userIds: readonly string[],
  column: "invited_at" | "reminded_at",
  at: Date,
): Promise<void> {
  if (!userIds.length) return;
  await db
    .updateTable("poll_participants")
    .set({ [column]: at })
    .where("poll_id", "=", pollId)
    .where("user_id", "in", [...userIds])
    .execute();
}

/** The ids of the people asked in a poll who have answered at least one of its times. */
export async function selectPollAnswerers(db: Kysely<Database>, pollId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom("poll_answers")
    .innerJoin("poll_slots", "poll_slots.id", "poll_answers.slot_id")
    .select("poll_answers.user_id")
    .distinct()
    .where("poll_slots.poll_id", "=", pollId)
    .execute();
  return new Set(rows.map((r) => r.user_id));
}

/**
 * The open polls a person is asked to answer and has not answered yet (nor missed: answers still open at
 * `now`), soonest closing first, with their cycle.
 */
export function selectPollsAwaitingAnswer(db: Kysely<Database>, userId: string, now: Date) {
  return db
    .selectFrom("poll_participants")
    .innerJoin("scheduling_polls", "scheduling_polls.id", "poll_participants.poll_id")
    .select([
      "scheduling_polls.id",
      "scheduling_polls.title",
      "scheduling_polls.kind",
      "scheduling_polls.number",
      "scheduling_polls.closes_at",
      "scheduling_polls.time_zone",
      "scheduling_polls.cycle_id",
    ])
    .where("poll_participants.user_id", "=", userId)
    .where("scheduling_polls.status", "=", "open")
    .where((eb) =>
      eb.or([eb("scheduling_polls.closes_at", "is", null), eb("scheduling_polls.closes_at", ">", now)]),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("poll_answers")
            .innerJoin("poll_slots", "poll_slots.id", "poll_answers.slot_id")
            .select("poll_answers.slot_id")
            .whereRef("poll_slots.poll_id", "=", "scheduling_polls.id")
            .where("poll_answers.user_id", "=", userId),
        ),
      ),
    )
    .orderBy("scheduling_polls.closes_at")
    .orderBy("scheduling_polls.created_at")
    .execute();
}
