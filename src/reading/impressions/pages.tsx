// Impressions on a contribution's workspace page: the threads a member may see, a form for a new note
// (private by default), a reply form under each shared note (inside <details>, which opens without
// JavaScript), and the page to edit or delete one's own note.
import type { FieldErrors } from "../../server/errors.js";
import { CsrfInput, ErrorSummary, Field, Instant, translateErrors, UserText } from "../../ui/components.js";
import { Layout } from "../../ui/layout.js";
import type { PageContext } from "../../ui/page-context.js";
import { paragraphsOf } from "../../ui/text.js";
import { WorkspaceNav } from "../page-parts.js";
import type { ImpressionRow } from "../queries.js";
import { type Mentionable, splitMentions } from "./mentions.js";
import type { ImpressionNode } from "./service.js";

/** A note's text, paragraph by paragraph, its mentions marked. */
function NoteText({ body, people }: { body: string; people: Mentionable[] }) {
  return (
    <>
      {paragraphsOf(body).map((para, i) => (
        <p key={i} class="typed-text">
          {splitMentions(para, people).map((part, j) =>
            part.personId ? (
              <strong key={j} class="mention">
                <bdi>{part.text}</bdi>
              </strong>
            ) : (
              <bdi key={j}>{part.text}</bdi>
            ),
          )}
        </p>
      ))}
    </>
  );
}

/** The note's text box with the mention hint. */
function BodyField({
  ctx,
  name,
  id,
  value,
  error,
}: {
  ctx: PageContext;
  name: string;
  id: string;
  value: string;
  error?: string;
}) {
  return (
    <Field
      name={id}
      label={ctx.t("reading.impression.body")}
      hint={ctx.t("reading.impression.mentionHint")}
      error={error}
    >
      {({ id: fieldId, describedBy, invalid }) => (
        <textarea
          id={fieldId}
          name={name}
          rows={4}
          maxLength={10_000}
          required
          aria-describedby={describedBy}
          aria-invalid={invalid ? "true" : undefined}
        >
          {value}
        </textarea>
      )}
    </Field>
  );
}

/** Private or shared, as two radio buttons in a fieldset. */
function VisibilityField({ ctx, value, error }: { ctx: PageContext; value: string; error?: string }) {
  return (
    <fieldset class={error ? "field field--error" : "field"} id="field-visibility">
      <legend>{ctx.t("reading.impression.visibility")}</legend>
      {error ? <p class="field-error">{error}</p> : null}
      {(["private", "shared"] as const).map((v) => (
        <div key={v}>
          <input type="radio" id={`visibility-${v}`} name="visibility" value={v} checked={value === v} />{" "}
          <label for={`visibility-${v}`} class="label--inline">
            {ctx.t(`reading.impression.${v}`)}
          </label>
        </div>
      ))}
    </fieldset>
  );
}

function Note({
  ctx,
  node,
  action,
  people,
  depth,
}: {
  ctx: PageContext;
  node: ImpressionNode;
  action: string;
  people: Mentionable[];
  depth: number;
}) {
  const t = ctx.t;
  const { row } = node;
  const headingId = `impression-${row.id}-by`;
  return (
    <li>
      <article
        id={`impression-${row.id}`}
        aria-labelledby={row.deleted_at ? undefined : headingId}
        class="impression"
      >
        {row.deleted_at ? (
          <p class="muted">{t("reading.impression.deleted")}</p>
        ) : (
          <>
            <p id={headingId}>
              <strong>
                <UserText text={node.authorName} />
              </strong>{" "}
              <span class="muted">
                <Instant ctx={ctx} at={row.created_at} />
                {row.edited_at ? ` · ${t("reading.impression.edited")}` : ""} ·{" "}
                {t(`reading.impression.badge.${row.visibility}`)}
              </span>
            </p>
            <NoteText body={row.body} people={people} />
            {node.mine ? (
              <p>
                <a href={`${action}/${row.id}/edit`}>
                  {t("reading.impression.edit")}
                  <span class="visually-hidden"> {t("reading.impression.yours")}</span>
                </a>
              </p>
            ) : null}
            {depth < 6 ? (
              <details>
                <summary>{t("reading.impression.reply")}</summary>
                <form method="post" action={action}>
                  <CsrfInput ctx={ctx} />
                  <input type="hidden" name="parent_id" value={row.id} />
                  <BodyField ctx={ctx} name="body" id={`reply-${row.id}`} value="" />
                  <button type="submit">{t("reading.impression.sendReply")}</button>
                </form>
              </details>
            ) : null}
          </>
        )}
      </article>
      {node.replies.length ? (
        <ol class="impression-replies">
          {node.replies.map((reply) => (
            <Note
              key={reply.row.id}
              ctx={ctx}
              node={reply}
              action={action}
              people={people}
              depth={depth + 1}
            />
          ))}
        </ol>
      ) : null}
    </li>
  );
}

