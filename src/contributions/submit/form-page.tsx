// The contribution form: the contributor's details, the questionnaire's questions, consent, licence and files,
// with the errors of the last sending summarised in the form's own order.
import { Fragment } from "preact";
import {
  type ConsentQuestion,
  type FileUploadQuestion,
  type PublishedQuestionnaire,
  pickText,
  type Question,
} from "../../calls/index.js";
import { formatBytes } from "../../files/refusals.js";
import { ContentText, type CycleRow, type ForumRow, shownForumName } from "../../forums/index.js";
import { type CountryOption, STAKEHOLDER_GROUPS } from "../../geo/countries.js";
import type { FieldErrors } from "../../server/errors.js";
import { ErrorSummary, isolated, Message, translateErrors, UserText } from "../../ui/components.js";
import { Layout } from "../../ui/layout.js";
import type { PageContext } from "../../ui/page-context.js";
import { labelBeforeMessage } from "../../ui/text.js";
import { base, Deadlines, forumOf, licenceLabel, type Milestones } from "../page-parts.js";
import type { ContributionFileRow } from "../queries.js";
import { QuestionnaireFields } from "./answer-form.js";
import { answerField, questionsOf } from "./answers.js";
import { type ContributionDetails, fixedLicence, LICENCES } from "./details.js";
import type { FileRefusal } from "./intake.js";

export interface FormPageProps {
  ctx: PageContext;
  forum: ForumRow;
  cycle: CycleRow;
  milestones: Milestones;
  questionnaire: PublishedQuestionnaire | undefined;
  variants: { key: string; name: string }[];
  details: ContributionDetails;
  errors?: FieldErrors;
  refusals?: FileRefusal[];
  attached: ContributionFileRow[];
  action: string;
  idempotencyKey: string;
  mode: "new" | "draft" | "edit" | "review";
  countries: readonly CountryOption[];
  limits: { maxFiles: number; maxFileBytes: number };
  notice?: string;
  /** Something to read before sending again (this form was already sent from this browser). */
  warning?: string;
  receivedNote?: string;
  /** How many rows each link-list question shows (one more than typed after "Add another link"). */
  linkRows?: Record<string, number>;
  /** The link-list question whose newest row takes the focus. */
  focusLink?: string;
}

/** The questionnaire's own questions that map to the contribution's fields, by what they ask for. */
function specialQuestions(questionnaire: PublishedQuestionnaire | undefined) {
  const questions = questionnaire ? questionsOf(questionnaire) : [];
  return {
    details: questions.find((q) => q.type === "contributor_details"),
    consent: questions.find((q): q is ConsentQuestion => q.type === "consent"),
    main: questions.find((q): q is FileUploadQuestion => q.type === "file_upload" && q.role === "main"),
    appendix: questions.find(
      (q): q is FileUploadQuestion => q.type === "file_upload" && q.role === "appendix",
    ),
  };
}

/** Which of the contribution's own parts a special question stands for on the form. */
type FormPart = "details" | "consent" | "files";

/** The part a question renders, if it is one of the special ones. */
function partOf(q: Question): FormPart | undefined {
  if (q.type === "contributor_details") return "details";
  if (q.type === "consent") return "consent";
  if (q.type === "file_upload") return "files";
  return undefined;
}

/** The fields of each part, in the order the form shows them. */
const PART_FIELDS: Record<FormPart, string[]> = {
  files: ["main"],
  details: ["contributor_name", "organisation", "stakeholder_group", "country", "email"],
  consent: ["consent", "licence"],
};

/**
 * The form's errors for its summary, in the order of the form's fields, each named by its field's label: the
 * questions (with the contributor's details, publication and documents where the questionnaire asks for them),
 * the text, then whatever the questionnaire did not place.
 */
