import type { ComponentChildren } from "preact";
import { isolated, UserText } from "./components.js";
import { withLang } from "./i18n/lang-param.js";
import { isLocale, LOCALE_NAMES, LOCALES } from "./i18n/locales.js";
import type { PageContext } from "./page-context.js";
import { signInHref } from "./sign-in-link.js";

export interface LayoutProps {
  ctx: PageContext;
  title: string;
  /** The forum this page belongs to: its name heads the page and its sections fill the navigation. */
  forum?: { slug: string; name: string; languages?: readonly string[]; nameLang?: string };
  children?: ComponentChildren;
}

function LanguageSwitcher({ ctx }: { ctx: PageContext }) {
  return (
    <nav class="languages" aria-label={ctx.t("layout.languages")}>
      <ul>
        {LOCALES.map((locale) => (
          <li key={locale}>
            {locale === ctx.locale ? (
              <span aria-current="true" lang={locale}>
                {LOCALE_NAMES[locale]}
              </span>
            ) : (
              <a
                href={`/lang/${locale}?next=${encodeURIComponent(ctx.path)}`}
                lang={locale}
                hrefLang={locale}
              >
                {LOCALE_NAMES[locale]}
              </a>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}

function Account({ ctx }: { ctx: PageContext }) {
  if (!ctx.viewer) {
    return (
      <a class="account" href={signInHref(ctx.path)}>
        {ctx.t("layout.signIn")}
      </a>
    );
  }
  return (
    <div class="account">
      <a href="/me">{ctx.viewer.name}</a>
      <a href="/me/actions">{ctx.t("meetings.mine.title")}</a>
      <form method="post" action="/sign-out" class="inline">
        <input type="hidden" name="_csrf" value={ctx.csrfToken ?? ""} />
        <button type="submit" class="link-button">
          {ctx.t("layout.signOut")}
        </button>
      </form>
    </div>
  );
}

/**
 * The forum's name is the secretariat's text: in the forum's first language unless the page gives it translated
 * (`nameLang`). It carries that language when it differs from the page's.
 */
function forumNameLang(
  ctx: PageContext,
  forum: { languages?: readonly string[]; nameLang?: string },
): string | undefined {
  const lang = forum.nameLang ?? (forum.languages ? (forum.languages.find(isLocale) ?? "en") : undefined);
  return lang && lang !== ctx.locale ? lang : undefined;
}

/** The page shell every HTML page renders inside: skip link, header, navigation, main, footer. */
export function Layout({ ctx, title, forum: given, children }: LayoutProps) {
  const siteName = ctx.t("site.name");
  // The name translated for the reader, unless the page gave its own (the forum's home does).
  const forum =
    given && !given.nameLang && ctx.forumName?.slug === given.slug
      ? { ...given, name: ctx.forumName.text, nameLang: ctx.forumName.lang }
      : given;
  return (
    <html lang={ctx.locale} dir={ctx.dir}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>
          {/* A title that names the forum already (the call's usual title) does not name it twice. */}
          {forum
            ? title.includes(forum.name)
              ? title
              : `${title} · ${isolated(forum.name)}`
            : `${title} · ${siteName}`}
        </title>
        <link rel="stylesheet" href={ctx.assets.stylesheet} />
        {ctx.assets.icon ? <link rel="icon" type="image/svg+xml" href={ctx.assets.icon} /> : null}
        <script type="module" src={ctx.assets.script} defer />
      </head>
      <body>
        <a class="skip-link" href="#main">
          {ctx.t("layout.skipToContent")}
        </a>
        <header class="site-header">
          <div class="site-header__inner">
            <a class="brand" href={withLang(forum ? `/f/${forum.slug}` : "/", ctx.linkLang)}>
              {forum ? <UserText text={forum.name} lang={forumNameLang(ctx, forum)} /> : siteName}
            </a>
            <Account ctx={ctx} />
          </div>
          <nav class="main-nav" aria-label={ctx.t("layout.mainNavigation")}>
            <ul>
              {forum ? (
                <li>
                  <a href={withLang(`/f/${forum.slug}`, ctx.linkLang)}>{ctx.t("layout.nav.forumHome")}</a>
                </li>
              ) : null}
              <li>
                <a href={withLang("/", ctx.linkLang)}>{ctx.t("layout.nav.forums")}</a>
              </li>
              {ctx.viewer?.isSiteAdmin ? (
                <li>
                  <a href="/admin">{ctx.t("layout.nav.admin")}</a>
                </li>
              ) : null}
              <li>
                <a href="/api">{ctx.t("layout.nav.api")}</a>
              </li>
            </ul>
          </nav>
          <LanguageSwitcher ctx={ctx} />
        </header>
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <footer class="site-footer">
          <p>{ctx.t("layout.footer.about", { name: siteName })}</p>
          <p>
            <a href="/api">{ctx.t("layout.nav.api")}</a>
          </p>
        </footer>
      </body>
    </html>
  );
}
