// The contributions API: submit (multipart, Idempotency-Key), list with filters and a cursor, read one with its
// files and extracted text, publish.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { Actor } from "../../auth/actor.js";
import { sessionCookieName } from "../../auth/sessions.js";
import { getPublishedQuestionnaire } from "../../calls/index.js";
import { findCycle } from "../../forums/lookup.js";
import { STAKEHOLDER_GROUPS } from "../../geo/countries.js";
import { ErrorResponse } from "../../server/api-schemas.js";
import { AppError, notFound } from "../../server/errors.js";
import { isLocale } from "../../ui/i18n/locales.js";
import { CSV_COLUMNS, importContributionsCsv, uploadedSource } from "../import/csv.js";
import { isSecretariat, MODERATION_STATUSES, PUBLIC_STATUSES, requireSecretariat } from "../policy.js";
import { decodeCursor, encodeCursor } from "../public/cursor.js";
import { publicRecord } from "../public/feeds.js";
import {
  insertApiRequest,
  selectApiRequest,
  selectContribution,
  selectContributions,
  selectFiles,
} from "../queries.js";
import {
  emptyDetails,
  publishContribution,
  saveContribution,
  validateSubmission,
  withQuestionnaireRules,
} from "../service.js";
import { fileStoreFor } from "../storage.js";
import type { ContributionStatus } from "../tables.js";
import { inspectAndStore, readMultipart, requestFingerprint, uploadLimits } from "./intake.js";
import { submissionLimiter } from "./submission-limits.js";

const tags = ["contributions"];

const Created = Type.Object({
  id: Type.String({ format: "uuid" }),
  reference: Type.String({ description: "e.g. BPF-2017-0014" }),
  timeliness: Type.Union([Type.Literal("on_time"), Type.Literal("guaranteed"), Type.Literal("late")]),
  status: Type.String(),
});

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

const Summary = Type.Object({
  id: Type.String(),
  reference: Nullable(Type.String()),
  url: Type.String(),
  contributor_name: Nullable(Type.String()),
  organisation: Nullable(Type.String()),
  anonymous: Type.Boolean(),
  stakeholder_group: Nullable(Type.String()),
  country: Nullable(Type.String()),
  region: Nullable(Type.String()),
  language: Nullable(Type.String()),
  variant: Type.String(),
  received_at: Nullable(Type.String()),
  received_from: Type.String(),
  timeliness: Nullable(Type.String()),
  status: Type.String(),
  licence: Type.String(),
  is_sample: Type.Boolean(),
});

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

