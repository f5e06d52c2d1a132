// Pages of calls and questionnaires: the builder (a draft members read and comment on), editing a question,
// translations side by side, the call editor, the public call page, sending, and unsubscribing. Every page
// works without JavaScript: reordering is move up/down buttons, each in its own small form.
import type { ComponentChildren } from "preact";
import type { FieldErrors } from "../server/errors.js";
import {
  Checkbox,
  CsrfInput,
  ErrorSummary,
  Field,
  Instant,
  isolated,
  Message,
  Notice,
  TextInput,
  UserText,
} from "../ui/components.js";
import { directionOf, isLocale, LOCALE_NAMES, type Locale } from "../ui/i18n/locales.js";
import { Layout } from "../ui/layout.js";
import type { PageContext } from "../ui/page-context.js";
import { paragraphsOf } from "../ui/text.js";
import type { CommentRow } from "./comments.js";
import { threadsByAnchor } from "./comments.js";
import type { CallRow, RecipientRow, ReminderRow, VariantRow, VersionRow } from "./queries.js";
import { QUESTION_TYPES, type TextSlot } from "./questionnaire-edit.js";
import type {
  LocalizedText,
  PublishedQuestionnaire,
  Question,
  QuestionnaireSection,
} from "./questionnaire-model.js";
import type { RecipientProblem } from "./recipients.js";
import type { PendingRecipient } from "./sending.js";
import { driftCount, type VariantDrift } from "./variant-drift.js";
import { pickWithLang, questionFacts, shownErrors } from "./view.js";

type Forum = { slug: string; name: string };
type Cycle = { year: number };
type Values = Record<string, string>;

const langName = (lang: string) => (isLocale(lang) ? LOCALE_NAMES[lang] : lang);
/** A language's name in a list or sentence, isolated: "العربية: 3 texts missing" stays in that order. */
const LangName = ({ lang }: { lang: string }) => <bdi lang={lang}>{langName(lang)}</bdi>;
/** A language's name inside a translated string (a label, a sentence), isolated with U+2068 … U+2069. */
const langInText = (lang: string) => isolated(langName(lang));
const base = (forum: Forum, cycle: Cycle) => `/f/${forum.slug}/${cycle.year}`;

/** A text in the wanted language (falling back to the original), marked with its language when it differs. */
export function Localized({
  ctx,
  text,
  lang,
  original,
  as: Tag = "span",
}: {
  ctx: PageContext;
  text: LocalizedText | undefined;
  lang: string;
  original: string;
  as?: "span" | "p" | "div";
}) {
  const picked = pickWithLang(text, lang, original);
  if (picked.lang === ctx.locale) return <Tag>{picked.text}</Tag>;
  return (
    <Tag lang={picked.lang} dir={isLocale(picked.lang) ? directionOf(picked.lang) : undefined}>
      {picked.text}
    </Tag>
  );
}

function Paragraphs({ text, lang }: { text: string; lang?: string }) {
  return (
    <div lang={lang}>
      {paragraphsOf(text).map((p, i) => (
        <p key={i}>{p}</p>
      ))}
    </div>
  );
}

/** The form values of a question, for editing it. */
export function questionValues(q: Question, lang: string, sectionId: string): Values {
  const text = (v: LocalizedText | undefined) => v?.[lang] ?? "";
  return {
    section_id: sectionId,
    type: q.type,
    label: text(q.label),
    help: text(q.help),
    required: q.required ? "1" : "",
    options: "options" in q ? q.options.map((o) => text(o.label)).join("\n") : "",
    items: q.type === "item_list" ? q.items.map((i) => text(i.label)).join("\n") : "",
    allow_other: q.type === "multiple_choice" && q.allowOther ? "1" : "",
    max_selections: q.type === "multiple_choice" && q.maxSelections ? String(q.maxSelections) : "",
    guidance_unit: q.type === "long_text" ? (q.guidance?.unit ?? "words") : "words",
    guidance_min: q.type === "long_text" && q.guidance?.min ? String(q.guidance.min) : "",
    guidance_max: q.type === "long_text" && q.guidance?.max ? String(q.guidance.max) : "",
    max_length: (q.type === "short_text" || q.type === "long_text") && q.maxLength ? String(q.maxLength) : "",
    role: q.type === "file_upload" ? q.role : "main",
    max_files: q.type === "file_upload" && q.maxFiles ? String(q.maxFiles) : "",
    max_links: q.type === "link_list" && q.maxLinks ? String(q.maxLinks) : "",
    allow_anonymous: q.type === "consent" && q.allowAnonymous ? "1" : "",
    licence: q.type === "consent" ? (q.licence ?? "") : "",
  };
}

