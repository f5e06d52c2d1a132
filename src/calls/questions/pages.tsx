// Editing one question of a draft questionnaire: the question's fields (shared with "add a question") and its page.
import type { FieldErrors } from "../../server/errors.js";
import { Checkbox, CsrfInput, ErrorSummary, Field, TextInput } from "../../ui/components.js";
import { Layout } from "../../ui/layout.js";
import type { PageContext } from "../../ui/page-context.js";
import { base, type Cycle, type Forum, langInText, type Values } from "../page-parts.js";
import type { VariantRow } from "../queries.js";
import type { LocalizedText, Question, QuestionnaireSection } from "../questionnaire-model.js";
import { pickWithLang, shownErrors } from "../view.js";

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
export function QuestionFields({
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
