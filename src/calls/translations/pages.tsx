// Translations side by side: the original on the left, the translation on the right.
import type { FieldErrors } from "../../server/errors.js";
import { CsrfInput, ErrorSummary } from "../../ui/components.js";
import type { Locale } from "../../ui/i18n/locales.js";
import { Layout } from "../../ui/layout.js";
import type { PageContext } from "../../ui/page-context.js";
import { base, type Cycle, type Forum, LangName, Localized, langInText } from "../page-parts.js";
import type { VariantRow } from "../queries.js";
import type { TextSlot } from "../questions/edit.js";
import { shownErrors } from "../view.js";

/** Translations side by side: the original on the left, the translation on the right; missing ones flagged. */
export function TranslatePage({
  ctx,
  forum,
  cycle,
  variant,
  original,
  lang,
  slots,
  missing,
  errors,
}: {
  ctx: PageContext;
  forum: Forum;
  cycle: Cycle;
  variant: VariantRow;
  original: string;
  lang: string | undefined;
  slots: TextSlot[];
  missing: Partial<Record<Locale, number>>;
  errors?: FieldErrors;
}) {
  const t = ctx.t;
  const shown = shownErrors(ctx, errors);
  const root = `${base(forum, cycle)}/questionnaire`;
  const title = t("calls.translate.title");
  return (
    <Layout ctx={ctx} title={title} forum={forum}>
      <p>
        <a href={`${root}?variant=${variant.key}`}>{t("calls.edit.back")}</a>
      </p>
      <h1>
        {title}: <Localized ctx={ctx} text={variant.name} lang={ctx.locale} original={original} />
      </h1>
      <ErrorSummary ctx={ctx} errors={shown} />
      <nav aria-label={t("calls.translate.languages")}>
        <ul>
          {Object.entries(missing).map(([l, count]) => (
            <li key={l}>
              {l === lang ? (
                <strong aria-current="page">
                  <LangName lang={l} />
                </strong>
              ) : (
                <a href={`${root}/translate?variant=${variant.key}&lang=${l}`}>
                  <LangName lang={l} />
                </a>
              )}
              {": "}
              {t("calls.translate.missingCount", { count: count ?? 0 })}
            </li>
          ))}
        </ul>
      </nav>
      {!lang ? (
        <p>{t("calls.builder.oneLanguage")}</p>
      ) : (
        <form method="post" action={`${root}/translate?variant=${variant.key}&lang=${lang}`}>
          <CsrfInput ctx={ctx} />
          <p>{t("calls.translate.intro", { language: langInText(lang), original: langInText(original) })}</p>
          <div class="table-wrap">
            <table class="translation-table">
              {/* Original and translation get equal halves: a long original must not squeeze the field. */}
              <colgroup>
                <col width="50%" />
                <col width="50%" />
              </colgroup>
              <thead>
                <tr>
                  <th scope="col">{t("calls.translate.original", { language: langInText(original) })}</th>
                  <th scope="col">{t("calls.translate.translation", { language: langInText(lang) })}</th>
                </tr>
              </thead>
              <tbody>
                {slots.map((slot, i) => {
                  const source = slot.text[original] ?? "";
                  const current = slot.text[lang] ?? "";
                  const isMissing = source.trim() !== "" && current.trim() === "";
                  const id = `tr-${i}`;
                  return (
                    <tr key={slot.key}>
                      <td>
                        <p class="muted">{t(slot.role)}</p>
                        <p id={`${id}-source`} lang={original} class="pre-wrap">
                          {source}
                        </p>
                      </td>
                      <td>
                        <label for={id}>
                          {t("calls.translate.fieldLabel", {
                            what: t(slot.role),
                            language: langInText(lang),
                          })}
                        </label>
                        {isMissing ? (
                          <p>
                            <span class="badge badge--late" id={`${id}-missing`}>
                              {t("calls.translate.missing")}
                            </span>
                          </p>
                        ) : null}
                        {slot.multiline ? (
                          <textarea
                            id={id}
                            name={slot.key}
                            rows={rowsFor(current.length > source.length ? current : source)}
                            lang={lang}
                            aria-describedby={`${id}-source${isMissing ? ` ${id}-missing` : ""}`}
                          >
                            {current}
                          </textarea>
                        ) : (
                          <input
                            type="text"
                            id={id}
                            name={slot.key}
                            value={current}
                            lang={lang}
                            aria-describedby={`${id}-source${isMissing ? ` ${id}-missing` : ""}`}
                          />
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <button type="submit">{t("calls.translate.save")}</button>
        </form>
      )}
    </Layout>
  );
}

/** Rows a textarea needs to show a text whole in half the page (about 60 characters a line), within bounds. */
export function rowsFor(text: string): number {
  const lines = text.split("\n").reduce((n, line) => n + Math.max(1, Math.ceil(line.length / 60)), 0);
  return Math.min(30, Math.max(3, lines + 1));
}
