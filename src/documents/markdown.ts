// The document's Markdown: parsed by markdown-it (CommonMark) with raw HTML off and only safe link targets, cut
// into top-level blocks (a heading, a paragraph, a list, a table…), each block's plain text for anchoring
// comments, and rendered as Preact elements — never as an HTML string — so nothing on the page is raw HTML.
import { createRequire } from "node:module";
import type MarkdownIt from "markdown-it";
import type { Token } from "markdown-it";
import { type ComponentChildren, h, type VNode } from "preact";

const SAFE_SCHEME = /^(https?:|mailto:)/i;
const ANY_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** Whether a link target is safe: http(s), mailto or a relative address; never javascript:, data: and the like. */
export function isSafeLink(url: string): boolean {
  // Browsers ignore control characters and spaces inside a scheme ("java\tscript:"), so they are dropped first.
  const target = Array.from(url)
    .filter((c) => c.charCodeAt(0) > 0x20)
    .join("");
  return SAFE_SCHEME.test(target) || !ANY_SCHEME.test(target);
}

let parser: ReturnType<typeof MarkdownIt> | undefined;
/** The parser, loaded with the first document read: markdown-it is about 10 MB a server at rest need not hold. */
function markdownIt(): ReturnType<typeof MarkdownIt> {
  if (!parser) {
    const require = createRequire(import.meta.url);
    const load = require("markdown-it") as typeof MarkdownIt;
    parser = load("commonmark", { html: false, linkify: false });
    parser.enable("table");
    parser.validateLink = isSafeLink;
    parser.use(require("markdown-it-footnote"));
  }
  return parser;
}

/** One top-level block of a document: where its tokens are and its text as a reader sees it. */
export interface ParsedBlock {
  /** The block's Markdown source. */
  source: string;
  /** The text a reader sees (inline markup removed), what comments quote. */
  text: string;
  /** The block's tokens, from its opening token to its closing one. */
  tokens: Token[];
  /** "heading", "paragraph", "bullet_list", "table"… */
  type: string;
  /** A heading's level (1–6), 0 for anything else. */
  level: number;
  /** The lines of the source the block spans: [first, after last). */
  lines: [number, number];
}

function plainText(tokens: Token[]): string {
  const parts: string[] = [];
  for (const token of tokens) {
    if (token.type === "inline")
      parts.push(
        (token.children ?? [])
          .map((c) =>
            c.type === "text" || c.type === "code_inline"
              ? c.content
              : c.type === "softbreak" || c.type === "hardbreak"
                ? " "
                : "",
          )
          .join(""),
      );
    else if (token.type === "fence" || token.type === "code_block")
      parts.push(token.content.replace(/\n$/, ""));
  }
  return parts.join("\n");
}

/** A footnote of the document: its number (from 1, in order of first reference), label, text and tokens. */
export interface Footnote {
  number: number;
  label: string;
  text: string;
  tokens: Token[];
}

/** The document's top-level blocks, in order (footnotes apart: they are not paragraphs one comments on). */
export function parseBlocks(body: string): ParsedBlock[] {
  return parseDocument(body).blocks;
}

/** The document's top-level blocks and its footnotes. */
export function parseDocument(body: string): { blocks: ParsedBlock[]; footnotes: Footnote[] } {
  const source = body.replace(/\r\n?/g, "\n");
  const lines = source.split("\n");
  const all = markdownIt().parse(source, {});
  const tail = all.findIndex((t) => t.type === "footnote_block_open");
  const tokens = tail >= 0 ? all.slice(0, tail) : all;
  const notes: Footnote[] = [];
  if (tail >= 0) {
    let current: Footnote | undefined;
    for (const token of all.slice(tail + 1)) {
      if (token.type === "footnote_open") {
        current = {
          number: Number(token.meta?.id ?? notes.length) + 1,
          label: String(token.meta?.label ?? ""),
          text: "",
          tokens: [],
        };
        notes.push(current);
      } else if (token.type === "footnote_close") current = undefined;
      else if (current && token.type !== "footnote_anchor") current.tokens.push(token);
    }
    for (const note of notes) note.text = plainText(note.tokens);
  }
  const blocks: ParsedBlock[] = [];
  let i = 0;
  while (i < tokens.length) {
    const first = tokens[i] as Token;
    let j = i;
    if (first.nesting === 1) {
      let depth = 0;
      for (; j < tokens.length; j++) {
        depth += (tokens[j] as Token).nesting;
        if (depth === 0) break;
      }
    }
    const own = tokens.slice(i, j + 1);
    const map = first.map ?? [0, 0];
    blocks.push({
      source: lines.slice(map[0], map[1]).join("\n").trim(),
      text: plainText(own),
      tokens: own,
      type: first.type.replace(/_open$/, ""),
      level: first.type === "heading_open" ? Number(first.tag.slice(1)) : 0,
      lines: [map[0], map[1]],
    });
    i = j + 1;
  }
  return { blocks, footnotes: notes };
}

