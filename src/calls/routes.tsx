// Pages of calls and questionnaires: the builder, translations, the call editor, the public call page and
// its .docx, sending and reminders, and the unsubscribe link. Handlers validate, call a service, and present.
import multipart from "@fastify/multipart";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { checkCsrf } from "../auth/csrf.js";
import { deadlineStory } from "../contributions/deadline-policy.js";
import { cycleMilestones, findCycle, findForum } from "../forums/lookup.js";
import { type FieldErrors, notFound } from "../server/errors.js";
import { fieldErrorsOf, formFields, seeOther } from "../server/forms.js";
import { sendPage } from "../server/render.js";
import { isLocale, type Locale } from "../ui/i18n/locales.js";
import { translator } from "../ui/i18n/translate.js";
import { CallEditPage, CallPage } from "./call/pages.js";
import { callLanguage, getCall, saveCall } from "./call.js";
import { type CallMoment, callDeadlines, callWindow, describeDeadline, describeMoment } from "./deadlines.js";
import { questionnaireDocx } from "./docx.js";
import { callPermissions, requireCallSender } from "./policy.js";
import { getPublishedQuestionnaire, listPublishedQuestionnaires } from "./published.js";
import { NoQuestionnairePage, QuestionnairePage } from "./questionnaire/pages.js";
import { findQuestion, lines, QUESTION_TYPES, type QuestionInput } from "./questionnaire-edit.js";
import { pickText } from "./questionnaire-model.js";
import {
  addQuestion,
  addSection,
  commentOnQuestion,
  createQuestionnaire,
  createVariant,
  forumLanguages,
  hasQuestionnaire,
  moveQuestion,
  moveSection,
  publishVariant,
  removeQuestion,
  removeSection,
  type Scope,
  saveTranslations,
  setQuestionCommentStatus,
  translationState,
  updateQuestion,
  updateVariantFromBase,
  updateVariantInfo,
} from "./questionnaires.js";
import { QuestionEditPage, questionValues } from "./questions/pages.js";
import { parseCsvRecipients, parsePastedRecipients, parseTags, type RecipientProblem } from "./recipients.js";
import { SendPage, UnsubscribePage } from "./sending/pages.js";
import {
  addRecipients,
  callRecipientsWithStatus,
  callSendPreview,
  cancelReminder,
  checkUnsubscribeSignature,
  scheduleReminder,
  sendCall,
  unsubscribeFromCalls,
} from "./sending.js";
import { TranslatePage } from "./translations/pages.js";
import { contentLanguage, prefixErrors, snakeErrors } from "./view.js";

const DONE = new Set([
  "created",
  "section",
  "question",
  "updated",
  "moved",
  "removed",
  "published",
  "commented",
  "comment",
  "translated",
  "variant",
  "variantInfo",
  "updatedFromBase",
  "saved",
  "recipients",
  "sent",
  "reminder",
  "reminderCancelled",
]);

/** A page's URL without its `lang` query parameter. */
export function withoutLang(url: string): string {
  const [path, query = ""] = url.split("?", 2) as [string, string?];
  const params = new URLSearchParams(query);
  params.delete("lang");
  const rest = params.toString();
  return rest ? `${path}?${rest}` : path;
}

/** A question form's fields as service input (numbers stay NaN when not numbers, so the service can say so). */
export function questionInputFromForm(form: Record<string, string>): QuestionInput {
  const num = (name: string) => {
    const v = (form[name] ?? "").trim();
    return v ? Number(v) : undefined;
  };
  return {
    id: form.question_id?.trim() || undefined,
    type: form.type ?? "",
    label: form.label ?? "",
    help: form.help ?? "",
    required: form.required === "1",
    options: lines(form.options),
    items: lines(form.items),
    allowOther: form.allow_other === "1",
    maxSelections: num("max_selections"),
    guidanceUnit: form.guidance_unit,
    guidanceMin: num("guidance_min"),
    guidanceMax: num("guidance_max"),
    maxLength: num("max_length"),
    role: form.role,
    maxFiles: num("max_files"),
    maxLinks: num("max_links"),
    allowAnonymous: form.allow_anonymous === "1",
    licence: form.licence ?? "",
  };
}

function questionErrors(errors: FieldErrors): FieldErrors {
  const snake = snakeErrors(errors);
  if (snake.id) {
    snake.question_id = snake.id;
    delete snake.id;
  }
  return snake;
}

