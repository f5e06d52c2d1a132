// Pages of contributions: the form, the refusal when the call is closed, the receipt, the sender's private
// page, the public list and page, the annex, and the secretariat's moderation.
import { Fragment } from "preact";
import {
  type ConsentQuestion,
  type FileUploadQuestion,
  type PublishedQuestionnaire,
  pickText,
  type Question,
} from "../../calls/index.js";
import { formatBytes } from "../../files/refusals.js";
import { MilestoneWhen, zoneLabel } from "../../forums/components.js";
import type { CycleRow, ForumRow } from "../../forums/lookup.js";
import type { MilestoneRow } from "../../forums/queries.js";
import { formatInZone } from "../../forums/time/zones.js";
import {
  type CountryOption,
  countryName,
  isCountryCode,
  REGIONS,
  STAKEHOLDER_GROUPS,
} from "../../geo/countries.js";
import type { FieldErrors } from "../../server/errors.js";
import { ErrorSummary, isolated, Message, translateErrors, UserText } from "../../ui/components.js";
import { Layout } from "../../ui/layout.js";
import type { PageContext } from "../../ui/page-context.js";
import { labelBeforeMessage, paragraphsOf } from "../../ui/text.js";
import { deadlineStory } from "../deadline-policy.js";
import { LIST_PAGE_SIZE } from "../public/list-stats.js";
import type { ContributionFileRow, ContributionRow } from "../queries.js";
import { type ContributionDetails, fixedLicence, LICENCES } from "../service.js";
import { AnswersView, QuestionnaireFields } from "./answer-form.js";
import { answerField, questionsOf } from "./answers.js";
import type { FileRefusal } from "./intake.js";
import type { EditWindow, NextStep } from "./receipt-mail.js";

/** The cycle's milestones as stored: each with its own zone and whether it is a whole day. */
type Milestones = readonly MilestoneRow[];

const TIMELINESS = ["on_time", "guaranteed", "late"] as const;

const forumOf = (forum: ForumRow) => ({ slug: forum.slug, name: forum.name });
const base = (forum: ForumRow, cycle: CycleRow) => `/f/${forum.slug}/${cycle.year}`;

/** An instant in the reader's zone, or the forum's when the reader's is unknown. */
function When({
  ctx,
  at,
  forum,
  seconds,
}: {
  ctx: PageContext;
  at: Date;
  forum: ForumRow;
  seconds?: boolean;
}) {
  const zone = ctx.timeZone ?? forum.time_zone;
  return (
    <time dateTime={at.toISOString()}>
      {formatInZone(at, zone, ctx.locale, seconds ? "date-time-seconds" : "date-time")}
    </time>
  );
}

/** "Mr. Ben Wallis / Microsoft", as the records list contributors; anonymised ones by group and country. */
export function contributorLabel(
  c: Pick<
    ContributionRow,
    "consent" | "honorific" | "contributor_name" | "organisation" | "stakeholder_group" | "country"
  >,
  t: PageContext["t"],
  locale: PageContext["locale"],
): string {
  if (c.consent === "anonymous") {
    const group = c.stakeholder_group ? t(`geo.stakeholder.${c.stakeholder_group}`) : "";
    const country = c.country && isCountryCode(c.country) ? countryName(c.country, locale) : "";
    return t("contributions.anonymous", { details: [group, country].filter(Boolean).join(", ") });
  }
  const person = [c.honorific, c.contributor_name].filter(Boolean).join(" ");
  return [person, c.organisation].filter(Boolean).join(" / ");
}

/**
 * Who sent a contribution, on a page: the name and organisation as `contributorLabel` (or, for the
 * secretariat, `moderatorLabel`) gives them, each isolated so a right-to-left name or a stray override
 * cannot reorder the " / " and what follows.
 */
export function ContributorName({
  ctx,
  c,
  forModerator = false,
}: {
  ctx: PageContext;
  c: Pick<
    ContributionRow,
    "consent" | "honorific" | "contributor_name" | "organisation" | "stakeholder_group" | "country"
  >;
  forModerator?: boolean;
}) {
  const person = [c.honorific, c.contributor_name].filter(Boolean).join(" ");
  const hidden = forModerator ? !person && !c.organisation : c.consent === "anonymous";
  if (hidden) return <>{contributorLabel({ ...c, consent: "anonymous" }, ctx.t, ctx.locale)}</>;
  return (
    <>
      <UserText text={person} />
      {person && c.organisation ? " / " : null}
      <UserText text={c.organisation} />
    </>
  );
}

const receiptClocks = new Map<string, Intl.DateTimeFormat>();

/**
 * When a contribution was received, always on the forum's clock with the zone named, so the receipt, the
 * receipt mail and the private page give the same time whoever reads them.
 */
