// The coding page of one contribution: its texts paragraph by paragraph, each paragraph with a checkbox (the
// form codes whole paragraphs without JavaScript; with it, selecting text fills the selection fields), the
// theme and section pickers, the excerpts already coded, and those no longer found in the text.
import { pickText } from "../../calls/index.js";
import type { CycleRow, ForumRow } from "../../forums/index.js";
import type { FieldErrors } from "../../server/errors.js";
import { CsrfInput, ErrorSummary, translateErrors, UserText } from "../../ui/components.js";
import { Layout } from "../../ui/layout.js";
import type { PageContext } from "../../ui/page-context.js";
import type { CodeRow } from "../queries.js";
import { analysisBase, contributorLabel } from "../workspace/pages.js";
import type { viewCoding } from "./service.js";

type CodingView = Awaited<ReturnType<typeof viewCoding>>;

function textLabel(ctx: PageContext, view: CodingView, text: CodingView["texts"][number]) {
  if (text.source === "body") return ctx.t("analysis.coding.source.body");
  if (text.source === "answer") {
    const question = view.questions.get(text.key);
    const label = question ? pickText(question.label, ctx.locale, view.originalLanguage ?? ctx.locale) : "";
    return ctx.t("analysis.coding.source.answer", { question: label || text.label });
  }
  return ctx.t("analysis.coding.source.file", { file: text.label });
}

function CodePicker({
  ctx,
  codes,
  kind,
  prefix = "code",
  checked,
}: {
  ctx: PageContext;
  codes: CodeRow[];
  kind: "theme" | "section";
  /** Makes the checkboxes' ids unique when several forms on the page pick codes. */
  prefix?: string;
  checked?: readonly string[];
}) {
  const list = codes.filter((c) => c.kind === kind);
  const legend = ctx.t(kind === "theme" ? "analysis.codebook.themes" : "analysis.codebook.sections");
  return (
    <fieldset>
      <legend>{legend}</legend>
      {list.length === 0 ? <p>{ctx.t("analysis.coding.noCodes")}</p> : null}
      {list.map((c) => (
        <div key={c.id} class="checkbox">
          <input
            type="checkbox"
            id={`${prefix}-${c.id}`}
            name={kind === "theme" ? "themes" : "sections"}
            value={c.id}
            checked={checked?.includes(c.id)}
          />
          <label for={`${prefix}-${c.id}`}>
            <UserText text={c.name} />
          </label>
        </div>
      ))}
    </fieldset>
  );
}

