// The documents' pages: a cycle's documents, a version to read with its comments beside each paragraph (a
// <details> form per paragraph, so commenting works without JavaScript), the secretariat's editor (a textarea
// with a server-rendered preview), and two versions compared.
import { formatInZone, zoneLabel } from "../forums/index.js";
import type { FieldErrors } from "../server/errors.js";
import {
  CsrfInput,
  ErrorSummary,
  Instant,
  Message,
  TextAreaField,
  TextField,
  translateErrors,
  UserText,
} from "../ui/components.js";
import { Layout } from "../ui/layout.js";
import type { PageContext } from "../ui/page-context.js";
import { signInHref } from "../ui/sign-in-link.js";
import type { ParagraphChange } from "./diff.js";
import { DraftingPanel } from "./drafting/pages.js";
import type { DraftingSection } from "./drafting/service.js";
import { type Footnote, parseDocument, renderBlock, renderFootnotes } from "./markdown.js";
import type { CommentRow, DocumentRow, VersionRow } from "./queries.js";
import {
  CHANNELS,
  DOCUMENT_KINDS,
  type PlacedComment,
  PUBLISH_TO,
  type ReviewWindow,
  type VersionBlock,
} from "./service.js";

interface Forum {
  slug: string;
  name: string;
}

/** Where a cycle's documents live. */
export const documentsPath = (forum: string, year: number) => `/f/${forum}/${year}/documents`;
/** Where a document lives. */
export const documentPath = (forum: string, year: number, id: string) =>
  `${documentsPath(forum, year)}/${id}`;

/** The direction of text written in `lang`: right to left for Arabic, else left to right; unknown, the text's own. */
export function textDirection(lang: string | undefined): "rtl" | "ltr" | "auto" {
  if (!lang) return "auto";
  return lang === "ar" ? "rtl" : "ltr";
}

function statusOf(ctx: PageContext, v: VersionRow) {
  return ctx.t(`documents.published.${v.published_to}`);
}

/** A cycle's documents the reader may see. */
export function DocumentListPage(props: {
  ctx: PageContext;
  forum: Forum;
  year: number;
  documents: { document: DocumentRow & { titleLang?: string }; latest: VersionRow }[];
  canEdit: boolean;
}) {
  const { ctx, forum, year } = props;
  const title = ctx.t("documents.list.title", { year });
  return (
    <Layout ctx={ctx} title={title} forum={forum}>
      <h1>{title}</h1>
      {props.canEdit ? (
        <p>
          <a href={`${documentsPath(forum.slug, year)}/new`}>{ctx.t("documents.list.new")}</a>
        </p>
      ) : null}
      {props.documents.length ? (
        <ul>
          {props.documents.map(({ document, latest }) => (
            <li key={document.id}>
              <a href={documentPath(forum.slug, year, document.id)}>
                <UserText text={document.title} lang={document.titleLang} />
              </a>{" "}
              ({ctx.t(`documents.kind.${document.kind}`)};{" "}
              {ctx.t("documents.versionOf", { number: latest.number, status: statusOf(ctx, latest) })})
            </li>
          ))}
        </ul>
      ) : (
        <p>{ctx.t("documents.list.empty")}</p>
      )}
    </Layout>
  );
}

function BodyFields({
  ctx,
  values,
  errors,
}: {
  ctx: PageContext;
  values: Record<string, string>;
  errors?: FieldErrors;
}) {
  return (
    <>
      <TextAreaField
        name="body"
        label={ctx.t("documents.field.body")}
        hint={ctx.t("documents.field.bodyHint")}
        values={values}
        errors={errors}
        rows={24}
      />
      <TextField name="note" label={ctx.t("documents.field.note")} values={values} errors={errors} />
    </>
  );
}

