// The print-ready page of a version: the text, its notes and the annex of contributions, without the comments;
// the stylesheet's print rules leave out the site's header and footer (the browser makes the PDF).
import { UserText } from "../../ui/components.js";
import { Layout } from "../../ui/layout.js";
import type { PageContext } from "../../ui/page-context.js";
import { parseDocument, renderBlock, renderFootnotes } from "../markdown.js";
import type { DocumentRow, VersionRow } from "../queries.js";
import { blocksOf } from "../service.js";

/** The print page. */
export function PrintPage(props: {
  ctx: PageContext;
  forum: { slug: string; name: string };
  document: DocumentRow;
  version: VersionRow;
  subtitle: string;
  documentHref: string;
  annexTitle: string;
  annex: string[];
}) {
  const { ctx, document, version } = props;
  const { footnotes } = parseDocument(version.body);
  return (
    <Layout ctx={ctx} title={document.title} forum={props.forum}>
      <article class="document-print">
        <p class="print-hide">
          <a href={`${props.documentHref}?version=${version.number}`}>{ctx.t("documents.export.back")}</a> ·{" "}
          {ctx.t("documents.export.printHint")}
        </p>
        <h1>
          <UserText text={document.title} />
        </h1>
        <p class="hint">{props.subtitle}</p>
        <div class="document-text">{blocksOf(version).map((b) => renderBlock(b.block, b.id))}</div>
        {footnotes.length ? (
          <section class="footnotes" aria-label={ctx.t("documents.footnotes.heading")}>
            <hr />
            {renderFootnotes(footnotes, ctx.t("documents.footnotes.back"))}
          </section>
        ) : null}
        <section class="print-annex" aria-labelledby="annex-heading">
          <h2 id="annex-heading">{props.annexTitle}</h2>
          <ol>
            {props.annex.map((entry, i) => (
              <li key={i}>
                <UserText text={entry} />
              </li>
            ))}
          </ol>
        </section>
      </article>
    </Layout>
  );
}
