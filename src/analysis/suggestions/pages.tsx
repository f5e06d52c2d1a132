// The theme-suggestion page: ask for suggestions, follow the job's progress (a reload shows it; no script
// needed), then each group of similar contributions with its terms and the contributions that explain it,
// and each contribution's own terms; every term not yet in the codebook has its one-click "add" button.
import type { CycleRow, ForumRow } from "../../forums/index.js";
import { CsrfInput, UserText } from "../../ui/components.js";
import { Layout } from "../../ui/layout.js";
import type { PageContext } from "../../ui/page-context.js";
import type { SuggestionRunRow } from "../queries.js";
import { analysisBase } from "../workspace/pages.js";
import type { ScoredTerm } from "./keyphrases.js";

/** A term with its button, or the mark that it is already a theme. */
function TermItem({
  ctx,
  action,
  term,
  themes,
}: {
  ctx: PageContext;
  action: string;
  term: ScoredTerm;
  themes: Set<string>;
}) {
  return (
    <li>
      <UserText text={term.term} />{" "}
      {themes.has(term.term.toLowerCase()) ? (
        <span class="muted">({ctx.t("analysis.suggestions.inCodebook")})</span>
      ) : (
        <form method="post" action={action} class="inline">
          <CsrfInput ctx={ctx} />
          <input type="hidden" name="term" value={term.term} />
          <button type="submit" class="button--secondary">
            {ctx.t("analysis.suggestions.accept", { term: term.term })}
          </button>
        </form>
      )}
    </li>
  );
}

/** The suggestions of the cycle's latest run, or its progress. */
export function SuggestionsPage({
  ctx,
  forum,
  cycle,
  run,
  themes,
  notice,
}: {
  ctx: PageContext;
  forum: ForumRow;
  cycle: CycleRow;
  run: SuggestionRunRow | undefined;
  themes: Set<string>;
  notice: string | undefined;
}) {
  const t = ctx.t;
  const base = analysisBase(forum, cycle);
  const path = `${base}/suggestions`;
  const accept = `${path}/accept`;
  const title = t("analysis.suggestions.title");
  const busy = run && (run.status === "queued" || run.status === "running");
  const result = run?.status === "done" ? run.result : null;
  return (
    <Layout ctx={ctx} title={title} forum={forum}>
      <p>
        <a href={base}>{t("analysis.title", { year: cycle.year })}</a>
      </p>
      <h1>{title}</h1>
      {notice ? (
        <p class="notice notice--success" role="status">
          {notice}
        </p>
      ) : null}
      <p>{t("analysis.suggestions.intro")}</p>
      {busy ? (
        <p role="status">
          <progress max={Math.max(run.total, 1)} value={run.done} aria-label={title} />{" "}
          {t("analysis.suggestions.progress", { done: run.done, total: run.total })}
        </p>
      ) : (
        <form method="post" action={path}>
          <CsrfInput ctx={ctx} />
          <button type="submit">{t("analysis.suggestions.run")}</button>
        </form>
      )}
      {run?.status === "failed" ? <p role="alert">{t("analysis.suggestions.failed")}</p> : null}
      {!run ? <p>{t("analysis.suggestions.none")}</p> : null}
      {result ? (
        <>
          <p>{t("analysis.suggestions.made", { count: result.documents.length })}</p>
          <h2>{t("analysis.suggestions.clusters")}</h2>
          {result.clusters.map((cluster, i) => (
            <section key={cluster.members[0]?.id ?? i} aria-labelledby={`cluster-${i + 1}`}>
              <h3 id={`cluster-${i + 1}`}>{t("analysis.suggestions.cluster", { number: i + 1 })}</h3>
              <h4>{t("analysis.suggestions.terms")}</h4>
              <ul>
                {cluster.terms.map((term) => (
                  <TermItem key={term.key} ctx={ctx} action={accept} term={term} themes={themes} />
                ))}
              </ul>
              <h4>{t("analysis.suggestions.explainedBy")}</h4>
              <ul>
                {cluster.members.slice(0, 10).map((m) => (
                  <li key={m.id}>
                    <a href={`${base}/contributions/${m.id}`}>{m.reference ?? m.id}</a>
                    {m.terms.length ? (
                      <>
                        {": "}
                        <UserText text={m.terms.join(", ")} />
                      </>
                    ) : null}
                  </li>
                ))}
              </ul>
            </section>
          ))}
          <h2>{t("analysis.suggestions.perContribution")}</h2>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("analysis.contributions.reference")}</th>
                  <th scope="col">{t("analysis.suggestions.terms")}</th>
                </tr>
              </thead>
              <tbody>
                {result.documents.slice(0, 200).map((d) => (
                  <tr key={d.id}>
                    <th scope="row">
                      <a href={`${base}/contributions/${d.id}`}>{d.reference ?? d.id}</a>
                    </th>
                    <td>
                      <ul>
                        {d.terms.map((term) => (
                          <TermItem key={term.key} ctx={ctx} action={accept} term={term} themes={themes} />
                        ))}
                      </ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </Layout>
  );
}