/** The impressions on a contribution and the form for a new one. */
export function ImpressionsSection({
  ctx,
  action,
  threads,
  people,
  values,
  errors,
}: {
  ctx: PageContext;
  action: string;
  threads: ImpressionNode[];
  people: Mentionable[];
  values?: Record<string, string>;
  errors?: FieldErrors;
}) {
  const t = ctx.t;
  const shown = translateErrors(ctx, errors);
  return (
    <section aria-labelledby="impressions-title">
      <h2 id="impressions-title">{t("reading.impressions.title")}</h2>
      {threads.length ? (
        <ol class="impressions">
          {threads.map((node) => (
            <Note key={node.row.id} ctx={ctx} node={node} action={action} people={people} depth={0} />
          ))}
        </ol>
      ) : (
        <p>{t("reading.impressions.none")}</p>
      )}
      <h3 id="new-impression">{t("reading.impressions.new")}</h3>
      <ErrorSummary ctx={ctx} errors={shown} />
      <form method="post" action={action} aria-labelledby="new-impression">
        <CsrfInput ctx={ctx} />
        <BodyField ctx={ctx} name="body" id="body" value={values?.body ?? ""} error={shown?.body} />
        <VisibilityField ctx={ctx} value={values?.visibility ?? "private"} error={shown?.visibility} />
        <button type="submit">{t("reading.impression.save")}</button>
      </form>
    </section>
  );
}

/** Editing (or deleting) one's own impression. */
export function EditImpressionPage({
  ctx,
  forum,
  year,
  overseer,
  reference,
  impression,
  canChangeVisibility,
  values,
  errors,
}: {
  ctx: PageContext;
  forum: { slug: string; name: string };
  year: number;
  overseer: boolean;
  reference: string;
  impression: ImpressionRow;
  canChangeVisibility: boolean;
  values?: Record<string, string>;
  errors?: FieldErrors;
}) {
  const t = ctx.t;
  const base = `/f/${forum.slug}/${year}/reading/${reference}`;
  const action = `${base}/impressions/${impression.id}`;
  const shown = translateErrors(ctx, errors);
  const title = t("reading.impression.editTitle", { reference });
  return (
    <Layout ctx={ctx} title={title} forum={forum}>
      <h1>{title}</h1>
      <WorkspaceNav ctx={ctx} forumSlug={forum.slug} year={year} current="contribution" overseer={overseer} />
      <ErrorSummary ctx={ctx} errors={shown} />
      <form method="post" action={action}>
        <CsrfInput ctx={ctx} />
        <BodyField
          ctx={ctx}
          name="body"
          id="body"
          value={values?.body ?? impression.body}
          error={shown?.body}
        />
        {canChangeVisibility ? (
          <VisibilityField
            ctx={ctx}
            value={values?.visibility ?? impression.visibility}
            error={shown?.visibility}
          />
        ) : (
          <p>{t(`reading.impression.badge.${impression.visibility}`)}</p>
        )}
        <button type="submit">{t("reading.impression.save")}</button>
      </form>
      <form method="post" action={`${action}/delete`}>
        <CsrfInput ctx={ctx} />
        <button type="submit" class="button--danger">
          {t("reading.impression.delete")}
        </button>
      </form>
      <p>
        <a href={`${base}#impression-${impression.id}`}>{t("reading.impression.cancel")}</a>
      </p>
    </Layout>
  );
}