const CycleParams = Type.Object({
  forum: Type.String({ maxLength: 100 }),
  year: Type.String({ maxLength: 4 }),
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

/** Bulk import: documents per request, and their bytes together (held in memory while the rows are read). */
const BULK_MAX_FILES = 100;
const BULK_MAX_BYTES = 200 * 1024 * 1024;

const ImportReport = Type.Object({
  imported: Type.Array(
    Type.Object({ row: Type.Integer(), reference: Type.String(), timeliness: Type.String() }),
  ),
  already_imported: Type.Array(Type.Object({ row: Type.Integer(), reference: Type.String() })),
  refused: Type.Array(Type.Object({ row: Type.Integer(), reasons: Type.Array(Type.String()) })),
});

/** Whose Idempotency-Keys these are. */
function callerScope(actor: Actor): string {
  switch (actor.kind) {
    case "token":
      return `token:${actor.tokenId}`;
    case "user":
      return `user:${actor.userId}`;
    case "system":
      return `system:${actor.label}`;
    case "anonymous":
      return "anonymous";
  }
}

function cursorPosition(cursor: string) {
  const position = decodeCursor(cursor);
  if (!position)
    throw new AppError(
      "bad_request",
      "The cursor is not valid: pass next_cursor from the previous page as it is.",
    );
  return position;
}

/** The contributions API. */
export const contributionApiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;
  const db = services.database.db;
  const store = fileStoreFor(services.config.dataDir);
  const limits = uploadLimits(services.config);
  const deps = () => ({
    db,
    now: services.clock(),
    secret: services.secret,
    publicUrl: services.config.publicUrl,
    adminEmail: services.config.adminEmail,
  });

  app.post(
    "/api/v1/forums/:forum/cycles/:year/contributions",
    {
      config: { multipart: true },
      schema: {
        tags,
        summary: "Submit a contribution (multipart/form-data)",
        description:
          "Fields: contributor_name, organisation, stakeholder_group (government, civil_society, private_sector, technical_community, intergovernmental, academia), country (ISO 3166-1 alpha-2), email, language, variant, text, answers (JSON keyed by question id), consent (with_name or anonymous), licence (cc_by_4_0, cc0, forum_terms; a questionnaire whose consent question fixes a licence applies that one), files (main, appendices). Secretariat tokens may add received_at (ISO 8601) and publish=true for imports. Send an Idempotency-Key header: a retry of the same request by the same caller returns the first response (header idempotent-replayed: true); the same key with a different request is refused with 422 idempotency_key_reused. After the call closes: 409 call_closed; before it opens: 409 call_not_open. Too many sendings from one IP address or one e-mail address within minutes: 429 rate_limited with Retry-After (the secretariat is not limited).",
        consumes: ["multipart/form-data"],
        params: CycleParams,
        headers: Type.Object({ "idempotency-key": Type.Optional(Type.String({ maxLength: 200 })) }),
        response: {
          201: Created,
          409: ErrorResponse,
          422: ErrorResponse,
          403: ErrorResponse,
          429: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      const key = request.headers["idempotency-key"];
      const hasSession = Boolean(request.cookies[sessionCookieName(services.secure)]);
      const { fields, files } = await readMultipart(request, limits, { csrf: hasSession });
      // A key belongs to its caller, and replays only the request it first came with: another client that
      // happens to pick the same key neither sees this contribution nor loses its own.
      const scopedKey = key ? `${cycle.id}:${callerScope(request.actor)}:${key}` : undefined;
      const requestHash = key ? requestFingerprint(fields, files) : "";
      if (scopedKey) {
        const previous = await selectApiRequest(db, scopedKey);
        if (previous && previous.request_hash !== requestHash)
          throw new AppError(
            "idempotency_key_reused",
            "This Idempotency-Key was already used for a different request. Send a new key with each new contribution, and the same key only to retry the same request.",
          );
        if (previous)
          return reply
            .status(201)
            .header("idempotent-replayed", "true")
            .send(previous.response as never);
      }
      const get = (name: string) => fields[name]?.[0] ?? "";
      const secretariat = await isSecretariat(db, request.actor, forum.id);
      // The secretariat's own imports are not limited; anyone else's sendings are (429 with Retry-After).
      if (!secretariat)
        submissionLimiter(services.config).take({
          ip: request.ip,
          email: get("email"),
          now: services.clock(),
        });
      const variant = get("variant") || "base";
      const language = isLocale(get("language")) ? get("language") : "en";
      const questionnaire = await getPublishedQuestionnaire(db, cycle.id, variant);
      let answers: Record<string, unknown> = {};
      if (get("answers")) {
        try {
          const parsed = JSON.parse(get("answers"));
          if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error();
          answers = parsed;
        } catch {
          throw new AppError("invalid", "answers must be a JSON object keyed by question id.", {
            fields: { answers: "contributions.answer.invalid" },
          });
        }
      }
      const details = withQuestionnaireRules(
        {
          ...emptyDetails(variant, language),
          honorific: get("honorific"),
          contributor_name: get("contributor_name"),
          organisation: get("organisation"),
          stakeholder_group: get("stakeholder_group"),
          country: get("country").toUpperCase(),
          email: get("email"),
          consent: get("consent"),
          licence: get("licence") || "cc_by_4_0",
          body_text: get("text") || get("body_text"),
          answers,
        },
        questionnaire,
      );
      const { stored, refusals } = await inspectAndStore(store, files, limits);
      if (refusals.length) {
        const fieldErrors = Object.fromEntries(
          refusals.map((r, i) => [`files.${r.fileName || i}`, r.message]),
        );
        throw new AppError("invalid", refusals.map((r) => r.message).join(" "), { fields: fieldErrors });
      }
      const errors = validateSubmission(
        details,
        { main: stored.filter((s) => s.role === "main").length, total: stored.length },
        questionnaire,
        { secretariat },
      );
      if (Object.keys(errors).length)
        throw new AppError(
          "invalid",
          `The contribution is not complete (${Object.keys(errors).join(", ")}).`,
          {
            fields: errors,
          },
        );
      const receivedAt = get("received_at") ? new Date(get("received_at")) : undefined;
      if (receivedAt && Number.isNaN(receivedAt.getTime()))
        throw new AppError("invalid", "received_at must be an ISO 8601 instant.", {
          fields: { received_at: "contributions.error.date" },
        });
      const result = await saveContribution(deps(), {
        actor: request.actor,
        forum,
        cycle,
        idempotencyKey: scopedKey ? `api:${scopedKey}` : undefined,
        details,
        uploads: stored.map((s, i) =>
          s.role === "appendix" && i === 0 && !stored.some((x) => x.role === "main")
            ? { ...s, role: "main" }
            : s,
        ),
        action: "submit",
        channel: receivedAt ? "import" : "api",
        questionnaire,
        receivedAt,
        receivedSource: receivedAt ? "import" : undefined,
        publish: get("publish") === "true" ? true : undefined,
        keepDraftOnError: false,
      });
      const c = result.contribution;
      const body = {
        id: c.id,
        reference: c.reference ?? "",
        timeliness: c.timeliness ?? "on_time",
        status: c.status,
      };
      if (scopedKey)
        await insertApiRequest(db, { key: scopedKey, contributionId: c.id, requestHash, response: body });
      return reply.status(201).send(body as never);
    },
  );

  app.post(
    "/api/v1/forums/:forum/cycles/:year/contributions/import",
    {
      config: { multipart: true },
      schema: {
        tags,
        summary: "Import contributions in bulk from a CSV and its documents (multipart/form-data)",
        description: `Secretariat only. Parts: csv (the CSV file, with a header row; columns ${CSV_COLUMNS.join(", ")}), the documents its files column names (any field name; matched by file name; several names separated by ";", the first is the main document), and publish=true to publish at once. Rows already imported (same content) are reported, not added again; refused rows are reported with their reasons and nothing of them is saved. At most ${BULK_MAX_FILES} files and ${BULK_MAX_BYTES / 1024 / 1024} MB per request.`,
        consumes: ["multipart/form-data"],
        params: CycleParams,
        response: { 200: ImportReport, 403: ErrorResponse, 413: ErrorResponse, 422: ErrorResponse },
      },
    },
    async (request) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      // Who may import is settled before a byte of the body is read.
      await requireSecretariat(db, request.actor, forum.id);
      const hasSession = Boolean(request.cookies[sessionCookieName(services.secure)]);
      const { fields, files } = await readMultipart(
        request,
        { ...limits, maxFiles: BULK_MAX_FILES },
        { csrf: hasSession, maxTotalFileBytes: BULK_MAX_BYTES },
      );
      const csv = files.find((f) => f.field === "csv");
      if (!csv)
        throw new AppError("invalid", "Send the CSV file in the field named csv.", {
          fields: { csv: "contributions.import.csvMissing" },
        });
      const tooLarge = files.find((f) => f.overLimit);
      if (tooLarge)
        throw new AppError("too_large", `“${tooLarge.fileName}” is larger than the limit for one file.`);
      const report = await importContributionsCsv(
        { ...deps(), store, limits },
        {
          actor: request.actor,
          forum,
          cycle,
          csv: csv.bytes,
          documents: uploadedSource(files.filter((f) => f !== csv)),
          publish: fields.publish?.[0] === "true",
        },
      );
      return {
        imported: report.imported,
        already_imported: report.alreadyImported,
        refused: report.refused,
      };
    },
  );

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
          throw new AppError("forbidden", "Only the secretariat can list unpublished contributions.");
        statuses = query.status === "all" ? MODERATION_STATUSES : [query.status as ContributionStatus];
      }
      const limit = query.limit ?? 50;
      const rows = await selectContributions(db, {
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

  async function visible(request: { actor: Parameters<typeof isSecretariat>[1] }, id: string) {
    const row = await selectContribution(db, id);
    if (!row || row.status === "draft") throw notFound();
    if (row.status !== "published" && !(await isSecretariat(db, request.actor, row.forum_id)))
      throw notFound();
    const forum = await db
      .selectFrom("forums")
      .selectAll()
      .where("id", "=", row.forum_id)
      .executeTakeFirstOrThrow();
    const cycle = await db
      .selectFrom("cycles")
      .selectAll()
      .where("id", "=", row.cycle_id)
      .executeTakeFirstOrThrow();
    return { row, forum, cycle };
  }

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
      const { row, forum, cycle } = await visible(request, request.params.id);
      const files = await selectFiles(db, row.id);
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

  app.post(
    "/api/v1/contributions/:id/publish",
    {
      schema: {
        tags,
        summary: "Publish a contribution (secretariat)",
        description:
          "409 conflict for a contribution its author (or the secretariat) withdrew: a withdrawal is final. 404 for a contributor's unsubmitted draft.",
        security: [{ bearer: [] }],
        params: Type.Object({ id: Type.String({ maxLength: 40 }) }),
        response: {
          200: Type.Object({ id: Type.String(), reference: Nullable(Type.String()), status: Type.String() }),
          401: ErrorResponse,
          403: ErrorResponse,
          404: ErrorResponse,
          409: ErrorResponse,
        },
      },
    },
    async (request) => {
      const row = await publishContribution(deps(), {
        actor: request.actor,
        contributionId: request.params.id,
      });
      return { id: row.id, reference: row.reference, status: row.status };
    },
  );
};
