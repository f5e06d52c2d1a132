// The questionnaire draft: the builder for editors (reordering is move up/down buttons, each in its own small
// form, so it works without JavaScript), a read-and-comment view for members, and the page before there is one.
import type { FieldErrors } from "../../server/errors.js";
import { CsrfInput, ErrorSummary, Field, Instant, Notice, TextInput } from "../../ui/components.js";
import type { Locale } from "../../ui/i18n/locales.js";
import { Layout } from "../../ui/layout.js";
import type { PageContext } from "../../ui/page-context.js";
import { CommentThreads } from "../comments/pages.js";
import type { CommentRow } from "../comments/service.js";
import { threadsByAnchor } from "../comments/service.js";
import { base, type Cycle, type Forum, LangName, Localized, langName, type Values } from "../page-parts.js";
import type { VariantRow, VersionRow } from "../queries.js";
import type { LocalizedText, Question } from "../questionnaire-model.js";
import { QUESTION_TYPES } from "../questions/edit.js";
import { QuestionFields } from "../questions/pages.js";
import type { VariantDrift } from "../variants/drift.js";
import { driftCount } from "../variants/drift.js";
import { DriftNotice } from "../variants/pages.js";
import { pickWithLang, questionFacts, shownErrors } from "../view.js";

/** A question's type and settings, in the language being read. */
export function QuestionDetails({
  ctx,
  q,
  lang,
  original,
}: {
  ctx: PageContext;
  q: Question;
  lang: string;
  original: string;
}) {
  const list = (choices: { id: string; label: LocalizedText }[]) => (
    <ul>
      {choices.map((c) => (
        <li key={c.id}>
          <Localized ctx={ctx} text={c.label} lang={lang} original={original} />
        </li>
      ))}
    </ul>
  );
  return (
    <>
      <p class="muted">
        {questionFacts(q, ctx.t).join(" · ")} · <code>{q.id}</code>
      </p>
      {q.help ? <Localized ctx={ctx} as="p" text={q.help} lang={lang} original={original} /> : null}
      {q.type === "single_choice" || q.type === "multiple_choice" ? list(q.options) : null}
      {q.type === "item_list" ? list(q.items) : null}
    </>
  );
}

/** Move up / move down buttons, each its own small form, so reordering works without JavaScript. */
export function MoveButtons({
  ctx,
  action,
  variant,
  label,
}: {
  ctx: PageContext;
  action: string;
  variant: string;
  label: string;
}) {
  return (
    <>
      {(["up", "down"] as const).map((direction) => (
        <form method="post" action={action} class="inline" key={direction}>
          <CsrfInput ctx={ctx} />
          <input type="hidden" name="variant" value={variant} />
          <input type="hidden" name="direction" value={direction} />
          <button
            type="submit"
            class="button--secondary"
            aria-label={ctx.t(`calls.builder.move.${direction}Label`, { label })}
          >
            {ctx.t(`calls.builder.move.${direction}`)}
          </button>
        </form>
      ))}
    </>
  );
}

/** What the builder shows: the variants, their latest versions, comments, missing translations and drift. */
export interface BuilderData {
  questionnaire: { original_language: string };
  variants: VariantRow[];
  variant: VariantRow;
  latest: Map<string, VersionRow>;
  permissions: { edit: boolean; send: boolean; resolve: boolean };
  comments: CommentRow[];
  missing: Partial<Record<Locale, number>>;
  /** Derived variants whose source changed since they were derived or last updated. */
  drift: Map<string, VariantDrift>;
}

