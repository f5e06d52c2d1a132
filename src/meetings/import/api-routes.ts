// The meetings API: importing a past report.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { findCycle, findForum } from "../../forums/index.js";
import { ErrorResponse } from "../../server/api-schemas.js";
import { invalid } from "../../server/errors.js";
import { forumParams, Kind, Nullable, security, tags } from "../api-schemas.js";
import { requireMeetingEditor } from "../policy.js";
import { checkUploadCsrf, readUpload } from "../upload.js";
import {
  clashWarning,
  cycleClashes,
  proposalFormValues,
  proposalJson,
  proposeMeetingFromFile,
} from "./service.js";

const Proposal = Type.Object(
  {
    title: Nullable(Type.String()),
    kind: Type.Union([Kind, Type.Null()]),
    number: Type.Union([Type.Integer(), Type.Null()]),
    date: Nullable(Type.String()),
    facilitator: Nullable(Type.String()),
    moderator: Nullable(Type.String()),
    paragraphs: Type.Array(Type.Object({ number: Type.Integer(), text: Type.String() })),
    footnotes: Type.Array(
      Type.Object({ marker: Type.String(), text: Type.String(), url: Nullable(Type.String()) }),
    ),
    links: Type.Array(
      Type.Object({
        url: Type.String(),
        label: Nullable(Type.String()),
        kind: Type.String(),
        password: Nullable(Type.String()),
      }),
    ),
    participants: Type.Array(Type.Object({ name: Type.String(), role: Nullable(Type.String()) })),
    contributions: Type.Array(
      Type.Object({ name: Nullable(Type.String()), organisation: Nullable(Type.String()) }),
    ),
    next_steps: Type.Array(
      Type.Object({
        text: Type.String(),
        owner: Nullable(Type.String()),
        due: Type.Union([
          Type.Object({
            text: Type.String(),
            date: Nullable(Type.String()),
            precision: Nullable(Type.String()),
          }),
          Type.Null(),
        ]),
        status: Type.Union([Type.Literal("open"), Type.Literal("done")], {
          description: "Done when the meeting is already past: its steps are history, not reminders.",
        }),
      }),
    ),
    sessions: Type.Array(Type.Object({}, { additionalProperties: true })),
    warnings: Type.Array(
      Type.Object({
        code: Type.String({
          description:
            "What to check: the reader's own codes, and with ?year= also duplicate_meeting (the cycle already has this meeting: confirming is refused with 409) and year_mismatch (confirm with allow_other_year).",
        }),
        message: Type.String(),
        meeting_url: Type.Optional(
          Type.String({ description: "For duplicate_meeting: the meeting already there." }),
        ),
      }),
    ),
  },
  { description: "A proposed meeting record; nothing is saved until it is confirmed (POST …/meetings)." },
);

/** The API for importing a past meeting report. */
export const importApiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;
  const db = services.database.db;

  app.post(
    "/api/v1/forums/:forum/meetings/import",
    {
      config: { multipart: true },
      schema: {
        tags,
        summary:
          "Read a past summary report (.docx, .pdf or .txt, multipart field “file”) into a proposed record",
        security,
        consumes: ["multipart/form-data"],
        params: forumParams,
        querystring: Type.Object({
          year: Type.Optional(
            Type.Integer({
              description:
                "The cycle the report is meant for: the proposal then warns when that cycle already has the meeting or the report is from another year.",
            }),
          ),
        }),
        response: {
          201: Proposal,
          401: ErrorResponse,
          403: ErrorResponse,
          413: ErrorResponse,
          415: ErrorResponse,
          422: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const forum = await findForum(db, request.params.forum);
      await requireMeetingEditor(db, request.actor, forum.id);
      const upload = await readUpload(request);
      if (request.actor.kind === "user") checkUploadCsrf(request, upload.fields);
      if (!upload.file) {
        throw invalid(
          "Send the report in a multipart field named file.",
          { file: "meetings.import.noFile" },
          { messageKey: "meetings.refusal.fileField" },
        );
      }
      const proposal = await proposeMeetingFromFile(upload.file.buffer, upload.file.fileName, {
        maxBytes: services.config.uploadMaxFileBytes,
      });
      const json: Omit<ReturnType<typeof proposalJson>, "warnings"> & {
        warnings: { code: string; message: string; meeting_url?: string }[];
      } = proposalJson(proposal, { now: services.clock(), timeZone: forum.time_zone });
      if (request.query.year !== undefined) {
        const { cycle } = await findCycle(db, forum.slug, request.query.year);
        const values = proposalFormValues(proposal, forum.time_zone, services.clock());
        const clashes = await cycleClashes(db, { cycleId: cycle.id, candidate: values });
        json.warnings.push(...clashes.map((c) => clashWarning(c, services.config.publicUrl)));
      }
      return reply.status(201).send(json);
    },
  );
};
