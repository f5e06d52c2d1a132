// The questionnaire builder's pages: sections, questions, moving, comments, variants and publishing.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { type FieldErrors, notFound } from "../../server/errors.js";
import { fieldErrorsOf, formFields, seeOther } from "../../server/forms.js";
import { sendPage } from "../../server/render.js";
import { findQuestion, QUESTION_TYPES } from "../questions/edit.js";
import { QuestionEditPage, questionValues } from "../questions/pages.js";
import {
  callRouteContext,
  DONE,
  params,
  qParams,
  questionErrors,
  questionInputFromForm,
  variantQuery,
} from "../route-parts.js";
import { prefixErrors } from "../view.js";
import {
  addQuestion,
  addSection,
  commentOnQuestion,
  createQuestionnaire,
  createVariant,
  moveQuestion,
  moveSection,
  publishVariant,
  removeQuestion,
  removeSection,
  type Scope,
  setQuestionCommentStatus,
  translationState,
  updateQuestion,
  updateVariantFromBase,
  updateVariantInfo,
} from "./service.js";

/** The questionnaire builder's pages. */
export const questionnaireRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, scopeOf, signInFirst, builderUrl, builderPage } = callRouteContext(app);

  app.get(
    "/f/:forum/:year/questionnaire",
    { schema: { params, querystring: variantQuery } },
    async (request, reply) => {
      if (request.actor.kind === "anonymous") return signInFirst(request, reply);
      const scope = await scopeOf(request);
      const done = request.query.done;
      const notice = done && DONE.has(done) ? request.pageContext().t(`calls.done.${done}`) : undefined;
      const type = request.query.type;
      const values = type && (QUESTION_TYPES as readonly string[]).includes(type) ? { type } : undefined;
      return builderPage(request, reply, scope, request.query.variant || "base", { notice, values });
    },
  );

  app.post("/f/:forum/:year/questionnaire", { schema: { params } }, async (request, reply) => {
    const scope = await scopeOf(request);
    const form = formFields(request.body);
    try {
      await createQuestionnaire(db, {
        ...scope,
        input: { originalLanguage: form.original_language, name: form.name },
      });
    } catch (error) {
      return builderPage(request, reply, scope, "base", { errors: fieldErrorsOf(error), values: form }, 422);
    }
    return seeOther(reply, builderUrl(scope, "base", "created"));
  });

  app.post("/f/:forum/:year/questionnaire/sections", { schema: { params } }, async (request, reply) => {
    const scope = await scopeOf(request);
    const form = formFields(request.body);
    const variantKey = form.variant || "base";
    try {
      await addSection(db, { ...scope, variantKey, input: { title: form.title ?? "", intro: form.intro } });
    } catch (error) {
      const values = { section_title: form.title ?? "", section_intro: form.intro ?? "" };
      const errors = prefixErrors(fieldErrorsOf(error), "section_");
      return builderPage(request, reply, scope, variantKey, { errors, values }, 422);
    }
    return seeOther(reply, builderUrl(scope, variantKey, "section"));
  });

  app.post(
    "/f/:forum/:year/questionnaire/sections/:section/move",
    {
      schema: { params: Type.Object({ forum: Type.String(), year: Type.String(), section: Type.String() }) },
    },
    async (request, reply) => {
      const scope = await scopeOf(request);
      const form = formFields(request.body);
      const variantKey = form.variant || "base";
      const direction = form.direction === "up" ? "up" : "down";
      await moveSection(db, { ...scope, variantKey, sectionId: request.params.section, direction });
      return seeOther(reply, builderUrl(scope, variantKey, "moved", `#section-${request.params.section}`));
    },
  );

  app.post(
    "/f/:forum/:year/questionnaire/sections/:section/remove",
    {
      schema: { params: Type.Object({ forum: Type.String(), year: Type.String(), section: Type.String() }) },
    },
    async (request, reply) => {
      const scope = await scopeOf(request);
      const variantKey = formFields(request.body).variant || "base";
      try {
        await removeSection(db, { ...scope, variantKey, sectionId: request.params.section });
      } catch (error) {
        return builderPage(request, reply, scope, variantKey, { errors: fieldErrorsOf(error) }, 422);
      }
      return seeOther(reply, builderUrl(scope, variantKey, "removed"));
    },
  );

  app.post("/f/:forum/:year/questionnaire/questions", { schema: { params } }, async (request, reply) => {
    const scope = await scopeOf(request);
    const form = formFields(request.body);
    const variantKey = form.variant || "base";
    let id: string;
    try {
      const q = await addQuestion(db, {
        ...scope,
        variantKey,
        sectionId: form.section_id ?? "",
        input: questionInputFromForm(form),
      });
      id = q.id;
    } catch (error) {
      const errors = questionErrors(fieldErrorsOf(error));
      return builderPage(request, reply, scope, variantKey, { errors, values: form }, 422);
    }
    return seeOther(reply, builderUrl(scope, variantKey, "question", `#q-${id}`));
  });

  async function editPage(
    request: FastifyRequest,
    reply: FastifyReply,
    scope: Scope,
    variantKey: string,
    questionId: string,
    extra: { values?: Record<string, string>; errors?: FieldErrors },
    status = 200,
  ) {
    const data = await translationState(db, { ...scope, variantKey });
    if (!data.permissions.edit) return seeOther(reply, builderUrl(scope, variantKey));
    const at = findQuestion(data.variant.sections, questionId);
    if (!at) throw notFound("No such question.", { messageKey: "calls.refusal.noQuestion" });
    // A question's kind is fixed once made: a form sent back with errors (or without its fields) keeps it.
    const values = extra.values
      ? { ...extra.values, type: at.question.type }
      : questionValues(at.question, data.original, at.section.id);
    return sendPage(
      reply,
      <QuestionEditPage
        ctx={request.pageContext()}
        forum={scope.forum}
        cycle={scope.cycle}
        variant={data.variant}
        original={data.original}
        questionId={questionId}
        values={values}
        errors={extra.errors}
      />,
      status,
    );
  }

  app.get(
    "/f/:forum/:year/questionnaire/questions/:question/edit",
    { schema: { params: qParams, querystring: variantQuery } },
    async (request, reply) => {
      if (request.actor.kind === "anonymous") return signInFirst(request, reply);
      const scope = await scopeOf(request);
      return editPage(request, reply, scope, request.query.variant || "base", request.params.question, {});
    },
  );

  app.post(
    "/f/:forum/:year/questionnaire/questions/:question",
    { schema: { params: qParams } },
    async (request, reply) => {
      const scope = await scopeOf(request);
      const form = formFields(request.body);
      const variantKey = form.variant || "base";
      const questionId = request.params.question;
      try {
        await updateQuestion(db, {
          ...scope,
          variantKey,
          questionId,
          sectionId: form.section_id,
          input: questionInputFromForm(form),
        });
      } catch (error) {
        const errors = questionErrors(fieldErrorsOf(error));
        return editPage(request, reply, scope, variantKey, questionId, { values: form, errors }, 422);
      }
      return seeOther(reply, builderUrl(scope, variantKey, "updated", `#q-${questionId}`));
    },
  );

  app.post(
    "/f/:forum/:year/questionnaire/questions/:question/move",
    { schema: { params: qParams } },
    async (request, reply) => {
      const scope = await scopeOf(request);
      const form = formFields(request.body);
      const variantKey = form.variant || "base";
      const direction = form.direction === "up" ? "up" : "down";
      await moveQuestion(db, { ...scope, variantKey, questionId: request.params.question, direction });
      return seeOther(reply, builderUrl(scope, variantKey, "moved", `#q-${request.params.question}`));
    },
  );

  app.post(
    "/f/:forum/:year/questionnaire/questions/:question/remove",
    { schema: { params: qParams } },
    async (request, reply) => {
      const scope = await scopeOf(request);
      const variantKey = formFields(request.body).variant || "base";
      await removeQuestion(db, { ...scope, variantKey, questionId: request.params.question });
      return seeOther(reply, builderUrl(scope, variantKey, "removed"));
    },
  );

  app.post(
    "/f/:forum/:year/questionnaire/questions/:question/comments",
    { schema: { params: qParams } },
    async (request, reply) => {
      const scope = await scopeOf(request);
      const form = formFields(request.body);
      const variantKey = form.variant || "base";
      const questionId = request.params.question;
      try {
        await commentOnQuestion(db, {
          ...scope,
          variantKey,
          questionId,
          body: form.body ?? "",
          parentId: form.parent_id || undefined,
        });
      } catch (error) {
        const errors = fieldErrorsOf(error);
        const key = errors.body ?? Object.values(errors)[0] ?? "calls.comment.empty";
        const commentError = { questionId, body: form.body ?? "", error: request.pageContext().t(key) };
        return builderPage(
          request,
          reply,
          scope,
          variantKey,
          { errors: { [`comment-${questionId}`]: key }, commentError },
          422,
        );
      }
      return seeOther(reply, builderUrl(scope, variantKey, "commented", `#q-${questionId}`));
    },
  );

  app.post(
    "/f/:forum/:year/questionnaire/comments/:comment/status",
    {
      schema: {
        params: Type.Object({
          forum: Type.String(),
          year: Type.String(),
          comment: Type.String({ format: "uuid" }),
        }),
      },
    },
    async (request, reply) => {
      const scope = await scopeOf(request);
      const form = formFields(request.body);
      const variantKey = form.variant || "base";
      await setQuestionCommentStatus(db, {
        ...scope,
        variantKey,
        commentId: request.params.comment,
        status: form.status === "open" ? "open" : "resolved",
      });
      return seeOther(
        reply,
        builderUrl(scope, variantKey, "comment", form.question ? `#q-${form.question}` : ""),
      );
    },
  );

  app.post("/f/:forum/:year/questionnaire/variants", { schema: { params } }, async (request, reply) => {
    const scope = await scopeOf(request);
    const form = formFields(request.body);
    let key: string;
    try {
      const row = await createVariant(db, {
        ...scope,
        input: { key: form.key ?? "", name: form.name ?? "", audience: form.audience, from: form.from },
      });
      key = row.key;
    } catch (error) {
      const errors = prefixErrors(fieldErrorsOf(error), "variant_");
      const values = {
        variant_key: form.key ?? "",
        variant_name: form.name ?? "",
        variant_audience: form.audience ?? "",
        variant_from: form.from ?? "",
      };
      return builderPage(request, reply, scope, form.from || "base", { errors, values }, 422);
    }
    return seeOther(reply, builderUrl(scope, key, "variant"));
  });

  app.post("/f/:forum/:year/questionnaire/variant", { schema: { params } }, async (request, reply) => {
    const scope = await scopeOf(request);
    const form = formFields(request.body);
    const variantKey = form.variant || "base";
    try {
      await updateVariantInfo(db, {
        ...scope,
        variantKey,
        input: { name: form.name ?? "", audience: form.audience ?? "" },
      });
    } catch (error) {
      const errors = prefixErrors(fieldErrorsOf(error), "info_");
      const values = { info_name: form.name ?? "", info_audience: form.audience ?? "" };
      return builderPage(request, reply, scope, variantKey, { errors, values }, 422);
    }
    return seeOther(reply, builderUrl(scope, variantKey, "variantInfo"));
  });

  app.post(
    "/f/:forum/:year/questionnaire/update-from-base",
    { schema: { params } },
    async (request, reply) => {
      const scope = await scopeOf(request);
      const variantKey = formFields(request.body).variant || "base";
      try {
        await updateVariantFromBase(db, { ...scope, variantKey });
      } catch (error) {
        return builderPage(request, reply, scope, variantKey, { errors: fieldErrorsOf(error) }, 422);
      }
      return seeOther(reply, builderUrl(scope, variantKey, "updatedFromBase"));
    },
  );

  app.post("/f/:forum/:year/questionnaire/publish", { schema: { params } }, async (request, reply) => {
    const scope = await scopeOf(request);
    const variantKey = formFields(request.body).variant || "base";
    try {
      await publishVariant(db, { ...scope, variantKey });
    } catch (error) {
      return builderPage(request, reply, scope, variantKey, { errors: fieldErrorsOf(error) }, 422);
    }
    return seeOther(reply, builderUrl(scope, variantKey, "published"));
  });
};