function PublishField({ ctx, value }: { ctx: PageContext; value: string }) {
  return (
    <div class="field">
      <label for="field-publish">{ctx.t("documents.field.publish")}</label>
      <select id="field-publish" name="publish">
        {PUBLISH_TO.map((to) => (
          <option key={to} value={to} selected={to === (value || "none")}>
            {ctx.t(`documents.published.${to}`)}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The blocks of a text, each with its id. */
function Blocks({ blocks }: { blocks: VersionBlock[] }) {
  return <div class="document-text">{blocks.map((b) => renderBlock(b.block, b.id))}</div>;
}

/** A text being written, as it will read. */
function Preview({
  ctx,
  preview,
}: {
  ctx: PageContext;
  preview: { blocks: VersionBlock[]; footnotes: Footnote[] };
}) {
  return (
    <section aria-labelledby="preview-heading" class="document-preview">
      <h2 id="preview-heading">{ctx.t("documents.edit.previewHeading")}</h2>
      <Blocks blocks={preview.blocks} />
      <Footnotes ctx={ctx} notes={preview.footnotes} />
    </section>
  );
}

/** The form to start a document. */
export function NewDocumentPage(props: {
  ctx: PageContext;
  forum: Forum;
  year: number;
  values?: Record<string, string>;
  errors?: FieldErrors;
  sections?: DraftingSection[];
  inserted?: boolean;
  /** The text as it will read, when the secretariat asked for a preview (nothing is saved). */
  preview?: { blocks: VersionBlock[]; footnotes: Footnote[] };
}) {
  const { ctx, forum, year } = props;
  const values = props.values ?? {};
  const errors = translateErrors(ctx, props.errors);
  const title = ctx.t("documents.new.title");
  return (
    <Layout ctx={ctx} title={title} forum={forum}>
      <h1>{title}</h1>
      <ErrorSummary ctx={ctx} errors={errors} />
      {props.inserted ? (
        <p class="notice notice--success" role="status">
          {ctx.t("documents.drafting.inserted")}
        </p>
      ) : null}
      {props.preview ? <Preview ctx={ctx} preview={props.preview} /> : null}
      <form
        method="post"
        action={documentsPath(forum.slug, year)}
        class={props.sections ? "drafting" : undefined}
      >
        <CsrfInput ctx={ctx} />
        <div class="drafting-text">
          <div class="field">
            <label for="field-kind">{ctx.t("documents.field.kind")}</label>
            <select id="field-kind" name="kind">
              {DOCUMENT_KINDS.map((k) => (
                <option key={k} value={k} selected={k === (values.kind || "output")}>
                  {ctx.t(`documents.kind.${k}`)}
                </option>
              ))}
            </select>
          </div>
          <TextField name="title" label={ctx.t("documents.field.title")} values={values} errors={errors} />
          <BodyFields ctx={ctx} values={values} errors={errors} />
          <TextField
            name="review_opens"
            label={ctx.t("documents.field.reviewOpens")}
            hint={ctx.t("documents.field.reviewHint")}
            values={values}
            errors={errors}
          />
          <TextField
            name="review_closes"
            label={ctx.t("documents.field.reviewCloses")}
            values={values}
            errors={errors}
          />
          <button type="submit" name="action" value="preview">
            {ctx.t("documents.edit.preview")}
          </button>{" "}
          <button type="submit" name="action" value="save">
            {ctx.t("documents.new.submit")}
          </button>
        </div>
        {props.sections ? <DraftingPanel ctx={ctx} sections={props.sections} /> : null}
      </form>
    </Layout>
  );
}

/** The secretariat's editor: the text in a textarea, a preview rendered by the server, saving a version. */
export function EditDocumentPage(props: {
  ctx: PageContext;
  forum: Forum;
  year: number;
  document: DocumentRow;
  values: Record<string, string>;
  preview?: { blocks: VersionBlock[]; footnotes: Footnote[] };
  errors?: FieldErrors;
  sections?: DraftingSection[];
  /** Said after an excerpt was inserted (the text is not saved yet). */
  inserted?: boolean;
  /** The review dates form: what was typed when refused, and each error by its field. */
  dates?: { values: Record<string, string>; errors?: FieldErrors };
  /** The cycle's review milestones decide the window, not the document's own dates. */
  milestonesDecide?: boolean;
}) {
  const { ctx, forum, year, document } = props;
  const errors = translateErrors(ctx, props.errors);
  const dateErrors = translateErrors(ctx, props.dates?.errors);
  const dateValues = props.dates?.values ?? {
    review_opens: document.review_opens ?? "",
    review_closes: document.review_closes ?? "",
  };
  const title = ctx.t("documents.edit.title", { title: document.title });
  return (
    <Layout ctx={ctx} title={title} forum={forum}>
      <h1>{title}</h1>
      <ErrorSummary ctx={ctx} errors={errors} />
      {props.inserted ? (
        <p class="notice notice--success" role="status">
          {ctx.t("documents.drafting.inserted")}
        </p>
      ) : null}
      {props.preview ? <Preview ctx={ctx} preview={props.preview} /> : null}
      <form
        method="post"
        action={`${documentPath(forum.slug, year, document.id)}/versions`}
        class={props.sections ? "drafting" : undefined}
      >
        <CsrfInput ctx={ctx} />
        <div class="drafting-text">
          <BodyFields ctx={ctx} values={props.values} errors={errors} />
          <PublishField ctx={ctx} value={props.values.publish ?? "none"} />
          <button type="submit" name="action" value="preview">
            {ctx.t("documents.edit.preview")}
          </button>{" "}
          <button type="submit" name="action" value="save">
            {ctx.t("documents.edit.save")}
          </button>
        </div>
        {props.sections ? <DraftingPanel ctx={ctx} sections={props.sections} /> : null}
      </form>
      <section id="review-dates" aria-labelledby="review-dates-heading">
        <h2 id="review-dates-heading">{ctx.t("documents.dates.heading")}</h2>
        {props.milestonesDecide ? (
          <p class="notice">
            {ctx.t("documents.dates.milestonesDecide")}{" "}
            <a href={`/f/${forum.slug}/${year}/manage`}>{ctx.t("documents.review.changeMilestones")}</a>
          </p>
        ) : null}
        <ErrorSummary ctx={ctx} errors={dateErrors} />
        <form method="post" action={`${documentPath(forum.slug, year, document.id)}/review-dates`}>
          <CsrfInput ctx={ctx} />
          <TextField
            name="review_opens"
            label={ctx.t("documents.field.reviewOpens")}
            hint={ctx.t("documents.field.reviewHint")}
            values={dateValues}
            errors={dateErrors}
          />
          <TextField
            name="review_closes"
            label={ctx.t("documents.field.reviewCloses")}
            values={dateValues}
            errors={dateErrors}
          />
          <button type="submit">{ctx.t("documents.dates.save")}</button>
        </form>
      </section>
    </Layout>
  );
}

/** The document's footnotes under a "Notes" heading. */
export function Footnotes({ ctx, notes }: { ctx: PageContext; notes: Footnote[] }) {
  if (!notes.length) return null;
  return (
    <section class="footnotes" aria-label={ctx.t("documents.footnotes.heading")}>
      <hr />
      {renderFootnotes(notes, ctx.t("documents.footnotes.back"))}
    </section>
  );
}

/** What a comment's reader may do with it on the page. */
interface CommentActions {
  base: string;
  /** The language the document is written in, which its quotes carry (unknown: undefined). */
  textLang?: string;
  version: number;
  /** Replies are taken (the reader may comment on this version). */
  reply: boolean;
  secretariat: boolean;
}

function CommentMeta({ ctx, row, authorName }: { ctx: PageContext; row: CommentRow; authorName: string }) {
  return (
    <p class="comment-meta">
      {ctx.t("documents.comments.by", {
        name: authorName,
        channel: ctx.t(`documents.channel.${row.channel}`),
      })}{" "}
      · <Instant ctx={ctx} at={row.created_at} />
    </p>
  );
}

/** A comment's text, or that the secretariat hid it and why (the secretariat still reads it). */
function CommentBody({ ctx, row, secretariat }: { ctx: PageContext; row: CommentRow; secretariat: boolean }) {
  if (!row.hidden_at)
    return (
      <p class="typed-text" dir="auto">
        <UserText text={row.body} />
      </p>
    );
  return (
    <>
      <p class="comment-hidden">
        {ctx.t("documents.moderation.hidden", { reason: row.hidden_reason ?? "" })}
      </p>
      {secretariat ? (
        <p class="comment-hidden-text typed-text" dir="auto">
          <UserText text={row.body} />
        </p>
      ) : null}
    </>
  );
}

/** The secretariat's moderation of one comment: hide it with a reason, or show it again. */
function ModerationForm({
  ctx,
  row,
  actions,
}: {
  ctx: PageContext;
  row: CommentRow;
  actions: CommentActions;
}) {
  const action = `${actions.base}/comments/${row.id}/moderation`;
  if (row.hidden_at)
    return (
      <form method="post" action={action} class="inline-form">
        <CsrfInput ctx={ctx} />
        <input type="hidden" name="version" value={String(actions.version)} />
        <input type="hidden" name="hide" value="0" />
        <button type="submit" class="button--secondary">
          {ctx.t("documents.moderation.show")}
        </button>
      </form>
    );
  return (
    <details>
      <summary>{ctx.t("documents.moderation.hide")}</summary>
      <form method="post" action={action}>
        <CsrfInput ctx={ctx} />
        <input type="hidden" name="version" value={String(actions.version)} />
        <input type="hidden" name="hide" value="1" />
        <div class="field">
          <label for={`reason-${row.id}`}>{ctx.t("documents.moderation.reason")}</label>
          <input id={`reason-${row.id}`} name="reason" required maxLength={2000} />
        </div>
        <button type="submit">{ctx.t("documents.moderation.submit")}</button>
      </form>
    </details>
  );
}

function CommentItem({
  ctx,
  comment,
  actions,
}: {
  ctx: PageContext;
  comment: PlacedComment;
  actions: CommentActions;
}) {
  const { row } = comment;
  return (
    <li id={`comment-${row.id}`}>
      <CommentMeta ctx={ctx} row={row} authorName={comment.authorName} />
      {comment.place.kind === "orphan" ? (
        <p class="comment-orphan">{ctx.t("documents.comments.orphan", { number: comment.place.version })}</p>
      ) : null}
      {row.quote && !row.hidden_at ? (
        <p>
          <Message
            ctx={ctx}
            id="documents.comments.quoted"
            values={{
              quote: (
                <bdi lang={actions.textLang} dir={textDirection(actions.textLang)}>
                  {row.quote}
                </bdi>
              ),
            }}
          />
        </p>
      ) : null}
      <CommentBody ctx={ctx} row={row} secretariat={actions.secretariat} />
      {actions.secretariat ? <ModerationForm ctx={ctx} row={row} actions={actions} /> : null}
      {comment.replies.length ? (
        <ul class="comment-replies" aria-label={ctx.t("documents.comments.replies")}>
          {comment.replies.map((r) => (
            <li key={r.row.id} id={`comment-${r.row.id}`}>
              <CommentMeta ctx={ctx} row={r.row} authorName={r.authorName} />
              <CommentBody ctx={ctx} row={r.row} secretariat={actions.secretariat} />
              {actions.secretariat ? <ModerationForm ctx={ctx} row={r.row} actions={actions} /> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {actions.reply ? (
        <details>
          <summary>{ctx.t("documents.comments.reply")}</summary>
          <form method="post" action={`${actions.base}/comments`}>
            <CsrfInput ctx={ctx} />
            <input type="hidden" name="version" value={String(actions.version)} />
            <input type="hidden" name="parent_id" value={row.id} />
            <div class="field">
              <label for={`reply-${row.id}`}>{ctx.t("documents.field.reply")}</label>
              <textarea id={`reply-${row.id}`} name="body" rows={3} required />
            </div>
            <button type="submit">{ctx.t("documents.comments.sendReply")}</button>
          </form>
        </details>
      ) : null}
    </li>
  );
}

function CommentForm(props: {
  ctx: PageContext;
  action: string;
  version: number;
  paragraphId?: string;
  parentId?: string;
  secretariat: boolean;
  idSuffix: string;
  values?: Record<string, string>;
  errors?: FieldErrors;
}) {
  const { ctx, idSuffix } = props;
  const values = props.values ?? {};
  const field = (name: string) => `${name}-${idSuffix}`;
  return (
    <form method="post" action={props.action}>
      <CsrfInput ctx={ctx} />
      <input type="hidden" name="version" value={String(props.version)} />
      {props.paragraphId ? <input type="hidden" name="paragraph_id" value={props.paragraphId} /> : null}
      {props.parentId ? <input type="hidden" name="parent_id" value={props.parentId} /> : null}
      {Object.entries(props.errors ?? {})
        .filter(([name]) => name !== "body" && name !== "quote")
        .map(([name, message]) => (
          <p key={name} class="field-error">
            {message}
          </p>
        ))}
      {props.paragraphId ? (
        <div class="field">
          <label for={field("quote")}>{ctx.t("documents.field.quote")}</label>
          {props.errors?.quote ? <p class="field-error">{props.errors.quote}</p> : null}
          <input id={field("quote")} name="quote" value={values.quote ?? ""} />
        </div>
      ) : null}
      <div class="field">
        <label for={field("body")}>{ctx.t("documents.field.comment")}</label>
        {props.errors?.body ? <p class="field-error">{props.errors.body}</p> : null}
        <textarea id={field("body")} name="body" rows={3} required>
          {values.body ?? ""}
        </textarea>
      </div>
      {props.secretariat ? (
        <>
          <div class="field">
            <label for={field("channel")}>{ctx.t("documents.field.channel")}</label>
            <select id={field("channel")} name="channel">
              {CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {ctx.t(`documents.channel.${c}`)}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for={field("on_behalf_of")}>{ctx.t("documents.field.onBehalfOf")}</label>
            {props.errors?.on_behalf_of ? <p class="field-error">{props.errors.on_behalf_of}</p> : null}
            <input id={field("on_behalf_of")} name="on_behalf_of" value={values.on_behalf_of ?? ""} />
          </div>
        </>
      ) : null}
      <button type="submit">{ctx.t("documents.comments.submit")}</button>
    </form>
  );
}

/**
 * The comment on a selection, filled by documents.js (hidden without it): the paragraph, the quote and where it
 * starts, shown with the quote and a box for the comment. Its "Comment on selection" button is placed after the
 * paragraph holding the selection, so it comes next in the keyboard's order.
 */
function SelectionForm({ ctx, action, version }: { ctx: PageContext; action: string; version: number }) {
  return (
    <>
      <p class="selection-tools" data-selection-tools hidden>
        <button
          type="button"
          class="button--secondary"
          data-keyboard-select
          data-area-label={ctx.t("documents.selection.areaLabel")}
        >
          {ctx.t("documents.selection.keyboard")}
        </button>{" "}
        <span class="hint">{ctx.t("documents.selection.hint")}</span>
      </p>
      <button type="button" class="selection-button" data-selection-button hidden>
        {ctx.t("documents.selection.button")}
      </button>
      <form method="post" action={action} class="selection-form" data-selection-form hidden>
        <CsrfInput ctx={ctx} />
        <input type="hidden" name="version" value={String(version)} />
        <input type="hidden" name="paragraph_id" value="" />
        <input type="hidden" name="quote" value="" />
        <input type="hidden" name="start" value="" />
        <p>
          {ctx.t("documents.selection.quoted")} <q data-selection-quote />
        </p>
        <div class="field">
          <label for="selection-body">{ctx.t("documents.field.comment")}</label>
          <textarea id="selection-body" name="body" rows={3} required />
        </div>
        <button type="submit">{ctx.t("documents.comments.submit")}</button>{" "}
        <button type="button" class="button--secondary" data-selection-cancel>
          {ctx.t("documents.selection.cancel")}
        </button>
      </form>
    </>
  );
}

/**
 * When the review closes, told as the product tells a milestone: its own day (or time) and zone, then the same
 * instant on the reader's clock when known and different ("20 October 2017, end of the day, New York (UTC−4)").
 */
function closingText(ctx: PageContext, window: ReviewWindow, closes: Date): string {
  const own = window.allDay
    ? ctx.t("forums.when.endOfDay", { date: formatInZone(closes, window.zone, ctx.locale, "date") })
    : formatInZone(closes, window.zone, ctx.locale, "date-time");
  const text = `${own}${ctx.t("forums.when.separator")}${zoneLabel(ctx, window.zone, closes)}`;
  const reader = ctx.timeZone && ctx.timeZone !== window.zone ? ctx.timeZone : undefined;
  return reader
    ? `${text} — ${ctx.t("forums.when.forYou", { when: formatInZone(closes, reader, ctx.locale, "day-month-time") })}`
    : text;
}

/** A version of a document, comments beside each paragraph, the versions and the compare form. */
export function DocumentPage(props: {
  ctx: PageContext;
  forum: Forum;
  year: number;
  view: {
    /** `titleLang`: the original's language when it stands in for the reader's (content translations). */
    document: DocumentRow & { titleLang?: string };
    versions: VersionRow[];
    version: VersionRow;
    blocks: VersionBlock[];
    comments: PlacedComment[];
    window: ReviewWindow;
    reviewOpen: boolean;
    access: { secretariat: boolean; member: boolean };
  };
  signedIn: boolean;
  /** The contributions each section's heading (by paragraph id) cites. */
  citations?: Map<string, string[]>;
  /** The selection enhancement's address. */
  script?: string;
  form?: { paragraphId: string; values: Record<string, string>; errors?: FieldErrors };
  /** Why a comment was turned away (not signed in, too many comments), said at the top of the page. */
  refusal?: string;
  /** What the secretariat just did (a version published), said at the top of the page. */
  notice?: string;
  /** The language the document's text is written in (its body and quotes carry it); unknown: undefined. */
  textLang?: string;
}) {
  const { ctx, forum, year, view } = props;
  const { document, version } = view;
  const base = documentPath(forum.slug, year, document.id);
  const commentable =
    version.published_to !== "none" && props.signedIn && (view.access.member || view.reviewOpen);
  const formErrors = translateErrors(ctx, props.form?.errors);
  const onParagraph = (id: string) =>
    view.comments.filter((c) => c.place.kind !== "orphan" && c.place.paragraphId === id);
  const orphans = view.comments.filter((c) => c.place.kind === "orphan");
  const actions: CommentActions = {
    base,
    version: version.number,
    reply: commentable,
    secretariat: view.access.secretariat,
    textLang: props.textLang,
  };
  const { footnotes } = parseDocument(version.body);
  const textAttributes: Record<string, string> = {
    ...(props.textLang ? { lang: props.textLang } : {}),
    dir: textDirection(props.textLang),
  };
  // Outside the public review only the forum's members comment: no invitation to sign in then.
  const invite = version.published_to === "public" && view.reviewOpen && !props.signedIn;
  const versionHref = `${base}?version=${version.number}`;
  const contributionHref = (reference: string) =>
    `/f/${forum.slug}/${year}/contributions/${encodeURIComponent(reference)}`;
  return (
    <Layout ctx={ctx} title={document.title} forum={forum}>
      <h1 lang={document.titleLang} dir={document.titleLang ? textDirection(document.titleLang) : undefined}>
        <UserText text={document.title} lang={document.titleLang} />
      </h1>
      <p>
        {ctx.t(`documents.kind.${document.kind}`)} ·{" "}
        {ctx.t("documents.versionOf", { number: version.number, status: statusOf(ctx, version) })}
      </p>
      {version.published_to === "public" ? (
        <p class="notice">
          {view.reviewOpen
            ? view.window.closes
              ? ctx.t("documents.review.open", { closes: closingText(ctx, view.window, view.window.closes) })
              : ctx.t("documents.review.openNoEnd")
            : view.access.member
              ? ctx.t("documents.review.closedMembers")
              : ctx.t("documents.review.closed")}
          {!view.reviewOpen && view.access.secretariat ? (
            <>
              {" "}
              {view.window.source === "milestones" ? (
                <>
                  {ctx.t("documents.review.milestonesDecide")}{" "}
                  <a href={`/f/${forum.slug}/${year}/manage`}>{ctx.t("documents.review.changeMilestones")}</a>
                </>
              ) : (
                <a href={`${base}/edit#review-dates`}>{ctx.t("documents.review.setDates")}</a>
              )}
            </>
          ) : null}
        </p>
      ) : null}
      <ul class="actions">
        {view.access.secretariat ? (
          <li>
            <a href={`${base}/edit`}>{ctx.t("documents.edit.link")}</a>
          </li>
        ) : null}
        {version.published_to !== "none" ? (
          <li>
            <a href={`${base}/comments-report`}>{ctx.t("documents.report.link")}</a>
          </li>
        ) : null}
        <li>
          <a href={`${base}/print?version=${version.number}`}>{ctx.t("documents.export.print")}</a>
        </li>
        <li>
          <a href={`${base}/export.docx?version=${version.number}`}>{ctx.t("documents.export.docx")}</a>
        </li>
      </ul>
      {props.notice ? (
        <p class="notice notice--success" role="status">
          {props.notice}
        </p>
      ) : null}
      {props.refusal ? (
        <p class="notice notice--warning" role="alert">
          {props.refusal}{" "}
          {props.signedIn ? null : <a href={signInHref(versionHref)}>{ctx.t("documents.comments.signIn")}</a>}
        </p>
      ) : null}
      {invite && !props.refusal ? (
        <p>
          <a href={signInHref(versionHref)}>{ctx.t("documents.comments.signIn")}</a>
        </p>
      ) : null}
      {commentable ? <SelectionForm ctx={ctx} action={`${base}/comments`} version={version.number} /> : null}
      <div class="document-text">
        {view.blocks.map((b) => {
          const here = onParagraph(b.id);
          const open = props.form?.paragraphId === b.id;
          const cites = props.citations?.get(b.id) ?? [];
          return (
            <div key={b.id} class="document-block">
              {renderBlock(b.block, b.id, {
                // The text in its own language and direction; the comments beside it stay in the reader's.
                ...textAttributes,
                ...(commentable ? { "data-paragraph": b.id } : {}),
              })}
              {cites.length ? (
                <p class="hint section-cites">
                  {ctx.t("documents.drawsOn")}{" "}
                  {cites.map((ref, i) => (
                    <span key={ref}>
                      {i ? ", " : ""}
                      <a href={contributionHref(ref)}>{ref}</a>
                    </span>
                  ))}
                </p>
              ) : null}
              {here.length ? (
                <section aria-label={ctx.t("documents.comments.onParagraph")}>
                  <ul class="comments">
                    {here.map((c) => (
                      <CommentItem key={c.row.id} ctx={ctx} comment={c} actions={actions} />
                    ))}
                  </ul>
                </section>
              ) : null}
              {invite ? (
                <p class="hint">
                  <a href={signInHref(`${versionHref}#p-${b.id}`)}>
                    {ctx.t("documents.comments.signInParagraph")}
                  </a>
                </p>
              ) : null}
              {commentable ? (
                <details open={open || undefined}>
                  <summary>{ctx.t("documents.comments.add")}</summary>
                  <CommentForm
                    ctx={ctx}
                    action={`${base}/comments`}
                    version={version.number}
                    paragraphId={b.id}
                    secretariat={view.access.secretariat}
                    idSuffix={b.id}
                    values={open ? props.form?.values : undefined}
                    errors={open ? formErrors : undefined}
                  />
                </details>
              ) : null}
            </div>
          );
        })}
      </div>
      <Footnotes ctx={ctx} notes={footnotes} />
      {orphans.length ? (
        <section aria-labelledby="orphans-heading">
          <h2 id="orphans-heading">{ctx.t("documents.comments.orphans")}</h2>
          <ul class="comments">
            {orphans.map((c) => (
              <CommentItem key={c.row.id} ctx={ctx} comment={c} actions={actions} />
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="versions-heading">
        <h2 id="versions-heading">{ctx.t("documents.versions.heading")}</h2>
        <ul>
          {view.versions.map((v) => (
            <li key={v.id}>
              <a href={`${base}?version=${v.number}`}>{ctx.t("documents.version", { number: v.number })}</a> —{" "}
              {statusOf(ctx, v)}
              {v.note ? (
                <>
                  {" "}
                  — <UserText text={v.note} />
                </>
              ) : null}
              {view.access.secretariat ? (
                <form method="post" action={`${base}/versions/${v.number}/publish`} class="inline-form">
                  <CsrfInput ctx={ctx} />
                  <label for={`publish-${v.number}`}>{ctx.t("documents.field.publish")}</label>{" "}
                  <select id={`publish-${v.number}`} name="to">
                    {PUBLISH_TO.map((to) => (
                      <option key={to} value={to} selected={to === v.published_to}>
                        {ctx.t(`documents.published.${to}`)}
                      </option>
                    ))}
                  </select>{" "}
                  <button type="submit">{ctx.t("documents.publish.submit")}</button>
                </form>
              ) : null}
            </li>
          ))}
        </ul>
        {view.versions.length > 1 ? (
          <form method="get" action={`${base}/compare`}>
            <h3>{ctx.t("documents.compare.heading")}</h3>
            <VersionSelect
              ctx={ctx}
              name="from"
              label={ctx.t("documents.compare.from")}
              versions={view.versions}
              chosen={view.versions.at(-2)?.number}
            />
            <VersionSelect
              ctx={ctx}
              name="to"
              label={ctx.t("documents.compare.to")}
              versions={view.versions}
              chosen={view.versions.at(-1)?.number}
            />
            <button type="submit">{ctx.t("documents.compare.submit")}</button>
          </form>
        ) : null}
      </section>
      {commentable && props.script ? <script type="module" src={props.script} defer /> : null}
    </Layout>
  );
}

function VersionSelect(props: {
  ctx: PageContext;
  name: string;
  label: string;
  versions: VersionRow[];
  chosen?: number;
}) {
  return (
    <div class="field">
      <label for={`field-${props.name}`}>{props.label}</label>
      <select id={`field-${props.name}`} name={props.name}>
        {props.versions.map((v) => (
          <option key={v.id} value={String(v.number)} selected={v.number === props.chosen}>
            {props.ctx.t("documents.version", { number: v.number })}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Two versions compared, paragraph by paragraph, with words marked inside a changed paragraph. */
export function ComparePage(props: {
  ctx: PageContext;
  forum: Forum;
  year: number;
  document: DocumentRow;
  from: number;
  to: number;
  changes: ParagraphChange[];
}) {
  const { ctx, forum, year } = props;
  const title = ctx.t("documents.compare.title", { from: props.from, to: props.to });
  return (
    <Layout ctx={ctx} title={`${title} · ${props.document.title}`} forum={forum}>
      <h1>{title}</h1>
      <p>
        <a href={documentPath(forum.slug, year, props.document.id)}>
          <UserText text={props.document.title} />
        </a>
      </p>
      <ol class="document-diff">
        {props.changes.map((change) => (
          <li key={change.id} class={`diff-${change.kind}`}>
            <p>
              <strong>{ctx.t(`documents.compare.${change.kind}`)}</strong>
            </p>
            {change.kind === "changed" ? (
              <p>
                {change.words.map((w, i) =>
                  w.op === "added" ? (
                    <ins key={i}>{w.value}</ins>
                  ) : w.op === "removed" ? (
                    <del key={i}>{w.value}</del>
                  ) : (
                    <span key={i}>{w.value}</span>
                  ),
                )}
              </p>
            ) : change.kind === "removed" ? (
              <p>
                <del>{change.text}</del>
              </p>
            ) : change.kind === "added" ? (
              <p>
                <ins>{change.text}</ins>
              </p>
            ) : (
              <p>{change.text}</p>
            )}
          </li>
        ))}
      </ol>
    </Layout>
  );
}
