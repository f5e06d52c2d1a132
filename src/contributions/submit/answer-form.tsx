// The questions of a published questionnaire as form fields, and answers shown back on a contribution's page.
// Pure components over a PublishedQuestionnaire; the page decides where contributor details, consent and
// files go (those questions map to the contribution's own fields).
import type { Answers, PublishedQuestionnaire, Question } from "../../calls/index.js";
import { pickText } from "../../calls/index.js";
import type { FieldErrors } from "../../server/errors.js";
import type { Locale } from "../../ui/i18n/locales.js";
import type { Translate } from "../../ui/i18n/translate.js";
import { paragraphsOf } from "../../ui/text.js";
import { answerField, DEFAULT_LINK_ROWS, questionsOf } from "./answers.js";

interface FormProps {
  questionnaire: PublishedQuestionnaire;
  locale: Locale;
  t: Translate;
  answers: Answers;
  /** Already translated, keyed by answerField(question id). */
  errors?: FieldErrors;
  /** Renders the questions answered by the contribution's own fields (details, consent, files). */
  special?: (question: Question) => preact.ComponentChildren;
  /** Rows shown per link-list question (default: one more than needed for what was typed, at least one). */
  linkRows?: Record<string, number>;
  /** The link-list question whose last row takes the focus (after "Add another link"). */
  focusLink?: string;
}

const idOf = (name: string) => `field-${name}`;

function Label({ q, text, t, forId }: { q: Question; text: string; t: Translate; forId?: string }) {
  return (
    <label for={forId}>
      {text}
      {q.required ? <span class="required"> ({t("contributions.form.required")})</span> : null}
    </label>
  );
}

function ErrorText({ name, error }: { name: string; error?: string }) {
  return error ? (
    <p class="field-error" id={`${idOf(name)}-error`}>
      {error}
    </p>
  ) : null;
}

function QuestionField({ q, ...p }: { q: Question } & FormProps) {
  const text = (value: Parameters<typeof pickText>[0]) =>
    pickText(value, p.locale, p.questionnaire.originalLanguage);
  const name = answerField(q.id);
  const error = p.errors?.[name];
  const help = q.help ? text(q.help) : "";
  const describedBy = [help ? `${idOf(name)}-hint` : "", error ? `${idOf(name)}-error` : ""]
    .filter(Boolean)
    .join(" ");
  const aria = {
    "aria-describedby": describedBy || undefined,
    "aria-invalid": error ? ("true" as const) : undefined,
  };
  const hint = help ? (
    <p class="hint" id={`${idOf(name)}-hint`}>
      {help}
    </p>
  ) : null;
  const value = p.answers[q.id];
  const wrap = (children: preact.ComponentChildren, legend = false) =>
    legend ? (
      <fieldset class={error ? "field field--error" : "field"} id={idOf(name)}>
        <legend>
          {text(q.label)}
          {q.required ? <span class="required"> ({p.t("contributions.form.required")})</span> : null}
        </legend>
        {hint}
        <ErrorText name={name} error={error} />
        {children}
      </fieldset>
    ) : (
      <div class={error ? "field field--error" : "field"}>
        <Label q={q} text={text(q.label)} t={p.t} forId={idOf(name)} />
        {hint}
        <ErrorText name={name} error={error} />
        {children}
      </div>
    );

  switch (q.type) {
    case "short_text":
      return wrap(
        <input
          type="text"
          id={idOf(name)}
          name={name}
          value={typeof value === "string" ? value : ""}
          maxLength={q.maxLength}
          {...aria}
        />,
      );
    case "long_text":
      return wrap(
        <textarea id={idOf(name)} name={name} rows={8} maxLength={q.maxLength} {...aria}>
          {typeof value === "string" ? value : ""}
        </textarea>,
      );
    case "single_choice":
      return wrap(
        <div class="choices">
          {q.options.map((o) => (
            <div class="choice" key={o.id}>
              <input
                type="radio"
                id={`${idOf(name)}-${o.id}`}
                name={name}
                value={o.id}
                checked={value === o.id}
              />
              <label for={`${idOf(name)}-${o.id}`}>{text(o.label)}</label>
            </div>
          ))}
        </div>,
        true,
      );
    case "multiple_choice": {
      const v = (value ?? {}) as { selected?: string[]; other?: string };
      return wrap(
        <div class="choices">
          {q.options.map((o) => (
            <div class="choice" key={o.id}>
              <input
                type="checkbox"
                id={`${idOf(name)}-${o.id}`}
                name={name}
                value={o.id}
                checked={v.selected?.includes(o.id) ?? false}
              />
              <label for={`${idOf(name)}-${o.id}`}>{text(o.label)}</label>
            </div>
          ))}
          {q.allowOther ? (
            <div class="choice choice--other">
              <label for={`${idOf(name)}-other`}>{p.t("contributions.form.other")}</label>
              <input
                type="text"
                id={`${idOf(name)}-other`}
                name={answerField(q.id, "other")}
                value={v.other ?? ""}
              />
            </div>
          ) : null}
        </div>,
        true,
      );
    }
    case "item_list": {
      const v = (value ?? {}) as Record<string, string>;
      return wrap(
        <div class="items">
          {q.items.map((item) => (
            <div class="field" key={item.id}>
              <label for={`${idOf(name)}-${item.id}`}>{text(item.label)}</label>
              <textarea id={`${idOf(name)}-${item.id}`} name={answerField(q.id, item.id)} rows={3}>
                {v[item.id] ?? ""}
              </textarea>
            </div>
          ))}
        </div>,
        true,
      );
    }
    case "link_list": {
      const links = Array.isArray(value) ? (value as { url: string; title?: string }[]) : [];
      const max = q.maxLinks ?? DEFAULT_LINK_ROWS;
      // One field to start with, and one more each time the contributor asks: a phone form of 20 empty link
      // fields is a wall. Without JavaScript the button asks the server for the form again, typed values kept.
      const rows = Math.min(max, Math.max(1, p.linkRows?.[q.id] ?? links.length));
      const focus = p.focusLink === q.id ? rows - 1 : -1;
      return wrap(
        <div
          class="links"
          data-link-list={q.id}
          data-max={max}
          data-url-label={p.t("contributions.form.linkUrl", { n: "{n}" })}
          data-title-label={p.t("contributions.form.linkTitle", { n: "{n}" })}
        >
          {Array.from({ length: rows }, (_, i) => (
            <div class="link-row" key={i}>
              <label for={`${idOf(name)}-url-${i}`}>{p.t("contributions.form.linkUrl", { n: i + 1 })}</label>
              <input
                type="url"
                id={`${idOf(name)}-url-${i}`}
                name={answerField(q.id, "url", i)}
                value={links[i]?.url ?? ""}
                autofocus={i === focus}
              />
              <label for={`${idOf(name)}-title-${i}`}>
                {p.t("contributions.form.linkTitle", { n: i + 1 })}
              </label>
              <input
                type="text"
                id={`${idOf(name)}-title-${i}`}
                name={answerField(q.id, "title", i)}
                value={links[i]?.title ?? ""}
              />
            </div>
          ))}
          {rows < max ? (
            <button
              type="submit"
              name="action"
              value={`add_link:${q.id}`}
              class="button--secondary"
              formNoValidate
              data-add-link
            >
              {p.t("contributions.form.addLink")}
            </button>
          ) : null}
          <p class="hint">{p.t("contributions.form.linksMax", { max })}</p>
        </div>,
        true,
      );
    }
    default:
      return <>{p.special?.(q)}</>;
  }
}

