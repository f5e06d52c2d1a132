// The analysis API's shared schemas and JSON shapes.
import { Type } from "typebox";
import { ErrorResponse } from "../server/api-schemas.js";
import type { CodeRow } from "./queries.js";
import type { ExcerptView } from "./workspace/service.js";

export const tags = ["analysis"];
export const security = [{ bearer: [] }];
export const errors = {
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  422: ErrorResponse,
};
export const CycleParams = Type.Object({
  forum: Type.String(),
  year: Type.Integer({ minimum: 1990, maximum: 2200, description: "The cycle's year" }),
});

export const Code = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal("theme"), Type.Literal("section")]),
  name: Type.String(),
  description: Type.String(),
  parent_id: Type.Union([Type.String(), Type.Null()]),
  position: Type.Integer(),
});

/** A code as the API shows it. */
export const codeJson = (c: CodeRow) => ({
  id: c.id,
  kind: c.kind,
  name: c.name,
  description: c.description,
  parent_id: c.parent_id,
  position: c.position,
});

export const Excerpt = Type.Object({
  id: Type.String(),
  contribution_id: Type.String(),
  reference: Type.Union([Type.String(), Type.Null()]),
  contributor: Type.Union([Type.String(), Type.Null()], {
    description: "Null when the contributor asked to be anonymous.",
  }),
  source: Type.Union([Type.Literal("body"), Type.Literal("file"), Type.Literal("answer")]),
  source_key: Type.String({ description: "The file's id, the question's id, or empty for the typed text." }),
  quote: Type.String(),
  prefix: Type.String(),
  suffix: Type.String(),
  start: Type.Integer({ description: "UTF-16 offset of the quote in its text, as last found." }),
  end: Type.Integer(),
  anchor: Type.Union(
    [Type.Literal("exact"), Type.Literal("moved"), Type.Literal("fuzzy"), Type.Literal("orphan")],
    {
      description: "How the quote was last found in its text; orphan: no longer found (kept, never dropped).",
    },
  ),
  themes: Type.Array(Type.String()),
  sections: Type.Array(Type.String()),
  proposal: Type.Boolean(),
  coded_by: Type.String(),
  created_at: Type.String({ format: "date-time" }),
});

/** An excerpt as the API shows it; its codes split into themes and sections. */
export function excerptJson(
  e: Omit<ExcerptView, "contributor" | "anonymous" | "reference"> & Partial<ExcerptView>,
  codes: CodeRow[],
) {
  const kindOf = new Map(codes.map((c) => [c.id, c.kind]));
  return {
    id: e.id,
    contribution_id: e.contribution_id,
    reference: e.reference ?? null,
    contributor: e.anonymous ? null : (e.contributor ?? null),
    source: e.source,
    source_key: e.source_key,
    quote: e.quote,
    prefix: e.prefix,
    suffix: e.suffix,
    start: e.start_offset,
    end: e.end_offset,
    anchor: e.anchor_status,
    themes: e.codeIds.filter((id) => kindOf.get(id) === "theme"),
    sections: e.codeIds.filter((id) => kindOf.get(id) === "section"),
    proposal: e.proposal,
    coded_by: e.coded_by_label,
    created_at: e.created_at.toISOString(),
  };
}
