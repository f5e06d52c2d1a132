// The members' search page: a search box, how many contributions match, each with its highlighted snippet,
// the excerpts found, and the next page.
import type { CycleRow, ForumRow } from "../../forums/index.js";
import { Snippet, UserText } from "../../ui/components.js";
import { Layout } from "../../ui/layout.js";
import type { PageContext } from "../../ui/page-context.js";
import { analysisBase } from "../workspace/pages.js";
import type { SearchCount } from "./counts.js";
import type { SearchResults } from "./service.js";

/** The search page, before and after a search. */
export function SearchPage({
  ctx,
  forum,
  cycle,
  results,
  nextHref,
}: {
  ctx: PageContext;
  forum: ForumRow;
  cycle: CycleRow;
  results: SearchResults | undefined;
  nextHref: string | undefined;
}) {
  const { t } = ctx;
  const base = analysisBase(forum, cycle);
  const title = t("analysis.search.title");
  return (
    <Layout ctx={ctx} title={results?.q ? `${results.q} — ${title}` : title} forum={forum}>
      <p>
        <a href={base}>{t("analysis.title", { year: cycle.year })}</a>
      </p>
      <h1>{title}</h1>
      <p class="hint">{t("analysis.search.hint")}</p>
      <form method="get" action={`${base}/search`} class="search-form">
        <label for="search-q">{t("analysis.search.label")}</label>{" "}
        <input id="search-q" name="q" type="search" value={results?.q ?? ""} maxLength={200} />{" "}
        <button type="submit">{t("analysis.search.submit")}</button>
      </form>
      {results?.q ? (
        <>
          <SearchCountLine ctx={ctx} count={results.count} />
          {results.contributions.length ? (
            <ol class="search-results">
              {results.contributions.map((hit) => (
                <li key={hit.contribution.id}>
                  <a href={`${base}/contributions/${hit.contribution.id}`}>{hit.contribution.reference}</a>{" "}
                  <UserText text={hit.anonymous ? t("analysis.anonymous") : hit.contributor} />
                  <Snippet parts={hit.snippet} lang={hit.contribution.language ?? undefined} />
                </li>
              ))}
            </ol>
          ) : null}
          {nextHref ? (
            <p>
              <a href={nextHref} rel="next">
                {t("analysis.search.more")}
              </a>
            </p>
          ) : null}
          {results.excerpts.length ? (
            <>
              <h2>{t("analysis.search.excerpts")}</h2>
              <ul class="search-results">
                {results.excerpts.map((e) => (
                  <li key={e.id}>
                    <a href={`${base}/contributions/${e.contribution_id}`}>{e.reference}</a>
                    {e.codes.length ? (
                      <>
                        {" "}
                        (<UserText text={e.codes.join(", ")} />)
                      </>
                    ) : null}
                    <Snippet parts={e.snippet} />
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      ) : null}
    </Layout>
  );
}

/**
 * How many contributions match, said honestly: an exact number, "more than" the cap when the count stopped
 * there, and beside it PostgreSQL's estimate, named as an estimate.
 */
export function SearchCountLine({ ctx, count }: { ctx: PageContext; count: SearchCount }) {
  const { t } = ctx;
  return (
    <p role="status" id="search-count">
      {count.exact
        ? t("analysis.search.count", { count: count.value })
        : count.estimate
          ? t("analysis.search.countEstimate", { count: count.value, estimate: count.estimate })
          : t("analysis.search.countMore", { count: count.value })}
    </p>
  );
}