export function ReceivedWhen({ ctx, at, forum }: { ctx: PageContext; at: Date; forum: ForumRow }) {
  const key = `${ctx.locale}|${forum.time_zone}`;
  let clock = receiptClocks.get(key);
  if (!clock) {
    clock = new Intl.DateTimeFormat(ctx.locale, { timeStyle: "medium", timeZone: forum.time_zone });
    receiptClocks.set(key, clock);
  }
  return (
    <time dateTime={at.toISOString()}>
      {formatInZone(at, forum.time_zone, ctx.locale, "date")}, {clock.format(at)}{" "}
      <span class="zone">{zoneLabel(ctx, forum.time_zone, at)}</span>
    </time>
  );
}

/** The timeliness badge. */
export function TimelinessBadge({ ctx, timeliness }: { ctx: PageContext; timeliness: string | null }) {
  if (!timeliness) return null;
  return <span class={`badge badge--${timeliness}`}>{ctx.t(`contributions.timeliness.${timeliness}`)}</span>;
}

function SampleBadge({ ctx, row }: { ctx: PageContext; row: ContributionRow }) {
  return row.is_sample ? <span class="badge">{ctx.t("contributions.sample")}</span> : null;
}

function Deadlines({ ctx, milestones }: { ctx: PageContext; milestones: Milestones }) {
  const kinds = ["soft_deadline", "inclusion_cutoff", "call_closes"] as const;
  // As the call page shows them: the deadline's own day and zone, then the reader's time when known.
  const shown = kinds.flatMap((kind) => milestones.filter((m) => m.kind === kind));
  if (shown.length === 0) return null;
  // What each deadline means, in the words the call page uses (one policy: forums/time/timeliness.ts).
  const story = deadlineStory(milestones, ctx.locale, ctx.t);
  return (
    <>
      <dl class="facts">
        {shown.map((m) => (
          <div key={m.kind}>
            <dt>{ctx.t(`contributions.deadline.${m.kind}`)}</dt>
            <dd>
              <MilestoneWhen ctx={ctx} m={m} />
            </dd>
          </div>
        ))}
      </dl>
      <ul class="deadline-story">
        {story.map((sentence) => (
          <li key={sentence}>{sentence}</li>
        ))}
      </ul>
    </>
  );
}

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

/** A licence as readers see it: a known licence by its name, any other in the secretariat's own words. */
export function licenceLabel(t: PageContext["t"], licence: string): string {
  return (LICENCES as readonly string[]).includes(licence) ? t(`contributions.licence.${licence}`) : licence;
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
  const title =
    p.mode === "review"
      ? t("contributions.review.title")
      : p.mode === "edit"
        ? t("contributions.edit.title")
        : t("contributions.form.title", { forum: isolated(forum.name), year: cycle.year });
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
      <h1>{title}</h1>
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

/** The refusal page: the call is closed (or not yet open), and where to write instead. */
export function CallClosedPage({
  ctx,
  forum,
  cycle,
  state,
  milestones,
  contact,
}: {
  ctx: PageContext;
  forum: ForumRow;
  cycle: CycleRow;
  state: "closed" | "not_open";
  milestones: Milestones;
  contact: string;
}) {
  const t = ctx.t;
  const key = state === "closed" ? "closed" : "notOpen";
  // A cycle closed by its status may have a call_closes still ahead: "it closed on" would then be untrue.
  const kind = state === "not_open" ? "call_opens" : cycle.status === "closed" ? undefined : "call_closes";
  const at = milestones.find((m) => m.kind === kind);
  return (
    <Layout ctx={ctx} title={t(`contributions.${key}.title`)} forum={forumOf(forum)}>
      <h1>{t(`contributions.${key}.title`)}</h1>
      {at ? (
        <p class="lead">
          {t(`contributions.${key}.when`)} <MilestoneWhen ctx={ctx} m={at} />
        </p>
      ) : (
        <p class="lead">{t(`contributions.${key}.noDate`)}</p>
      )}
      <p>
        {t("contributions.closed.writeTo")} <a href={`mailto:${contact}`}>{contact}</a>
      </p>
      <p>
        <a href={`${base(forum, cycle)}/contributions`}>{t("contributions.list.link")}</a>
      </p>
    </Layout>
  );
}

/** The private link's promise, true for this contribution: until when it changes anything, and whom to ask after. */
function LinkPromise({ ctx, window, contact }: { ctx: PageContext; window: EditWindow; contact: string }) {
  const t = ctx.t;
  if (window.kind === "withdrawn") return null;
  if (window.kind === "closed")
    return (
      <p>
        {t("contributions.receipt.linkClosed", { date: window.ended })}{" "}
        <a href={`mailto:${contact}`}>{contact}</a>
      </p>
    );
  return (
    <p>
      {window.until
        ? t("contributions.receipt.linkUntil", { date: window.until })
        : t("contributions.receipt.linkNoDeadline")}
    </p>
  );
}

/** After submission: the reference, the time of receipt, timeliness, what happens next and the private link. */
export function ReceiptPage({
  ctx,
  forum,
  contribution: c,
  privateUrl,
  next,
  window,
  contact,
}: {
  ctx: PageContext;
  forum: ForumRow;
  contribution: ContributionRow;
  privateUrl: string;
  next: NextStep;
  window: EditWindow;
  contact: string;
}) {
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t("contributions.receipt.title")} forum={forumOf(forum)}>
      <h1>{t("contributions.receipt.title")}</h1>
      <p class="notice notice--success" role="status">
        {t("contributions.receipt.reference")} <strong data-reference>{c.reference}</strong>
      </p>
      <dl class="facts">
        <dt>{t("contributions.field.received")}</dt>
        <dd>{c.received_at ? <ReceivedWhen ctx={ctx} at={c.received_at} forum={forum} /> : null}</dd>
        <dt>{t("contributions.field.timeliness")}</dt>
        <dd>
          <TimelinessBadge ctx={ctx} timeliness={c.timeliness} />{" "}
          {c.timeliness ? t(`contributions.timeliness.${c.timeliness}.explain`) : null}
        </dd>
      </dl>
      <p>{t(`contributions.next.${next}`)}</p>
      {c.email ? <p>{t("contributions.receipt.mailSent", { email: c.email })}</p> : null}
      <h2>{t("contributions.receipt.keepLink")}</h2>
      <LinkPromise ctx={ctx} window={window} contact={contact} />
      <p>{t("contributions.receipt.dontShare")}</p>
      {/* A long address in a field stays within a phone's width, and is easy to select whole. */}
      <div class="field">
        <label for="private-link">{t("contributions.receipt.linkLabel")}</label>
        <p class="hint" id="private-link-hint">
          {t("contributions.receipt.copyHint")}
        </p>
        <input
          type="text"
          id="private-link"
          readOnly
          value={privateUrl}
          aria-describedby="private-link-hint"
          data-private-link
        />
      </div>
      <p>
        <a href={privateUrl}>{t("contributions.receipt.openLink")}</a>
      </p>
    </Layout>
  );
}