/** The questionnaire draft: the builder for editors, a read-and-comment view for members. */
export function QuestionnairePage({
  ctx,
  forum,
  cycle,
  data,
  notice,
  errors,
  values,
  commentError,
  closedOn,
}: {
  ctx: PageContext;
  forum: Forum;
  cycle: Cycle;
  data: BuilderData;
  notice?: string;
  errors?: FieldErrors;
  values?: Values;
  commentError?: { questionId: string; body: string; error: string };
  /** Set when the call has closed: when, in its own zone (null when the cycle is closed without a date). */
  closedOn?: { when: string; zone: string } | null;
}) {
  const t = ctx.t;
  const shown = shownErrors(ctx, errors);
  const { variant, variants, latest, permissions } = data;
  const original = data.questionnaire.original_language;
  const root = `${base(forum, cycle)}/questionnaire`;
  const v = variant.key;
  const published = latest.get(v);
  const changedSince = published ? variant.updated_at.getTime() > published.published_at.getTime() : true;
  const threads = threadsByAnchor(data.comments);
  const name = pickWithLang(variant.name, ctx.locale, original).text;
  const vals = values ?? {};
  const title = t("calls.builder.title", { year: cycle.year });
  return (
    <Layout ctx={ctx} title={`${title}: ${name}`} forum={forum}>
      <h1>
        {title}: <Localized ctx={ctx} text={variant.name} lang={ctx.locale} original={original} />
      </h1>
      <Notice text={notice} />
      {closedOn !== undefined && permissions.edit ? (
        <p class="notice notice--warning">
          {closedOn
            ? t("calls.builder.callClosed", { date: closedOn.when, zone: closedOn.zone })
            : t("calls.builder.cycleClosed")}
        </p>
      ) : null}
      <ErrorSummary ctx={ctx} errors={shown} />
      <nav aria-label={t("calls.builder.variants")}>
        <h2>{t("calls.builder.variants")}</h2>
        <ul>
          {variants.map((row) => {
            const version = latest.get(row.key);
            const drifted = data.drift.get(row.key);
            return (
              <li key={row.key}>
                {row.key === v ? (
                  <strong aria-current="page">
                    <Localized ctx={ctx} text={row.name} lang={ctx.locale} original={original} />
                  </strong>
                ) : (
                  <a href={`${root}?variant=${row.key}`}>
                    <Localized ctx={ctx} text={row.name} lang={ctx.locale} original={original} />
                  </a>
                )}{" "}
                <span class="muted">
                  {version
                    ? t("calls.builder.publishedVersion", { version: version.version })
                    : t("calls.builder.draftOnly")}
                  {row.derived_from ? ` · ${t("calls.builder.derivedFrom", { key: row.derived_from })}` : ""}
                </span>
                {drifted ? (
                  <>
                    {" "}
                    <a href={`${root}?variant=${row.key}#drift`}>
                      {t("calls.drift.notice", { count: driftCount(drifted) })}
                    </a>
                  </>
                ) : null}
              </li>
            );
          })}
        </ul>
      </nav>
      {data.drift.get(v) ? (
        <DriftNotice
          ctx={ctx}
          root={root}
          variant={variant}
          variants={variants}
          drift={data.drift.get(v)!}
          original={original}
          canEdit={permissions.edit}
        />
      ) : null}
      <h2>{t("calls.builder.status")}</h2>
      <dl class="facts">
        <dt>{t("calls.builder.audience")}</dt>
        <dd>
          <Localized ctx={ctx} text={variant.audience} lang={ctx.locale} original={original} />
        </dd>
        <dt>{t("calls.builder.originalLanguage")}</dt>
        <dd>{langName(original)}</dd>
        <dt>{t("calls.builder.publication")}</dt>
        <dd>
          {published ? (
            <>
              {t("calls.builder.publishedOn", { version: published.version })}{" "}
              <Instant ctx={ctx} at={published.published_at} />
              {changedSince ? ` · ${t("calls.builder.unpublishedChanges")}` : ""}
            </>
          ) : (
            t("calls.builder.notPublished")
          )}
        </dd>
        <dt>{t("calls.builder.translations")}</dt>
        <dd>
          {Object.keys(data.missing).length === 0 ? (
            t("calls.builder.oneLanguage")
          ) : (
            <ul class="plain">
              {Object.entries(data.missing).map(([lang, count]) => (
                <li key={lang}>
                  {permissions.edit ? (
                    <a href={`${root}/translate?variant=${v}&lang=${lang}`}>
                      <LangName lang={lang} />
                    </a>
                  ) : (
                    <LangName lang={lang} />
                  )}
                  {": "}
                  {t("calls.translate.missingCount", { count: count ?? 0 })}
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>
      {permissions.edit ? (
        <form method="post" action={`${root}/publish`}>
          <CsrfInput ctx={ctx} />
          <input type="hidden" name="variant" value={v} />
          {shown?.publish ? (
            <p class="field-error" id="field-publish">
              {shown.publish}
            </p>
          ) : null}
          <button type="submit">
            {t("calls.builder.publish", { version: (published?.version ?? 0) + 1 })}
          </button>
        </form>
      ) : (
        <p>{t("calls.builder.memberIntro")}</p>
      )}
      {variant.sections.length === 0 ? <p>{t("calls.builder.empty")}</p> : null}
      {variant.sections.map((section) => {
        const sectionTitle = pickWithLang(section.title, ctx.locale, original).text;
        return (
          <section key={section.id} aria-labelledby={`section-${section.id}`}>
            <h2 id={`section-${section.id}`}>
              <Localized ctx={ctx} text={section.title} lang={ctx.locale} original={original} />
            </h2>
            {section.intro ? (
              <Localized ctx={ctx} as="p" text={section.intro} lang={ctx.locale} original={original} />
            ) : null}
            {permissions.edit ? (
              <div>
                <MoveButtons
                  ctx={ctx}
                  action={`${root}/sections/${section.id}/move`}
                  variant={v}
                  label={sectionTitle}
                />
                {section.questions.length === 0 ? (
                  <form method="post" action={`${root}/sections/${section.id}/remove`} class="inline">
                    <CsrfInput ctx={ctx} />
                    <input type="hidden" name="variant" value={v} />
                    <button
                      type="submit"
                      class="button--danger"
                      aria-label={t("calls.builder.removeSectionLabel", { label: sectionTitle })}
                    >
                      {t("calls.builder.remove")}
                    </button>
                  </form>
                ) : null}
              </div>
            ) : null}
            <ol>
              {section.questions.map((q) => {
                const label = pickWithLang(q.label, ctx.locale, original).text;
                const qThreads = threads.get(q.id) ?? [];
                const open = qThreads.filter((th) => th.comment.status === "open").length;
                const hasError = commentError?.questionId === q.id;
                return (
                  <li key={q.id} id={`q-${q.id}`}>
                    <h3>
                      <Localized ctx={ctx} text={q.label} lang={ctx.locale} original={original} />
                    </h3>
                    <QuestionDetails ctx={ctx} q={q} lang={ctx.locale} original={original} />
                    {permissions.edit ? (
                      <div>
                        <a
                          class="button button--secondary"
                          href={`${root}/questions/${q.id}/edit?variant=${v}`}
                          aria-label={t("calls.builder.editLabel", { label })}
                        >
                          {t("calls.builder.edit")}
                        </a>{" "}
                        <MoveButtons
                          ctx={ctx}
                          action={`${root}/questions/${q.id}/move`}
                          variant={v}
                          label={label}
                        />
                        <form method="post" action={`${root}/questions/${q.id}/remove`} class="inline">
                          <CsrfInput ctx={ctx} />
                          <input type="hidden" name="variant" value={v} />
                          <button
                            type="submit"
                            class="button--danger"
                            aria-label={t("calls.builder.removeLabel", { label })}
                          >
                            {t("calls.builder.remove")}
                          </button>
                        </form>
                      </div>
                    ) : null}
                    <details open={hasError || undefined}>
                      <summary>{t("calls.comment.summary", { count: qThreads.length, open })}</summary>
                      <CommentThreads
                        ctx={ctx}
                        threads={qThreads}
                        action={`${root}/questions/${q.id}/comments`}
                        resolveAction={(id) => `${root}/comments/${id}/status`}
                        variant={v}
                        canResolve={permissions.resolve}
                        questionId={q.id}
                      />
                      <form method="post" action={`${root}/questions/${q.id}/comments`} novalidate>
                        <CsrfInput ctx={ctx} />
                        <input type="hidden" name="variant" value={v} />
                        <div class={hasError ? "field field--error" : "field"}>
                          <label for={`comment-${q.id}`}>{t("calls.comment.label", { label })}</label>
                          {hasError ? (
                            <p class="field-error" id={`comment-${q.id}-error`}>
                              {commentError.error}
                            </p>
                          ) : null}
                          <textarea
                            id={`comment-${q.id}`}
                            name="body"
                            rows={3}
                            aria-describedby={hasError ? `comment-${q.id}-error` : undefined}
                            aria-invalid={hasError ? "true" : undefined}
                          >
                            {hasError ? commentError.body : ""}
                          </textarea>
                        </div>
                        <button type="submit">{t("calls.comment.send")}</button>
                      </form>
                    </details>
                  </li>
                );
              })}
            </ol>
          </section>
        );
      })}
      {permissions.edit ? (
        <>
          {variant.sections.length ? (
            <section aria-labelledby="add-question">
              <h2 id="add-question">{t("calls.builder.addQuestion")}</h2>
              {vals.type && (QUESTION_TYPES as readonly string[]).includes(vals.type) ? (
                <form method="post" action={`${root}/questions`} novalidate>
                  <CsrfInput ctx={ctx} />
                  <input type="hidden" name="variant" value={v} />
                  <QuestionFields
                    ctx={ctx}
                    sections={variant.sections}
                    values={vals}
                    errors={shown}
                    original={original}
                    isNew
                    changeType={`${root}?variant=${encodeURIComponent(v)}#add-question`}
                  />
                  <button type="submit">{t("calls.builder.addQuestionSubmit")}</button>
                </form>
              ) : (
                // The kind comes first, so the next step shows only that kind's settings (no JavaScript needed).
                <form method="get" action={`${root}#add-question`}>
                  <input type="hidden" name="variant" value={v} />
                  <Field
                    name="type"
                    label={t("calls.question.type")}
                    hint={t("calls.builder.chooseTypeHint")}
                  >
                    {({ id, describedBy }) => (
                      <select id={id} name="type" aria-describedby={describedBy}>
                        {QUESTION_TYPES.map((type) => (
                          <option key={type} value={type} selected={type === "long_text"}>
                            {t(`calls.type.${type}`)}
                          </option>
                        ))}
                      </select>
                    )}
                  </Field>
                  <button type="submit">{t("calls.builder.chooseType")}</button>
                </form>
              )}
            </section>
          ) : null}
          <section aria-labelledby="add-section">
            <h2 id="add-section">{t("calls.builder.addSection")}</h2>
            <form method="post" action={`${root}/sections`} novalidate>
              <CsrfInput ctx={ctx} />
              <input type="hidden" name="variant" value={v} />
              <Field name="section_title" label={t("calls.section.title")} error={shown?.section_title}>
                {(ids) => <TextInput name="title" value={vals.section_title} maxLength={300} {...ids} />}
              </Field>
              <Field name="section_intro" label={t("calls.section.intro")}>
                {({ id }) => (
                  <textarea id={id} name="intro" rows={2}>
                    {vals.section_intro ?? ""}
                  </textarea>
                )}
              </Field>
              <button type="submit">{t("calls.builder.addSectionSubmit")}</button>
            </form>
          </section>
          <section aria-labelledby="variant-info">
            <h2 id="variant-info">{t("calls.builder.variantInfo")}</h2>
            <form method="post" action={`${root}/variant`} novalidate>
              <CsrfInput ctx={ctx} />
              <input type="hidden" name="variant" value={v} />
              <Field name="info_name" label={t("calls.variant.name")} error={shown?.info_name}>
                {(ids) => (
                  <TextInput
                    name="name"
                    value={vals.info_name ?? variant.name[original] ?? ""}
                    maxLength={200}
                    {...ids}
                  />
                )}
              </Field>
              <Field
                name="info_audience"
                label={t("calls.variant.audience")}
                hint={t("calls.variant.audienceHint")}
              >
                {(ids) => (
                  <TextInput
                    name="audience"
                    value={vals.info_audience ?? variant.audience[original] ?? ""}
                    maxLength={300}
                    {...ids}
                  />
                )}
              </Field>
              <button type="submit" class="button--secondary">
                {t("calls.builder.saveVariantInfo")}
              </button>
            </form>
          </section>
          <section aria-labelledby="new-variant">
            <h2 id="new-variant">{t("calls.builder.newVariant")}</h2>
            <p>{t("calls.builder.newVariantIntro")}</p>
            <form method="post" action={`${root}/variants`} novalidate>
              <CsrfInput ctx={ctx} />
              <Field
                name="variant_key"
                label={t("calls.variant.key")}
                hint={t("calls.variant.keyHint")}
                error={shown?.variant_key}
              >
                {(ids) => <TextInput name="key" value={vals.variant_key} maxLength={40} {...ids} />}
              </Field>
              <Field name="variant_name" label={t("calls.variant.name")} error={shown?.variant_name}>
                {(ids) => <TextInput name="name" value={vals.variant_name} maxLength={200} {...ids} />}
              </Field>
              <Field
                name="variant_audience"
                label={t("calls.variant.audience")}
                hint={t("calls.variant.audienceHint")}
              >
                {(ids) => (
                  <TextInput name="audience" value={vals.variant_audience} maxLength={300} {...ids} />
                )}
              </Field>
              <Field name="variant_from" label={t("calls.variant.from")} error={shown?.variant_from}>
                {({ id }) => (
                  <select id={id} name="from">
                    {variants.map((row) => (
                      <option key={row.key} value={row.key} selected={(vals.variant_from ?? v) === row.key}>
                        {pickWithLang(row.name, ctx.locale, original).text}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <button type="submit" class="button--secondary">
                {t("calls.builder.createVariant")}
              </button>
            </form>
          </section>
          <p>
            <a href={`${base(forum, cycle)}/call/edit`}>{t("calls.builder.editCall")}</a> ·{" "}
            <a href={`${base(forum, cycle)}/call`}>{t("calls.builder.viewCall")}</a>
          </p>
        </>
      ) : null}
    </Layout>
  );
}

/** When a cycle has no questionnaire yet: editors create it, others are told. */
export function NoQuestionnairePage({
  ctx,
  forum,
  cycle,
  canEdit,
  languages,
  errors,
  values,
}: {
  ctx: PageContext;
  forum: Forum;
  cycle: Cycle;
  canEdit: boolean;
  languages: string[];
  errors?: FieldErrors;
  values?: Values;
}) {
  const t = ctx.t;
  const shown = shownErrors(ctx, errors);
  return (
    <Layout ctx={ctx} title={t("calls.builder.title", { year: cycle.year })} forum={forum}>
      <h1>{t("calls.builder.title", { year: cycle.year })}</h1>
      <ErrorSummary ctx={ctx} errors={shown} />
      <p>{t("calls.builder.none")}</p>
      {canEdit ? (
        <form method="post" action={`${base(forum, cycle)}/questionnaire`} novalidate>
          <CsrfInput ctx={ctx} />
          <Field
            name="originalLanguage"
            label={t("calls.builder.originalLanguage")}
            error={shown?.originalLanguage}
          >
            {({ id }) => (
              <select id={id} name="original_language">
                {languages.map((l) => (
                  <option key={l} value={l} selected={values?.original_language === l}>
                    {langName(l)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field name="name" label={t("calls.variant.name")} hint={t("calls.builder.nameHint")}>
            {(ids) => <TextInput name="name" value={values?.name} maxLength={200} {...ids} />}
          </Field>
          <button type="submit">{t("calls.builder.create")}</button>
        </form>
      ) : null}
    </Layout>
  );
}
