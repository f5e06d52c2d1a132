// Importing a past report: upload, review, confirm.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";

import { findCycle } from "../../forums/index.js";
import { AppError } from "../../server/errors.js";
import { fieldErrorsOf, formFields, seeOther } from "../../server/forms.js";
import { sendPage } from "../../server/render.js";
import { requireMeetingEditor } from "../policy.js";
import { checkUploadCsrf, readUpload } from "../upload.js";
import { ImportReviewPage, ImportUploadPage } from "./pages.js";
import { confirmImport, cycleClashes, proposalFormValues, proposeMeetingFromFile } from "./service.js";

const cycleParams = Type.Object({ forum: Type.String(), year: Type.String() });

/** Pages for importing a past meeting report. */
export const importRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;
  const db = services.database.db;

  // Importing a past report.
  app.get("/f/:forum/:year/meetings/import", { schema: { params: cycleParams } }, async (request, reply) => {
    const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
    await requireMeetingEditor(db, request.actor, forum.id);
    return sendPage(reply, <ImportUploadPage ctx={request.pageContext()} forum={forum} cycle={cycle} />);
  });

  app.post(
    "/f/:forum/:year/meetings/import",
    { config: { multipart: true }, schema: { params: cycleParams } },
    async (request, reply) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      // The role is checked before the upload is read, so strangers cannot make the server hold files.
      await requireMeetingEditor(db, request.actor, forum.id);
      const upload = await readUpload(request);
      checkUploadCsrf(request, upload.fields);
      const ctx = request.pageContext();
      if (!upload.file)
        return sendPage(
          reply,
          <ImportUploadPage ctx={ctx} forum={forum} cycle={cycle} error={ctx.t("meetings.import.noFile")} />,
          422,
        );
      try {
        const proposal = await proposeMeetingFromFile(upload.file.buffer, upload.file.fileName, {
          maxBytes: services.config.uploadMaxFileBytes,
        });
        const values = proposalFormValues(proposal, forum.time_zone, services.clock());
        return sendPage(
          reply,
          <ImportReviewPage
            ctx={ctx}
            forum={forum}
            cycle={cycle}
            fileName={upload.file.fileName}
            values={values}
            warnings={proposal.warnings}
            clashes={await cycleClashes(db, { cycleId: cycle.id, candidate: values })}
          />,
        );
      } catch (error) {
        if (
          error instanceof AppError &&
          ["invalid", "too_large", "unsupported_media_type"].includes(error.code)
        ) {
          const key = error.messageKey ?? error.fields?.file ?? "meetings.import.unreadable";
          return sendPage(
            reply,
            <ImportUploadPage ctx={ctx} forum={forum} cycle={cycle} error={ctx.t(key)} />,
            error.status,
          );
        }
        throw error;
      }
    },
  );

  app.post(
    "/f/:forum/:year/meetings/import/confirm",
    { schema: { params: cycleParams } },
    async (request, reply) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      const form = formFields(request.body);
      try {
        const meeting = await confirmImport(db, {
          actor: request.actor,
          forumId: forum.id,
          cycleId: cycle.id,
          values: form,
          fileName: form.file_name ?? "",
          now: services.clock(),
          publicUrl: services.config.publicUrl,
        });
        return seeOther(reply, `/f/${forum.slug}/${cycle.year}/meetings/${meeting.slug}?done=imported`);
      } catch (error) {
        // The form comes back with what was typed: with each field's problem, or (409) naming the meeting the
        // cycle already has. Anything else (a refusal of the person, a fault) is not the form's to show.
        const duplicate =
          error instanceof AppError && error.messageKey === "meetings.import.duplicateRefused";
        if (!(error instanceof AppError) || (error.code !== "invalid" && !duplicate)) throw error;
        return sendPage(
          reply,
          <ImportReviewPage
            ctx={request.pageContext()}
            forum={forum}
            cycle={cycle}
            fileName={form.file_name ?? ""}
            values={form}
            warnings={[]}
            clashes={await cycleClashes(db, { cycleId: cycle.id, candidate: form })}
            refusedDuplicate={duplicate}
            errors={duplicate ? undefined : fieldErrorsOf(error)}
          />,
          duplicate ? 409 : 422,
        );
      }
    },
  );
};
