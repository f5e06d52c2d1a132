// What a variant's source questionnaire changed since the variant was derived from it.
import { CsrfInput } from "../../ui/components.js";
import type { PageContext } from "../../ui/page-context.js";
import { Localized } from "../page-parts.js";
import type { VariantRow } from "../queries.js";
import { driftCount, type VariantDrift } from "./drift.js";

/** The source's changes a variant can take, with an "Update from base" button for editors. */
export function DriftNotice({
  ctx,
  root,
  variant,
  variants,
  drift,
  original,
  canEdit,
}: {
  ctx: PageContext;
  root: string;
  variant: VariantRow;
  variants: VariantRow[];
  drift: VariantDrift;
  original: string;
  canEdit: boolean;
}) {
  const t = ctx.t;
  const source = variants.find((v) => v.key === variant.derived_from);
  const labels = new Map(source?.sections.flatMap((s) => s.questions.map((q) => [q.id, q.label])) ?? []);
  const list = (ids: string[], heading: string) =>
    ids.length ? (
      <>
        <h3>{t(heading)}</h3>
        <ul>
          {ids.map((id) => (
            <li key={id}>
              <Localized ctx={ctx} text={labels.get(id)} lang={ctx.locale} original={original} />
            </li>
          ))}
        </ul>
      </>
    ) : null;
  return (
    <section class="notice notice--warning" aria-labelledby="drift-title" id="drift">
      <h2 id="drift-title">{t("calls.drift.notice", { count: driftCount(drift) })}</h2>
      {list(drift.added, "calls.drift.added")}
      {list(drift.reworded, "calls.drift.reworded")}
      {canEdit ? (
        <form method="post" action={`${root}/update-from-base`}>
          <CsrfInput ctx={ctx} />
          <input type="hidden" name="variant" value={variant.key} />
          <p class="hint">{t("calls.drift.keeps")}</p>
          <button type="submit">{t("calls.drift.update")}</button>
        </form>
      ) : null}
    </section>
  );
}
