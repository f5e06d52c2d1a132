// A minimal Markdown renderer for reading contributions sent as .md: headings, paragraphs, lists, quotes,
// emphasis and links. Not CommonMark; anything it does not understand stays visible as text. Everything is
// escaped first, and the result still goes through the HTML allowlist.
import { escapeHtml } from "./html.js";

// Past this length a "paragraph" is a data dump, and emphasis rules are not worth their regex time.
const maxInlineLength = 20_000;

function renderInline(raw: string): string {
  let html = escapeHtml(raw);
  if (raw.length > maxInlineLength) return html;
  // Code spans are shown as their text, protected from the emphasis rules below. Emphasis never spans its
  // own marker, which keeps every pattern linear on hostile input like "**" repeated a million times.
  const codes: string[] = [];
  html = html.replace(/`([^`]+)`/g, (_m, code: string) => {
    codes.push(code);
    return `\uE000${codes.length - 1}\uE001`;
  });
  html = html.replace(/\[([^[\]]+)\]\(((?:https?:\/\/|mailto:)[^\s)]+)\)/g, '<a href="$2">$1</a>');
  html = html.replace(/&lt;((?:https?:\/\/|mailto:)[^\s&]+)&gt;/g, '<a href="$1">$1</a>');
  html = html.replace(/\*\*(?=\S)([^*]+?)(?<=\S)\*\*/g, "<strong>$1</strong>");
  html = html.replace(/__(?=\S)([^_]+?)(?<=\S)__/g, "<strong>$1</strong>");
  html = html.replace(/(^|[^*\w])\*(?=\S)([^*]+?)(?<=\S)\*(?!\w)/g, "$1<em>$2</em>");
  html = html.replace(/(^|[^_\w])_(?=\S)([^_]+?)(?<=\S)_(?!\w)/g, "$1<em>$2</em>");
  return html.replace(/\uE000(\d+)\uE001/g, (_m, index: string) => codes[Number(index)] ?? "");
}

// For lists, `lines` holds one entry per item.
interface Block {
  kind: "p" | "quote" | "code" | "ul" | "ol";
  lines: string[];
}

function blockHtml({ kind, lines }: Block): string {
  if (kind === "ul" || kind === "ol") {
    return `<${kind}>${lines.map((item) => `<li>${renderInline(item)}</li>`).join("")}</${kind}>`;
  }
  if (kind === "code") return `<p>${lines.map(escapeHtml).join("<br>")}</p>`;
  const inner = renderInline(lines.join(" "));
  return kind === "quote" ? `<blockquote><p>${inner}</p></blockquote>` : `<p>${inner}</p>`;
}

/** Renders Markdown source to (unsanitised but escaped) HTML. */
export function renderMarkdown(source: string): string {
  const lines = source
    .replace(/^\uFEFF/, "")
    .replace(/\r\n?/g, "\n")
    .split("\n");
  const html: string[] = [];
  const open: { block: Block | null } = { block: null };
  const flush = () => {
    if (open.block) html.push(blockHtml(open.block));
    open.block = null;
  };
  // The open block of this kind, or a new one after closing whatever was open.
  const blockOf = (kind: Block["kind"]): string[] => {
    if (open.block?.kind !== kind) {
      flush();
      open.block = { kind, lines: [] };
    }
    return open.block.lines;
  };

  for (const line of lines) {
    const fence = /^\s*(```|~~~)/.test(line);
    if (open.block?.kind === "code") {
      if (fence) flush();
      else open.block.lines.push(line);
      continue;
    }
    if (fence) {
      blockOf("code");
      continue;
    }
    if (line.trim() === "") {
      flush();
      continue;
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      flush();
      const level = heading[1]?.length ?? 1;
      html.push(`<h${level}>${renderInline(heading[2] ?? "")}</h${level}>`);
      continue;
    }
    const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
    const numbered = bullet ? null : /^\s*\d{1,9}[.)]\s+(.*)$/.exec(line);
    if (bullet || numbered) {
      blockOf(bullet ? "ul" : "ol").push((bullet ?? numbered)?.[1] ?? "");
      continue;
    }
    const quote = /^\s*>\s?(.*)$/.exec(line);
    if (quote) {
      blockOf("quote").push(quote[1] ?? "");
      continue;
    }
    const list = open.block?.kind === "ul" || open.block?.kind === "ol" ? open.block.lines : null;
    if (list && list.length > 0 && /^\s+\S/.test(line)) {
      // An indented line continues the previous list item.
      list[list.length - 1] = `${list[list.length - 1] ?? ""} ${line.trim()}`;
      continue;
    }
    blockOf("p").push(line.trim());
  }
  flush();
  return html.join("");
}