function attrsOf(token: Token): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const [name, raw] of token.attrs ?? []) {
    const value = String(raw);
    if (name === "href" || name === "src") {
      if (isSafeLink(value)) attrs[name] = value;
    } else if (name === "title" || name === "start" || name === "style") attrs[name] = value;
  }
  return attrs;
}

/** Builds elements from a flat run of tokens (opening, closing and self-contained ones). */
function build(tokens: Token[]): ComponentChildren[] {
  const root: ComponentChildren[] = [];
  const stack: { token: Token; children: ComponentChildren[] }[] = [];
  const push = (node: ComponentChildren) => (stack.at(-1)?.children ?? root).push(node);
  for (const token of tokens) {
    if (token.nesting === 1) stack.push({ token, children: [] });
    else if (token.nesting === -1) {
      const open = stack.pop();
      if (!open) continue;
      const attrs = attrsOf(open.token);
      if (open.token.type === "link_open") attrs.rel = "nofollow noopener";
      // The document's headings sit under the page's own title: # is the page's second level.
      const heading = /^h([1-6])$/.exec(open.token.tag);
      const tag = heading ? `h${Math.min(6, Number(heading[1]) + 1)}` : open.token.tag;
      push(h(tag, attrs, ...open.children));
    } else if (token.type === "inline") for (const child of build(token.children ?? [])) push(child);
    else if (token.type === "text") push(token.content);
    else if (token.type === "softbreak") push("\n");
    else if (token.type === "hardbreak") push(h("br", null));
    else if (token.type === "code_inline") push(h("code", null, token.content));
    else if (token.type === "fence" || token.type === "code_block")
      push(h("pre", null, h("code", null, token.content)));
    else if (token.type === "hr") push(h("hr", null));
    else if (token.type === "footnote_ref") {
      // A footnote's mark: its number, linking to the note (whose back link returns to the first mark).
      const n = Number(token.meta?.id ?? 0) + 1;
      const sub = Number(token.meta?.subId ?? 0);
      push(
        h(
          "sup",
          { class: "footnote-ref" },
          h("a", { href: `#fn-${n}`, id: sub ? `fnref-${n}-${sub}` : `fnref-${n}` }, `[${n}]`),
        ),
      );
    } else if (token.type === "image") {
      // An image is shown as its description, linked when its address is safe: the document stays text.
      const alt = (token.children ?? []).map((c) => c.content).join("");
      const src = String(token.attrGet("src") ?? "");
      push(isSafeLink(src) ? h("a", { href: src, rel: "nofollow noopener" }, alt || src) : alt);
    } else if (token.content) push(token.content);
  }
  return root;
}

/** A block as an element, carrying its stable id (so comments and links can point at it). */
export function renderBlock(block: ParsedBlock, id: string, extra: Record<string, string> = {}): VNode {
  const [element] = build(block.tokens);
  if (element && typeof element === "object" && "props" in element) {
    const vnode = element as VNode<Record<string, unknown>>;
    return h(vnode.type as string, { ...vnode.props, id: `p-${id}`, ...extra }) as VNode;
  }
  return h("div", { id: `p-${id}`, ...extra }, element) as VNode;
}

/** The document's footnotes as a numbered list, each note linking back to its first mark. */
export function renderFootnotes(notes: Footnote[], backLabel: string): VNode | null {
  if (!notes.length) return null;
  return h(
    "ol",
    { class: "footnotes-list" } as Record<string, string>,
    ...notes.map((note) =>
      h(
        "li",
        { id: `fn-${note.number}`, value: String(note.number) },
        ...build(note.tokens),
        h("a", { href: `#fnref-${note.number}`, class: "footnote-back", "aria-label": backLabel }, "↩"),
      ),
    ),
  );
}
