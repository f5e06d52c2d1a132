// The codebook page: the tree of themes and sections, each with its forms (rename, move, merge, delete), a
// form to add a code, and the CSV export and import (with the import's report of rows it could not take).
import type { CycleRow, ForumRow } from "../../forums/index.js";
import type { FieldErrors } from "../../server/errors.js";
import { CsrfInput, ErrorSummary, translateErrors, UserText } from "../../ui/components.js";
import { Layout } from "../../ui/layout.js";
import type { PageContext } from "../../ui/page-context.js";
import { analysisBase } from "../workspace/pages.js";
import type { ImportProblem } from "./service.js";
import type { CodeNode } from "./tree.js";

export interface CodebookPageProps {
  ctx: PageContext;
  forum: ForumRow;
  cycle: CycleRow;
  tree: CodeNode[];
  counts: Map<string, number>;
  notice?: string | undefined;
  errors?: FieldErrors | undefined;
  /** What the add form held when it came back with errors. */
  values?: Record<string, string>;
  problems?: ImportProblem[] | undefined;
  csv?: string | undefined;
  /** The code whose change came back refused: its changes are shown open, with the name as it was typed. */
  changing?: { codeId: string; name?: string | undefined } | undefined;
}

/** The codebook page. */
export function CodebookPage({
  ctx,
  forum,
  cycle,
  tree,
  counts,
  notice,
  errors,
  values,
  problems,
  csv,
  changing,
}: CodebookPageProps) {
  const base = `${analysisBase(forum, cycle)}/codebook`;
  const title = ctx.t("analysis.codebook.title");
  const shown = translateErrors(ctx, errors);
  return (
    <Layout ctx={ctx} title={title} forum={forum}>
      <p>
        <a href={analysisBase(forum, cycle)}>{ctx.t("analysis.title", { year: cycle.year })}</a>
      </p>
      <h1>{title}</h1>
      {notice ? (
        <p class="notice notice--success" role="status">
          {notice}
        </p>
      ) : null}
      <ErrorSummary ctx={ctx} errors={shown} />
      {tree.length === 0 ? <p>{ctx.t("analysis.codebook.empty")}</p> : null}
      {(["theme", "section"] as const).map((kind) => {
        const nodes = tree.filter((n) => n.code.kind === kind);
        if (nodes.length === 0) return null;
        return (
          <section key={kind}>
            <h2>{ctx.t(kind === "theme" ? "analysis.codebook.themes" : "analysis.codebook.sections")}</h2>
            <ul class="codebook">
              {nodes.map(({ code, depth }) => (
                <li key={code.id} id={`code-${code.id}`}>
                  <p>
                    {"— ".repeat(depth)}
                    <strong>
                      <UserText text={code.name} />
                    </strong>{" "}
                    ({ctx.t("analysis.excerpts.count", { count: counts.get(code.id) ?? 0 })})
                  </p>
                  {/* The four changes stay folded until asked for: open on every code, they buried the codebook. */}
                  <details class="code-actions" open={changing?.codeId === code.id}>
                    <summary>
                      {ctx.t("analysis.codebook.change")}
                      <span class="visually-hidden">: {code.name}</span>
                    </summary>
                    <form method="post" action={`${base}/${code.id}/rename`} class="inline">
                      <CsrfInput ctx={ctx} />
                      <label for={`rename-${code.id}`}>{ctx.t("analysis.codebook.newName")}</label>{" "}
                      <input
                        id={`rename-${code.id}`}
                        name="name"
                        value={changing?.codeId === code.id ? (changing.name ?? code.name) : code.name}
                        maxLength={200}
                        required
                      />{" "}
                      <button type="submit">{ctx.t("analysis.codebook.rename")}</button>
                    </form>{" "}
                    <form method="post" action={`${base}/${code.id}/move`} class="inline">
                      <CsrfInput ctx={ctx} />
                      <button type="submit" name="direction" value="up">
                        {ctx.t("analysis.codebook.up")}
                      </button>{" "}
                      <button type="submit" name="direction" value="down">
                        {ctx.t("analysis.codebook.down")}
                      </button>
                    </form>{" "}
                    {nodes.length > 1 ? (
                      <form method="post" action={`${base}/${code.id}/merge`} class="inline">
                        <CsrfInput ctx={ctx} />
                        <label for={`merge-${code.id}`}>{ctx.t("analysis.codebook.mergeInto")}</label>{" "}
                        <select id={`merge-${code.id}`} name="into">
                          {nodes
                            .filter((n) => n.code.id !== code.id)
                            .map((n) => (
                              <option key={n.code.id} value={n.code.id}>
                                {n.code.name}
                              </option>
                            ))}
                        </select>{" "}
                        <button type="submit">{ctx.t("analysis.codebook.merge")}</button>
                      </form>
                    ) : null}{" "}
                    <form method="post" action={`${base}/${code.id}/delete`} class="inline">
                      <CsrfInput ctx={ctx} />
                      <button type="submit" class="button--danger">
                        {ctx.t("analysis.codebook.delete")}
                      </button>
                    </form>
                  </details>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
      <h2>{ctx.t("analysis.codebook.add")}</h2>
      <form method="post" action={base}>
        <CsrfInput ctx={ctx} />
        <div class={shown?.name ? "field field--error" : "field"}>
          <label for="field-name">{ctx.t("analysis.codebook.name")}</label>
          {shown?.name ? <p class="field-error">{shown.name}</p> : null}
          <input id="field-name" name="name" value={values?.name ?? ""} maxLength={200} required />
        </div>
        <div class="field">
          <label for="field-kind">{ctx.t("analysis.codebook.kind")}</label>
          <select id="field-kind" name="kind">
            {(["theme", "section"] as const).map((k) => (
              <option key={k} value={k} selected={values?.kind === k}>
                {ctx.t(`analysis.kind.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div class={shown?.parent_id ? "field field--error" : "field"}>
          <label for="field-parent_id">{ctx.t("analysis.codebook.parent")}</label>
          {shown?.parent_id ? <p class="field-error">{shown.parent_id}</p> : null}
          <select id="field-parent_id" name="parent_id">
            <option value="">{ctx.t("analysis.codebook.noParent")}</option>
            {tree.map(({ code, depth }) => (
              <option key={code.id} value={code.id} selected={values?.parent_id === code.id}>
                {`${"— ".repeat(depth)}${code.name} (${ctx.t(`analysis.kind.${code.kind}`)})`}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{ctx.t("analysis.codebook.add")}</button>
      </form>
      <h2>{ctx.t("analysis.codebook.csv")}</h2>
      <p>
        <a href={`${base}.csv`}>{ctx.t("analysis.codebook.export")}</a>
      </p>
      {problems?.length ? (
        <div class="error-summary" role="alert">
          <h3>{ctx.t("analysis.import.problems", { count: problems.length })}</h3>
          <ul>
            {problems.map((p) => (
              <li key={`${p.line}-${p.reason}`}>
                {ctx.t("analysis.import.row", { line: p.line })}: {ctx.t(p.reason)}
                {p.name ? (
                  <>
                    {" ("}
                    <UserText text={p.name} />
                    {")"}
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <form method="post" action={`${base}/import`}>
        <CsrfInput ctx={ctx} />
        <div class="field">
          <label for="field-csv">{ctx.t("analysis.codebook.importLabel")}</label>
          <p class="hint" id="field-csv-hint">
            {ctx.t("analysis.codebook.importHint")}
          </p>
          <textarea id="field-csv" name="csv" rows={8} aria-describedby="field-csv-hint">
            {csv ?? ""}
          </textarea>
        </div>
        <button type="submit">{ctx.t("analysis.codebook.import")}</button>
      </form>
    </Layout>
  );
}
