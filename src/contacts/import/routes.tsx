// The import pages: a file or a pasted list is checked and reported; the person then imports the good rows or
// nothing (the checked list travels back in the form, so what is imported is what was reported).
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { findForum } from "../../forums/index.js";
import { formFields, seeOther } from "../../server/forms.js";
import { sendPage } from "../../server/render.js";
import { ImportPage, ImportReportPage } from "./pages.js";
import { importContacts, requireImporter } from "./service.js";
import { readContactUpload } from "./upload.js";

const forumParams = Type.Object({ forum: Type.String() });

/** The import pages. */
export const importRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;
  const db = services.database.db;

  app.get("/f/:forum/contacts/import", { schema: { params: forumParams } }, async (request, reply) => {
    const forum = await findForum(db, request.params.forum);
    await requireImporter(db, request.actor, forum.id);
    return sendPage(reply, <ImportPage ctx={request.pageContext()} forum={forum} />);
  });

  app.post(
    "/f/:forum/contacts/import",
    { config: { multipart: true }, schema: { params: forumParams } },
    async (request, reply) => {
      const forum = await findForum(db, request.params.forum);
      await requireImporter(db, request.actor, forum.id);
      const upload = await readContactUpload(request, {
        csrf: true,
        maxBytes: services.config.uploadMaxFileBytes,
      });
      const ctx = request.pageContext();
      const source = upload.file ? { bytes: upload.file } : { text: upload.fields.paste ?? "" };
      if (!upload.file && !(upload.fields.paste ?? "").trim())
        return sendPage(
          reply,
          <ImportPage ctx={ctx} forum={forum} error={ctx.t("contacts.import.nothingGiven")} />,
          422,
        );
      const report = await importContacts(db, {
        actor: request.actor,
        forumId: forum.id,
        source,
        mode: "check",
      });
      return sendPage(reply, <ImportReportPage ctx={ctx} forum={forum} report={report} />);
    },
  );

  app.post(
    "/f/:forum/contacts/import/confirm",
    { schema: { params: forumParams } },
    async (request, reply) => {
      const forum = await findForum(db, request.params.forum);
      const form = formFields(request.body);
      const choice = form.choice === "good" ? "good" : "nothing";
      const text = Buffer.from(form.data ?? "", "base64").toString("utf8");
      const report = await importContacts(db, {
        actor: request.actor,
        forumId: forum.id,
        source: { text },
        mode: choice,
      });
      if (choice === "nothing") return seeOther(reply, `/f/${forum.slug}/contacts`);
      return sendPage(reply, <ImportReportPage ctx={request.pageContext()} forum={forum} report={report} />);
    },
  );
};
