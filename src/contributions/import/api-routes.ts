// The contributions API's bulk import: a CSV and its documents, by the secretariat.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { findCycle } from "../../forums/index.js";
import { ErrorResponse } from "../../server/api-schemas.js";
import { AppError } from "../../server/errors.js";
import { CycleParams, hasSessionCookie, serviceDeps, tags } from "../api-parts.js";
import { requireSecretariat } from "../policy.js";
import { fileStoreFor } from "../storage.js";
import { readMultipart, uploadLimits } from "../submit/intake.js";
import { CSV_COLUMNS, importContributionsCsv, uploadedSource } from "./csv.js";

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

/** The contributions API's bulk import. */
export const contributionImportApiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;
  const db = services.database.db;
  const store = fileStoreFor(services.config.dataDir);
  const limits = uploadLimits(services.config);
  const deps = () => serviceDeps(services);

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
      const hasSession = hasSessionCookie(request, services);
      const { fields, files } = await readMultipart(
        request,
        { ...limits, maxFiles: BULK_MAX_FILES },
        { csrf: hasSession, maxTotalFileBytes: BULK_MAX_BYTES },
      );
      const csv = files.find((f) => f.field === "csv");
      if (!csv)
        throw new AppError("invalid", "Send the CSV file in the field named csv.", {
          messageKey: "contributions.refusal.csvField",
          fields: { csv: "contributions.import.csvMissing" },
        });
      const tooLarge = files.find((f) => f.overLimit);
      if (tooLarge)
        throw new AppError("too_large", `“${tooLarge.fileName}” is larger than the limit for one file.`, {
          messageKey: "contributions.refusal.fileTooLarge",
          messageValues: { name: tooLarge.fileName },
        });
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
};
