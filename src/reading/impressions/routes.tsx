// Impressions' forms: a new note or reply, editing and deleting one's own. A form that fails validation comes
// back with what was typed and each error by its field.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { fieldErrorsOf, formFields, seeOther } from "../../server/forms.js";
import { sendPage } from "../../server/render.js";
import { workspacePath } from "../page-parts.js";
import { seesWhoRead } from "../policy.js";
import { contributionPageHelper, placeOf, referenceParams } from "../tracker/routes.js";
import { EditImpressionPage } from "./pages.js";
import { addImpression, deleteImpression, editImpression, impressionForEdit } from "./service.js";

const impressionParams = Type.Object({
  ...referenceParams.properties,
  impression: Type.String({ maxLength: 40 }),
});

/** The impressions' routes. */
export const impressionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;
  const db = services.database.db;
  const contributionPage = contributionPageHelper(app);
  const pageOf = (forum: string, year: number, reference: string) =>
    `${workspacePath(forum, year)}/${encodeURIComponent(reference)}`;

  app.post(
    "/f/:forum/:year/reading/:reference/impressions",
    { schema: { params: referenceParams } },
    async (request, reply) => {
      const { place } = await placeOf(app, request.params);
      const form = formFields(request.body);
      let id: string;
      try {
        const row = await addImpression(db, {
          actor: request.actor,
          place,
          reference: request.params.reference,
          input: { body: form.body ?? "", visibility: form.visibility, parent_id: form.parent_id },
          now: services.clock(),
          publicUrl: services.config.publicUrl,
        });
        id = row.id;
      } catch (error) {
        const errors = fieldErrorsOf(error);
        // A reply's errors are shown on the new note's form, with the text kept there.
        return contributionPage(request, reply, request.params, { values: form, errors }, 422);
      }
      return seeOther(
        reply,
        `${pageOf(place.forum.slug, place.cycle.year, request.params.reference)}?done=saved#impression-${id}`,
      );
    },
  );

  app.get(
    "/f/:forum/:year/reading/:reference/impressions/:impression/edit",
    { schema: { params: impressionParams } },
    async (request, reply) => {
      const { place, forum } = await placeOf(app, request.params);
      const found = await impressionForEdit(db, {
        actor: request.actor,
        place,
        reference: request.params.reference,
        id: request.params.impression,
      });
      return sendPage(
        reply,
        <EditImpressionPage
          ctx={request.pageContext()}
          forum={forum}
          year={place.cycle.year}
          overseer={seesWhoRead(found.reader.roles)}
          reference={request.params.reference}
          impression={found.row}
          canChangeVisibility={found.canChangeVisibility}
        />,
      );
    },
  );

  app.post(
    "/f/:forum/:year/reading/:reference/impressions/:impression",
    { schema: { params: impressionParams } },
    async (request, reply) => {
      const { place, forum } = await placeOf(app, request.params);
      const form = formFields(request.body);
      const args = {
        actor: request.actor,
        place,
        reference: request.params.reference,
        id: request.params.impression,
      };
      try {
        await editImpression(db, {
          ...args,
          input: { body: form.body ?? "", visibility: form.visibility },
          now: services.clock(),
          publicUrl: services.config.publicUrl,
        });
      } catch (error) {
        const errors = fieldErrorsOf(error);
        const found = await impressionForEdit(db, args);
        return sendPage(
          reply,
          <EditImpressionPage
            ctx={request.pageContext()}
            forum={forum}
            year={place.cycle.year}
            overseer={seesWhoRead(found.reader.roles)}
            reference={request.params.reference}
            impression={found.row}
            canChangeVisibility={found.canChangeVisibility}
            values={form}
            errors={errors}
          />,
          422,
        );
      }
      return seeOther(
        reply,
        `${pageOf(place.forum.slug, place.cycle.year, request.params.reference)}?done=saved#impression-${request.params.impression}`,
      );
    },
  );

  app.post(
    "/f/:forum/:year/reading/:reference/impressions/:impression/delete",
    { schema: { params: impressionParams } },
    async (request, reply) => {
      const { place } = await placeOf(app, request.params);
      await deleteImpression(db, {
        actor: request.actor,
        place,
        reference: request.params.reference,
        id: request.params.impression,
        now: services.clock(),
      });
      return seeOther(
        reply,
        `${pageOf(place.forum.slug, place.cycle.year, request.params.reference)}?done=deleted#impressions-title`,
      );
    },
  );
};
