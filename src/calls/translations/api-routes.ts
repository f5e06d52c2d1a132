// The translations API: a variant's texts in one language, read and saved.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { Anything, apiScope, base, Errors, security, tags, Variant } from "../api-parts.js";
import { saveTranslations, translationState } from "../questionnaire/service.js";

/** The translations API. */
export const translationApiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;
  const db = services.database.db;
  const scopeOf = apiScope(app);

  const LangParams = Type.Object({
    forum: Type.String(),
    year: Type.String(),
    lang: Type.String({ maxLength: 10 }),
  });

  app.get(
    `${base}/questionnaire/translations/:lang`,
    {
      schema: {
        tags,
        security,
        summary:
          "Every text of a variant (and, for the base, of the call) with its translation into a language",
        params: LangParams,
        querystring: Type.Object({ variant: Variant }),
        response: { 200: Anything, ...Errors },
      },
    },
    async (request) => {
      const scope = await scopeOf(request);
      const state = await translationState(db, { ...scope, variantKey: request.query.variant });
      const lang = request.params.lang;
      return {
        original_language: state.original,
        missing: state.missing,
        texts: state.slots.map((s) => ({
          key: s.key,
          what: s.role,
          original: s.text[state.original] ?? "",
          translation: s.text[lang] ?? null,
        })),
      };
    },
  );

  app.put(
    `${base}/questionnaire/translations/:lang`,
    {
      schema: {
        tags,
        security,
        summary: "Save translations into a language, by text key (an empty string removes one)",
        params: LangParams,
        body: Type.Object({
          variant: Variant,
          texts: Type.Record(Type.String(), Type.String({ maxLength: 10_000 })),
        }),
        response: { 200: Type.Object({ changed: Type.Integer() }), ...Errors },
      },
    },
    async (request) => {
      const scope = await scopeOf(request);
      const changed = await saveTranslations(db, {
        ...scope,
        variantKey: request.body.variant,
        lang: request.params.lang,
        values: request.body.texts,
      });
      return { changed };
    },
  );
};
