// Translating a questionnaire: the side-by-side page and saving its texts.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { FieldErrors } from "../../server/errors.js";
import { fieldErrorsOf, formFields, seeOther } from "../../server/forms.js";
import { sendPage } from "../../server/render.js";
import { type Scope, saveTranslations, translationState } from "../questionnaire/service.js";
import { callRouteContext, params, variantQuery } from "../route-parts.js";
import { TranslatePage } from "../translations/pages.js";

/** Translating a questionnaire. */
export const translationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, scopeOf, signInFirst, builderUrl } = callRouteContext(app);

  async function translatePage(
    request: FastifyRequest,
    reply: FastifyReply,
    scope: Scope,
    variantKey: string,
    lang: string | undefined,
    extra: { errors?: FieldErrors } = {},
    status = 200,
  ) {
    const state = await translationState(db, { ...scope, variantKey });
    if (!state.permissions.edit) return seeOther(reply, builderUrl(scope, variantKey));
    const targets = Object.keys(state.missing);
    const chosen = lang && targets.includes(lang) ? lang : targets[0];
    return sendPage(
      reply,
      <TranslatePage
        ctx={request.pageContext()}
        forum={scope.forum}
        cycle={scope.cycle}
        variant={state.variant}
        original={state.original}
        lang={chosen}
        slots={state.slots}
        missing={state.missing}
        errors={extra.errors}
      />,
      status,
    );
  }

  app.get(
    "/f/:forum/:year/questionnaire/translate",
    // ?lang= names the language being translated into; the secretariat keeps reading the page in their own.
    { schema: { params, querystring: variantQuery }, config: { langNamesContent: true } },
    async (request, reply) => {
      if (request.actor.kind === "anonymous") return signInFirst(request, reply);
      const scope = await scopeOf(request);
      return translatePage(request, reply, scope, request.query.variant || "base", request.query.lang);
    },
  );

  app.post(
    "/f/:forum/:year/questionnaire/translate",
    // ?lang= names the language being translated into; the secretariat keeps reading the page in their own.
    { schema: { params, querystring: variantQuery }, config: { langNamesContent: true } },
    async (request, reply) => {
      const scope = await scopeOf(request);
      const variantKey = request.query.variant || "base";
      const lang = request.query.lang ?? "";
      try {
        await saveTranslations(db, { ...scope, variantKey, lang, values: formFields(request.body) });
      } catch (error) {
        return translatePage(request, reply, scope, variantKey, lang, { errors: fieldErrorsOf(error) }, 422);
      }
      return seeOther(reply, builderUrl(scope, variantKey, "translated"));
    },
  );
};