/** Who withdrew a contribution and when, in the reader's words. */
function WithdrawalFacts({
  ctx,
  forum,
  contribution: c,
  audience,
}: {
  ctx: PageContext;
  forum: ForumRow;
  contribution: ContributionRow;
  audience: "author" | "secretariat";
}) {
  const t = ctx.t;
  const date = formatInZone(
    c.withdrawn_at ?? c.updated_at,
    ctx.timeZone ?? forum.time_zone,
    ctx.locale,
    "date",
  );
  const key =
    c.withdrawn_by === "secretariat"
      ? "contributions.withdrawn.bySecretariat"
      : audience === "author"
        ? "contributions.withdrawn.byYou"
        : "contributions.withdrawn.byAuthor";
  return (
    <div class="notice notice--warning">
      <p>{t(key, { date })}</p>
      {c.status_reason ? <p>{t("contributions.manage.reasonGiven", { reason: c.status_reason })}</p> : null}
    </div>
  );
}

/** The sender's private page: status, what was sent, and the links to edit or withdraw. */
export function OwnContributionPage({
  ctx,
  forum,
  cycle,
  contribution: c,
  files,
  questionnaire,
  window,
  next,
  contact,
  privatePath,
  notice,
}: {
  ctx: PageContext;
  forum: ForumRow;
  cycle: CycleRow;
  contribution: ContributionRow;
  files: ContributionFileRow[];
  questionnaire: PublishedQuestionnaire | undefined;
  window: EditWindow;
  next: NextStep;
  contact: string;
  privatePath: string;
  notice?: string;
}) {
  const t = ctx.t;
  return (
    <Layout
      ctx={ctx}
      title={t("contributions.own.title", { reference: c.reference ?? "" })}
      forum={forumOf(forum)}
    >
      <h1>{t("contributions.own.title", { reference: c.reference ?? "" })}</h1>
      {notice ? (
        <p class="notice notice--success" role="status">
          {notice}
        </p>
      ) : null}
      {c.status === "withdrawn" ? (
        <WithdrawalFacts ctx={ctx} forum={forum} contribution={c} audience="author" />
      ) : c.status === "hidden" ? (
        // The secretariat's reason is for the contributor: the public page of a hidden contribution is gone.
        <div class="notice notice--warning">
          <p>{t("contributions.own.hidden")}</p>
          {c.status_reason ? (
            <p>{t("contributions.manage.reasonGiven", { reason: c.status_reason })}</p>
          ) : null}
        </div>
      ) : null}
      <dl class="facts">
        <dt>{t("contributions.field.status")}</dt>
        <dd>{t(`contributions.status.${c.status}`)}</dd>
        <dt>{t("contributions.field.received")}</dt>
        <dd>{c.received_at ? <ReceivedWhen ctx={ctx} at={c.received_at} forum={forum} /> : null}</dd>
        <dt>{t("contributions.field.timeliness")}</dt>
        <dd>
          <TimelinessBadge ctx={ctx} timeliness={c.timeliness} />
        </dd>
        <dt>{t("contributions.field.email")}</dt>
        <dd>
          {c.email} (
          {t(c.email_verified_at ? "contributions.email.verified" : "contributions.email.unverified")})
        </dd>
      </dl>
      {c.status === "published" && c.reference ? (
        <p>
          <a href={`${base(forum, cycle)}/contributions/${c.reference}`}>{t("contributions.own.public")}</a>
        </p>
      ) : c.status === "submitted" ? (
        <p>{t(`contributions.next.${next}`)}</p>
      ) : null}
      <ContributionBody
        ctx={ctx}
        forum={forum}
        cycle={cycle}
        contribution={c}
        files={files}
        questionnaire={questionnaire}
        downloads={false}
      />
      {c.status === "withdrawn" || c.status === "hidden" ? null : window.kind === "open" ? (
        <>
          <LinkPromise ctx={ctx} window={window} contact={contact} />
          <p>
            <a class="button" href={`${privatePath}/edit`}>
              {t("contributions.own.edit")}
            </a>
          </p>
          <h2>{t("contributions.own.withdrawTitle")}</h2>
          <p>{t("contributions.own.withdrawIntro")}</p>
          {/* A link to a confirmation page, not a one-click button: withdrawing cannot be undone. */}
          <p>
            <a class="button button--danger" href={`${privatePath}/withdraw`}>
              {t("contributions.own.withdrawLink")}
            </a>
          </p>
        </>
      ) : (
        <LinkPromise ctx={ctx} window={window} contact={contact} />
      )}
    </Layout>
  );
}

