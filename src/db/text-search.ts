// Full-text search in the language of each text, shared by every folder that stores searchable text
// (contributions, excerpts). The configurations are made by migration 2026-12-07T0910_search_languages:
// `intersession_<lang>` passes each word through `unaccent`, then the language's Snowball stemmer, for the
// languages PostgreSQL stems among the forum's six (English, Spanish, French, Russian);
// `intersession_simple` (unaccent, lower case, no stemmer) serves Arabic, Chinese and every other language.
//
// Chinese is written without spaces, and PostgreSQL's parser would take a whole run of Han characters as one
// word: the stored search text has a space put between every two CJK characters (`segmentForSearch`), so each
// character is one lexeme at its own position, and a query's CJK run becomes a phrase of those characters
// (`segmentQuery`): "网络安全" is searched as 网 <-> 络 <-> 安 <-> 全, which matches exactly where the four
// characters stand together, whatever the words around them. Snippets take the spaces out again.
import { type RawBuilder, sql } from "kysely";

/** Stemmed languages with their configuration; any other language is searched with `intersession_simple`. */
export const STEMMED_LANGUAGES = ["en", "es", "fr", "ru"] as const;
const CONFIGS = [...STEMMED_LANGUAGES.map((l) => `intersession_${l}`), "intersession_simple"];

const CJK_CLASS = "\\u2e80-\\u9fff\\uf900-\\ufaff\\uff66-\\uff9f";
const CJK_PAIR = new RegExp(`([${CJK_CLASS}])(?=[${CJK_CLASS}])`, "gu");
const CJK_RUN = new RegExp(`[${CJK_CLASS}]{2,}`, "gu");
const CJK_SPACED = new RegExp(`([${CJK_CLASS}]) (?=[${CJK_CLASS}])`, "gu");

/** A text as it is stored for search: a space between every two CJK characters, everything else unchanged. */
export function segmentForSearch(text: string): string {
  return text.replace(CJK_PAIR, "$1 ");
}

/** A snippet of segmented search text as a reader should see it: the CJK spaces taken out again. */
export function unsegment(text: string): string {
  return text.replace(CJK_SPACED, "$1");
}

/**
 * A reader's query for `websearch_to_tsquery`: each CJK run outside quotes becomes a quoted phrase of its
 * characters; inside quotes its characters are only spaced (the quotes already make a phrase).
 */
export function segmentQuery(q: string): string {
  let out = "";
  let quoted = false;
  for (const part of q.split(/(")/)) {
    if (part === '"') {
      quoted = !quoted;
      out += part;
    } else
      out += quoted ? segmentForSearch(part) : part.replace(CJK_RUN, (run) => `"${segmentForSearch(run)}"`);
  }
  return out;
}

/**
 * The tsquery of a reader's words in every configuration, joined by OR: the text's language is not known
 * when the query is written, and each stored vector is stemmed in its own. `websearch_to_tsquery` reads
 * "quoted words" as a phrase, `or` and `-word`.
 */
export function searchQuery(q: string): RawBuilder<unknown> {
  const words = segmentQuery(q.trim());
  return sql`(${sql.join(
    CONFIGS.map((c) => sql`websearch_to_tsquery(${sql.lit(c)}::regconfig, ${words})`),
    sql` || `,
  )})`;
}

/** The configuration of a text in a language (a column or value holding an ISO 639-1 code or null). */
export function searchConfigOf(language: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`(CASE ${language} ${sql.join(
    STEMMED_LANGUAGES.map((l) => sql`WHEN ${sql.lit(l)} THEN ${sql.lit(`intersession_${l}`)}::regconfig`),
    sql` `,
  )} ELSE 'intersession_simple'::regconfig END)`;
}

/** Marks around a match in a headline: private-use characters no text is expected to hold. */
export const MATCH_START = "\uE000";
export const MATCH_END = "\uE001";

/**
 * `ts_headline`'s options: up to two fragments of about 25 words, the matches between the marks above (never
 * HTML: the page renders each stretch as text, a match inside `<mark>`).
 */
export const HEADLINE_OPTIONS = `StartSel=${MATCH_START}, StopSel=${MATCH_END}, MaxFragments=2, MaxWords=25, MinWords=10, FragmentDelimiter=" … "`;

/** A stretch of a snippet: text, and whether it is a match. */
export interface SnippetPart {
  text: string;
  match: boolean;
}

const CJK_CHAR = new RegExp(`^[${CJK_CLASS}]$`, "u");
const isCjk = (ch: string | undefined) => ch !== undefined && CJK_CHAR.test(ch);

/** A headline from PostgreSQL as stretches of text, the matches flagged, CJK spacing removed. */
export function snippetParts(headline: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let match = false;
  let text = "";
  for (const ch of headline.replace(/\s+/g, " ").trim()) {
    if (ch === MATCH_START || ch === MATCH_END) {
      if (text) parts.push({ text, match });
      text = "";
      match = ch === MATCH_START;
    } else text += ch;
  }
  if (text) parts.push({ text, match });
  // The space segmentation put between two CJK characters on either side of a mark goes too, and the
  // characters of a CJK phrase, each marked alone, read as one highlight.
  const cleaned = parts.map((part, i) => {
    let t = unsegment(part.text);
    const before = [...(parts[i - 1]?.text ?? "")].at(-1);
    const after = [...(parts[i + 1]?.text ?? "")][0];
    if (t === " " && isCjk(before) && isCjk(after)) t = "";
    if (t.startsWith(" ") && isCjk(before) && isCjk([...t][1])) t = t.slice(1);
    if (t.endsWith(" ") && isCjk(after) && isCjk([...t].at(-2))) t = t.slice(0, -1);
    return { text: t, match: part.match };
  });
  const merged: SnippetPart[] = [];
  for (const part of cleaned) {
    if (!part.text) continue;
    const last = merged.at(-1);
    if (last && last.match === part.match) last.text += part.text;
    else merged.push(part);
  }
  return merged;
}

/**
 * Where to look for a search's first match in a long text, cheaply: the start of each word the reader asked
 * for (lower case, not excluded with `-`, at most three), cut to its likely stem so that an inflected form
 * ("governments" for "government", "formación" for "formacion") is found by a plain `strpos`. A CJK run is
 * looked for as stored, its characters spaced. A locator can find a word that is not a match ("formal" for
 * "formacion"): callers look again in the whole text when the window they cut holds no match.
 */
export function matchLocators(q: string): string[] {
  const stem = (word: string) => {
    const chars = [...word];
    return isCjk(chars[0])
      ? segmentForSearch(chars.slice(0, 4).join(""))
      : chars.slice(0, Math.max(4, chars.length - 3)).join("");
  };
  const wordsOf = (text: string) =>
    text
      .split(/\s+/u)
      .filter((token) => token && !token.startsWith("-") && token !== "or")
      .map((token) => token.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ""))
      .filter(Boolean);
  const phrases: string[] = [];
  const words: string[] = [];
  // Odd parts are between quotes: a phrase is looked for whole (its last word cut to its stem), since its
  // words apart are often elsewhere in the text, and a window around them would hold no match.
  q.toLowerCase()
    .split('"')
    .forEach((part, i) => {
      const found = wordsOf(part);
      if (i % 2 === 1 && found.length > 1)
        phrases.push([...found.slice(0, -1), stem(found.at(-1) ?? "")].join(" "));
      else words.push(...found.map(stem));
    });
  return [...new Set([...phrases, ...words])].slice(0, 3);
}
