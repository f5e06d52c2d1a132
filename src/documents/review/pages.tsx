// "What happened to the comments": a public page per document, each comment with the secretariat's answer,
// filterable by outcome with the count of each; the secretariat answers each comment from the same page.
import { CsrfInput, Instant, UserText } from "../../ui/components.js";
import { Layout } from "../../ui/layout.js";
import type { PageContext } from "../../ui/page-context.js";
import type { DocumentRow, VersionRow } from "../queries.js";
import { OUTCOMES, type ReportEntry, type ReportFilter } from "./service.js";

/** Where a document's report lives. */
export const reportPath = (documentPath: string) => `${documentPath}/comments-report`;

function DispositionForm(props: {
  ctx: PageContext;
  action: string;
  entry: ReportEntry;
  versions: VersionRow[];
}) {
  const { ctx, entry } = props;
  const id = entry.comment.id;
  const current = entry.disposition;
  return (
    <form method="post" action={props.action} class="disposition-form">
      <CsrfInput ctx={ctx} />
      <div class="field">
        <label for={`outcome-${id}`}>{ctx.t("documents.disposition.outcome")}</label>
        <select id={`outcome-${id}`} name="outcome">
          {OUTCOMES.map((o) => (
            <option key={o} value={o} selected={current?.outcome === o}>
              {ctx.t(`documents.disposition.${o}`)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for={`version-${id}`}>{ctx.t("documents.disposition.version")}</label>
        <select id={`version-${id}`} name="version">
          <option value="">{ctx.t("documents.disposition.noVersion")}</option>
          {props.versions.map((v) => (
            <option key={v.id} value={String(v.number)} selected={current?.version === v.number}>
              {ctx.t("documents.version", { number: v.number })}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for={`note-${id}`}>{ctx.t("documents.disposition.note")}</label>
        <textarea id={`note-${id}`} name="note" rows={2}>
          {current?.note ?? ""}
        </textarea>
      </div>
      <button type="submit">{ctx.t("documents.disposition.submit")}</button>
    </form>
  );
}

/** The report page. */
export function ReportPage(props: {
  ctx: PageContext;
  forum: { slug: string; name: string };
  document: DocumentRow;
  documentHref: string;
  entries: ReportEntry[];
  counts: Record<ReportFilter | "all", number>;
  filter: ReportFilter | null;
  secretariat: boolean;
  versions: VersionRow[];
  saved?: boolean;
}) {
  const { ctx, document } = props;
  const title = ctx.t("documents.report.title", { title: document.title });
  const path = reportPath(props.documentHref);
  const filters: (ReportFilter | "all")[] = ["all", ...OUTCOMES, "pending"];
  return (
    <Layout ctx={ctx} title={title} forum={props.forum}>
      <h1>{title}</h1>
      {props.saved ? (
        <p class="notice notice--success" role="status">
          {ctx.t("documents.disposition.saved")}
        </p>
      ) : null}
      <p>
        <a href={props.documentHref}>
          <UserText text={document.title} />
        </a>
      </p>
      <nav aria-label={ctx.t("documents.report.filter")}>
        <ul class="report-filters">
          {filters.map((f) => {
            const label = `${ctx.t(f === "all" ? "documents.report.all" : f === "pending" ? "documents.report.pending" : `documents.disposition.${f}`)} (${props.counts[f]})`;
            const current = (props.filter ?? "all") === f;
            return (
              <li key={f}>
                {current ? (
                  <strong aria-current="page">{label}</strong>
                ) : (
                  <a href={f === "all" ? path : `${path}?outcome=${f}`}>{label}</a>
                )}
              </li>
            );
          })}
        </ul>
      </nav>
      {props.entries.length === 0 ? <p>{ctx.t("documents.report.none")}</p> : null}
      <ol class="report">
        {props.entries.map((entry) => {
          const c = entry.comment;
          const d = entry.disposition;
          return (
            <li key={c.id} id={`comment-${c.id}`}>
              <p class="comment-meta">
                {ctx.t("documents.comments.by", {
                  name: entry.authorName,
                  channel: ctx.t(`documents.channel.${c.channel}`),
                })}{" "}
                · {ctx.t("documents.version", { number: entry.madeOnVersion })} ·{" "}
                <Instant ctx={ctx} at={c.created_at} />
              </p>
              {c.hidden_at ? (
                <p class="comment-hidden">
                  {ctx.t("documents.moderation.hidden", { reason: c.hidden_reason ?? "" })}
                </p>
              ) : (
                <>
                  {c.quote ? <p>{ctx.t("documents.comments.quoted", { quote: c.quote })}</p> : null}
                  <p>
                    <UserText text={c.body} />
                  </p>
                </>
              )}
              <p class="disposition">
                <strong>
                  {d ? ctx.t(`documents.disposition.${d.outcome}`) : ctx.t("documents.report.pending")}
                </strong>
                {d?.version ? ` · ${ctx.t("documents.disposition.inVersion", { number: d.version })}` : ""}
                {d?.note ? (
                  <>
                    {" "}
                    — <UserText text={d.note} />
                  </>
                ) : null}
              </p>
              {props.secretariat ? (
                <details>
                  <summary>{ctx.t("documents.disposition.answer")}</summary>
                  <DispositionForm
                    ctx={ctx}
                    action={`${props.documentHref}/comments/${c.id}/disposition`}
                    entry={entry}
                    versions={props.versions}
                  />
                </details>
              ) : null}
            </li>
          );
        })}
      </ol>
    </Layout>
  );
}
