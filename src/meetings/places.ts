// Meetings' rows with what other domains own: where they belong (the cycle's year and the forum's slug and
// name, from forums) and who they name (people's names and addresses, from auth). The meetings SQL names only
// meetings' tables; these ask the owners once for a whole list.
import type { Kysely } from "kysely";
import { findUsersByIds } from "../auth/index.js";
import type { Database } from "../db/schema.js";
import { type CyclePlace, cyclePlace, cyclePlaces } from "../forums/index.js";
import {
  type MeetingRow,
  selectForumMeetings,
  selectOpenActionsOf,
  selectOverdueCandidates,
  selectPollParticipantRows,
  selectPollsAwaitingAnswer,
  selectPublishedSummaries,
} from "./queries.js";

/** The place of each row's cycle; every row's cycle exists (a foreign key), so a miss is a bug. */
async function placesOf(db: Kysely<Database>, cycleIds: string[]) {
  const places = await cyclePlaces(db, cycleIds);
  return (cycleId: string): CyclePlace => {
    const place = places.get(cycleId);
    if (!place) throw new Error(`No cycle ${cycleId}.`);
    return place;
  };
}

/** A forum's meetings in date order, every cycle, with the cycle's year and the forum's slug. */
export async function forumMeetings(db: Kysely<Database>, forumId: string) {
  const rows = await selectForumMeetings(db, forumId);
  const place = await placesOf(
    db,
    rows.map((r) => r.cycle_id),
  );
  return rows.map((r) => ({ ...r, year: place(r.cycle_id).year, forum_slug: place(r.cycle_id).forum_slug }));
}

/** A forum's published summaries, newest first, with the cycle's year. */
export async function publishedSummaries(
  db: Kysely<Database>,
  forumId: string,
  limit?: number,
): Promise<(MeetingRow & { year: number })[]> {
  const rows = await selectPublishedSummaries(db, forumId, limit);
  const place = await placesOf(
    db,
    rows.map((r) => r.cycle_id),
  );
  return rows.map((r) => ({ ...r, year: place(r.cycle_id).year }));
}

/** A person's open next steps in every forum, soonest due first, with where they were decided. */
export async function openActionsOf(db: Kysely<Database>, userId: string) {
  const rows = await selectOpenActionsOf(db, userId);
  const place = await placesOf(
    db,
    rows.map((r) => r.meeting_cycle_id),
  );
  return rows.map(({ meeting_cycle_id, ...r }) => {
    const p = place(meeting_cycle_id);
    return { ...r, year: p.year, forum_slug: p.forum_slug, forum_name: p.forum_name };
  });
}

/** The candidates for an overdue reminder (see selectOverdueCandidates), with their forum and year. */
export async function overdueCandidates(db: Kysely<Database>, today: string, remindedBefore: string) {
  const rows = await selectOverdueCandidates(db, today, remindedBefore);
  const place = await placesOf(
    db,
    rows.map((r) => r.meeting_cycle_id),
  );
  const owners = new Map(
    (
      await findUsersByIds(
        db,
        rows.flatMap((r) => (r.owner_user_id ? [r.owner_user_id] : [])),
      )
    ).map((u) => [u.id, u]),
  );
  return rows.map(({ meeting_cycle_id, ...r }) => {
    const p = place(meeting_cycle_id);
    const owner = r.owner_user_id ? owners.get(r.owner_user_id) : undefined;
    return {
      ...r,
      email: owner?.email ?? null,
      owner_name: owner?.name ?? null,
      preferred_language: owner?.preferred_language ?? null,
      forum_name: p.forum_name,
      forum_slug: p.forum_slug,
      year: p.year,
    };
  });
}

/** The people asked in a poll, by name, with what invitations need. */
export async function pollParticipants(db: Kysely<Database>, pollId: string) {
  const rows = await selectPollParticipantRows(db, pollId);
  const people = new Map(
    (
      await findUsersByIds(
        db,
        rows.map((r) => r.user_id),
      )
    ).map((u) => [u.id, u]),
  );
  return rows
    .flatMap((r) => {
      const person = people.get(r.user_id);
      if (!person) return [];
      const { id, name, email, preferred_language, time_zone } = person;
      return [
        {
          id,
          name,
          email,
          preferred_language,
          time_zone,
          invited_at: r.invited_at,
          reminded_at: r.reminded_at,
        },
      ];
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The open polls a person has still to answer, soonest closing first, with their forum and year. */
export async function pollsToAnswer(db: Kysely<Database>, userId: string, now: Date) {
  const rows = await selectPollsAwaitingAnswer(db, userId, now);
  const place = await placesOf(
    db,
    rows.map((r) => r.cycle_id),
  );
  return rows.map(({ cycle_id, ...r }) => {
    const p = place(cycle_id);
    return { ...r, year: p.year, forum_slug: p.forum_slug, forum_name: p.forum_name };
  });
}

/** The year of a cycle (for building a meeting's address). */
export async function cycleYear(db: Kysely<Database>, cycleId: string): Promise<number> {
  return (await cyclePlace(db, cycleId)).year;
}
