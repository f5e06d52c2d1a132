// Citing contributions in a document's Markdown: inserting a coded excerpt at the end of its section as a quoted
// paragraph with a footnote ("[^REF]: Contribution REF, name, link"), and reading back which contributions each
// section draws on (its footnote marks whose note links to a contribution's page). Pure text work, no database.
import type { Token } from "markdown-it";
import { type ParsedBlock, parseDocument } from "../markdown.js";

/** How a heading and a codebook section's name are compared: case, spacing and a leading "2.1" ignored. */
export function sectionKey(name: string): string {
  return name
    .normalize("NFKC")
    .toLocaleLowerCase()
    .replace(/^[\s\d.)-]+(?=\p{L})/u, "")
    .replace(/\s+/gu, " ")
    .trim();
}

/** A footnote label made of a reference: letters, digits, "-" and "_" only. */
export function footnoteLabel(reference: string): string {
  return reference.replace(/[^\p{L}\p{N}_-]+/gu, "-");
}

/** Backslash-escapes what Markdown would read as markup in a quoted text, on one line. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\s+/gu, " ")
    .trim()
    .replace(/[\\`*_[\]<>]/g, (c) => `\\${c}`);
}

/** What inserting an excerpt needs: the section it belongs to, the quote, and the footnote citing it. */
export interface Citation {
  section: string;
  quote: string;
  label: string;
  /** The footnote's text (Markdown), e.g. "Contribution [REF](https://…), Name." */
  note: string;
}

/** The index (in `blocks`) after the last block of the section opened by heading `at`. */
function sectionEnd(blocks: ParsedBlock[], at: number): number {
  const level = blocks[at]?.level ?? 1;
  let end = at + 1;
  while (end < blocks.length) {
    const b = blocks[end] as ParsedBlock;
    if (b.type === "heading" && b.level <= level) break;
    end++;
  }
  return end;
}

/**
 * The body with the quote added as the last paragraph of its section (a heading named like the section; a new
 * "## section" at the end when there is none) and the footnote defined once at the end of the text.
 */
export function insertCitation(body: string, citation: Citation): string {
  const text = body.replace(/\r\n?/g, "\n");
  const lines = text.split("\n");
  const { blocks } = parseDocument(text);
  const paragraph = `“${escapeMarkdown(citation.quote)}”[^${citation.label}]`;
  const key = sectionKey(citation.section);
  const heading = blocks.findIndex((b) => b.type === "heading" && sectionKey(b.text) === key);
  const contentEnd = blocks.at(-1)?.lines[1] ?? 0;
  let at: number;
  let insert: string;
  if (heading >= 0) {
    const last = blocks[sectionEnd(blocks, heading) - 1] as ParsedBlock;
    at = last.lines[1];
    insert = paragraph;
  } else {
    at = contentEnd;
    insert = `## ${escapeMarkdown(citation.section)}\n\n${paragraph}`;
  }
  const before = lines.slice(0, at).join("\n").trimEnd();
  const after = lines.slice(at).join("\n").trim();
  let result = [before, insert, after].filter(Boolean).join("\n\n");
  const defined = new RegExp(`^\\[\\^${citation.label.replace(/[-]/g, "\\-")}\\]:`, "m");
  if (!defined.test(result)) result = `${result}\n\n[^${citation.label}]: ${citation.note}`;
  return `${result}\n`;
}

/** A section of a document and the contribution references its footnotes cite, in order of first citation. */
export interface SectionCitations {
  /** The index of the section's heading among the blocks (-1: before the first heading). */
  heading: number;
  title: string;
  references: string[];
}

function linksIn(tokens: Token[]): string[] {
  const out: string[] = [];
  for (const token of tokens) {
    if (token.type === "link_open") out.push(String(token.attrGet("href") ?? ""));
    if (token.children) out.push(...linksIn(token.children));
  }
  return out;
}

function footnoteLabelsIn(tokens: Token[]): string[] {
  const out: string[] = [];
  for (const token of tokens) {
    if (token.type === "footnote_ref") out.push(String(token.meta?.label ?? ""));
    if (token.children) out.push(...footnoteLabelsIn(token.children));
  }
  return out;
}

/**
 * Which contributions each section cites: a footnote whose note links to `…/contributions/REF` cites REF
 * (`referenceOf` reads the reference from a link, or null when the link is not to a contribution).
 */
export function citationsBySection(
  body: string,
  referenceOf: (href: string) => string | null,
): SectionCitations[] {
  const { blocks, footnotes } = parseDocument(body);
  const cites = new Map<string, string[]>();
  for (const note of footnotes) {
    const refs = linksIn(note.tokens)
      .map(referenceOf)
      .filter((r): r is string => r !== null);
    if (refs.length) cites.set(note.label, refs);
  }
  const sections: SectionCitations[] = [{ heading: -1, title: "", references: [] }];
  blocks.forEach((block, i) => {
    if (block.type === "heading") {
      sections.push({ heading: i, title: block.text, references: [] });
      return;
    }
    const current = sections.at(-1) as SectionCitations;
    for (const label of footnoteLabelsIn(block.tokens))
      for (const ref of cites.get(label) ?? [])
        if (!current.references.includes(ref)) current.references.push(ref);
  });
  return sections.filter((s) => s.heading >= 0 || s.references.length > 0);
}

/** Reads a contribution's reference from a link to its public page (absolute or relative). */
export function contributionReferenceIn(href: string, forum: string, year: number): string | null {
  const path = href.replace(/^https?:\/\/[^/]+/i, "").split(/[?#]/)[0] ?? "";
  const match = new RegExp(`^/f/${forum.replace(/[^\w-]/g, "")}/${year}/contributions/([^/]+)$`).exec(path);
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}