export function summaryInFormOrder(
  ctx: PageContext,
  questionnaire: PublishedQuestionnaire | undefined,
  shown: FieldErrors,
  refusals: FileRefusal[],
): FieldErrors {
  const t = ctx.t;
  const special = specialQuestions(questionnaire);
  const text = (q: Question | undefined, fallback: string) =>
    q && questionnaire ? pickText(q.label, ctx.locale, questionnaire.originalLanguage) : t(fallback);
  const fieldLabel: Record<string, string> = {
    main: text(special.main, "contributions.form.mainFile"),
    contributor_name: t("contributions.form.name"),
    organisation: t("contributions.form.organisation"),
    stakeholder_group: t("contributions.form.stakeholderGroup"),
    country: t("contributions.form.country"),
    email: t("contributions.form.email"),
    consent: text(special.consent, "contributions.form.consent"),
    licence: t("contributions.form.licence"),
  };
  const labels: [string, string][] = [];
  const placed = new Set<FormPart>();
  const place = (part: FormPart) => {
    if (placed.has(part)) return;
    placed.add(part);
    for (const field of PART_FIELDS[part]) labels.push([field, fieldLabel[field]!]);
  };
  for (const q of questionnaire ? questionsOf(questionnaire) : []) {
    const part = partOf(q);
    if (part) place(part);
    else labels.push([answerField(q.id), pickText(q.label, ctx.locale, questionnaire!.originalLanguage)]);
  }
  labels.push(["body_text", t(questionnaire ? "contributions.form.bodyExtra" : "contributions.form.body")]);
  for (const part of ["files", "details", "consent"] as const) place(part);
  const summary: FieldErrors = {};
  const named = (typed: string, message: string) => {
    const { label, join } = labelBeforeMessage(typed);
    const key = join === "own" ? "contributions.error.namedAfterMark" : "contributions.error.named";
    return t(key, { label, message });
  };
  for (const [field, label] of labels) {
    if (field === "main")
      for (const [i, r] of refusals.entries()) summary[i === 0 ? "files" : `files-${i}`] = r.message;
    const message = shown[field];
    if (message) summary[field] = named(label, message);
  }
  // Anything left (an answer to a question no longer asked) comes last, as it is.
  for (const [field, message] of Object.entries(shown)) if (!(field in summary)) summary[field] = message;
  return summary;
}

/**
 * The contribution form: the questionnaire (or text), with the contributor's details, publication and
 * documents where the questionnaire asks for them and in its words; then draft or submit.
 */
