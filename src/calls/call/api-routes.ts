// The call API: read and save the call.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { ErrorResponse } from "../../server/api-schemas.js";
import { notFound } from "../../server/errors.js";
import { Anything, apiScope, base, Count, Errors, Params, security, tags } from "../api-parts.js";
import { callPermissions } from "../policy.js";
import { listPublishedQuestionnaires } from "../published.js";
import { getCall, saveCall } from "./service.js";

/** The call API. */
export const callDetailsApiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;
  const db = services.database.db;
  const scopeOf = apiScope(app);

  app.get(
    `${base}/call`,
    {
      schema: {
        tags,
        summary: "The call for contributions (public once a questionnaire is published)",
        params: Params,
        response: { 200: Anything, 404: ErrorResponse },
      },
    },
    async (request) => {
      const scope = await scopeOf(request);
      const call = await getCall(db, scope.cycle.id);
      const published = await listPublishedQuestionnaires(db, scope.cycle.id);
      const perms = await callPermissions(db, scope.actor, scope.forum.id);
      if (!call || (!published.length && !perms.read))
        throw notFound("This cycle's call is not published yet.", {
          messageKey: "calls.refusal.callNotPublished",
        });
      return {
        texts: call.texts,
        reading: call.reading,
        guidance: call.guidance,
        variants: published.map((p) => ({ key: p.variantKey, version: p.version, version_id: p.versionId })),
      };
    },
  );

  app.put(
    `${base}/call`,
    {
      schema: {
        tags,
        security,
        summary: "Create or update the call (texts in the original language)",
        params: Params,
        body: Type.Object({
          title: Type.Optional(
            Type.String({
              maxLength: 1000,
              description:
                "The call's own title (up to 200 characters); empty for the usual one, absent to keep it",
            }),
          ),
          message: Type.String({ maxLength: 20_000 }),
          overview: Type.Optional(Type.String({ maxLength: 20_000 })),
          guidance_note: Type.Optional(Type.String({ maxLength: 5000 })),
          reading: Type.Optional(
            Type.Array(
              Type.Object({ title: Type.String({ maxLength: 500 }), url: Type.String({ maxLength: 2000 }) }),
              {
                maxItems: 100,
              },
            ),
          ),
          pages_min: Count,
          pages_max: Count,
          links_welcome: Type.Optional(Type.Boolean()),
          appendices: Type.Optional(Type.Boolean()),
          editable_formats: Type.Optional(Type.Boolean()),
        }),
        response: { 200: Anything, ...Errors },
      },
    },
    async (request) => {
      const scope = await scopeOf(request);
      const b = request.body;
      const row = await saveCall(db, {
        ...scope,
        input: {
          title: b.title,
          message: b.message,
          overview: b.overview ?? "",
          guidanceNote: b.guidance_note,
          reading: b.reading ?? [],
          pagesMin: b.pages_min,
          pagesMax: b.pages_max,
          linksWelcome: b.links_welcome,
          appendices: b.appendices,
          editableFormats: b.editable_formats,
        },
      });
      return { texts: row.texts, reading: row.reading, guidance: row.guidance };
    },
  );
};