/** Every section of the questionnaire with its questions as fields. */
export function QuestionnaireFields(props: FormProps) {
  const { questionnaire: qn, locale } = props;
  return (
    <>
      {qn.sections.map((section) => (
        <section class="questionnaire-section" key={section.id} aria-labelledby={`section-${section.id}`}>
          <h2 id={`section-${section.id}`}>{pickText(section.title, locale, qn.originalLanguage)}</h2>
          {section.intro ? <p>{pickText(section.intro, locale, qn.originalLanguage)}</p> : null}
          {section.questions.map((q) => (
            <QuestionField key={q.id} q={q} {...props} />
          ))}
        </section>
      ))}
    </>
  );
}

/** The answers of a contribution, question by question, in the reader's language. */
export function AnswersView({
  questionnaire,
  answers,
  locale,
  t,
}: {
  questionnaire: PublishedQuestionnaire | undefined;
  answers: Answers;
  locale: Locale;
  t: Translate;
}) {
  if (!questionnaire) return null;
  const text = (value: Parameters<typeof pickText>[0]) =>
    pickText(value, locale, questionnaire.originalLanguage);
  const shown = questionsOf(questionnaire).filter(
    (q) => answers[q.id] !== undefined && answers[q.id] !== true,
  );
  if (shown.length === 0) return null;
  return (
    <dl class="answers">
      {shown.map((q) => {
        const value = answers[q.id];
        let body: preact.ComponentChildren = null;
        if (typeof value === "string" && q.type === "single_choice")
          body = text(q.options.find((o) => o.id === value)?.label);
        else if (typeof value === "string")
          body = paragraphsOf(value).map((para, i) => <p key={i}>{para}</p>);
        else if (q.type === "multiple_choice") {
          const v = value as { selected: string[]; other?: string };
          body = (
            <ul>
              {v.selected.map((id) => (
                <li key={id}>{text(q.options.find((o) => o.id === id)?.label)}</li>
              ))}
              {v.other ? <li>{t("contributions.form.otherAnswer", { text: v.other })}</li> : null}
            </ul>
          );
        } else if (q.type === "item_list") {
          const v = value as Record<string, string>;
          body = (
            <dl>
              {q.items
                .filter((i) => v[i.id])
                .map((i) => (
                  <div key={i.id}>
                    <dt>{text(i.label)}</dt>
                    <dd>
                      {paragraphsOf(v[i.id] ?? "").map((para, n) => (
                        <p key={n}>{para}</p>
                      ))}
                    </dd>
                  </div>
                ))}
            </dl>
          );
        } else if (q.type === "link_list") {
          const v = value as { url: string; title?: string }[];
          body = (
            <ul>
              {v.map((l) => (
                <li key={l.url}>
                  <a href={l.url} rel="nofollow noopener">
                    {l.title || l.url}
                  </a>
                </li>
              ))}
            </ul>
          );
        }
        return (
          <div key={q.id}>
            <dt>{text(q.label)}</dt>
            <dd>{body}</dd>
          </div>
        );
      })}
    </dl>
  );
}
