// The meetings API's shared schemas and JSON shapes, and the lookup of a forum's meeting.

import type { Kysely } from "kysely";
import { Type } from "typebox";
import type { Database } from "../db/schema.js";
import { findForum } from "../forums/index.js";
import { notFound } from "../server/errors.js";
import type { ActionRow, MeetingRow } from "./meetings/service.js";
import { cycleYear } from "./places.js";
import { selectMeetingById } from "./queries.js";

export const tags = ["meetings"];
export const security = [{ bearer: [] }];
export const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
export const Kind = Type.Union([
  Type.Literal("virtual"),
  Type.Literal("informal"),
  Type.Literal("annual_session"),
]);

export const Meeting = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  year: Type.Integer(),
  kind: Kind,
  number: Type.Union([Type.Integer(), Type.Null()]),
  title: Type.String(),
  date: Type.String(),
  start_time: Nullable(Type.String()),
  end_time: Nullable(Type.String()),
  time_zone: Type.String(),
  starts_at: Nullable(Type.String()),
  ends_at: Nullable(Type.String()),
  room: Type.String(),
  organiser: Type.String(),
  facilitator: Type.String(),
  moderator: Type.String(),
  purpose: Type.String(),
  agenda: Type.String(),
  join_url: Type.String({ description: "Members only; empty for others." }),
  recording_stream_url: Type.String(),
  recording_download_url: Type.String(),
  recording_password: Type.String({ description: "Members only; empty for others." }),
  summary: Type.String({ description: "Paragraphs separated by blank lines; footnotes as “[1]: …” lines." }),
  summary_published_at: Nullable(Type.String()),
  contributions_annex: Type.String({
    description: "The annex of contributions, one “name / organisation” a line.",
  }),
});

export const Action = Type.Object({
  id: Type.String(),
  meeting_id: Type.String(),
  text: Type.String(),
  owner_user_id: Nullable(Type.String()),
  owner_text: Type.String(),
  due_text: Type.String(),
  due_date: Nullable(Type.String()),
  due_precision: Nullable(Type.String()),
  status: Type.String(),
});

export const MeetingBody = Type.Object({
  kind: Kind,
  number: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
  title: Type.Optional(Type.String({ maxLength: 300 })),
  date: Type.String({ description: "YYYY-MM-DD in the meeting's zone" }),
  start_time: Type.Optional(Type.String({ description: "HH:MM" })),
  end_time: Type.Optional(Type.String({ description: "HH:MM" })),
  time_zone: Type.Optional(Type.String()),
  room: Type.Optional(Type.String()),
  organiser: Type.Optional(Type.String()),
  facilitator: Type.Optional(Type.String()),
  moderator: Type.Optional(Type.String()),
  purpose: Type.Optional(Type.String()),
  agenda: Type.Optional(Type.String()),
  join_url: Type.Optional(Type.String()),
  recording_stream_url: Type.Optional(Type.String()),
  recording_download_url: Type.Optional(Type.String()),
  recording_password: Type.Optional(Type.String()),
});

export const CreateMeetingBody = Type.Intersect([
  MeetingBody,
  Type.Object({
    year: Type.Integer({ description: "The cycle's year" }),
    allow_other_year: Type.Optional(
      Type.Boolean({
        description:
          "Create the meeting in this cycle even though its date is in another year (refused otherwise).",
      }),
    ),
    summary: Type.Optional(Type.String()),
    publish: Type.Optional(Type.Boolean()),
    participants: Type.Optional(
      Type.Array(Type.Object({ name: Type.String(), role: Type.Optional(Nullable(Type.String())) })),
    ),
    contributions: Type.Optional(
      Type.Union(
        [
          Type.String({ maxLength: 50_000 }),
          Type.Array(
            Type.Union([
              Type.String(),
              Type.Object({
                name: Type.Optional(Nullable(Type.String())),
                organisation: Type.Optional(Nullable(Type.String())),
              }),
            ]),
            { maxItems: 2000 },
          ),
        ],
        { description: "The annex of contributions: lines “name / organisation”, or the proposal's list." },
      ),
    ),
    next_steps: Type.Optional(
      Type.Array(
        Type.Object({
          text: Type.String({ minLength: 1 }),
          owner: Type.Optional(
            Nullable(Type.String({ description: "A forum member's name, or free text: “the Secretariat”" })),
          ),
          due: Type.Optional(
            Type.Union([
              Type.String({ description: "As worded: “the week of 9 October”" }),
              Type.Object({
                text: Type.String(),
                date: Type.Optional(Nullable(Type.String())),
                precision: Type.Optional(Nullable(Type.String())),
              }),
              Type.Null(),
            ]),
          ),
          status: Type.Optional(
            Type.Union([Type.Literal("open"), Type.Literal("done"), Type.Literal("dropped")], {
              description: "By default done when the meeting is already past, open otherwise.",
            }),
          ),
        }),
        { maxItems: 500 },
      ),
    ),
  }),
]);

export const ActionBody = Type.Object({
  text: Type.String({ minLength: 1 }),
  owner_user_id: Type.Optional(Nullable(Type.String())),
  owner_text: Type.Optional(Type.String()),
  due_text: Type.Optional(Type.String()),
  due_date: Type.Optional(Nullable(Type.String())),
  due_precision: Type.Optional(Nullable(Type.String())),
});

export const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function meetingJson(m: MeetingRow, year: number) {
  return {
    ...m,
    year,
    starts_at: iso(m.starts_at),
    ends_at: iso(m.ends_at),
    summary_published_at: iso(m.summary_published_at),
  };
}

export function actionJson(a: ActionRow) {
  return { ...a };
}

export const forumParams = Type.Object({ forum: Type.String() });
export const meetingParams = Type.Object({ forum: Type.String(), id: Type.String() });

/** The forum's meeting with this id and its cycle's year; 404 when it is not the forum's. */
export async function forumMeeting(db: Kysely<Database>, forumSlug: string, id: string) {
  const forum = await findForum(db, forumSlug);
  const meeting = await selectMeetingById(db, id);
  if (!meeting || meeting.forum_id !== forum.id)
    throw notFound("There is no such meeting.", { messageKey: "meetings.refusal.noMeeting" });
  return { forum, meeting, year: await cycleYear(db, meeting.cycle_id) };
}