/** The confirmation step before a contributor withdraws: what it does, an optional reason, yes or no. */
export function WithdrawConfirmPage({
  ctx,
  forum,
  contribution: c,
  privatePath,
}: {
  ctx: PageContext;
  forum: ForumRow;
  contribution: ContributionRow;
  privatePath: string;
}) {
  const t = ctx.t;
  const title = t("contributions.withdraw.title", { reference: c.reference ?? "" });
  return (
    <Layout ctx={ctx} title={title} forum={forumOf(forum)}>
      <h1>{title}</h1>
      <p class="lead">{t("contributions.withdraw.explain")}</p>
      <p>{t("contributions.withdraw.final")}</p>
      <form method="post" action={`${privatePath}/withdraw`}>
        <input type="hidden" name="_csrf" value={ctx.csrfToken ?? ""} />
        <div class="field">
          <label for="withdraw-reason">{t("contributions.withdraw.reason")}</label>
          <textarea id="withdraw-reason" name="reason" rows={3} maxLength={1000} />
        </div>
        <p>
          <button type="submit" name="confirm" value="yes" class="button--danger">
            {t("contributions.withdraw.confirm")}
          </button>{" "}
          <a href={privatePath}>{t("contributions.withdraw.cancel")}</a>
        </p>
      </form>
    </Layout>
  );
}

/** What a withdrawn contribution's edit link (and any change sent to it) shows: withdrawn, when, and by whom. */
export function WithdrawnPage({
  ctx,
  forum,
  contribution: c,
  back,
  audience,
}: {
  ctx: PageContext;
  forum: ForumRow;
  contribution: ContributionRow;
  back: { href: string; label: string };
  audience: "author" | "secretariat";
}) {
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t("contributions.withdrawn.title")} forum={forumOf(forum)}>
      <h1>{t("contributions.withdrawn.title")}</h1>
      <WithdrawalFacts ctx={ctx} forum={forum} contribution={c} audience={audience} />
      <p>{t("contributions.withdrawn.noChanges")}</p>
      <p>
        <a href={back.href}>{back.label}</a>
      </p>
    </Layout>
  );
}

