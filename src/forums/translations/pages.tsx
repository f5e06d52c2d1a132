// The secretariat's translation pages: what is missing per language, and entering one language's texts.
import { CsrfInput, Notice, UserText } from "../../ui/components.js";
import { directionOf, LOCALE_NAMES, type Locale } from "../../ui/i18n/locales.js";
import { Layout } from "../../ui/layout.js";
import type { PageContext } from "../../ui/page-context.js";
import type { ForumRow } from "../lookup.js";
import { fieldName, type LanguageStatus } from "./service.js";

const LangName = ({ locale }: { locale: Locale }) => <bdi lang={locale}>{LOCALE_NAMES[locale]}</bdi>;

/** /f/{forum}/translations: per language, how many texts are missing and which. */
export function TranslationStatusPage({
  ctx,
  forum,
  original,
  languages,
}: {
  ctx: PageContext;
  forum: ForumRow;
  original: Locale;
  languages: LanguageStatus[];
}) {
  const t = ctx.t;
  const total = languages[0]?.items.length ?? 0;
  return (
    <Layout ctx={ctx} title={t("forums.translations.title")} forum={forum}>
      <h1>{t("forums.translations.title")}</h1>
      <p>
        {t("forums.translations.intro", { count: total })} {t("forums.translations.original")}{" "}
        <LangName locale={original} />.
      </p>
      {languages.map((language) => (
        <section key={language.locale} aria-labelledby={`lang-${language.locale}`}>
          <h2 id={`lang-${language.locale}`}>
            <LangName locale={language.locale} />
          </h2>
          <p>
            {language.missing
              ? t("forums.translations.missing", { count: language.missing, total })
              : t("forums.translations.complete")}{" "}
            <a href={`/f/${forum.slug}/translations/${language.locale}`}>{t("forums.translations.enter")}</a>
          </p>
          {language.missing ? (
            <ul>
              {language.items
                .filter((item) => !item.translation)
                .map((item) => (
                  <li key={fieldName(item.key)}>
                    <span class="badge badge--late">{t("forums.translations.missingBadge")}</span>{" "}
                    {item.where}
                    {item.elsewhere ? (
                      <>
                        {" "}
                        (
                        <a href={item.elsewhere.href(language.locale)}>
                          {t("forums.translations.elsewhere")}
                        </a>
                        )
                      </>
                    ) : null}
                  </li>
                ))}
            </ul>
          ) : null}
        </section>
      ))}
    </Layout>
  );
}

/** /f/{forum}/translations/{lang}: each text in the original beside a field for its translation. */
export function TranslationEditPage({
  ctx,
  forum,
  original,
  language,
  notice,
}: {
  ctx: PageContext;
  forum: ForumRow;
  original: Locale;
  language: LanguageStatus;
  notice?: string;
}) {
  const t = ctx.t;
  const here = `/f/${forum.slug}/translations/${language.locale}`;
  const own = language.items.filter((item) => !item.elsewhere);
  const elsewhere = language.items.filter((item) => item.elsewhere);
  const title = t("forums.translations.editTitle", { language: LOCALE_NAMES[language.locale] });
  return (
    <Layout ctx={ctx} title={title} forum={forum}>
      <p>
        <a href={`/f/${forum.slug}/translations`}>{t("forums.translations.title")}</a>
      </p>
      <h1>{title}</h1>
      <Notice text={notice} />
      <p>{t("forums.translations.editIntro")}</p>
      <form method="post" action={here}>
        <CsrfInput ctx={ctx} />
        {own.map((item) => {
          const name = fieldName(item.key);
          return (
            <div class="field" key={name}>
              <label for={`field-${name}`}>{item.where}</label>
              <p class="hint" id={`field-${name}-original`}>
                {t("forums.translations.originalText")} <UserText text={item.text} lang={original} />
              </p>
              <textarea
                id={`field-${name}`}
                name={name}
                rows={item.text.length > 120 ? 4 : 2}
                lang={language.locale}
                dir={directionOf(language.locale)}
                aria-describedby={`field-${name}-original`}
              >
                {item.translation ?? ""}
              </textarea>
            </div>
          );
        })}
        <p>
          <button type="submit">{t("forums.translations.save")}</button>
        </p>
      </form>
      {elsewhere.length ? (
        <>
          <h2>{t("forums.translations.elsewhereTitle")}</h2>
          <ul>
            {elsewhere.map((item) => (
              <li key={fieldName(item.key)}>
                {item.where}:{" "}
                {item.translation ? t("forums.translations.done") : t("forums.translations.missingBadge")} (
                <a href={item.elsewhere?.href(language.locale)}>{t("forums.translations.elsewhere")}</a>)
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Layout>
  );
}
