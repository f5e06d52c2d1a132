// Beside the editor: each output section of the codebook with the excerpts coded to it, who said each, the
// contributions the section already cites, and a button per excerpt that inserts it (a submit button of the
// editor's own form, so the text being edited goes with it and nothing typed is lost, JavaScript or not).
import { UserText } from "../../ui/components.js";
import type { PageContext } from "../../ui/page-context.js";
import type { DraftingSection } from "./service.js";

/** The panel of sections and excerpts, inside the editor's form. */
export function DraftingPanel({ ctx, sections }: { ctx: PageContext; sections: DraftingSection[] }) {
  return (
    <aside class="drafting-panel" aria-labelledby="drafting-heading">
      <h2 id="drafting-heading">{ctx.t("documents.drafting.heading")}</h2>
      {sections.length === 0 ? <p>{ctx.t("documents.drafting.noSections")}</p> : null}
      {sections.map((section, s) => (
        <section key={section.name} aria-labelledby={`drafting-section-${s}`} class="drafting-section">
          <h3 id={`drafting-section-${s}`}>
            § <UserText text={section.name} />
          </h3>
          <p class="hint">
            {section.heading === null
              ? ctx.t("documents.drafting.notInText")
              : section.cites.length
                ? ctx.t("documents.drafting.drawsOn", { references: section.cites.join(", ") })
                : ctx.t("documents.drafting.citesNone")}
          </p>
          {section.excerpts.length === 0 ? <p>{ctx.t("documents.drafting.noExcerpts")}</p> : null}
          <ul class="drafting-excerpts">
            {section.excerpts.map((e) => (
              <li key={e.id}>
                <blockquote id={`excerpt-${e.id}`}>
                  <p>
                    <UserText text={e.quote} />
                  </p>
                  <footer>
                    — {e.anonymous || !e.contributor ? ctx.t("documents.drafting.anonymous") : e.contributor},{" "}
                    {e.reference}
                    {e.proposal ? ` (${ctx.t("documents.drafting.proposal")})` : ""}
                  </footer>
                </blockquote>
                {e.inText ? <p class="hint">{ctx.t("documents.drafting.inText")}</p> : null}
                <button
                  type="submit"
                  name="insert"
                  value={e.id}
                  class="button--secondary"
                  aria-describedby={`excerpt-${e.id}`}
                >
                  {ctx.t("documents.drafting.insert")}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </aside>
  );
}