function ContributionBody({
  ctx,
  forum,
  cycle,
  contribution: c,
  files,
  questionnaire,
  downloads,
}: {
  ctx: PageContext;
  forum: ForumRow;
  cycle: CycleRow;
  contribution: ContributionRow;
  files: ContributionFileRow[];
  questionnaire: PublishedQuestionnaire | undefined;
  downloads: boolean;
}) {
  const t = ctx.t;
  return (
    <>
      {c.body_text ? (
        <section aria-labelledby="text-title">
          <h2 id="text-title">{t("contributions.field.text")}</h2>
          {paragraphsOf(c.body_text).map((para, i) => (
            <p key={i}>{para}</p>
          ))}
        </section>
      ) : null}
      {questionnaire && Object.keys(c.answers).length ? (
        <section aria-labelledby="answers-title">
          <h2 id="answers-title">{t("contributions.field.answers")}</h2>
          <AnswersView questionnaire={questionnaire} answers={c.answers} locale={ctx.locale} t={t} />
        </section>
      ) : null}
      {files.length ? (
        <section aria-labelledby="files-title">
          <h2 id="files-title">{t("contributions.field.files")}</h2>
          <ul>
            {files.map((f) => (
              <li key={f.id}>
                {downloads && c.reference ? (
                  <a href={`${base(forum, cycle)}/contributions/${c.reference}/files/${f.id}`} download>
                    <UserText text={f.file_name} />
                  </a>
                ) : (
                  <UserText text={f.file_name} />
                )}{" "}
                ({t(`contributions.file.role.${f.role}`)}, {formatBytes(f.size)},{" "}
                {f.detected_type.toUpperCase()})
                {f.extraction_status === "done" && f.extracted_text ? (
                  <details>
                    <summary>{t("contributions.file.text")}</summary>
                    <div class="extracted-text" lang={f.language ?? undefined}>
                      {paragraphsOf(f.extracted_text)
                        .slice(0, 400)
                        .map((para, i) => (
                          <p key={i}>{para}</p>
                        ))}
                    </div>
                  </details>
                ) : (
                  <span class="muted"> {t(`contributions.file.extraction.${f.extraction_status}`)}</span>
                )}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

export interface ListFilters {
  stakeholder_group?: string;
  region?: string;
  country?: string;
  language?: string;
  timeliness?: string;
  variant?: string;
  q?: string;
}

/** The public list with its filters, counts and the comparison with the previous cycle. */
export function ContributionListPage({
  ctx,
  forum,
  cycle,
  rows,
  total,
  matching,
  offset,
  previous,
  filters,
  countries,
  languages,
  variants,
  isSecretariat,
  callOpen,
  nextCursor,
  previousCursor,
}: {
  ctx: PageContext;
  forum: ForumRow;
  cycle: CycleRow;
  /** The rows of this page, oldest first. */
  rows: ContributionRow[];
  /** Published in the cycle, whatever the filters. */
  total: number;
  /** Matching the filters: exactly, or "more than" when the count stopped short. */
  matching: { value: number; exact: boolean };
  /** How many matching rows come before this page, when known. */
  offset: number | undefined;
  nextCursor: string | undefined;
  previousCursor: string | undefined;
  previous: { year: number; count: number } | undefined;
  filters: ListFilters;
  countries: readonly CountryOption[];
  languages: string[];
  variants: string[];
  isSecretariat: boolean;
  /** Whether the call takes contributions now: the link to the form shows only then. */
  callOpen: boolean;
}) {
  const t = ctx.t;
  const path = `${base(forum, cycle)}/contributions`;
  const select = (name: keyof ListFilters, label: string, options: { value: string; label: string }[]) => (
    <div class="field">
      <label for={`filter-${name}`}>{label}</label>
      <select id={`filter-${name}`} name={name}>
        <option value="">{t("contributions.filter.all")}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value} selected={filters[name] === o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
  const filtered = Object.values(filters).some(Boolean);
  return (
    <Layout ctx={ctx} title={t("contributions.list.title", { year: cycle.year })} forum={forumOf(forum)}>
      <h1>{t("contributions.list.title", { year: cycle.year })}</h1>
      <p class="lead">
        {t("contributions.list.count", { count: total })}
        {previous
          ? ` ${t("contributions.list.previous", { year: previous.year, count: previous.count })}`
          : ""}
      </p>
      <p>
        {callOpen ? (
          <>
            <a href={`${base(forum, cycle)}/contribute`}>{t("contributions.list.contribute")}</a> ·{" "}
          </>
        ) : null}
        <a href={`${path}/annex`}>{t("contributions.annex.link")}</a> ·{" "}
        <a href={`${path.replace(/\/contributions$/, "")}/contributions.atom`}>Atom</a> ·{" "}
        <a href={`${base(forum, cycle)}/contributions.csv`}>CSV</a> ·{" "}
        <a href={`${base(forum, cycle)}/contributions.json`}>JSON</a>
        {isSecretariat ? (
          <>
            {" "}
            · <a href={`${path}/manage`}>{t("contributions.manage.link")}</a>
          </>
        ) : null}
      </p>
      <form method="get" action={path} class="filters">
        <div class="field">
          <label for="filter-q">{t("contributions.filter.search")}</label>
          <input type="search" id="filter-q" name="q" value={filters.q ?? ""} />
        </div>
        {select(
          "stakeholder_group",
          t("contributions.form.stakeholderGroup"),
          STAKEHOLDER_GROUPS.map((g) => ({ value: g, label: t(`geo.stakeholder.${g}`) })),
        )}
        {select(
          "region",
          t("contributions.filter.region"),
          REGIONS.map((r) => ({ value: r, label: t(`geo.region.${r}`) })),
        )}
        {select(
          "country",
          t("contributions.form.country"),
          countries.map((c) => ({ value: c.value, label: c.label })),
        )}
        {select(
          "language",
          t("contributions.filter.language"),
          languages.map((l) => ({ value: l, label: languageName(l, ctx.locale) })),
        )}
        {select(
          "timeliness",
          t("contributions.field.timeliness"),
          TIMELINESS.map((v) => ({ value: v, label: t(`contributions.timeliness.${v}`) })),
        )}
        {variants.length > 1
          ? select(
              "variant",
              t("contributions.filter.variant"),
              variants.map((v) => ({ value: v, label: v })),
            )
          : null}
        <button type="submit" class="button--secondary">
          {t("contributions.filter.apply")}
        </button>
      </form>
      {filtered ? (
        <p role="status">
          {matching.exact
            ? t("contributions.list.shown", { count: matching.value })
            : t("contributions.list.shownMore", { count: matching.value })}{" "}
          {matching.exact && matching.value === 0 ? (
            <a href={path}>{t("contributions.list.clearFilters")}</a>
          ) : null}
        </p>
      ) : null}
      {rows.length > 0 && (!matching.exact || matching.value > rows.length) ? (
        <p>
          {offset === undefined
            ? t(matching.exact ? "contributions.list.some" : "contributions.list.someMore", {
                shown: rows.length,
                count: matching.value,
              })
            : t(matching.exact ? "contributions.list.range" : "contributions.list.rangeMore", {
                from: offset + 1,
                to: offset + rows.length,
                count: matching.value,
              })}
        </p>
      ) : null}
      {rows.length === 0 ? (
        // Under filters, the status above already says that nothing matches.
        filtered ? null : (
          <p>{t("contributions.list.empty")}</p>
        )
      ) : (
        <div class="table-wrap">
          <table>
            <caption class="muted">{t("contributions.list.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("contributions.field.reference")}</th>
                <th scope="col">{t("contributions.field.contributor")}</th>
                <th scope="col">{t("contributions.form.stakeholderGroup")}</th>
                <th scope="col">{t("contributions.form.country")}</th>
                <th scope="col">{t("contributions.field.received")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>
                    <a href={`${path}/${r.reference}`}>{r.reference}</a> <SampleBadge ctx={ctx} row={r} />
                  </td>
                  <td>
                    <ContributorName ctx={ctx} c={r} />
                  </td>
                  <td>{r.stakeholder_group ? t(`geo.stakeholder.${r.stakeholder_group}`) : ""}</td>
                  <td>{r.country && isCountryCode(r.country) ? countryName(r.country, ctx.locale) : ""}</td>
                  <td>
                    {r.received_at ? <When ctx={ctx} at={r.received_at} forum={forum} /> : null}{" "}
                    <TimelinessBadge ctx={ctx} timeliness={r.timeliness} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {nextCursor || previousCursor ? (
        <nav class="pager" aria-label={t("contributions.list.pages")}>
          {previousCursor ? (
            <a
              href={pageHref(path, filters, {
                before: previousCursor,
                at: offset === undefined ? undefined : String(Math.max(0, offset - LIST_PAGE_SIZE)),
              })}
              rel="prev"
            >
              <span class="arrow" aria-hidden="true">
                ←
              </span>{" "}
              {t("contributions.list.older", { size: rows.length })}
            </a>
          ) : null}
          {nextCursor ? (
            <a
              href={pageHref(path, filters, {
                after: nextCursor,
                at: offset === undefined ? undefined : String(offset + rows.length),
              })}
              rel="next"
            >
              {t("contributions.list.newer", { size: rows.length })}{" "}
              <span class="arrow" aria-hidden="true">
                →
              </span>
            </a>
          ) : null}
        </nav>
      ) : null}
    </Layout>
  );
}

/** The list's address with its filters and a page position. */
function pageHref(
  path: string,
  filters: ListFilters,
  position: { after?: string; before?: string; at?: string | undefined },
): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value) params.set(name, value);
  for (const [name, value] of Object.entries(position)) if (value) params.set(name, value);
  return `${path}?${params.toString()}`;
}

/** A language's name in the reader's language. */
export function languageName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: "language" }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** One contribution's public page. */
export function ContributionPage({
  ctx,
  forum,
  cycle,
  contribution: c,
  files,
  questionnaire,
}: {
  ctx: PageContext;
  forum: ForumRow;
  cycle: CycleRow;
  contribution: ContributionRow;
  files: ContributionFileRow[];
  questionnaire: PublishedQuestionnaire | undefined;
}) {
  const t = ctx.t;
  const label = contributorLabel(c, t, ctx.locale);
  return (
    <Layout ctx={ctx} title={`${c.reference} · ${isolated(label)}`} forum={forumOf(forum)}>
      <h1>
        {c.reference}: <ContributorName ctx={ctx} c={c} /> <SampleBadge ctx={ctx} row={c} />
      </h1>
      {c.status !== "published" ? (
        <p class="notice notice--warning">
          {t(`contributions.status.${c.status}`)}
          {c.status_reason ? `: ${c.status_reason}` : ""}
        </p>
      ) : null}
      {c.is_sample ? <p class="notice">{t("contributions.sampleNote")}</p> : null}
      <dl class="facts">
        <dt>{t("contributions.field.received")}</dt>
        <dd>
          {c.received_at ? <ReceivedWhen ctx={ctx} at={c.received_at} forum={forum} /> : null}
          {c.received_source === "mail_date" ? ` (${t("contributions.receivedByMail")})` : ""}
        </dd>
        <dt>{t("contributions.field.timeliness")}</dt>
        <dd>
          <TimelinessBadge ctx={ctx} timeliness={c.timeliness} />
        </dd>
        {c.stakeholder_group ? (
          <>
            <dt>{t("contributions.form.stakeholderGroup")}</dt>
            <dd>{t(`geo.stakeholder.${c.stakeholder_group}`)}</dd>
          </>
        ) : null}
        {c.country && isCountryCode(c.country) ? (
          <>
            <dt>{t("contributions.form.country")}</dt>
            <dd>
              {countryName(c.country, ctx.locale)}
              {c.region ? ` (${t(`geo.region.${c.region}`)})` : ""}
            </dd>
          </>
        ) : null}
        {c.language ? (
          <>
            <dt>{t("contributions.filter.language")}</dt>
            <dd>{languageName(c.language, ctx.locale)}</dd>
          </>
        ) : null}
        <dt>{t("contributions.form.licence")}</dt>
        <dd>{c.licence ? licenceLabel(t, c.licence) : ""}</dd>
      </dl>
      <ContributionBody
        ctx={ctx}
        forum={forum}
        cycle={cycle}
        contribution={c}
        files={files}
        questionnaire={questionnaire}
        downloads
      />
      <p>
        <a href={`${base(forum, cycle)}/contributions`}>{t("contributions.list.link")}</a>
      </p>
    </Layout>
  );
}

/** The annex "Contributions as of DATE": names and organisations, as in the records. */
export function AnnexPage({
  ctx,
  forum,
  cycle,
  rows,
  count,
  asOf,
  asOfLabel,
}: {
  ctx: PageContext;
  forum: ForumRow;
  cycle: CycleRow;
  rows: ContributionRow[];
  /** All contributions up to the date; more than `rows` when the page stops at its limit. */
  count: number;
  asOf: string;
  asOfLabel: string;
}) {
  const t = ctx.t;
  const path = `${base(forum, cycle)}/contributions/annex`;
  return (
    <Layout ctx={ctx} title={t("contributions.annex.title", { date: asOfLabel })} forum={forumOf(forum)}>
      <h1>{t("contributions.annex.title", { date: asOfLabel })}</h1>
      <form method="get" action={path} class="filters">
        <label for="annex-date">{t("contributions.annex.date")}</label>
        <input type="date" id="annex-date" name="date" value={asOf} />
        <button type="submit" class="button--secondary">
          {t("contributions.filter.apply")}
        </button>
      </form>
      <p>
        <a href={`${path}.docx?date=${asOf}`}>{t("contributions.annex.docx")}</a>
      </p>
      {count > rows.length ? (
        <p class="notice">
          {t("contributions.annex.partial", { shown: rows.length, count })}{" "}
          <a href={`${base(forum, cycle)}/contributions.csv`}>CSV</a>
        </p>
      ) : null}
      <ol>
        {rows.map((r) => (
          <li key={r.id}>
            <ContributorName ctx={ctx} c={r} /> <SampleBadge ctx={ctx} row={r} />
          </li>
        ))}
      </ol>
    </Layout>
  );
}

/** The secretariat's page: settings, mail import, and every contribution with its actions. */
export function ManagePage({
  ctx,
  forum,
  cycle,
  rows,
  autoPublish,
  notice,
  importReport,
}: {
  ctx: PageContext;
  forum: ForumRow;
  cycle: CycleRow;
  rows: ContributionRow[];
  autoPublish: boolean;
  notice?: string;
  importReport?: { created: number; refusals: FileRefusal[]; problems: string[] };
}) {
  const t = ctx.t;
  const path = `${base(forum, cycle)}/contributions/manage`;
  const csrf = <input type="hidden" name="_csrf" value={ctx.csrfToken ?? ""} />;
  return (
    <Layout ctx={ctx} title={t("contributions.manage.title", { year: cycle.year })} forum={forumOf(forum)}>
      <h1>{t("contributions.manage.title", { year: cycle.year })}</h1>
      {notice ? (
        <p class="notice notice--success" role="status">
          {notice}
        </p>
      ) : null}
      {importReport ? (
        <div class="notice" role="status">
          <p>{t("contributions.import.created", { count: importReport.created })}</p>
          <ul>
            {importReport.refusals.map((r) => (
              <li key={r.message}>{r.message}</li>
            ))}
            {importReport.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <form method="post" action={`${path}/settings`}>
        {csrf}
        <div class="choice">
          <input type="checkbox" id="auto_publish" name="auto_publish" value="1" checked={autoPublish} />
          <label for="auto_publish">{t("contributions.manage.autoPublish")}</label>
        </div>
        <button type="submit" class="button--secondary">
          {t("contributions.manage.saveSettings")}
        </button>
      </form>
      <h2>{t("contributions.import.title")}</h2>
      <form method="post" action={`${path}/import-mail`} enctype="multipart/form-data">
        {csrf}
        <div class="field">
          <label for="mail-file">{t("contributions.import.file")}</label>
          <input type="file" id="mail-file" name="mail" accept=".eml,.mbox,message/rfc822" />
        </div>
        <button type="submit">{t("contributions.import.submit")}</button>
      </form>
      <h2>{t("contributions.manage.all", { count: rows.length })}</h2>
      {/* Cards, not a table: on a phone every row's actions stay on screen. */}
      <ul class="cards cards--moderation">
        {rows.map((r) => (
          <li class="card" key={r.id} data-contribution={r.reference ?? r.id}>
            <h3>
              {r.reference ? (
                <a href={`${base(forum, cycle)}/contributions/${r.reference}`}>{r.reference}</a>
              ) : (
                t("contributions.status.draft")
              )}{" "}
              <SampleBadge ctx={ctx} row={r} />
            </h3>
            <dl class="facts">
              <dt>{t("contributions.field.received")}</dt>
              <dd>
                {r.received_at ? <When ctx={ctx} at={r.received_at} forum={forum} /> : null}{" "}
                <TimelinessBadge ctx={ctx} timeliness={r.timeliness} />
                {r.received_source === "mail_date" ? (
                  <span class="muted"> ({t("contributions.receivedByMail")})</span>
                ) : null}
              </dd>
              <dt>{t("contributions.field.contributor")}</dt>
              <dd>
                <ContributorName ctx={ctx} c={r} forModerator />
                {r.consent === "anonymous" ? (
                  <span class="muted"> ({t("contributions.manage.publishesAnonymously")})</span>
                ) : null}
                {r.email ? (
                  <>
                    <br />
                    <span class="muted">
                      {r.email}
                      {r.is_sample
                        ? ""
                        : ` (${t(r.email_verified_at ? "contributions.email.verified" : "contributions.email.unverified")})`}
                    </span>
                  </>
                ) : null}
              </dd>
              <dt>{t("contributions.field.status")}</dt>
              <dd>
                {r.status === "withdrawn" ? (
                  // Why it can no longer be published: whose decision it was, and when.
                  <>
                    {t(
                      r.withdrawn_by === "author"
                        ? "contributions.manage.withdrawnByAuthor"
                        : "contributions.manage.withdrawnBySecretariat",
                    )}{" "}
                    {r.withdrawn_at ? <When ctx={ctx} at={r.withdrawn_at} forum={forum} /> : null}
                    {r.status_reason ? (
                      <>
                        <br />
                        {t("contributions.manage.reasonGiven", { reason: r.status_reason })}
                      </>
                    ) : null}
                  </>
                ) : (
                  <>
                    {t(`contributions.status.${r.status}`)}
                    {r.status_reason ? `: ${r.status_reason}` : ""}
                  </>
                )}
              </dd>
            </dl>
            {r.status === "withdrawn" ? (
              <p class="muted">{t("contributions.manage.withdrawnFinal")}</p>
            ) : r.status === "draft" ? (
              <p>
                <a href={`${path}/${r.id}`}>{t("contributions.review.link")}</a>
              </p>
            ) : (
              <form method="post" action={`${path}/${r.id}/hide`} class="moderation-actions">
                {csrf}
                {/* One reason for either action, never filled in from an earlier one. */}
                <div class="field">
                  <label for={`reason-${r.id}`}>{t("contributions.manage.reasonFor")}</label>
                  <p class="hint" id={`reason-${r.id}-hint`}>
                    {t("contributions.manage.reasonHint")}
                  </p>
                  <input
                    type="text"
                    id={`reason-${r.id}`}
                    name="reason"
                    required
                    maxLength={1000}
                    autocomplete="off"
                    aria-describedby={`reason-${r.id}-hint`}
                  />
                </div>
                <p>
                  {(["hide", "withdraw"] as const)
                    .filter((a) => a !== "hide" || r.status !== "hidden")
                    .map((a) => (
                      <Fragment key={a}>
                        <button
                          type="submit"
                          formAction={`${path}/${r.id}/${a}`}
                          class="button--secondary"
                          aria-label={t(`contributions.manage.${a}One`, { reference: r.reference ?? "" })}
                        >
                          {t(`contributions.manage.${a}`)}
                        </button>{" "}
                      </Fragment>
                    ))}
                  {r.status !== "published" ? (
                    <button
                      type="submit"
                      formAction={`${path}/${r.id}/publish`}
                      formNoValidate
                      aria-label={t("contributions.manage.publishOne", { reference: r.reference ?? "" })}
                    >
                      {t("contributions.manage.publish")}
                    </button>
                  ) : null}
                </p>
              </form>
            )}
          </li>
        ))}
      </ul>
    </Layout>
  );
}
