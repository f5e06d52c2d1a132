// The contributions API's reading: the list with filters and a cursor, and one contribution with its files
// and their extracted text.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { findCycle } from "../../forums/index.js";
import { STAKEHOLDER_GROUPS } from "../../geo/countries.js";
import { ErrorResponse } from "../../server/api-schemas.js";
import { AppError } from "../../server/errors.js";
import { CycleParams, Nullable, Summary, tags } from "../api-parts.js";
import { isSecretariat, MODERATION_STATUSES, PUBLIC_STATUSES } from "../policy.js";
import { contributionsPage, filesOf, readableContribution } from "../service.js";
import type { ContributionStatus } from "../tables.js";
import { decodeCursor, encodeCursor } from "./cursor.js";
import { publicRecord } from "./feeds.js";

const FileInfo = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: Type.String(),
  size: Type.Integer(),
  detected_type: Type.String(),
  extraction_status: Type.String(),
  extraction_error: Nullable(Type.String()),
  language: Nullable(Type.String()),
  extracted_text: Nullable(Type.String()),
});

const Detail = Type.Object({
  ...Summary.properties,
  text: Type.String(),
  answers: Type.Record(Type.String(), Type.Unknown()),
  files: Type.Array(FileInfo),
});

const ListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200, description: "full-text search" })),
  stakeholder_group: Type.Optional(Type.Union(STAKEHOLDER_GROUPS.map((g) => Type.Literal(g)))),
  region: Type.Optional(Type.String({ maxLength: 20 })),
  country: Type.Optional(Type.String({ pattern: "^[A-Z]{2}$" })),
  language: Type.Optional(Type.String({ maxLength: 10 })),
  timeliness: Type.Optional(
    Type.Union([Type.Literal("on_time"), Type.Literal("guaranteed"), Type.Literal("late")]),
  ),
  variant: Type.Optional(Type.String({ maxLength: 40 })),
  status: Type.Optional(
    Type.Union(
      [...MODERATION_STATUSES, "all"].map((s) => Type.Literal(s)),
      {
        description:
          "secretariat only; default published. Drafts are never listed: a draft is its author's until submitted.",
      },
    ),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});

function cursorPosition(cursor: string) {
  const position = decodeCursor(cursor);
  if (!position)
    throw new AppError(
      "bad_request",
      "The cursor is not valid: pass next_cursor from the previous page as it is.",
      { messageKey: "contributions.refusal.cursor" },
    );
  return position;
}

/** The contributions API's reading. */
export const contributionReadApiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;
  const db = services.database.db;

  app.get(
    "/api/v1/forums/:forum/cycles/:year/contributions",
    {
      schema: {
        tags,
        summary: "List contributions (published ones; the secretariat may ask for other statuses)",
        params: CycleParams,
        querystring: ListQuery,
        response: { 200: Type.Object({ items: Type.Array(Summary), next_cursor: Nullable(Type.String()) }) },
      },
    },
    async (request) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      const query = request.query;
      let statuses: ContributionStatus[] = PUBLIC_STATUSES;
      if (query.status) {
        if (!(await isSecretariat(db, request.actor, forum.id)))
          throw new AppError("forbidden", "Only the secretariat can list unpublished contributions.", {
            messageKey: "contributions.refusal.unpublishedList",
          });
        statuses = query.status === "all" ? MODERATION_STATUSES : [query.status as ContributionStatus];
      }
      const limit = query.limit ?? 50;
      const rows = await contributionsPage(db, {
        cycleId: cycle.id,
        statuses,
        stakeholderGroup: query.stakeholder_group,
        region: query.region,
        country: query.country,
        language: query.language,
        timeliness: query.timeliness,
        variant: query.variant,
        q: query.q,
        after: query.cursor ? cursorPosition(query.cursor) : undefined,
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      const more = rows.length > limit && last?.received_at;
      return {
        items: page.map((r) => publicRecord({ forum, cycle, publicUrl: services.config.publicUrl }, r)),
        next_cursor: more && last ? encodeCursor(last) : null,
      };
    },
  );

  app.get(
    "/api/v1/contributions/:id",
    {
      schema: {
        tags,
        summary: "One contribution with its files (name, size, detected type, extraction status and text)",
        params: Type.Object({ id: Type.String({ maxLength: 40 }) }),
        response: { 200: Detail, 404: ErrorResponse },
      },
    },
    async (request) => {
      const { row, forum, cycle } = await readableContribution(db, request.actor, request.params.id);
      const files = await filesOf(db, row.id);
      return {
        ...publicRecord({ forum, cycle, publicUrl: services.config.publicUrl }, row),
        text: row.body_text,
        answers: row.answers,
        files: files.map((f) => ({
          id: f.id,
          name: f.file_name,
          role: f.role,
          size: f.size,
          detected_type: f.detected_type,
          extraction_status: f.extraction_status,
          extraction_error: f.extraction_error,
          language: f.language,
          extracted_text: f.extraction_status === "done" ? f.extracted_text : null,
        })),
      };
    },
  );
};
