// The call editor and the public call page.
import { ContentText, langAttributes, MilestoneWhen, type ShownText, ZoneLink } from "../../forums/index.js";
import type { FieldErrors } from "../../server/errors.js";
import {
  Checkbox,
  CsrfInput,
  ErrorSummary,
  Field,
  isolated,
  Message,
  Notice,
  TextInput,
} from "../../ui/components.js";
import { Layout } from "../../ui/layout.js";
import type { PageContext } from "../../ui/page-context.js";
import {
  base,
  type Cycle,
  type Forum,
  LangName,
  Localized,
  langInText,
  langName,
  Paragraphs,
  type Values,
} from "../page-parts.js";
import type { CallRow } from "../queries.js";
import type { LocalizedText, PublishedQuestionnaire } from "../questionnaire-model.js";
import { pickWithLang, shownErrors } from "../view.js";

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
  /** The milestone itself, shown by forums' `MilestoneWhen` as one block (its own zone, then the reader's). */
  at: Date;
  time_zone: string;
  all_day: boolean;
  kind: string;
}

/** The public call page, light and readable without JavaScript. */
export function CallPage({
  ctx,
  forum,
  cycle,
  forumName,
  focus,
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
  cycle: Cycle;
  /** The forum's name and the cycle's focus as shown: translated, or the original marked with its language. */
  forumName: ShownText;
  focus: ShownText;
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
  const title = own.text
    ? isolated(own.text)
    : usualCallTitle(ctx, { ...forum, name: forumName.text }, cycle);
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
            values={{ forum: <ContentText value={forumName} />, year: cycle.year }}
          />
        </h1>
      )}
      {focus.text ? (
        <p class="lead" {...langAttributes(focus)}>
          {focus.text}
        </p>
      ) : null}
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
        <>
          <ul class="deadlines">
            {deadlines.map((d) => (
              <li key={d.kind}>
                <strong>{d.label}</strong>
                {t("calls.page.deadlineColon")}
                <MilestoneWhen ctx={ctx} m={d} />
              </li>
            ))}
          </ul>
          <ZoneLink ctx={ctx} />
        </>
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
