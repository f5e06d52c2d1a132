import { URL_PATTERN } from "./urls.js";

const SUSPECTS: RegExp[] = [
  // A lower-case l among capitals: "NRlIs" for "NRIs".
  /\b[A-Z]+l[A-Z]+[a-z]?\b/g,
  // A Roman numeral with l or | for I: "Annex Il".
  /\b(?:annex|appendix|meeting|phase|part|session)\s+(?=[IVX]*[l|])[IVXl|]{1,5}(?![\w])/gi,
  // q read as g.
  /\bguestion\w*/gi,
];

/**
 * Finds words that text recognition probably misread ("NRlIs", "Annex Il",
 * "guestionnaire"). They are reported and left as printed: a person decides.
 */
export function findOcrSuspects(text: string): string[] {
  const withoutUrls = text.replace(URL_PATTERN, " ");
  const found = new Set<string>();
  for (const pattern of SUSPECTS) {
    for (const match of withoutUrls.matchAll(pattern)) found.add(match[0]);
  }
  return [...found];
}