/** The fields of a question (shared by "add" and "edit"); type-specific settings are grouped and labelled. */
function QuestionFields({
  ctx,
  sections,
  values,
  errors,
  original,
  isNew,
  changeType,
}: {
  ctx: PageContext;
  sections: QuestionnaireSection[];
  values: Values;
  errors: FieldErrors | undefined;
  original: string;
  isNew: boolean;
  /** Where to choose another kind of question (a new question only). */
  changeType?: string;
}) {
  const t = ctx.t;
  // Only the settings of this kind of question are shown; the kind is chosen first (or fixed, when editing).
  const type = values.type ?? "";
  const isChoice = type === "single_choice" || type === "multiple_choice";
  const isText = type === "short_text" || type === "long_text";
  const num = (name: string, label: string, hint?: string) => (
    <Field name={name} label={label} hint={hint} error={errors?.[name]}>
      {(ids) => <TextInput type="number" min={1} name={name} value={values[name]} {...ids} />}
    </Field>
  );
  return (
    <>
      <Field name="section_id" label={t("calls.question.section")} error={errors?.section_id}>
        {({ id, describedBy }) => (
          <select id={id} name="section_id" aria-describedby={describedBy}>
            {sections.map((s) => (
              <option key={s.id} value={s.id} selected={values.section_id === s.id}>
                {pickWithLang(s.title, original, original).text}
              </option>
            ))}
          </select>
        )}
      </Field>
      <p id="field-type">
        <strong>{t("calls.question.type")}:</strong> {t(`calls.type.${type}`)}
        {changeType ? (
          <>
            {" · "}
            <a href={changeType}>{t("calls.builder.changeType")}</a>
          </>
        ) : null}
      </p>
      {errors?.type ? <p class="field-error">{errors.type}</p> : null}
      <input type="hidden" name="type" value={type} />
      <Field
        name="label"
        label={t("calls.question.label", { language: langInText(original) })}
        error={errors?.label}
      >
        {({ id, describedBy, invalid }) => (
          <textarea
            id={id}
            name="label"
            rows={3}
            required
            aria-describedby={describedBy}
            aria-invalid={invalid ? "true" : undefined}
            lang={original}
          >
            {values.label ?? ""}
          </textarea>
        )}
      </Field>
      <Field
        name="help"
        label={t("calls.question.help")}
        hint={t("calls.question.helpHint")}
        error={errors?.help}
      >
        {({ id, describedBy }) => (
          <textarea id={id} name="help" rows={2} aria-describedby={describedBy} lang={original}>
            {values.help ?? ""}
          </textarea>
        )}
      </Field>
      <Checkbox name="required" label={t("calls.question.requiredLabel")} checked={values.required === "1"} />
      {isNew ? (
        <Field
          name="question_id"
          label={t("calls.question.id")}
          hint={t("calls.question.idHint")}
          error={errors?.id}
        >
          {(ids) => <TextInput name="question_id" value={values.question_id} maxLength={60} {...ids} />}
        </Field>
      ) : null}
      {isChoice ? (
        <fieldset>
          <legend>{t("calls.question.choiceSettings")}</legend>
          <Field
            name="options"
            label={t("calls.question.options")}
            hint={t("calls.question.onePerLine")}
            error={errors?.options}
          >
            {({ id, describedBy, invalid }) => (
              <textarea
                id={id}
                name="options"
                rows={4}
                aria-describedby={describedBy}
                aria-invalid={invalid ? "true" : undefined}
              >
                {values.options ?? ""}
              </textarea>
            )}
          </Field>
          {type === "multiple_choice" ? (
            <>
              <Checkbox
                name="allow_other"
                label={t("calls.question.allowOther")}
                checked={values.allow_other === "1"}
              />
              {num("max_selections", t("calls.question.maxSelections"))}
            </>
          ) : null}
        </fieldset>
      ) : null}
      {type === "item_list" ? (
        <fieldset>
          <legend>{t("calls.question.itemSettings")}</legend>
          <Field
            name="items"
            label={t("calls.question.items")}
            hint={t("calls.question.itemsHint")}
            error={errors?.items}
          >
            {({ id, describedBy, invalid }) => (
              <textarea
                id={id}
                name="items"
                rows={6}
                aria-describedby={describedBy}
                aria-invalid={invalid ? "true" : undefined}
              >
                {values.items ?? ""}
              </textarea>
            )}
          </Field>
        </fieldset>
      ) : null}
      {isText ? (
        <fieldset>
          <legend>{t("calls.question.textSettings")}</legend>
          {type === "long_text" ? (
            <>
              <Field name="guidance_unit" label={t("calls.question.guidanceUnit")}>
                {({ id }) => (
                  <select id={id} name="guidance_unit">
                    <option value="words" selected={values.guidance_unit !== "pages"}>
                      {t("calls.question.unit.words")}
                    </option>
                    <option value="pages" selected={values.guidance_unit === "pages"}>
                      {t("calls.question.unit.pages")}
                    </option>
                  </select>
                )}
              </Field>
              {num("guidance_min", t("calls.question.guidanceMin"))}
              {num("guidance_max", t("calls.question.guidanceMax"))}
            </>
          ) : null}
          {num("max_length", t("calls.question.maxLength"), t("calls.question.maxLengthHint"))}
        </fieldset>
      ) : null}
      {type === "file_upload" || type === "link_list" || type === "consent" ? (
        <fieldset>
          <legend>{t("calls.question.otherSettings")}</legend>
          {type === "file_upload" ? (
            <>
              <Field name="role" label={t("calls.question.fileRole")}>
                {({ id }) => (
                  <select id={id} name="role">
                    <option value="main" selected={values.role !== "appendix"}>
                      {t("calls.question.role.main")}
                    </option>
                    <option value="appendix" selected={values.role === "appendix"}>
                      {t("calls.question.role.appendix")}
                    </option>
                  </select>
                )}
              </Field>
              {num("max_files", t("calls.question.maxFiles"))}
            </>
          ) : null}
          {type === "link_list" ? num("max_links", t("calls.question.maxLinks")) : null}
          {type === "consent" ? (
            <>
              <Checkbox
                name="allow_anonymous"
                label={t("calls.question.allowAnonymous")}
                checked={values.allow_anonymous === "1"}
              />
              <Field name="licence" label={t("calls.question.licence")}>
                {(ids) => <TextInput name="licence" value={values.licence} maxLength={200} {...ids} />}
              </Field>
            </>
          ) : null}
        </fieldset>
      ) : null}
    </>
  );
}

