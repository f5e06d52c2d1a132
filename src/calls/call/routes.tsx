// The call's pages: the editor, the public call page and its .docx.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { deadlineStory } from "../../contributions/index.js";
import { contentTexts, cycleMilestones, originalLanguage } from "../../forums/index.js";
import { type FieldErrors, notFound } from "../../server/errors.js";
import { fieldErrorsOf, formFields, seeOther } from "../../server/forms.js";
import { sendPage } from "../../server/render.js";
import { isLocale, type Locale } from "../../ui/i18n/locales.js";
import { translator } from "../../ui/i18n/translate.js";
import { CallEditPage, CallPage } from "../call/pages.js";
import {
  type CallMoment,
  callDeadlines,
  callWindow,
  describeDeadline,
  describeMoment,
} from "../deadlines.js";
import { callPermissions } from "../policy.js";
import { getPublishedQuestionnaire, listPublishedQuestionnaires } from "../published.js";
import { questionnaireDocx } from "../questionnaire/docx.js";
import type { Scope } from "../questionnaire/service.js";
import { pickText } from "../questionnaire-model.js";
import { callRouteContext, params, variantQuery, withoutLang } from "../route-parts.js";
import { contentLanguage, forumLanguages, snakeErrors } from "../view.js";
import { callLanguage, getCall, saveCall } from "./service.js";

/** The call's pages. */
export const callPageRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { services, db, scopeOf, signInFirst, root } = callRouteContext(app);

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
        throw notFound("This cycle's call is not published yet.", {
          messageKey: "calls.refusal.callNotPublished",
        });
      const original = await callLanguage(db, scope);
      const lang = contentLanguage(request.query.lang, ctx.locale, languages, original);
      const deadlines = (await callDeadlines(db, scope.cycle.id)).map((d) => ({
        label: ctx.t(`calls.deadline.${d.kind}`),
        at: d.at,
        time_zone: d.timeZone,
        all_day: d.allDay,
        kind: d.kind,
      }));
      const window = await callWindow(db, scope.cycle, scope.now);
      const moment = (m: CallMoment | undefined) => (m ? describeMoment(m, ctx.locale, ctx.t) : undefined);
      // The forum's name and the cycle's focus are the secretariat's texts: translated, or marked as the original.
      const texts = await contentTexts(db, {
        locale: ctx.locale,
        original: originalLanguage(scope.forum),
        needs: { forum: [scope.forum.id], cycle: [scope.cycle.id] },
      });
      return sendPage(
        reply,
        <CallPage
          ctx={ctx}
          forum={scope.forum}
          cycle={scope.cycle}
          forumName={texts("forum", scope.forum.id, "name", scope.forum.name)}
          focus={texts("cycle", scope.cycle.id, "focus", scope.cycle.focus)}
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
      if (!pq)
        throw notFound("This questionnaire is not published.", {
          messageKey: "calls.refusal.questionnaireNotPublished",
        });
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
};
