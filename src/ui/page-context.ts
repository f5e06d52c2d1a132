import type { Locale } from "./i18n/locales.js";
import type { Translate } from "./i18n/translate.js";

/** The signed-in person, as pages need them. */
export interface Viewer {
  id: string;
  name: string;
  email: string;
  isSiteAdmin: boolean;
}

/** What every page component needs to know about the request it renders for. */
export interface PageContext {
  locale: Locale;
  dir: "ltr" | "rtl";
  t: Translate;
  /** The path and query of the current page, for the language switcher and sign-in returns. */
  path: string;
  /** The language the page was reached with (?lang=), for links that should keep it. */
  linkLang?: Locale;
  /** The reader's time zone (profile, or the browser's when it told us), for showing instants. */
  timeZone: string | undefined;
  viewer: Viewer | undefined;
  /** Token for state-changing forms; present when a session exists. */
  csrfToken: string | undefined;
  /** Hashed asset URLs; `icon` is the site's favicon (absent in pages rendered outside the app). */
  assets: { stylesheet: string; script: string; icon?: string };
  requestId: string;
  /** The forum's name in the reader's language, when the page is one of that forum's (set by the forums folder). */
  forumName?: { slug: string; text: string; lang: string };
}