function QuestionDetails({
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

function MoveButtons({
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

function CommentThreads({
  ctx,
  threads,
  action,
  resolveAction,
  variant,
  canResolve,
  questionId,
}: {
  ctx: PageContext;
  threads: { comment: CommentRow; replies: CommentRow[] }[];
  action: string;
  resolveAction: (id: string) => string;
  variant: string;
  canResolve: boolean;
  questionId: string;
}) {
  const t = ctx.t;
  const one = (c: CommentRow) => (
    <>
      <p class="muted">
        {c.author_label} · <Instant ctx={ctx} at={c.created_at} />
        {c.status === "resolved" ? ` · ${t("calls.comment.resolved")}` : ""}
      </p>
      <p class="pre-wrap">{c.body}</p>
    </>
  );
  return (
    <ul class="plain">
      {threads.map(({ comment, replies }) => (
        <li key={comment.id} class="card">
          {one(comment)}
          {replies.length ? (
            <ul>
              {replies.map((r) => (
                <li key={r.id}>{one(r)}</li>
              ))}
            </ul>
          ) : null}
          <form method="post" action={action}>
            <CsrfInput ctx={ctx} />
            <input type="hidden" name="variant" value={variant} />
            <input type="hidden" name="parent_id" value={comment.id} />
            <label for={`reply-${comment.id}`}>{t("calls.comment.reply")}</label>
            <textarea id={`reply-${comment.id}`} name="body" rows={2} />
            <button type="submit" class="button--secondary">
              {t("calls.comment.sendReply")}
            </button>
          </form>
          {canResolve ? (
            <form method="post" action={resolveAction(comment.id)} class="inline">
              <CsrfInput ctx={ctx} />
              <input type="hidden" name="variant" value={variant} />
              <input type="hidden" name="question" value={questionId} />
              <input type="hidden" name="status" value={comment.status === "open" ? "resolved" : "open"} />
              <button type="submit" class="link-button">
                {t(comment.status === "open" ? "calls.comment.resolve" : "calls.comment.reopen")}
              </button>
            </form>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

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

/** The source's changes a variant can take, with an "Update from base" button for editors. */
function DriftNotice({
  ctx,
  root,
  variant,
  variants,
  drift,
  original,
  canEdit,
}: {
  ctx: PageContext;
  root: string;
  variant: VariantRow;
  variants: VariantRow[];
  drift: VariantDrift;
  original: string;
  canEdit: boolean;
}) {
  const t = ctx.t;
  const source = variants.find((v) => v.key === variant.derived_from);
  const labels = new Map(source?.sections.flatMap((s) => s.questions.map((q) => [q.id, q.label])) ?? []);
  const list = (ids: string[], heading: string) =>
    ids.length ? (
      <>
        <h3>{t(heading)}</h3>
        <ul>
          {ids.map((id) => (
            <li key={id}>
              <Localized ctx={ctx} text={labels.get(id)} lang={ctx.locale} original={original} />
            </li>
          ))}
        </ul>
      </>
    ) : null;
  return (
    <section class="notice notice--warning" aria-labelledby="drift-title" id="drift">
      <h2 id="drift-title">{t("calls.drift.notice", { count: driftCount(drift) })}</h2>
      {list(drift.added, "calls.drift.added")}
      {list(drift.reworded, "calls.drift.reworded")}
      {canEdit ? (
        <form method="post" action={`${root}/update-from-base`}>
          <CsrfInput ctx={ctx} />
          <input type="hidden" name="variant" value={variant.key} />
          <p class="hint">{t("calls.drift.keeps")}</p>
          <button type="submit">{t("calls.drift.update")}</button>
        </form>
      ) : null}
    </section>
  );
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

/** Editing one question of a draft. */
export function QuestionEditPage({
  ctx,
  forum,
  cycle,
  variant,
  original,
  questionId,
  values,
  errors,
}: {
  ctx: PageContext;
  forum: Forum;
  cycle: Cycle;
  variant: VariantRow;
  original: string;
  questionId: string;
  values: Values;
  errors?: FieldErrors;
}) {
  const t = ctx.t;
  const shown = shownErrors(ctx, errors);
  const root = `${base(forum, cycle)}/questionnaire`;
  return (
    <Layout ctx={ctx} title={t("calls.edit.title")} forum={forum}>
      <p>
        <a href={`${root}?variant=${variant.key}#q-${questionId}`}>{t("calls.edit.back")}</a>
      </p>
      <h1>{t("calls.edit.title")}</h1>
      <ErrorSummary ctx={ctx} errors={shown} />
      <p class="muted">
        <code>{questionId}</code> · {t("calls.edit.idStays")}
      </p>
      <form method="post" action={`${root}/questions/${questionId}`} novalidate>
        <CsrfInput ctx={ctx} />
        <input type="hidden" name="variant" value={variant.key} />
        <QuestionFields
          ctx={ctx}
          sections={variant.sections}
          values={values}
          errors={shown}
          original={original}
          isNew={false}
        />
        <button type="submit">{t("calls.edit.save")}</button>
      </form>
    </Layout>
  );
}

/** Translations side by side: the original on the left, the translation on the right; missing ones flagged. */
export function TranslatePage({
  ctx,
  forum,
  cycle,
  variant,
  original,
  lang,
  slots,
  missing,
  errors,
}: {
  ctx: PageContext;
  forum: Forum;
  cycle: Cycle;
  variant: VariantRow;
  original: string;
  lang: string | undefined;
  slots: TextSlot[];
  missing: Partial<Record<Locale, number>>;
  errors?: FieldErrors;
}) {
  const t = ctx.t;
  const shown = shownErrors(ctx, errors);
  const root = `${base(forum, cycle)}/questionnaire`;
  const title = t("calls.translate.title");
  return (
    <Layout ctx={ctx} title={title} forum={forum}>
      <p>
        <a href={`${root}?variant=${variant.key}`}>{t("calls.edit.back")}</a>
      </p>
      <h1>
        {title}: <Localized ctx={ctx} text={variant.name} lang={ctx.locale} original={original} />
      </h1>
      <ErrorSummary ctx={ctx} errors={shown} />
      <nav aria-label={t("calls.translate.languages")}>
        <ul>
          {Object.entries(missing).map(([l, count]) => (
            <li key={l}>
              {l === lang ? (
                <strong aria-current="page">
                  <LangName lang={l} />
                </strong>
              ) : (
                <a href={`${root}/translate?variant=${variant.key}&lang=${l}`}>
                  <LangName lang={l} />
                </a>
              )}
              {": "}
              {t("calls.translate.missingCount", { count: count ?? 0 })}
            </li>
          ))}
        </ul>
      </nav>
      {!lang ? (
        <p>{t("calls.builder.oneLanguage")}</p>
      ) : (
        <form method="post" action={`${root}/translate?variant=${variant.key}&lang=${lang}`}>
          <CsrfInput ctx={ctx} />
          <p>{t("calls.translate.intro", { language: langInText(lang), original: langInText(original) })}</p>
          <div class="table-wrap">
            <table class="translation-table">
              {/* Original and translation get equal halves: a long original must not squeeze the field. */}
              <colgroup>
                <col width="50%" />
                <col width="50%" />
              </colgroup>
              <thead>
                <tr>
                  <th scope="col">{t("calls.translate.original", { language: langInText(original) })}</th>
                  <th scope="col">{t("calls.translate.translation", { language: langInText(lang) })}</th>
                </tr>
              </thead>
              <tbody>
                {slots.map((slot, i) => {
                  const source = slot.text[original] ?? "";
                  const current = slot.text[lang] ?? "";
                  const isMissing = source.trim() !== "" && current.trim() === "";
                  const id = `tr-${i}`;
                  return (
                    <tr key={slot.key}>
                      <td>
                        <p class="muted">{t(slot.role)}</p>
                        <p id={`${id}-source`} lang={original} class="pre-wrap">
                          {source}
                        </p>
                      </td>
                      <td>
                        <label for={id}>
                          {t("calls.translate.fieldLabel", {
                            what: t(slot.role),
                            language: langInText(lang),
                          })}
                        </label>
                        {isMissing ? (
                          <p>
                            <span class="badge badge--late" id={`${id}-missing`}>
                              {t("calls.translate.missing")}
                            </span>
                          </p>
                        ) : null}
                        {slot.multiline ? (
                          <textarea
                            id={id}
                            name={slot.key}
                            rows={rowsFor(current.length > source.length ? current : source)}
                            lang={lang}
                            aria-describedby={`${id}-source${isMissing ? ` ${id}-missing` : ""}`}
                          >
                            {current}
                          </textarea>
                        ) : (
                          <input
                            type="text"
                            id={id}
                            name={slot.key}
                            value={current}
                            lang={lang}
                            aria-describedby={`${id}-source${isMissing ? ` ${id}-missing` : ""}`}
                          />
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <button type="submit">{t("calls.translate.save")}</button>
        </form>
      )}
    </Layout>
  );
}

/** Rows a textarea needs to show a text whole in half the page (about 60 characters a line), within bounds. */
export function rowsFor(text: string): number {
  const lines = text.split("\n").reduce((n, line) => n + Math.max(1, Math.ceil(line.length / 60)), 0);
  return Math.min(30, Math.max(3, lines + 1));
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

/** The title a call has until the secretariat gives it its own: "Call for contributions: forum year". */
export function usualCallTitle(ctx: PageContext, forum: Forum, cycle: Cycle): string {
  return ctx.t("calls.page.title", { forum: isolated(forum.name), year: cycle.year });
}

/** The call editor: title, message, overview, relevant reading and guidance, in the original language. */
export function CallEditPage({
  ctx,
  forum,
  cycle,
  original,
  values,
  errors,
  notice,
}: {
  ctx: PageContext;
  forum: Forum;
  cycle: Cycle;
  original: string;
  values: Values;
  errors?: FieldErrors;
  notice?: string;
}) {
  const t = ctx.t;
  const shown = shownErrors(ctx, errors);
  const area = (name: string, label: string, hint?: string, rows = 5) => (
    <Field name={name} label={label} hint={hint} error={shown?.[name]}>
      {({ id, describedBy, invalid }) => (
        <textarea
          id={id}
          name={name}
          rows={rows}
          lang={original}
          aria-describedby={describedBy}
          aria-invalid={invalid ? "true" : undefined}
        >
          {values[name] ?? ""}
        </textarea>
      )}
    </Field>
  );
  return (
    <Layout ctx={ctx} title={t("calls.callEdit.title", { year: cycle.year })} forum={forum}>
      <h1>{t("calls.callEdit.title", { year: cycle.year })}</h1>
      <Notice text={notice} />
      <ErrorSummary ctx={ctx} errors={shown} />
      <p>
        {t("calls.callEdit.intro", { language: langInText(original) })}{" "}
        <a href={`${base(forum, cycle)}/questionnaire/translate?variant=base`}>
          {t("calls.callEdit.translate")}
        </a>{" "}
        · <a href={`${base(forum, cycle)}/call/send`}>{t("calls.send.title")}</a> ·{" "}
        <a href={`${base(forum, cycle)}/call`}>{t("calls.builder.viewCall")}</a>
      </p>
      <form method="post" action={`${base(forum, cycle)}/call/edit`} novalidate>
        <CsrfInput ctx={ctx} />
        <Field
          name="title"
          label={t("calls.callEdit.titleField")}
          hint={t("calls.callEdit.titleHint", { usual: usualCallTitle(ctx, forum, cycle) })}
          error={shown?.title}
        >
          {({ id, describedBy, invalid }) => (
            <input
              type="text"
              id={id}
              name="title"
              value={values.title ?? ""}
              lang={original}
              dir="auto"
              aria-describedby={describedBy}
              aria-invalid={invalid ? "true" : undefined}
            />
          )}
        </Field>
        {area("message", t("calls.callEdit.message"), t("calls.callEdit.messageHint"), 8)}
        {area("overview", t("calls.callEdit.overview"), undefined, 8)}
        {area("reading", t("calls.callEdit.reading"), t("calls.callEdit.readingHint"), 5)}
        <fieldset>
          <legend>{t("calls.callEdit.guidance")}</legend>
          {(["pages_min", "pages_max"] as const).map((name) => (
            <Field key={name} name={name} label={t(`calls.callEdit.${name}`)} error={shown?.[name]}>
              {(ids) => <TextInput type="number" min={1} name={name} value={values[name]} {...ids} />}
            </Field>
          ))}
          <Checkbox
            name="links_welcome"
            label={t("calls.guidance.linksWelcome")}
            checked={values.links_welcome === "1"}
          />
          <Checkbox
            name="appendices"
            label={t("calls.guidance.appendices")}
            checked={values.appendices === "1"}
          />
          <Checkbox
            name="editable_formats"
            label={t("calls.guidance.editableFormats")}
            checked={values.editable_formats === "1"}
          />
          {area("guidance_note", t("calls.callEdit.guidanceNote"), undefined, 3)}
        </fieldset>
        <button type="submit">{t("calls.callEdit.save")}</button>
      </form>
    </Layout>
  );
}

export interface DeadlineRow {
  label: string;
  own: string;
  ownZone: string;
  reader: string;
  readerZone: string;
  iso: string;
}

/** The public call page, light and readable without JavaScript. */
export function CallPage({
  ctx,
  forum,
  cycle,
  call,
  lang,
  original,
  languages,
  published,
  deadlines,
  policy,
  preview,
  canEdit,
  window,
  contact,
}: {
  ctx: PageContext;
  forum: Forum;
  cycle: Cycle & { focus: string };
  /** Whether the call is open, with its opening and closing written in their own zones. */
  window: {
    state: "not_open" | "open" | "closed";
    opens?: { when: string; zone: string };
    closes?: { when: string; zone: string };
  };
  /** Where to write once the call has closed: the forum's mailing list, else the site's administrator. */
  contact?: string;
  call: CallRow | undefined;
  lang: string;
  original: string;
  languages: string[];
  published: PublishedQuestionnaire[];
  deadlines: DeadlineRow[];
  /** What the deadlines mean for a contribution, in sentences (contributions/deadline-policy.ts). */
  policy: string[];
  preview: boolean;
  canEdit: boolean;
}) {
  const t = ctx.t;
  const root = base(forum, cycle);
  const text = (v: LocalizedText | undefined) => pickWithLang(v, lang, original);
  const block = (v: LocalizedText | undefined) => {
    const picked = text(v);
    return picked.text ? (
      <Paragraphs text={picked.text} lang={picked.lang === ctx.locale ? undefined : picked.lang} />
    ) : null;
  };
  const g = call?.guidance ?? {};
  const guidance = [
    g.pagesMin || g.pagesMax
      ? t("calls.page.length", {
          length: t("calls.guidance.pages", { min: g.pagesMin ?? 0, max: g.pagesMax ?? 0 }),
        })
      : undefined,
    g.linksWelcome ? t("calls.guidance.linksWelcome") : undefined,
    g.appendices ? t("calls.guidance.appendices") : undefined,
    g.editableFormats ? t("calls.guidance.editableFormats") : undefined,
  ].filter((x): x is string => Boolean(x));
  const own = text(call?.texts.title);
  const title = own.text ? isolated(own.text) : usualCallTitle(ctx, forum, cycle);
  const open = window.state === "open";
  return (
    <Layout ctx={ctx} title={title} forum={forum}>
      {own.text ? (
        <h1 lang={own.lang !== ctx.locale ? own.lang : undefined}>{own.text}</h1>
      ) : (
        <h1>
          <Message
            ctx={ctx}
            id="calls.page.title"
            values={{ forum: <UserText text={forum.name} />, year: cycle.year }}
          />
        </h1>
      )}
      {cycle.focus ? <p class="lead">{cycle.focus}</p> : null}
      {preview ? (
        <p class="notice notice--warning" role="status">
          {t("calls.page.preview")}
        </p>
      ) : null}
      {canEdit ? (
        <p>
          <a href={`${root}/call/edit`}>{t("calls.page.editCall")}</a> ·{" "}
          <a href={`${root}/questionnaire`}>{t("calls.page.editQuestionnaire")}</a> ·{" "}
          <a href={`${root}/call/send`}>{t("calls.send.title")}</a>
        </p>
      ) : null}
      {languages.length > 1 ? (
        <nav aria-label={t("calls.page.readIn")}>
          <p>
            {t("calls.page.readIn")}{" "}
            {languages.map((l, i) => (
              <span key={l}>
                {i ? " · " : ""}
                {l === lang ? (
                  <strong aria-current="page">
                    <LangName lang={l} />
                  </strong>
                ) : (
                  <a href={`${root}/call?lang=${l}`} lang={l} hrefLang={l}>
                    <LangName lang={l} />
                  </a>
                )}
              </span>
            ))}
          </p>
        </nav>
      ) : null}
      {window.state === "closed" ? (
        <div class="notice notice--warning" role="status">
          <p>
            {window.closes
              ? t("calls.page.closed", { date: window.closes.when, zone: window.closes.zone })
              : t("calls.page.cycleClosed")}
          </p>
          {contact ? (
            <p>
              {t("calls.page.writeTo")} <a href={`mailto:${contact}`}>{contact}</a>
            </p>
          ) : null}
        </div>
      ) : window.state === "not_open" && window.opens ? (
        <p class="notice" role="status">
          {t("calls.page.opensOn", { date: window.opens.when, zone: window.opens.zone })}
        </p>
      ) : null}
      {block(call?.texts.message)}
      {published.length && open ? (
        <p>
          <a class="button" href={`${root}/contribute?variant=${published[0]!.variantKey}&lang=${lang}`}>
            {t("calls.page.submit")}
          </a>
        </p>
      ) : null}
      <h2>{t("calls.page.deadlines")}</h2>
      {deadlines.length ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("calls.page.deadline")}</th>
                <th scope="col">{t("calls.page.asSet")}</th>
                <th scope="col">{t("calls.page.yourTime")}</th>
              </tr>
            </thead>
            <tbody>
              {deadlines.map((d) => (
                <tr key={d.label}>
                  <th scope="row">{d.label}</th>
                  <td>
                    <time dateTime={d.iso}>{d.own}</time>
                    <br />
                    <span class="muted">{d.ownZone}</span>
                  </td>
                  <td>
                    {d.reader}
                    <br />
                    <span class="muted">{d.readerZone}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t("calls.page.noDeadlines")}</p>
      )}
      {window.state !== "closed" && policy.length ? (
        <ul>
          {policy.map((sentence) => (
            <li key={sentence}>{sentence}</li>
          ))}
        </ul>
      ) : null}
      {call?.texts.overview ? (
        <>
          <h2>{t("calls.page.overview")}</h2>
          {block(call.texts.overview)}
        </>
      ) : null}
      {call?.reading.length ? (
        <>
          <h2>{t("calls.page.reading")}</h2>
          <ul>
            {call.reading.map((r) => {
              const picked = text(r.title);
              return (
                <li key={r.url}>
                  <a href={r.url} lang={picked.lang === ctx.locale ? undefined : picked.lang}>
                    {picked.text}
                  </a>
                </li>
              );
            })}
          </ul>
        </>
      ) : null}
      {guidance.length || call?.texts.guidanceNote ? (
        <>
          <h2>{t("calls.page.guidance")}</h2>
          <ul>
            {guidance.map((g) => (
              <li key={g}>{g}</li>
            ))}
          </ul>
          {block(call?.texts.guidanceNote)}
        </>
      ) : null}
      <h2>{t("calls.page.questionnaires")}</h2>
      {published.length === 0 ? <p>{t("calls.page.noQuestionnaire")}</p> : null}
      {published.map((pq) => (
        <section key={pq.variantKey} aria-labelledby={`variant-${pq.variantKey}`}>
          <h3 id={`variant-${pq.variantKey}`}>
            <Localized ctx={ctx} text={pq.variantName} lang={lang} original={original} />
          </h3>
          {pq.audience && text(pq.audience).text ? (
            <p>
              {t("calls.page.for")} <Localized ctx={ctx} text={pq.audience} lang={lang} original={original} />
            </p>
          ) : null}
          <p class="muted">
            {t("calls.page.versionFacts", {
              version: pq.version,
              count: pq.sections.reduce((n, s) => n + s.questions.length, 0),
            })}
          </p>
          {window.state === "closed" ? null : (
            <ul>
              {open ? (
                <li>
                  <a href={`${root}/contribute?variant=${pq.variantKey}&lang=${lang}`}>
                    {t("calls.page.submitVariant", { name: text(pq.variantName).text })}
                  </a>
                </li>
              ) : null}
              <li>
                <a href={`${root}/call/questionnaire.docx?variant=${pq.variantKey}&lang=${lang}`}>
                  {t("calls.page.download", { name: text(pq.variantName).text })}
                </a>
              </li>
            </ul>
          )}
        </section>
      ))}
      <h2>{t("calls.page.languages")}</h2>
      <p>
        {t("calls.page.languagesList", { list: languages.map(langName).join(", ") })}{" "}
        {t("calls.page.fallback", { original: langInText(original) })}
      </p>
    </Layout>
  );
}

/** A checkbox with its label after it and its error above, for confirmations the server requires. */
function ConfirmBox({
  name,
  label,
  checked,
  error,
}: {
  name: string;
  label: string;
  checked: boolean;
  error?: string;
}) {
  const id = `field-${name}`;
  return (
    <div class={error ? "field field--error" : "field"}>
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      <input
        type="checkbox"
        id={id}
        name={name}
        value="1"
        checked={checked}
        aria-describedby={error ? `${id}-error` : undefined}
        aria-invalid={error ? "true" : undefined}
      />{" "}
      <label for={id} class="label--inline">
        {label}
      </label>
    </div>
  );
}

export interface RecipientStatus {
  recipient: RecipientRow;
  last?: { kind: "call" | "reminder"; at: Date; status: string; error: string | null };
}

/** The secretariat's page for sending the call: recipients, their status, sending and reminders. */
export function SendPage({
  ctx,
  forum,
  cycle,
  hasCall,
  recipients,
  reminders,
  pending,
  closedOn,
  languages,
  timeZone,
  notice,
  errors,
  values,
  problems,
  csvProblems,
}: {
  ctx: PageContext;
  forum: Forum;
  cycle: Cycle;
  hasCall: boolean;
  recipients: RecipientStatus[];
  reminders: ReminderRow[];
  /** Who the call would go to if sent now. */
  pending: PendingRecipient[];
  /** Set when the call has closed: when, in its own zone (null when the cycle is closed without a date). */
  closedOn?: { when: string; zone: string } | null;
  languages: string[];
  timeZone: string;
  notice?: string;
  errors?: FieldErrors;
  values?: Values;
  problems?: RecipientProblem[];
  csvProblems?: RecipientProblem[];
}) {
  const t = ctx.t;
  const shown = shownErrors(ctx, errors);
  const root = `${base(forum, cycle)}/call`;
  const vals = values ?? {};
  const fromList = pending.filter((p) => p.fromList).length;
  const problemList = (list: RecipientProblem[] | undefined, id: string) =>
    list?.length ? (
      <ul class="field-error" id={id}>
        {list.map((p) => (
          <li key={p.line}>
            {t("calls.recipients.problem", { line: p.line, text: p.text, reason: t(p.reason) })}
          </li>
        ))}
      </ul>
    ) : null;
  const statusText = (r: RecipientStatus): ComponentChildren => {
    if (r.recipient.unsubscribed_at) return t("calls.recipients.unsubscribed");
    if (!r.last) return t("calls.recipients.notSent");
    return (
      <>
        {t(`calls.recipients.kind.${r.last.kind}`)}: {t(`mail.status.${r.last.status}`)}
        {r.last.error ? ` (${r.last.error})` : ""}
        <br />
        <Instant ctx={ctx} at={r.last.at} />
      </>
    );
  };
  return (
    <Layout ctx={ctx} title={t("calls.send.title")} forum={forum}>
      <h1>{t("calls.send.title")}</h1>
      <Notice text={notice} />
      <ErrorSummary ctx={ctx} errors={shown} />
      {!hasCall ? (
        <p>
          {t("calls.send.noCall")} <a href={`${root}/edit`}>{t("calls.builder.editCall")}</a>
        </p>
      ) : (
        <>
          <p class="notice">{t("calls.send.mailingListIncluded")}</p>
          <section aria-labelledby="paste">
            <h2 id="paste">{t("calls.recipients.pasteTitle")}</h2>
            <form method="post" action={`${root}/recipients`} novalidate>
              <CsrfInput ctx={ctx} />
              <div class={shown?.recipients ? "field field--error" : "field"}>
                <label for="field-recipients">{t("calls.recipients.pasteLabel")}</label>
                <p class="hint" id="field-recipients-hint">
                  {t("calls.recipients.pasteHint")}
                </p>
                {shown?.recipients ? (
                  <p class="field-error" id="field-recipients-error">
                    {shown.recipients}
                  </p>
                ) : null}
                {problemList(problems, "field-recipients-problems")}
                <textarea
                  id="field-recipients"
                  name="recipients"
                  rows={6}
                  aria-describedby={`field-recipients-hint${shown?.recipients ? " field-recipients-error field-recipients-problems" : ""}`}
                  aria-invalid={shown?.recipients ? "true" : undefined}
                >
                  {vals.recipients ?? ""}
                </textarea>
              </div>
              <Field name="tags" label={t("calls.recipients.tags")} hint={t("calls.recipients.tagsHint")}>
                {(ids) => <TextInput name="tags" value={vals.tags} maxLength={200} {...ids} />}
              </Field>
              <Field name="language" label={t("calls.recipients.language")}>
                {({ id }) => (
                  <select id={id} name="language">
                    <option value="">{t("calls.recipients.languageUnknown")}</option>
                    {languages.map((l) => (
                      <option key={l} value={l} selected={vals.language === l}>
                        {langName(l)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <button type="submit">{t("calls.recipients.add")}</button>
            </form>
          </section>
          <section aria-labelledby="csv">
            <h2 id="csv">{t("calls.recipients.csvTitle")}</h2>
            <form method="post" action={`${root}/recipients/csv`} encType="multipart/form-data" novalidate>
              <CsrfInput ctx={ctx} />
              <div class={shown?.csv ? "field field--error" : "field"}>
                <label for="field-csv">{t("calls.recipients.csvLabel")}</label>
                <p class="hint" id="field-csv-hint">
                  {t("calls.recipients.csvHint")}
                </p>
                {shown?.csv ? (
                  <p class="field-error" id="field-csv-error">
                    {shown.csv}
                  </p>
                ) : null}
                {problemList(csvProblems, "field-csv-problems")}
                <input
                  type="file"
                  id="field-csv"
                  name="csv"
                  accept=".csv,text/csv"
                  aria-describedby={`field-csv-hint${shown?.csv ? " field-csv-error field-csv-problems" : ""}`}
                />
              </div>
              <Field name="csv_tags" label={t("calls.recipients.tags")} hint={t("calls.recipients.tagsHint")}>
                {(ids) => <TextInput name="tags" value={vals.csv_tags} maxLength={200} {...ids} />}
              </Field>
              <button type="submit">{t("calls.recipients.upload")}</button>
            </form>
          </section>
          <section aria-labelledby="send">
            <h2 id="send">{t("calls.send.sendTitle")}</h2>
            {closedOn !== undefined ? (
              <p class="notice notice--warning">
                {closedOn
                  ? t("calls.send.closed", { date: closedOn.when, zone: closedOn.zone })
                  : t("calls.send.cycleClosed")}
              </p>
            ) : null}
            {shown?.send ? (
              <p class="field-error" id="field-send">
                {shown.send}
              </p>
            ) : null}
            {pending.length ? (
              <form method="post" action={`${root}/send`} novalidate>
                <CsrfInput ctx={ctx} />
                <input type="hidden" name="expected" value={String(pending.length)} />
                <p>
                  {t("calls.send.willReceive", {
                    count: pending.length,
                    added: pending.length - fromList,
                    list: fromList,
                  })}
                </p>
                <details>
                  <summary>{t("calls.send.showWho", { count: pending.length })}</summary>
                  <ul>
                    {pending.map((p) => (
                      <li key={p.email}>
                        {p.name ? `${p.name} <${p.email}>` : p.email}
                        {p.fromList ? <span class="muted"> · {t("calls.send.fromList")}</span> : null}
                      </li>
                    ))}
                  </ul>
                </details>
                <ConfirmBox
                  name="confirm"
                  label={t("calls.send.confirm", { count: pending.length })}
                  checked={vals.confirm === "1"}
                  error={shown?.confirm}
                />
                {closedOn !== undefined ? (
                  <ConfirmBox
                    name="confirm_closed"
                    label={t("calls.send.confirmClosed")}
                    checked={vals.confirm_closed === "1"}
                    error={shown?.confirm_closed}
                  />
                ) : null}
                <button type="submit">{t("calls.send.submit", { count: pending.length })}</button>
              </form>
            ) : !shown?.send ? (
              <p>{t(recipients.length ? "calls.send.allSent" : "calls.send.nobody")}</p>
            ) : null}
          </section>
          <section aria-labelledby="recipients">
            <h2 id="recipients">{t("calls.recipients.title", { count: recipients.length })}</h2>
            {recipients.length ? (
              <div class="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t("calls.recipients.who")}</th>
                      <th scope="col">{t("calls.recipients.details")}</th>
                      <th scope="col">{t("calls.recipients.tags")}</th>
                      <th scope="col">{t("calls.recipients.status")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {recipients.map((r) => (
                      <tr key={r.recipient.id}>
                        <td>
                          {r.recipient.name}
                          <br />
                          <span class="muted">{r.recipient.email}</span>
                        </td>
                        <td>
                          {[
                            r.recipient.organisation,
                            r.recipient.stakeholder_group
                              ? t(`geo.stakeholder.${r.recipient.stakeholder_group}`)
                              : "",
                            r.recipient.country,
                            r.recipient.language ? langName(r.recipient.language) : "",
                          ]
                            .filter(Boolean)
                            .join(" · ")}
                        </td>
                        <td>{r.recipient.tags.join(", ")}</td>
                        <td>{statusText(r)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              <p>{t("calls.recipients.empty")}</p>
            )}
          </section>
          <section aria-labelledby="reminders">
            <h2 id="reminders">{t("calls.reminder.title")}</h2>
            {shown?.reminders ? (
              <p class="field-error" id="field-reminders">
                {shown.reminders}
              </p>
            ) : null}
            {reminders.length ? (
              <ul>
                {reminders.map((r) => (
                  <li key={r.id}>
                    <Instant ctx={ctx} at={r.run_at} timeZone={timeZone} /> ·{" "}
                    {r.tag ? t("calls.reminder.toTag", { tag: r.tag }) : t("calls.reminder.toAll")} ·{" "}
                    {t(`calls.reminder.status.${r.status}`, { count: r.sent_count })}
                    {r.status === "scheduled" ? (
                      <form method="post" action={`${root}/reminders/${r.id}/cancel`} class="inline">
                        <CsrfInput ctx={ctx} />{" "}
                        <button type="submit" class="button--secondary">
                          {t("calls.reminder.cancel")}
                        </button>
                      </form>
                    ) : null}
                  </li>
                ))}
              </ul>
            ) : (
              <p>{t("calls.reminder.none")}</p>
            )}
            <form method="post" action={`${root}/reminders`} novalidate>
              <CsrfInput ctx={ctx} />
              <Field
                name="run_at"
                label={t("calls.reminder.when")}
                hint={t("calls.reminder.whenHint", { zone: timeZone })}
                error={shown?.run_at}
              >
                {(ids) => <TextInput type="datetime-local" name="run_at" value={vals.run_at} {...ids} />}
              </Field>
              <Field name="tag" label={t("calls.reminder.tag")} hint={t("calls.reminder.tagHint")}>
                {(ids) => <TextInput name="tag" value={vals.tag} maxLength={40} {...ids} />}
              </Field>
              <button type="submit">{t("calls.reminder.schedule")}</button>
            </form>
          </section>
        </>
      )}
    </Layout>
  );
}

/** Unsubscribing from a forum's calls: a button (so mail scanners cannot do it), then a confirmation. */
export function UnsubscribePage({
  ctx,
  forum,
  email,
  sig,
  done,
}: {
  ctx: PageContext;
  forum: Forum;
  email: string;
  sig: string;
  done: boolean;
}) {
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t("calls.unsubscribe.title")} forum={forum}>
      <h1>{t("calls.unsubscribe.title")}</h1>
      {done ? (
        <p class="notice notice--success" role="status">
          {t("calls.unsubscribe.done", { email, forum: isolated(forum.name) })}
        </p>
      ) : (
        <form
          method="post"
          action={`/f/${forum.slug}/calls/unsubscribe?email=${encodeURIComponent(email)}&sig=${encodeURIComponent(sig)}`}
        >
          <CsrfInput ctx={ctx} />
          <p>{t("calls.unsubscribe.confirm", { email, forum: isolated(forum.name) })}</p>
          <button type="submit">{t("calls.unsubscribe.submit")}</button>
        </form>
      )}
    </Layout>
  );
}
