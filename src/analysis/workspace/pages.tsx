// The workspace's pages: the cycle's analysis home and the excerpts gathered by theme or section.
import type { ContributionRow } from "../../contributions/index.js";
import type { CycleRow, ForumRow } from "../../forums/index.js";
import { UserText } from "../../ui/components.js";
import { Layout } from "../../ui/layout.js";
import type { PageContext } from "../../ui/page-context.js";
import type { CodeNode } from "../codebook/tree.js";
import { contributorOf, type ExcerptGroup } from "./service.js";

/** The workspace's address for a cycle. */
export const analysisBase = (forum: Pick<ForumRow, "slug">, cycle: Pick<CycleRow, "year">) =>
  `/f/${forum.slug}/${cycle.year}/analysis`;

/** How a page names a contribution's contributor (never an anonymous one's name). */
export function contributorLabel(ctx: PageContext, c: ContributionRow): string {
  const who = contributorOf(c);
  return who.anonymous || !who.name ? ctx.t("analysis.anonymous") : who.name;
}

/** The cycle's analysis home: the codebook at a glance, the exports, and the contributions to code. */
export function WorkspacePage({
  ctx,
  forum,
  cycle,
  contributions,
  tree,
  counts,
  nextHref,
}: {
  ctx: PageContext;
  forum: ForumRow;
  cycle: CycleRow;
  contributions: ContributionRow[];
  tree: CodeNode[];
  counts: Map<string, number>;
  nextHref: string | undefined;
}) {
  const base = analysisBase(forum, cycle);
  const title = ctx.t("analysis.title", { year: cycle.year });
  return (
    <Layout ctx={ctx} title={title} forum={forum}>
      <h1>{title}</h1>
      <p>{ctx.t("analysis.intro")}</p>
      <ul class="actions">
        <li>
          <a class="button" href={`${base}/codebook`}>
            {ctx.t("analysis.codebook.title")}
          </a>
        </li>
        <li>
          <a class="button button--secondary" href={`${base}/excerpts?by=theme`}>
            {ctx.t("analysis.excerpts.byTheme")}
          </a>
        </li>
        <li>
          <a class="button button--secondary" href={`${base}/excerpts?by=section`}>
            {ctx.t("analysis.excerpts.bySection")}
          </a>
        </li>
        <li>
          <a class="button button--secondary" href={`${base}/compare`}>
            {ctx.t("analysis.compare.title")}
          </a>
        </li>
        <li>
          <a class="button button--secondary" href={`${base}/search`}>
            {ctx.t("analysis.search.title")}
          </a>
        </li>
        <li>
          <a class="button button--secondary" href={`${base}/suggestions`}>
            {ctx.t("analysis.suggestions.title")}
          </a>
        </li>
      </ul>
      <h2>{ctx.t("analysis.codebook.title")}</h2>
      {tree.length ? (
        <ul>
          {tree.map(({ code, depth }) => (
            <li key={code.id}>
              {"— ".repeat(depth)}
              <a href={`${base}/excerpts?by=${code.kind}&code=${code.id}`}>
                <UserText text={code.name} />
              </a>{" "}
              ({ctx.t(`analysis.kind.${code.kind}`)},{" "}
              {ctx.t("analysis.excerpts.count", { count: counts.get(code.id) ?? 0 })})
            </li>
          ))}
        </ul>
      ) : (
        <p>{ctx.t("analysis.codebook.empty")}</p>
      )}
      <h2>{ctx.t("analysis.contributions.title")}</h2>
      {contributions.length ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{ctx.t("analysis.contributions.reference")}</th>
                <th scope="col">{ctx.t("analysis.contributions.contributor")}</th>
                <th scope="col">{ctx.t("analysis.contributions.action")}</th>
              </tr>
            </thead>
            <tbody>
              {contributions.map((c) => (
                <tr key={c.id}>
                  <td>{c.reference}</td>
                  <td>
                    <UserText text={contributorLabel(ctx, c)} />
                  </td>
                  <td>
                    <a href={`${base}/contributions/${c.id}`}>{ctx.t("analysis.contributions.code")}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{ctx.t("analysis.contributions.none")}</p>
      )}
      {nextHref ? (
        <p>
          <a href={nextHref}>{ctx.t("analysis.contributions.more")}</a>
        </p>
      ) : null}
    </Layout>
  );
}

/** The excerpts under their headings (themes or sections), with the exports of the same view. */
export function ExcerptsPage({
  ctx,
  forum,
  cycle,
  by,
  groups,
  codeId,
  proposalsOnly,
}: {
  ctx: PageContext;
  forum: ForumRow;
  cycle: CycleRow;
  by: "theme" | "section";
  groups: ExcerptGroup[];
  codeId: string | undefined;
  proposalsOnly: boolean;
}) {
  const base = analysisBase(forum, cycle);
  const title = ctx.t(by === "theme" ? "analysis.excerpts.byTheme" : "analysis.excerpts.bySection");
  const viewQuery = `by=${by}${codeId ? `&code=${codeId}` : ""}`;
  const query = `${viewQuery}${proposalsOnly ? "&proposals=1" : ""}`;
  return (
    <Layout ctx={ctx} title={title} forum={forum}>
      <p>
        <a href={base}>{ctx.t("analysis.title", { year: cycle.year })}</a>
      </p>
      <h1>{title}</h1>
      <p>
        {proposalsOnly ? (
          <a href={`${base}/excerpts?${viewQuery}`}>{ctx.t("analysis.excerpts.all")}</a>
        ) : (
          <a href={`${base}/excerpts?${viewQuery}&proposals=1`}>{ctx.t("analysis.excerpts.proposalsOnly")}</a>
        )}
      </p>
      <ul class="actions">
        <li>
          <a href={`${base}/excerpts.docx?${query}`}>{ctx.t("analysis.export.docx")}</a>
        </li>
        <li>
          <a href={`${base}/excerpts.csv?${query}`}>{ctx.t("analysis.export.csv")}</a>
        </li>
      </ul>
      {groups.length === 0 ? <p>{ctx.t("analysis.excerpts.none")}</p> : null}
      {groups.map((group) => (
        <section key={group.code?.id ?? "none"} aria-labelledby={`h-${group.code?.id ?? "none"}`}>
          {group.depth === 0 ? (
            <h2 id={`h-${group.code?.id ?? "none"}`}>
              {group.code ? <UserText text={group.code.name} /> : ctx.t(`analysis.excerpts.uncoded.${by}`)}
            </h2>
          ) : (
            <h3 id={`h-${group.code?.id ?? "none"}`}>
              <UserText text={group.code?.name} />
            </h3>
          )}
          {group.excerpts.length === 0 ? <p>{ctx.t("analysis.excerpts.noneHere")}</p> : null}
          {group.excerpts.map((e) => (
            <figure key={e.id} class="excerpt">
              <blockquote>
                <UserText text={e.quote} />
              </blockquote>
              <figcaption>
                {e.anonymous || !e.contributor ? (
                  ctx.t("analysis.anonymous")
                ) : (
                  <UserText text={e.contributor} />
                )}
                {e.reference ? (
                  <>
                    {", "}
                    <a href={`${base}/contributions/${e.contribution_id}`}>{e.reference}</a>
                  </>
                ) : null}
                {e.proposal ? <strong> · {ctx.t("analysis.coding.proposal")}</strong> : null}
                {e.anchor_status === "orphan" ? <strong> · {ctx.t("analysis.coding.orphan")}</strong> : null}
              </figcaption>
            </figure>
          ))}
        </section>
      ))}
    </Layout>
  );
}
