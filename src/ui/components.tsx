// Small shared building blocks for pages. Preact escapes every string by default; nothing here sets raw HTML.
import type { ComponentChildren, VNode } from "preact";
import type { FieldErrors } from "../server/errors.js";
import { translateParts } from "./i18n/translate.js";
import type { PageContext } from "./page-context.js";

/** Field errors hold catalogue keys; this turns them into the reader's language for display. */
export function translateErrors(ctx: PageContext, errors: FieldErrors | undefined): FieldErrors | undefined {
  return errors ? Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, ctx.t(v)])) : undefined;
}

/** A summary of a form's errors at the top, each linking to its field. */
export function ErrorSummary({ ctx, errors }: { ctx: PageContext; errors: FieldErrors | undefined }) {
  if (!errors || Object.keys(errors).length === 0) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1}>
      <h2 id="error-summary-title">{ctx.t("form.errors.title", { count: Object.keys(errors).length })}</h2>
      <ul>
        {Object.entries(errors).map(([field, message]) => (
          <li key={field}>
            <a href={`#field-${field}`}>{message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

interface FieldProps {
  name: string;
  label: string;
  hint?: string;
  error?: string;
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ComponentChildren;
}

/** A labelled form field with its hint and its error beside it. */
export function Field({ name, label, hint, error, children }: FieldProps) {
  const id = `field-${name}`;
  const described =
    [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div class={error ? "field field--error" : "field"}>
      <label for={id}>{label}</label>
      {hint ? (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      {children({ id, describedBy: described, invalid: Boolean(error) })}
    </div>
  );
}

/** The hidden CSRF input every state-changing form carries. */
export function CsrfInput({ ctx }: { ctx: PageContext }) {
  return ctx.csrfToken ? <input type="hidden" name="_csrf" value={ctx.csrfToken} /> : null;
}

const instantFormats = new Map<string, Intl.DateTimeFormat>();

/** Shows an instant as a <time> element in the reader's zone (or UTC), naming the zone, with the machine value. */
export function Instant({ ctx, at, timeZone }: { ctx: PageContext; at: Date; timeZone?: string }) {
  const zone = timeZone ?? ctx.timeZone ?? "UTC";
  const key = `${ctx.locale}|${zone}`;
  let format = instantFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(ctx.locale, {
      year: "numeric",
      month: "long",
      day: "numeric",
      hour: "numeric",
      minute: "2-digit",
      timeZone: zone,
      // Without the zone's name a time is ambiguous ("10:00" where?).
      timeZoneName: "short",
    });
    instantFormats.set(key, format);
  }
  return <time dateTime={at.toISOString()}>{format.format(at)}</time>;
}

/**
 * Text a person typed (a name, an organisation, a title, a file name) shown among other text. `<bdi>` isolates
 * its direction: an Arabic name cannot pull the words or numbers beside it into its order, and a stray
 * right-to-left override (U+202E) reverses nothing outside it.
 */
export function UserText({ text, lang }: { text: string | null | undefined; lang?: string }) {
  return text ? <bdi lang={lang}>{text}</bdi> : null;
}

/**
 * A search's highlighted snippet: each stretch as text, each match in `<mark>` (never raw HTML), isolated like
 * any typed text and in the text's language when known.
 */
export function Snippet({
  parts,
  lang,
}: {
  parts: { text: string; match: boolean }[] | undefined;
  lang?: string;
}) {
  if (!parts?.length) return null;
  return (
    <p class="snippet" lang={lang}>
      <bdi>{parts.map((p, i) => (p.match ? <mark key={i}>{p.text}</mark> : p.text))}</bdi>
    </p>
  );
}

/**
 * A catalogue message with elements among its values, for sentences that carry typed text:
 * `<Message ctx={ctx} id="…" values={{ name: <UserText text={name} /> }} />`.
 */
export function Message({
  ctx,
  id,
  values,
}: {
  ctx: PageContext;
  id: string;
  values: Record<string, string | number | VNode>;
}) {
  return <>{translateParts<VNode>(ctx.locale, id, values)}</>;
}

/**
 * Typed text for places only a string can go (a page's title, an attribute, a mail subject), wrapped in
 * Unicode's first-strong isolate (U+2068 … U+2069), the plain-text equivalent of `<bdi>`.
 */
export function isolated(text: string): string {
  return text ? `\u2068${text}\u2069` : text;
}

/** A success message at the top of a page after a change ("Saved."), announced to screen readers. */
export function Notice({ text }: { text?: string | undefined }) {
  return text ? (
    <p class="notice notice--success" role="status">
      {text}
    </p>
  ) : null;
}

/** A bare text input for use inside a `Field`, which gives it its id, its hint and its error. */
export function TextInput({
  name,
  id,
  value,
  describedBy,
  invalid,
  type = "text",
  ...rest
}: {
  name: string;
  id: string;
  value?: string;
  describedBy?: string;
  invalid?: boolean;
  type?: "text" | "number" | "datetime-local" | "email";
  maxLength?: number;
  required?: boolean;
  min?: number;
}) {
  // One plain attribute bag: Preact's input typings split by `type`, which a shared helper cannot satisfy.
  const attrs: Record<string, unknown> = {
    type,
    id,
    name,
    value: value ?? "",
    "aria-describedby": describedBy,
    "aria-invalid": invalid ? "true" : undefined,
    ...rest,
  };
  return <input {...(attrs as { type: "text" })} />;
}

/** A checkbox with its label beside it, sending "1" when ticked. */
export function Checkbox({
  name,
  label,
  checked,
  id,
}: {
  name: string;
  label: string;
  checked: boolean;
  id?: string;
}) {
  const htmlId = id ?? `field-${name}`;
  return (
    <div class="field">
      <input type="checkbox" id={htmlId} name={name} value="1" checked={checked} />{" "}
      <label for={htmlId} class="label--inline">
        {label}
      </label>
    </div>
  );
}

/** A labelled one-line input whose value and error are read from the form's values and errors by its name. */
export function TextField({
  name,
  label,
  hint,
  values,
  errors,
  type = "text",
  required,
}: {
  name: string;
  label: string;
  hint?: string;
  values: Record<string, string>;
  errors?: Record<string, string>;
  type?: "text" | "number" | "date" | "time" | "url";
  required?: boolean;
}) {
  return (
    <Field name={name} label={label} hint={hint} error={errors?.[name]}>
      {({ id, describedBy, invalid }) => (
        <input
          // Preact types each input type apart; the union is one element here.
          type={type as "text"}
          id={id}
          name={name}
          value={values[name] ?? ""}
          required={required}
          aria-describedby={describedBy}
          aria-invalid={invalid ? "true" : undefined}
        />
      )}
    </Field>
  );
}

/** A labelled text area whose value and error are read from the form's values and errors by its name. */
export function TextAreaField({
  name,
  label,
  hint,
  values,
  errors,
  rows = 4,
}: {
  name: string;
  label: string;
  hint?: string;
  values: Record<string, string>;
  errors?: Record<string, string>;
  rows?: number;
}) {
  return (
    <Field name={name} label={label} hint={hint} error={errors?.[name]}>
      {({ id, describedBy, invalid }) => (
        <textarea
          id={id}
          name={name}
          rows={rows}
          aria-describedby={describedBy}
          aria-invalid={invalid ? "true" : undefined}
        >
          {values[name] ?? ""}
        </textarea>
      )}
    </Field>
  );
}