/** The coding page. */
export function CodingPage({
  ctx,
  forum,
  cycle,
  view,
  errors,
  notice,
  script,
}: {
  ctx: PageContext;
  forum: ForumRow;
  cycle: CycleRow;
  view: CodingView;
  errors?: FieldErrors | undefined;
  notice?: string | undefined;
  /** The enhancement script's address. */
  script: string;
}) {
  const base = `${analysisBase(forum, cycle)}/contributions/${view.contribution.id}`;
  const title = ctx.t("analysis.coding.title", { reference: view.contribution.reference ?? "" });
  const names = new Map(view.codes.map((c) => [c.id, c.name]));
  const placed = view.excerpts.filter((e) => e.anchor_status !== "orphan");
  const orphans = view.excerpts.filter((e) => e.anchor_status === "orphan");
  const Excerpt = ({ e }: { e: CodingView["excerpts"][number] }) => (
    <li>
      <blockquote>
        <UserText text={e.quote} />
      </blockquote>
      <p>
        {[
          e.codeIds.map((id) => names.get(id) ?? "").join(", "),
          e.proposal ? ctx.t("analysis.coding.proposal") : "",
          e.anchor_status === "moved" || e.anchor_status === "fuzzy"
            ? ctx.t(`analysis.coding.anchor.${e.anchor_status}`)
            : "",
          ctx.t("analysis.coding.by", { name: e.coded_by_label }),
        ]
          .filter(Boolean)
          .join(" · ")}
      </p>
      <details>
        <summary>{ctx.t("analysis.coding.recode")}</summary>
        <form method="post" action={`${base}/excerpts/${e.id}/codes`}>
          <CsrfInput ctx={ctx} />
          <CodePicker ctx={ctx} codes={view.codes} kind="theme" prefix={`e-${e.id}`} checked={e.codeIds} />
          <CodePicker ctx={ctx} codes={view.codes} kind="section" prefix={`e-${e.id}`} checked={e.codeIds} />
          <div class="checkbox">
            <input type="checkbox" id={`e-${e.id}-proposal`} name="proposal" value="1" checked={e.proposal} />
            <label for={`e-${e.id}-proposal`}>{ctx.t("analysis.coding.proposal")}</label>
          </div>
          <button type="submit">{ctx.t("analysis.coding.saveCodes")}</button>
        </form>
      </details>
      <form method="post" action={`${base}/excerpts/${e.id}/delete`} class="inline">
        <CsrfInput ctx={ctx} />
        <button type="submit" class="button--danger">
          {ctx.t("analysis.coding.delete")}
        </button>
      </form>
    </li>
  );
  return (
    <Layout ctx={ctx} title={title} forum={forum}>
      <p>
        <a href={analysisBase(forum, cycle)}>{ctx.t("analysis.title", { year: cycle.year })}</a>
      </p>
      <h1>{title}</h1>
      <p>
        <UserText text={contributorLabel(ctx, view.contribution)} />
      </p>
      {notice ? (
        <p class="notice notice--success" role="status">
          {notice}
        </p>
      ) : null}
      <ErrorSummary ctx={ctx} errors={translateErrors(ctx, errors)} />
      <form method="post" action={base} data-coding-form>
        <CsrfInput ctx={ctx} />
        <p class="hint">{ctx.t("analysis.coding.howTo")}</p>
        {view.texts.length === 0 ? <p>{ctx.t("analysis.coding.noText")}</p> : null}
        {view.texts.map((text) => (
          <section
            key={`${text.source}:${text.key}`}
            data-source={text.source}
            data-key={text.key}
            lang={text.language ?? undefined}
          >
            <h2 id={`h-${text.source}-${text.key}`}>{textLabel(ctx, view, text)}</h2>
            <button type="button" class="button--secondary" data-keyboard-select hidden>
              {ctx.t("analysis.coding.keyboard")}
            </button>
            {text.paragraphs.map((p) => {
              const id = `p-${text.source}-${text.key}-${p.start}`;
              return (
                <div key={p.start} class="checkbox coding-paragraph">
                  <input
                    type="checkbox"
                    id={id}
                    name="paragraphs"
                    value={`${text.source}:${text.key}:${p.start}:${p.end}`}
                  />
                  <label for={id} data-start={p.start}>
                    {text.text.slice(p.start, p.end)}
                  </label>
                </div>
              );
            })}
          </section>
        ))}
        <fieldset id="field-selection" data-selection hidden>
          <legend>{ctx.t("analysis.coding.selection")}</legend>
          <input type="hidden" name="source" />
          <input type="hidden" name="key" />
          <input type="hidden" name="start" />
          <input type="hidden" name="end" />
          <input type="hidden" name="quote" />
          <blockquote data-selection-quote />
        </fieldset>
        <CodePicker ctx={ctx} codes={view.codes} kind="theme" />
        <CodePicker ctx={ctx} codes={view.codes} kind="section" />
        <div class="checkbox">
          <input type="checkbox" id="field-proposal" name="proposal" value="1" />
          <label for="field-proposal">{ctx.t("analysis.coding.proposal")}</label>
        </div>
        <button type="submit">{ctx.t("analysis.coding.save")}</button>
      </form>
      <h2>{ctx.t("analysis.coding.excerpts", { count: placed.length })}</h2>
      <ul class="excerpts">
        {placed.map((e) => (
          <Excerpt key={e.id} e={e} />
        ))}
      </ul>
      {orphans.length ? (
        <section aria-labelledby="orphans">
          <h2 id="orphans">{ctx.t("analysis.coding.orphans", { count: orphans.length })}</h2>
          <p>{ctx.t("analysis.coding.orphansHint")}</p>
          <ul class="excerpts">
            {orphans.map((e) => (
              <Excerpt key={e.id} e={e} />
            ))}
          </ul>
        </section>
      ) : null}
      <script type="module" src={script} defer />
    </Layout>
  );
}
