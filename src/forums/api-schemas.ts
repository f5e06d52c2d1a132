// The JSON shapes of the forums API: a forum, a cycle, a milestone, and the parameters and errors its routes share.
import { Type } from "typebox";
import { ErrorResponse } from "../server/api-schemas.js";
import type { CycleRow, ForumRow, MilestoneRow } from "./lookup.js";
import { instantToZoned } from "./time/zones.js";

export const ForumJson = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  description: Type.String(),
  host_organisation: Type.String(),
  languages: Type.Array(Type.String()),
  time_zone: Type.String(),
  mailing_list: Type.Union([Type.String(), Type.Null()]),
  url: Type.String(),
  created_at: Type.String({ format: "date-time" }),
});

export const MilestoneJson = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  label: Type.String(),
  at: Type.String({ format: "date-time", description: "the instant, in UTC" }),
  time_zone: Type.String(),
  at_local: Type.String({ description: "the same instant on the milestone's own clock, without offset" }),
  all_day: Type.Boolean({
    description: "given as a date: for a deadline the end of that day in its zone, otherwise the start",
  }),
});

export const CycleJson = Type.Object({
  id: Type.String(),
  year: Type.Integer(),
  focus: Type.String(),
  description: Type.String(),
  status: Type.String(),
  continues: Type.Union([Type.Integer(), Type.Null()], {
    description: "the year of the cycle this one continues",
  }),
  url: Type.String(),
  milestones: Type.Optional(Type.Array(MilestoneJson)),
});

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** A milestone as the API shows it. */
export function milestoneJson(m: MilestoneRow) {
  const z = instantToZoned(m.at, m.time_zone);
  return {
    id: m.id,
    kind: m.kind,
    label: m.label,
    at: m.at.toISOString(),
    time_zone: m.time_zone,
    at_local: `${pad(z.year, 4)}-${pad(z.month)}-${pad(z.day)}T${pad(z.hour)}:${pad(z.minute)}:${pad(z.second)}`,
    all_day: m.all_day,
  };
}

/** A forum as the API shows it. */
export function forumJson(f: ForumRow, publicUrl: string) {
  return {
    id: f.id,
    slug: f.slug,
    name: f.name,
    description: f.description,
    host_organisation: f.host_organisation,
    languages: f.languages,
    time_zone: f.time_zone,
    mailing_list: f.mailing_list,
    url: `${publicUrl}/f/${f.slug}`,
    created_at: f.created_at.toISOString(),
  };
}

/** A cycle as the API shows it, with its milestones when given. */
export function cycleJson(
  c: CycleRow,
  forum: ForumRow,
  publicUrl: string,
  previousYear: number | null,
  milestones?: MilestoneRow[],
) {
  return {
    id: c.id,
    year: c.year,
    focus: c.focus,
    description: c.description,
    status: c.status,
    continues: previousYear,
    url: `${publicUrl}/f/${forum.slug}/${c.year}`,
    ...(milestones ? { milestones: milestones.map(milestoneJson) } : {}),
  };
}

/** The API routes' security: a bearer token. */
export const auth = [{ bearer: [] }];
/** /api/v1/forums/{forum}… */
export const ForumParams = Type.Object({ forum: Type.String({ description: "the forum's slug" }) });
/** /api/v1/forums/{forum}/cycles/{year}… */
export const CycleParams = Type.Object({
  forum: Type.String(),
  year: Type.Integer({ minimum: 1990, maximum: 2200 }),
});
/** The errors a changing API call may answer with. */
export const errors = {
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  422: ErrorResponse,
};
