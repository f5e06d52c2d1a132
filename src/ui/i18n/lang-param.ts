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
