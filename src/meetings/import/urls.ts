/** A web address as it appears in running text; trailing punctuation is trimmed by trimUrl. */
export const URL_PATTERN = /\bhttps?:\/\/[^\s<>"“”‘’]+|\bwww\.[a-z0-9-]+\.[a-z]{2,}[^\s<>"“”‘’]*/gi;

const PLACEHOLDER_PATTERN =
  /\[\s*(?:link\s+)?(?:to\s+be\s+(?:completed|added|provided|confirmed|inserted)|tbd|tbc|link|url)\s*\]/i;

/** Strips punctuation that ends the sentence rather than the address, keeping balanced brackets. */
export function trimUrl(candidate: string): string {
  let url = candidate;
  for (;;) {
    const last = url.at(-1);
    if (last === undefined) return url;
    if (".,;:!?'’\"”*".includes(last)) {
      url = url.slice(0, -1);
      continue;
    }
    const pairs: Record<string, string> = { ")": "(", "]": "[", ">": "<" };
    const opener = pairs[last];
    if (opener !== undefined && count(url, last) > count(url, opener)) {
      url = url.slice(0, -1);
      continue;
    }
    return url;
  }
}

function count(text: string, character: string): number {
  return text.split(character).length - 1;
}

/** Every address in the text with its position, trimmed of sentence punctuation. */
export function findUrls(text: string): { url: string; index: number; end: number }[] {
  const found: { url: string; index: number; end: number }[] = [];
  for (const match of text.matchAll(URL_PATTERN)) {
    const url = trimUrl(match[0]);
    if (url.length < 8) continue;
    found.push({ url, index: match.index, end: match.index + url.length });
  }
  return found;
}

/**
 * The address that ends the text, if its last word is one. Only the last word
 * is read, so re-joining a long paragraph line by line stays linear.
 */
export function findTrailingUrl(text: string): string | null {
  const lastWord = text.slice(Math.max(text.lastIndexOf(" "), text.lastIndexOf("\n")) + 1);
  const found = findUrls(lastWord).at(-1);
  return found && found.end === lastWord.length ? found.url : null;
}

/** True when a line holds one address and nothing else. */
export function isBareUrlLine(text: string): boolean {
  return /^https?:\/\/\S+$/i.test(text);
}

/**
 * A key under which the same address printed differently (http or https, an
 * escaped bracket, a trailing slash) is recognised as one link.
 */
export function urlKey(url: string): string {
  let decoded = url;
  try {
    decoded = decodeURI(url);
  } catch {
    // A malformed escape is compared as printed.
  }
  return decoded
    .replace(/^https?:\/\//i, "")
    .replace(/^www\./i, "")
    .replace(/^([^/?#]+)/, (host) => host.toLowerCase())
    .replace(/\/+$/, "");
}

/** True when the address stands for a link the authors never filled in ("[link to be completed]"). */
export function isPlaceholderUrl(url: string): boolean {
  let decoded = url;
  try {
    decoded = decodeURI(url);
  } catch {
    // Keep the printed form.
  }
  return PLACEHOLDER_PATTERN.test(decoded);
}

/** Finds addresses that end in a placeholder ("https://x.org/[link to be completed]"), spaces and all. */
export function findPlaceholderUrls(text: string): { url: string; index: number; end: number }[] {
  const pattern = new RegExp(`https?:\\/\\/[^\\s\\[]*${PLACEHOLDER_PATTERN.source}`, "gi");
  return [...text.matchAll(pattern)].map((match) => ({
    url: match[0],
    index: match.index,
    end: match.index + match[0].length,
  }));
}

/**
 * Whether a line that follows an address is the rest of that address, cut by
 * the page width: one token of address characters that carries a digit or an
 * address delimiter, or any token when the address stopped at a delimiter.
 */
export function isUrlContinuation(url: string, nextLine: string): boolean {
  if (!/^[A-Za-z0-9\-._~%/?#=&+:@!$'()*,;]+$/.test(nextLine)) return false;
  if (/[.,;:!?]$/.test(nextLine)) return false;
  if (/[/=?&\-_%.]$/.test(url)) return true;
  return /[0-9/=&%?_]/.test(nextLine);
}

/**
 * Flags an address whose long hexadecimal identifier holds letters that text
 * recognition puts for digits (l for 1, O for 0): the link will not open.
 */
export function findOcrDamage(url: string): string | null {
  for (const token of url.split(/[=/&?#.]/)) {
    if (token.length < 16) continue;
    const hex = token.match(/[0-9a-f]/gi)?.length ?? 0;
    const lookalikes = token.match(/[lIoO]/g) ?? [];
    if (lookalikes.length > 0 && hex + lookalikes.length === token.length && hex / token.length >= 0.8) {
      return token;
    }
  }
  return null;
}
