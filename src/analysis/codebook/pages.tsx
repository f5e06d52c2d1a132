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
  /**
   * The code whose change came back refused: its changes are shown open, with the name as it was typed, and
   * the refusal (`errors`, keyed `name` or `into`) beside its own field rather than the add form's.
   */
  changing?: { codeId: string; name?: string | undefined } | undefined;
  /** The code a change just succeeded on: the notice is shown beside it (the page scrolls there). */
  changedCodeId?: string | undefined;
}

/** The id of a code's own field for a change (rename's name, merge's target): what the error summary links to. */
function changeFieldId(codeId: string, field: string): string {
  return `field-${field === "into" ? "merge" : "rename"}-${codeId}`;
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
  changedCodeId,
}: CodebookPageProps) {
  const base = `${analysisBase(forum, cycle)}/codebook`;
  const title = ctx.t("analysis.codebook.title");
  const shown = translateErrors(ctx, errors);
  // A refused change's errors belong to that code's fields, not to the add form's of the same names.
  const changeErrors = changing ? shown : undefined;
  const addErrors = changing ? undefined : shown;
  const noticeAt =
    notice && changedCodeId && tree.some((n) => n.code.id === changedCodeId) ? changedCodeId : "";
  return (
    <Layout ctx={ctx} title={title} forum={forum}>
      <p>
        <a href={analysisBase(forum, cycle)}>{ctx.t("analysis.title", { year: cycle.year })}</a>
      </p>
      <h1>{title}</h1>
      {notice && !noticeAt ? (
        <p class="notice notice--success" role="status">
          {notice}
        </p>
      ) : null}
      {changing && changeErrors ? (
        <ChangeErrorSummary ctx={ctx} codeId={changing.codeId} errors={changeErrors} />
      ) : (
        <ErrorSummary ctx={ctx} errors={addErrors} />
      )}
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
                  {noticeAt === code.id ? (
                    <p class="notice notice--success" role="status">
                      {notice}
                    </p>
                  ) : null}
                  {/* The four changes stay folded until asked for: open on every code, they buried the codebook. */}
                  <details class="code-actions" open={changing?.codeId === code.id}>
                    <summary>
                      {ctx.t("analysis.codebook.change")}
                      <span class="visually-hidden">: {code.name}</span>
                    </summary>
                    <form method="post" action={`${base}/${code.id}/rename`} class="inline">
                      <CsrfInput ctx={ctx} />
                      <label for={changeFieldId(code.id, "name")}>{ctx.t("analysis.codebook.newName")}</label>{" "}
                      {changing?.codeId === code.id && changeErrors?.name ? (
                        <span class="field-error" id={`${changeFieldId(code.id, "name")}-error`}>
                          {changeErrors.name}
                        </span>
                      ) : null}{" "}
                      <input
                        id={changeFieldId(code.id, "name")}
                        name="name"
                        value={changing?.codeId === code.id ? (changing.name ?? code.name) : code.name}
                        maxLength={200}
                        required
                        aria-invalid={changing?.codeId === code.id && changeErrors?.name ? "true" : undefined}
                        aria-describedby={
                          changing?.codeId === code.id && changeErrors?.name
                            ? `${changeFieldId(code.id, "name")}-error`
                            : undefined
                        }
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
                        <label for={changeFieldId(code.id, "into")}>
                          {ctx.t("analysis.codebook.mergeInto")}
                        </label>{" "}
                        {changing?.codeId === code.id && changeErrors?.into ? (
                          <span class="field-error">{changeErrors.into}</span>
                        ) : null}{" "}
                        <select id={changeFieldId(code.id, "into")} name="into">
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
        <div class={addErrors?.name ? "field field--error" : "field"}>
          <label for="field-name">{ctx.t("analysis.codebook.name")}</label>
          {addErrors?.name ? <p class="field-error">{addErrors.name}</p> : null}
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
        <div class={addErrors?.parent_id ? "field field--error" : "field"}>
          <label for="field-parent_id">{ctx.t("analysis.codebook.parent")}</label>
          {addErrors?.parent_id ? <p class="field-error">{addErrors.parent_id}</p> : null}
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

/** The error summary of a refused change: each message links to that code's own field. */
function ChangeErrorSummary({
  ctx,
  codeId,
  errors,
}: {
  ctx: PageContext;
  codeId: string;
  errors: Record<string, string>;
}) {
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1}>
      <h2 id="error-summary-title">{ctx.t("form.errors.title", { count: Object.keys(errors).length })}</h2>
      <ul>
        {Object.entries(errors).map(([field, message]) => (
          <li key={field}>
            <a href={`#${changeFieldId(codeId, field)}`}>{message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}
