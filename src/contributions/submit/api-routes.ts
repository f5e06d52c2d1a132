// The contributions API's submission: multipart fields and files with an Idempotency-Key. The work (replay,
// limits, answers, files, validation) is submitThroughApi's.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { findCycle } from "../../forums/index.js";
import { ErrorResponse } from "../../server/api-schemas.js";
import { CycleParams, hasSessionCookie, serviceDeps, tags } from "../api-parts.js";
import { fileStoreFor } from "../storage.js";
import { submitThroughApi } from "./api-service.js";
import { readMultipart, uploadLimits } from "./intake.js";
import { submissionLimiter } from "./submission-limits.js";

const Created = Type.Object({
  id: Type.String({ format: "uuid" }),
  reference: Type.String({ description: "e.g. BPF-2017-0014" }),
  timeliness: Type.Union([Type.Literal("on_time"), Type.Literal("guaranteed"), Type.Literal("late")]),
  status: Type.String(),
});

/** The contributions API's submission. */
export const contributionSubmitApiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;
  const db = services.database.db;
  const store = fileStoreFor(services.config.dataDir);
  const limits = uploadLimits(services.config);

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
      const hasSession = hasSessionCookie(request, services);
      const { fields, files } = await readMultipart(request, limits, { csrf: hasSession });
      const { replayed, receipt } = await submitThroughApi(
        { ...serviceDeps(services), store, limits, limiter: submissionLimiter(services.config) },
        {
          actor: request.actor,
          forum,
          cycle,
          idempotencyKey: request.headers["idempotency-key"],
          fields,
          files,
          ip: request.ip,
        },
      );
      if (replayed) reply.header("idempotent-replayed", "true");
      return reply.status(201).send(receipt as never);
    },
  );
};
