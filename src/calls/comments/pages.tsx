// Members' comment threads beside the questions and sections of a draft questionnaire.
import { CsrfInput, Instant } from "../../ui/components.js";
import type { PageContext } from "../../ui/page-context.js";
import type { CommentRow } from "./service.js";

/** The comment threads on one question or section, with a form to start or answer one. */
export function CommentThreads({
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
