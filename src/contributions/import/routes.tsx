// The secretariat's mail import: a .eml or .mbox file, each message entered as a draft to confirm.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { findCycle } from "../../forums/index.js";
import { AppError } from "../../server/errors.js";
import { sendPage } from "../../server/render.js";
import { CycleParams, serviceDeps } from "../api-parts.js";
import { ManagePage } from "../moderation/pages.js";
import { forModeration } from "../moderation/service.js";
import { requireSecretariat } from "../policy.js";
import { autoPublishes } from "../service.js";
import { fileStoreFor } from "../storage.js";
import { readMultipart, uploadLimits } from "../submit/intake.js";
import { importMail } from "./email.js";

/** The mail import page's POST. */
export const contributionImportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;
  const db = services.database.db;
  const store = fileStoreFor(services.config.dataDir);
  const limits = uploadLimits(services.config);
  const deps = () => serviceDeps(services);

  app.post(
    "/f/:forum/:year/contributions/manage/import-mail",
    { config: { multipart: true }, schema: { params: CycleParams } },
    async (request, reply) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      await requireSecretariat(db, request.actor, forum.id);
      const mailLimits = {
        ...limits,
        maxFiles: 1,
        maxFileBytes: Math.max(limits.maxFileBytes * limits.maxFiles, 50 * 1024 * 1024),
      };
      const { files } = await readMultipart(request, mailLimits, { csrf: true });
      const file = files[0];
      if (!file || file.bytes.length === 0)
        throw new AppError("invalid", "Choose a .eml or .mbox file.", {
          messageKey: "contributions.import.noFile",
        });
      if (file.overLimit)
        throw new AppError("too_large", "The mail file is too large.", {
          messageKey: "contributions.refusal.mailFileTooLarge",
        });
      const report = await importMail(
        { ...deps(), store, limits },
        { actor: request.actor, forum, cycle, bytes: file.bytes },
      );
      const ctx = request.pageContext();
      return sendPage(
        reply,
        <ManagePage
          ctx={ctx}
          forum={forum}
          cycle={cycle}
          rows={await forModeration(db, cycle.id)}
          autoPublish={await autoPublishes(db, cycle.id)}
          importReport={{
            created: report.created.length,
            refusals: report.refusals,
            problems: report.problems,
          }}
        />,
      );
    },
  );
};
