// ?lang= on an address: a page reached with it is shown in that language, and its navigation keeps it.
import type { Locale } from "./locales.js";

/** The address without its ?lang= parameter (the language switcher's way back). */
export function withoutLang(url: string): string {
  const q = url.indexOf("?");
  if (q === -1) return url;
  const kept = url
    .slice(q + 1)
    .split("&")
    .filter((pair) => pair !== "" && pair.split("=")[0] !== "lang");
  return kept.length ? `${url.slice(0, q)}?${kept.join("&")}` : url.slice(0, q);
}

/** A link that keeps the page's ?lang= (when the page was reached with one). */
export function withLang(href: string, lang: Locale | undefined): string {
  if (!lang) return href;
  return `${href}${href.includes("?") ? "&" : "?"}lang=${lang}`;
}

/**
 * A link inside the site with the page's ?lang= added, or undefined when it keeps its address: a link
 * elsewhere, one that already names a language, and the language switcher's (which leads back without it).
 */
export function linkWithLang(href: unknown, lang: Locale): string | undefined {
  if (typeof href !== "string" || !href.startsWith("/") || href.startsWith("//")) return undefined;
  if (href.startsWith("/lang/") || /[?&]lang=/.test(href)) return undefined;
  const hash = href.indexOf("#");
  return hash === -1 ? withLang(href, lang) : `${withLang(href.slice(0, hash), lang)}${href.slice(hash)}`;
}