export function ContributeFormPage(p: FormPageProps) {
  const { ctx, forum, cycle, details: d } = p;
  const t = ctx.t;
  const shown = translateErrors(ctx, p.errors) ?? {};
  const summary = summaryInFormOrder(ctx, p.questionnaire, shown, p.refusals ?? []);
  const special = specialQuestions(p.questionnaire);
  const qtext = (value: Parameters<typeof pickText>[0]) =>
    p.questionnaire ? pickText(value, ctx.locale, p.questionnaire.originalLanguage) : "";
  const fixed = fixedLicence(p.questionnaire);
  // The forum's name is the secretariat's text: translated, or the original marked with its language.
  const forumName = shownForumName(ctx, forum);
  const title =
    p.mode === "review"
      ? t("contributions.review.title")
      : p.mode === "edit"
        ? t("contributions.edit.title")
        : t("contributions.form.title", { forum: isolated(forumName.text), year: cycle.year });
  const fieldClass = (name: string) => (shown[name] ? "field field--error" : "field");
  const aria = (name: string, hint = false) => ({
    "aria-describedby":
      [hint ? `field-${name}-hint` : "", shown[name] ? `field-${name}-error` : ""]
        .filter(Boolean)
        .join(" ") || undefined,
    "aria-invalid": shown[name] ? ("true" as const) : undefined,
  });
  const err = (name: string) =>
    shown[name] ? (
      <p class="field-error" id={`field-${name}-error`}>
        {shown[name]}
      </p>
    ) : null;
  const required = (q: Question | undefined) =>
    q?.required ? <span class="required"> ({t("contributions.form.required")})</span> : null;
  const help = (q: Question | undefined, id: string, fallback?: string) => {
    const words = q?.help ? qtext(q.help) : fallback ? t(fallback) : "";
    return words ? (
      <p class="hint" id={id}>
        {words}
      </p>
    ) : null;
  };

  const files = (
    <fieldset
      class={shown.main || p.refusals?.length ? "field field--error" : "field"}
      id="field-files"
      key="files"
    >
      <legend>{t("contributions.form.files")}</legend>
      <p class="hint" id="field-files-hint">
        {t("contributions.form.filesHint", {
          maxFiles: p.limits.maxFiles,
          maxSize: formatBytes(p.limits.maxFileBytes),
        })}
      </p>
      {(p.refusals ?? []).map((r) => (
        <p class="field-error" key={r.message}>
          {r.message}
        </p>
      ))}
      {p.attached.length ? (
        <>
          <p>{t("contributions.form.attached")}</p>
          <ul>
            {p.attached.map((f) => (
              <li key={f.id}>
                <input type="checkbox" id={`remove-${f.id}`} name="remove_file" value={f.id} />{" "}
                <label for={`remove-${f.id}`}>
                  <Message
                    ctx={ctx}
                    id="contributions.form.removeFile"
                    values={{
                      name: <UserText text={f.file_name} />,
                      size: formatBytes(f.size),
                      role: t(`contributions.file.role.${f.role}`),
                    }}
                  />
                </label>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <div class={fieldClass("main")}>
        <label for="field-main">
          {special.main ? qtext(special.main.label) : t("contributions.form.mainFile")}
          {required(special.main)}
        </label>
        {help(special.main, "field-main-hint")}
        {err("main")}
        <input
          type="file"
          id="field-main"
          name="main"
          accept=".docx,.odt,.pdf,.txt,.md"
          {...aria("main", Boolean(special.main?.help))}
        />
      </div>
      <div class="field">
        <label for="field-appendices">
          {special.appendix ? qtext(special.appendix.label) : t("contributions.form.appendices")}
        </label>
        {help(special.appendix, "field-appendices-hint")}
        <input
          type="file"
          id="field-appendices"
          name="appendices"
          multiple
          accept=".docx,.odt,.pdf,.txt,.md"
          aria-describedby={special.appendix?.help ? "field-appendices-hint" : undefined}
        />
      </div>
    </fieldset>
  );

  const details = (
    <fieldset class="field" key="details" id="field-details">
      <legend>
        {special.details ? qtext(special.details.label) : t("contributions.form.details")}
        {required(special.details)}
      </legend>
      {help(special.details, "field-details-hint", "contributions.form.detailsHint")}
      <div class="field">
        <label for="field-honorific">{t("contributions.form.honorific")}</label>
        <input
          type="text"
          id="field-honorific"
          name="honorific"
          value={d.honorific}
          maxLength={40}
          autocomplete="honorific-prefix"
        />
      </div>
      <div class={fieldClass("contributor_name")}>
        <label for="field-contributor_name">{t("contributions.form.name")}</label>
        {err("contributor_name")}
        <input
          type="text"
          id="field-contributor_name"
          name="contributor_name"
          value={d.contributor_name}
          autocomplete="name"
          {...aria("contributor_name")}
        />
      </div>
      <div class={fieldClass("organisation")}>
        <label for="field-organisation">{t("contributions.form.organisation")}</label>
        {err("organisation")}
        <input
          type="text"
          id="field-organisation"
          name="organisation"
          value={d.organisation}
          autocomplete="organization"
          {...aria("organisation")}
        />
      </div>
      <div class={fieldClass("stakeholder_group")}>
        <label for="field-stakeholder_group">{t("contributions.form.stakeholderGroup")}</label>
        {err("stakeholder_group")}
        <select id="field-stakeholder_group" name="stakeholder_group" {...aria("stakeholder_group")}>
          <option value="">{t("contributions.form.choose")}</option>
          {STAKEHOLDER_GROUPS.map((g) => (
            <option key={g} value={g} selected={d.stakeholder_group === g}>
              {t(`geo.stakeholder.${g}`)}
            </option>
          ))}
        </select>
      </div>
      <div class={fieldClass("country")}>
        <label for="field-country">{t("contributions.form.country")}</label>
        {err("country")}
        <select id="field-country" name="country" autocomplete="country" {...aria("country")}>
          <option value="">{t("contributions.form.choose")}</option>
          {p.countries.map((c) => (
            <option key={c.value} value={c.value} selected={d.country === c.value}>
              {c.label}
            </option>
          ))}
        </select>
      </div>
      <div class={fieldClass("email")}>
        <label for="field-email">{t("contributions.form.email")}</label>
        <p class="hint" id="field-email-hint">
          {t("contributions.form.emailHint")}
        </p>
        {err("email")}
        <input
          type="email"
          id="field-email"
          name="email"
          value={d.email}
          autocomplete="email"
          {...aria("email", true)}
        />
      </div>
    </fieldset>
  );

  // Anonymity is offered unless the questionnaire's consent question leaves it out.
  const choices =
    special.consent && !special.consent.allowAnonymous
      ? (["with_name"] as const)
      : (["with_name", "anonymous"] as const);
  const consent = (
    <Fragment key="consent">
      <fieldset class={fieldClass("consent")} id="field-consent">
        <legend>
          {special.consent ? qtext(special.consent.label) : t("contributions.form.consent")}
          {required(special.consent)}
        </legend>
        {help(special.consent, "field-consent-hint")}
        {err("consent")}
        {choices.map((c) => (
          <div class="choice" key={c}>
            <input
              type={choices.length === 1 ? "checkbox" : "radio"}
              id={`consent-${c}`}
              name="consent"
              value={c}
              checked={d.consent === c}
            />
            <label for={`consent-${c}`}>{t(`contributions.consent.${c}`)}</label>
          </div>
        ))}
      </fieldset>
      {fixed ? (
        // One licence allowed: a statement, not a choice.
        <p class="field" id="field-licence">
          {t("contributions.form.licenceFixed", { licence: licenceLabel(t, fixed) })}
        </p>
      ) : (
        <div class={fieldClass("licence")}>
          <label for="field-licence">{t("contributions.form.licence")}</label>
          {err("licence")}
          <select id="field-licence" name="licence" {...aria("licence")}>
            {LICENCES.map((l) => (
              <option key={l} value={l} selected={d.licence === l}>
                {t(`contributions.licence.${l}`)}
              </option>
            ))}
          </select>
        </div>
      )}
    </Fragment>
  );

  const parts: Record<FormPart, preact.ComponentChildren> = { files, details, consent };
  // Each part goes where the questionnaire first asks for it (decided here, before the questions render);
  // a part it does not ask for goes after the questions.
  const placedBy = new Map<FormPart, string>();
  for (const q of p.questionnaire ? questionsOf(p.questionnaire) : []) {
    const part = partOf(q);
    if (part && !placedBy.has(part)) placedBy.set(part, q.id);
  }
  const unplaced = (["files", "details", "consent"] as const).filter((part) => !placedBy.has(part));

  return (
    <Layout ctx={ctx} title={title} forum={forumOf(forum)}>
      <h1>
        {p.mode === "new" || p.mode === "draft" ? (
          <Message
            ctx={ctx}
            id="contributions.form.title"
            values={{ forum: <ContentText value={forumName} />, year: cycle.year }}
          />
        ) : (
          title
        )}
      </h1>
      {/* What to fix comes first; the note that a draft was kept follows it. */}
      <ErrorSummary ctx={ctx} errors={summary} />
      {p.notice ? (
        <p class="notice notice--success" role="status">
          {p.notice}
        </p>
      ) : null}
      {p.warning ? (
        <p class="notice notice--warning" role="alert">
          {p.warning}
        </p>
      ) : null}
      {p.mode === "new" || p.mode === "draft" ? (
        <>
          <p class="lead">
            {t(p.questionnaire ? "contributions.form.introQuestionnaire" : "contributions.form.intro")}
          </p>
          <Deadlines ctx={ctx} milestones={p.milestones} />
        </>
      ) : null}
      {p.receivedNote ? <p class="notice">{p.receivedNote}</p> : null}
      {p.variants.length > 1 && p.mode === "new" ? (
        <nav aria-label={t("contributions.form.variants")}>
          <ul>
            {p.variants.map((v) => (
              <li key={v.key}>
                {v.key === d.variant_key ? (
                  <strong aria-current="true">{v.name}</strong>
                ) : (
                  <a
                    href={`${base(forum, cycle)}/contribute?variant=${encodeURIComponent(v.key)}&lang=${ctx.locale}`}
                  >
                    {v.name}
                  </a>
                )}
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {p.refusals?.length ? (
        <div class="notice notice--warning" role="status">
          <p>{t("contributions.form.refusedFilesKept")}</p>
        </div>
      ) : null}
      <form method="post" action={p.action} enctype="multipart/form-data" novalidate>
        {/* The CSRF field comes first: the server checks it before reading any file. */}
        <input type="hidden" name="_csrf" value={ctx.csrfToken ?? ""} />
        <input type="hidden" name="idempotency_key" value={p.idempotencyKey} />
        <input type="hidden" name="variant" value={d.variant_key} />
        <input type="hidden" name="lang" value={d.form_language} />
        {p.questionnaire ? (
          <QuestionnaireFields
            questionnaire={p.questionnaire}
            locale={ctx.locale}
            t={t}
            answers={d.answers}
            errors={shown}
            linkRows={p.linkRows}
            focusLink={p.focusLink}
            special={(q) => {
              const part = partOf(q);
              return part && placedBy.get(part) === q.id ? parts[part] : null;
            }}
          />
        ) : null}
        <div class={fieldClass("body_text")}>
          <label for="field-body_text">
            {t(p.questionnaire ? "contributions.form.bodyExtra" : "contributions.form.body")}
          </label>
          <p class="hint" id="field-body_text-hint">
            {t("contributions.form.bodyHint")}
          </p>
          {err("body_text")}
          <textarea id="field-body_text" name="body_text" rows={10} {...aria("body_text", true)}>
            {d.body_text}
          </textarea>
        </div>
        {/* What the questionnaire does not ask for itself still has its place. */}
        {unplaced.map((part) => parts[part])}

        <p>
          <button type="submit" name="action" value="submit">
            {t(
              p.mode === "edit"
                ? "contributions.form.saveChanges"
                : p.mode === "review"
                  ? "contributions.review.confirm"
                  : "contributions.form.submit",
            )}
          </button>{" "}
          {p.mode === "new" || p.mode === "draft" || p.mode === "review" ? (
            <button type="submit" name="action" value="draft" class="button--secondary">
              {t("contributions.form.saveDraft")}
            </button>
          ) : null}
        </p>
      </form>
    </Layout>
  );
}