const params = Type.Object({ forum: Type.String(), year: Type.String() });
const qParams = Type.Object({
  forum: Type.String(),
  year: Type.String(),
  question: Type.String({ maxLength: 80 }),
});
const variantQuery = Type.Object({
  variant: Type.Optional(Type.String({ maxLength: 40 })),
  done: Type.Optional(Type.String({ maxLength: 40 })),
  lang: Type.Optional(Type.String({ maxLength: 10 })),
  /** The kind of question being added (the builder's first step). */
  type: Type.Optional(Type.String({ maxLength: 40 })),
});

/** The calls pages. */
export const callRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;
  const db = services.database.db;
  const settings = () => ({ publicUrl: services.config.publicUrl, secret: services.secret });
  // Only the CSV upload is multipart; registered here (scoped to these routes) unless the app already has it.
  if (!app.hasContentTypeParser("multipart/form-data"))
    await app.register(multipart, { limits: { fileSize: 2_000_000, files: 1, fields: 10, parts: 12 } });

  async function scopeOf(request: FastifyRequest): Promise<Scope> {
    const p = request.params as { forum: string; year: string };
    const { forum, cycle } = await findCycle(db, p.forum, p.year);
    return { actor: request.actor, forum, cycle, now: services.clock() };
  }

  function signInFirst(request: FastifyRequest, reply: FastifyReply) {
    return seeOther(reply, `/sign-in?next=${encodeURIComponent(request.url)}`);
  }

  const root = (scope: Scope) => `/f/${scope.forum.slug}/${scope.cycle.year}`;
  const builderUrl = (scope: Scope, variant: string, done?: string, anchor = "") =>
    `${root(scope)}/questionnaire?variant=${encodeURIComponent(variant)}${done ? `&done=${done}` : ""}${anchor}`;

  async function builderPage(
    request: FastifyRequest,
    reply: FastifyReply,
    scope: Scope,
    variantKey: string,
    extra: {
      errors?: FieldErrors;
      values?: Record<string, string>;
      notice?: string;
      commentError?: { questionId: string; body: string; error: string };
    } = {},
    status = 200,
  ) {
    const ctx = request.pageContext();
    if (!(await hasQuestionnaire(db, scope.cycle.id))) {
      const perms = await callPermissions(db, scope.actor, scope.forum.id);
      if (!perms.read) throw notFound();
      return sendPage(
        reply,
        <NoQuestionnairePage
          ctx={ctx}
          forum={scope.forum}
          cycle={scope.cycle}
          canEdit={perms.edit}
          languages={forumLanguages(scope.forum)}
          errors={extra.errors}
          values={extra.values}
        />,
        status,
      );
    }
    const data = await translationState(db, { ...scope, variantKey });
    const window = await callWindow(db, scope.cycle, scope.now);
    const closedOn =
      window.state !== "closed"
        ? undefined
        : window.closes
          ? describeMoment(window.closes, ctx.locale, ctx.t)
          : null;
    return sendPage(
      reply,
      <QuestionnairePage
        ctx={ctx}
        forum={scope.forum}
        cycle={scope.cycle}
        data={data}
        closedOn={closedOn}
        {...extra}
      />,
      status,
    );
  }

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
    if (!at) throw notFound("No such question.");
    const values = extra.values ?? questionValues(at.question, data.original, at.section.id);
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
    { schema: { params, querystring: variantQuery } },
    async (request, reply) => {
      if (request.actor.kind === "anonymous") return signInFirst(request, reply);
      const scope = await scopeOf(request);
      return translatePage(request, reply, scope, request.query.variant || "base", request.query.lang);
    },
  );

  app.post(
    "/f/:forum/:year/questionnaire/translate",
    { schema: { params, querystring: variantQuery } },
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

  // The call editor.
  async function callEditPage(
    request: FastifyRequest,
    reply: FastifyReply,
    scope: Scope,
    extra: { values?: Record<string, string>; errors?: FieldErrors; notice?: string },
    status = 200,
  ) {
    const perms = await callPermissions(db, scope.actor, scope.forum.id);
    if (!perms.edit) throw notFound();
    const original = await callLanguage(db, scope);
    const call = await getCall(db, scope.cycle.id);
    const g = call?.guidance ?? {
      pagesMin: 2,
      pagesMax: 3,
      linksWelcome: true,
      appendices: true,
      editableFormats: true,
    };
    const values = extra.values ?? {
      title: call?.texts.title?.[original] ?? "",
      message: call?.texts.message?.[original] ?? "",
      overview: call?.texts.overview?.[original] ?? "",
      guidance_note: call?.texts.guidanceNote?.[original] ?? "",
      reading: (call?.reading ?? []).map((r) => `${r.title[original] ?? ""} ${r.url}`.trim()).join("\n"),
      pages_min: g.pagesMin ? String(g.pagesMin) : "",
      pages_max: g.pagesMax ? String(g.pagesMax) : "",
      links_welcome: g.linksWelcome ? "1" : "",
      appendices: g.appendices ? "1" : "",
      editable_formats: g.editableFormats ? "1" : "",
    };
    return sendPage(
      reply,
      <CallEditPage
        ctx={request.pageContext()}
        forum={scope.forum}
        cycle={scope.cycle}
        original={original}
        values={values}
        errors={extra.errors}
        notice={extra.notice}
      />,
      status,
    );
  }

  app.get(
    "/f/:forum/:year/call/edit",
    { schema: { params, querystring: variantQuery } },
    async (request, reply) => {
      if (request.actor.kind === "anonymous") return signInFirst(request, reply);
      const scope = await scopeOf(request);
      const notice = request.query.done === "saved" ? request.pageContext().t("calls.done.saved") : undefined;
      return callEditPage(request, reply, scope, { notice });
    },
  );

  app.post("/f/:forum/:year/call/edit", { schema: { params } }, async (request, reply) => {
    const scope = await scopeOf(request);
    const form = formFields(request.body);
    const num = (v: string | undefined) => (v?.trim() ? Number(v) : undefined);
    try {
      await saveCall(db, {
        ...scope,
        input: {
          title: form.title ?? "",
          message: form.message ?? "",
          overview: form.overview ?? "",
          guidanceNote: form.guidance_note ?? "",
          reading: form.reading ?? "",
          pagesMin: num(form.pages_min),
          pagesMax: num(form.pages_max),
          linksWelcome: form.links_welcome === "1",
          appendices: form.appendices === "1",
          editableFormats: form.editable_formats === "1",
        },
      });
    } catch (error) {
      const errors = snakeErrors(fieldErrorsOf(error));
      return callEditPage(request, reply, scope, { values: form, errors }, 422);
    }
    return seeOther(reply, `${root(scope)}/call/edit?done=saved`);
  });

  // The public call page.
  app.get(
    "/f/:forum/:year/call",
    { schema: { params, querystring: variantQuery } },
    async (request, reply) => {
      const scope = await scopeOf(request);
      const languages = forumLanguages(scope.forum);
      // A ?lang= the forum offers (the call mail's links, the page's own language links) sets the whole
      // page's language for this request, as the contribution form does; the cookie is left alone.
      const asked = request.query.lang;
      if (isLocale(asked) && languages.includes(asked)) request.locale = asked;
      // The header's language switcher must lead back to the call without ?lang=, or it could not switch away.
      const ctx = { ...request.pageContext(), path: withoutLang(request.url) };
      const [call, published, perms] = await Promise.all([
        getCall(db, scope.cycle.id),
        listPublishedQuestionnaires(db, scope.cycle.id),
        callPermissions(db, scope.actor, scope.forum.id),
      ]);
      if ((!published.length || !call) && !perms.read)
        throw notFound("This cycle's call is not published yet.");
      const original = await callLanguage(db, scope);
      const lang = contentLanguage(request.query.lang, ctx.locale, languages, original);
      const deadlines = (await callDeadlines(db, scope.cycle.id)).map((d) => ({
        ...describeDeadline(d, ctx.locale, ctx.t, ctx.timeZone),
        iso: d.at.toISOString(),
      }));
      const window = await callWindow(db, scope.cycle, scope.now);
      const moment = (m: CallMoment | undefined) => (m ? describeMoment(m, ctx.locale, ctx.t) : undefined);
      return sendPage(
        reply,
        <CallPage
          ctx={ctx}
          forum={scope.forum}
          cycle={scope.cycle}
          call={call}
          lang={lang}
          original={original}
          languages={languages}
          published={published}
          deadlines={deadlines}
          policy={deadlineStory(await cycleMilestones(db, scope.cycle.id), ctx.locale, ctx.t)}
          preview={!published.length || !call}
          canEdit={perms.edit}
          window={{ state: window.state, opens: moment(window.opens), closes: moment(window.closes) }}
          contact={scope.forum.mailing_list ?? services.config.adminEmail}
        />,
      );
    },
  );

  app.get(
    "/f/:forum/:year/call/questionnaire.docx",
    { schema: { params, querystring: variantQuery } },
    async (request, reply) => {
      const scope = await scopeOf(request);
      const variant = request.query.variant || "base";
      const pq = await getPublishedQuestionnaire(db, scope.cycle.id, variant);
      if (!pq) throw notFound("This questionnaire is not published.");
      const asked = contentLanguage(request.query.lang, request.locale, pq.languages, pq.originalLanguage);
      const lang: Locale = isLocale(asked) ? asked : pq.originalLanguage;
      const t = translator(lang);
      const call = await getCall(db, scope.cycle.id);
      const deadlines = (await callDeadlines(db, scope.cycle.id)).map((d) => {
        const text = describeDeadline(d, lang, t, undefined);
        return `${text.label}: ${text.own} (${text.ownZone})`;
      });
      const buffer = await questionnaireDocx(pq, lang, {
        forumName: scope.forum.name,
        year: scope.cycle.year,
        message: call ? pickText(call.texts.message, lang, pq.originalLanguage) : undefined,
        deadlines,
        callUrl: `${services.config.publicUrl}${root(scope)}/call?lang=${lang}`,
      });
      return reply
        .type("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        .header(
          "content-disposition",
          `attachment; filename="${scope.forum.slug}-${scope.cycle.year}-${pq.variantKey}-${lang}.docx"`,
        )
        .send(buffer);
    },
  );

  // Sending.
  async function sendPageFor(
    request: FastifyRequest,
    reply: FastifyReply,
    scope: Scope,
    extra: {
      values?: Record<string, string>;
      errors?: FieldErrors;
      notice?: string;
      problems?: RecipientProblem[];
      csvProblems?: RecipientProblem[];
    },
    status = 200,
  ) {
    const { call, recipients, reminders } = await callRecipientsWithStatus(db, scope);
    const { pending, window } = await callSendPreview(db, scope);
    const closes = window.closes
      ? describeMoment(window.closes, request.locale, request.pageContext().t)
      : undefined;
    return sendPage(
      reply,
      <SendPage
        ctx={request.pageContext()}
        forum={scope.forum}
        cycle={scope.cycle}
        hasCall={Boolean(call)}
        recipients={recipients}
        reminders={reminders}
        pending={pending}
        closedOn={window.state === "closed" ? (closes ?? null) : undefined}
        languages={forumLanguages(scope.forum)}
        timeZone={scope.forum.time_zone}
        {...extra}
      />,
      status,
    );
  }

  app.get(
    "/f/:forum/:year/call/send",
    { schema: { params, querystring: variantQuery } },
    async (request, reply) => {
      if (request.actor.kind === "anonymous") return signInFirst(request, reply);
      const scope = await scopeOf(request);
      const done = request.query.done;
      const notice = done && DONE.has(done) ? request.pageContext().t(`calls.done.${done}`) : undefined;
      return sendPageFor(request, reply, scope, { notice });
    },
  );

  app.post("/f/:forum/:year/call/recipients", { schema: { params } }, async (request, reply) => {
    const scope = await scopeOf(request);
    // Only those who may send the call get their paste read at all.
    await requireCallSender(db, scope.actor, scope.forum.id);
    const form = formFields(request.body);
    const parsed = parsePastedRecipients(form.recipients ?? "");
    if (parsed.problems.length || !parsed.recipients.length) {
      const errors = {
        recipients: parsed.problems.length ? "calls.recipients.someLines" : "calls.recipients.none",
      };
      return sendPageFor(request, reply, scope, { values: form, errors, problems: parsed.problems }, 422);
    }
    try {
      await addRecipients(db, {
        ...scope,
        recipients: parsed.recipients,
        tags: parseTags(form.tags),
        language: form.language,
      });
    } catch (error) {
      return sendPageFor(request, reply, scope, { values: form, errors: fieldErrorsOf(error) }, 422);
    }
    return seeOther(reply, `${root(scope)}/call/send?done=recipients`);
  });

  app.post(
    "/f/:forum/:year/call/recipients/csv",
    { config: { multipart: true }, schema: { params } },
    async (request, reply) => {
      // Who may send is decided before any of the upload is read, so strangers cannot make the server hold it.
      const scope = await scopeOf(request);
      await requireCallSender(db, scope.actor, scope.forum.id);
      const fields: Record<string, string> = {};
      let csv = "";
      for await (const part of request.parts({
        limits: { files: 1, fileSize: 2 * 1024 * 1024, fields: 20 },
      })) {
        if (part.type === "file") csv = (await part.toBuffer()).toString("utf8");
        else fields[part.fieldname] = String(part.value);
      }
      checkCsrf(request, fields._csrf);
      const values = { csv_tags: fields.tags ?? "" };
      if (!csv.trim())
        return sendPageFor(
          request,
          reply,
          scope,
          { values, errors: { csv: "calls.recipients.csvEmpty" } },
          422,
        );
      const parsed = parseCsvRecipients(csv);
      if (parsed.problems.length || !parsed.recipients.length) {
        const errors = {
          csv: parsed.problems.length ? "calls.recipients.someLines" : "calls.recipients.none",
        };
        return sendPageFor(request, reply, scope, { values, errors, csvProblems: parsed.problems }, 422);
      }
      try {
        await addRecipients(db, { ...scope, recipients: parsed.recipients, tags: parseTags(fields.tags) });
      } catch (error) {
        return sendPageFor(request, reply, scope, { values, errors: fieldErrorsOf(error) }, 422);
      }
      return seeOther(reply, `${root(scope)}/call/send?done=recipients`);
    },
  );

  app.post("/f/:forum/:year/call/send", { schema: { params } }, async (request, reply) => {
    const scope = await scopeOf(request);
    const form = formFields(request.body);
    const expected = Number(form.expected);
    try {
      await sendCall(db, {
        ...scope,
        settings: settings(),
        confirm: {
          checkedRecipients: form.confirm === "1",
          expected: Number.isInteger(expected) ? expected : undefined,
          afterClose: form.confirm_closed === "1",
        },
      });
    } catch (error) {
      return sendPageFor(request, reply, scope, { values: form, errors: fieldErrorsOf(error) }, 422);
    }
    return seeOther(reply, `${root(scope)}/call/send?done=sent`);
  });

  app.post("/f/:forum/:year/call/reminders", { schema: { params } }, async (request, reply) => {
    const scope = await scopeOf(request);
    const form = formFields(request.body);
    try {
      await scheduleReminder(db, { ...scope, input: { runAt: form.run_at ?? "", tag: form.tag } });
    } catch (error) {
      const errors = snakeErrors(fieldErrorsOf(error));
      return sendPageFor(request, reply, scope, { values: form, errors }, 422);
    }
    return seeOther(reply, `${root(scope)}/call/send?done=reminder`);
  });

  app.post(
    "/f/:forum/:year/call/reminders/:reminder/cancel",
    {
      schema: {
        params: Type.Object({
          forum: Type.String(),
          year: Type.String(),
          reminder: Type.String({ format: "uuid" }),
        }),
      },
    },
    async (request, reply) => {
      const scope = await scopeOf(request);
      try {
        await cancelReminder(db, { ...scope, reminderId: request.params.reminder });
      } catch (error) {
        return sendPageFor(request, reply, scope, { errors: fieldErrorsOf(error) }, 422);
      }
      return seeOther(reply, `${root(scope)}/call/send?done=reminderCancelled#reminders`);
    },
  );

  // Unsubscribing, from the signed link in every call and reminder.
  const unsubscribeQuery = Type.Object({
    email: Type.String({ maxLength: 254 }),
    sig: Type.String({ maxLength: 100 }),
  });
  app.get(
    "/f/:forum/calls/unsubscribe",
    { schema: { params: Type.Object({ forum: Type.String() }), querystring: unsubscribeQuery } },
    async (request, reply) => {
      const forum = await findForum(db, request.params.forum);
      const { email, sig } = request.query;
      if (!checkUnsubscribeSignature(services.secret, forum.id, email.toLowerCase(), sig))
        throw notFound("This unsubscribe link is not valid.");
      return sendPage(
        reply,
        <UnsubscribePage ctx={request.pageContext()} forum={forum} email={email} sig={sig} done={false} />,
      );
    },
  );

  // POST is also what mail programs send for one-click unsubscribe (RFC 8058): the signature is the authority.
  app.post(
    "/f/:forum/calls/unsubscribe",
    {
      config: { csrf: false },
      schema: { params: Type.Object({ forum: Type.String() }), querystring: Type.Partial(unsubscribeQuery) },
    },
    async (request, reply) => {
      const forum = await findForum(db, request.params.forum);
      const form = formFields(request.body);
      const email = request.query.email ?? form.email ?? "";
      await unsubscribeFromCalls(db, {
        forum,
        email,
        sig: request.query.sig ?? form.sig ?? "",
        secret: services.secret,
        now: services.clock(),
      });
      return sendPage(
        reply,
        <UnsubscribePage ctx={request.pageContext()} forum={forum} email={email} sig="" done />,
      );
    },
  );
};
