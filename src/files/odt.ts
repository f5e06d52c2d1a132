// Text and HTML from an OpenDocument text's content.xml. Covers what contributions use: headings, paragraphs,
// lists, tables, links, footnotes, bold and italic from automatic styles. Comments (office:annotation) and
// deleted text kept for change tracking are left out: neither is part of what the contributor submitted.
import { escapeHtml } from "./html.js";
import { childElements, parseXml, type XmlElement, type XmlNode } from "./xml-lite.js";

const namespaces: Readonly<Record<string, string>> = {
  "urn:oasis:names:tc:opendocument:xmlns:office:1.0": "office",
  "urn:oasis:names:tc:opendocument:xmlns:text:1.0": "text",
  "urn:oasis:names:tc:opendocument:xmlns:table:1.0": "table",
  "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0": "draw",
  "urn:oasis:names:tc:opendocument:xmlns:style:1.0": "style",
  "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0": "fo",
  "http://www.w3.org/1999/xlink": "xlink",
};

// Elements whose whole subtree is not contribution text.
const skipped = new Set([
  "office:annotation",
  "office:annotation-end",
  "text:tracked-changes",
  "office:forms",
  "text:sequence-decls",
  "text:variable-decls",
  "text:user-field-decls",
  "text:dde-connection-decls",
  "draw:image",
  "svg:title",
  "svg:desc",
  "text:note-citation",
  "text:bookmark",
  "text:bookmark-start",
  "text:bookmark-end",
  "text:soft-page-break",
  "text:change",
  "text:change-start",
  "text:change-end",
]);

interface InlineStyle {
  bold: boolean;
  italic: boolean;
}

interface Output {
  html: string[];
  paragraphs: string[];
  notes: { html: string; text: string }[];
  styles: Map<string, InlineStyle>;
}

// Documents may bind the ODF namespaces to any prefix; rename everything to the customary ones once.
function canonicalise(element: XmlElement, prefixes: Map<string, string>): void {
  const map = (qname: string) => {
    const colon = qname.indexOf(":");
    if (colon === -1) return qname;
    const prefix = qname.slice(0, colon);
    const canonical = prefixes.get(prefix);
    return canonical ? `${canonical}${qname.slice(colon)}` : qname;
  };
  const stack: XmlElement[] = [element];
  for (let node = stack.pop(); node; node = stack.pop()) {
    node.name = map(node.name);
    const attrs: Record<string, string> = {};
    for (const [key, value] of Object.entries(node.attrs)) attrs[map(key)] = value;
    node.attrs = attrs;
    for (const child of node.children) if (typeof child !== "string") stack.push(child);
  }
}

function readStyles(root: XmlElement): Map<string, InlineStyle> {
  const styles = new Map<string, InlineStyle>();
  for (const group of childElements(root, "office:automatic-styles")) {
    for (const style of childElements(group, "style:style")) {
      const name = style.attrs["style:name"];
      const props = childElements(style, "style:text-properties")[0];
      if (!name || !props) continue;
      styles.set(name, {
        bold: props.attrs["fo:font-weight"] === "bold" || Number(props.attrs["fo:font-weight"]) >= 600,
        italic: props.attrs["fo:font-style"] === "italic" || props.attrs["fo:font-style"] === "oblique",
      });
    }
  }
  return styles;
}

interface Inline {
  html: string;
  text: string;
}

function renderInline(nodes: XmlNode[], out: Output): Inline {
  let html = "";
  let text = "";
  for (const node of nodes) {
    if (typeof node === "string") {
      // Whitespace in ODF paragraphs collapses like HTML's; runs of spaces are spelled <text:s text:c="n"/>.
      const collapsed = node.replace(/[ \t\r\n]+/g, " ");
      html += escapeHtml(collapsed);
      text += collapsed;
      continue;
    }
    if (skipped.has(node.name)) continue;
    switch (node.name) {
      case "text:s": {
        const count = Math.min(Math.max(Number(node.attrs["text:c"] ?? 1) || 1, 1), 100);
        html += " ".repeat(count);
        text += " ".repeat(count);
        break;
      }
      case "text:tab":
        html += " ";
        text += "\t";
        break;
      case "text:line-break":
        html += "<br>";
        text += "\n";
        break;
      case "text:a": {
        const inner = renderInline(node.children, out);
        const href = node.attrs["xlink:href"] ?? "";
        html += /^(https?:|mailto:)/i.test(href)
          ? `<a href="${escapeHtml(href)}">${inner.html}</a>`
          : inner.html;
        text += inner.text;
        break;
      }
      case "text:span": {
        const inner = renderInline(node.children, out);
        const style = out.styles.get(node.attrs["text:style-name"] ?? "");
        let wrapped = inner.html;
        if (style?.italic) wrapped = `<em>${wrapped}</em>`;
        if (style?.bold) wrapped = `<strong>${wrapped}</strong>`;
        html += wrapped;
        text += inner.text;
        break;
      }
      case "text:note": {
        const number = out.notes.length + 1;
        const body = childElements(node, "text:note-body")[0];
        const rendered = body ? renderNoteBody(body, out) : { html: "", text: "" };
        out.notes.push(rendered);
        html += `<sup>[${number}]</sup>`;
        text += `[${number}]`;
        break;
      }
      case "draw:text-box": {
        // A text box inside a paragraph holds whole paragraphs; they are read in place, one after another.
        const inner = renderNoteBody(node, out);
        html += ` ${inner.html.replace(/<\/?p>/g, " ")} `;
        text += ` ${inner.text} `;
        break;
      }
      default: {
        // Fields (page numbers, dates, cross-references) and other wrappers: their visible text is the content.
        const inner = renderInline(node.children, out);
        html += inner.html;
        text += inner.text;
      }
    }
  }
  return { html, text };
}

function renderNoteBody(body: XmlElement, out: Output): Inline {
  const inner: Output = { html: [], paragraphs: [], notes: out.notes, styles: out.styles };
  renderBlocks(body.children, inner);
  return { html: inner.html.join(""), text: inner.paragraphs.join(" ") };
}

function renderBlocks(nodes: XmlNode[], out: Output): void {
  for (const node of nodes) {
    if (typeof node === "string" || skipped.has(node.name)) continue;
    switch (node.name) {
      case "text:p":
      case "text:h": {
        const inline = renderInline(node.children, out);
        const text = inline.text.trim();
        if (text === "") break;
        const level = Math.min(Math.max(Number(node.attrs["text:outline-level"] ?? 1) || 1, 1), 6);
        const tag = node.name === "text:h" ? `h${level}` : "p";
        out.html.push(`<${tag}>${inline.html.trim()}</${tag}>`);
        out.paragraphs.push(text);
        break;
      }
      case "text:list": {
        out.html.push("<ul>");
        for (const item of childElements(node)) {
          if (item.name !== "text:list-item" && item.name !== "text:list-header") continue;
          out.html.push("<li>");
          renderBlocks(item.children, out);
          out.html.push("</li>");
        }
        out.html.push("</ul>");
        break;
      }
      case "table:table":
        out.html.push("<table>");
        renderRows(node, out);
        out.html.push("</table>");
        break;
      default:
        // Sections, indexes, frames and anything new in a later ODF version: read the paragraphs inside.
        renderBlocks(node.children, out);
    }
  }
}

function renderRows(container: XmlElement, out: Output): void {
  for (const child of childElements(container)) {
    if (child.name === "table:table-row") {
      out.html.push("<tr>");
      for (const cell of childElements(child, "table:table-cell")) {
        const span = Number(cell.attrs["table:number-columns-spanned"] ?? 1);
        out.html.push(span > 1 && span < 1000 ? `<td colspan="${span}">` : "<td>");
        renderBlocks(cell.children, out);
        out.html.push("</td>");
      }
      out.html.push("</tr>");
    } else if (
      child.name === "table:table-header-rows" ||
      child.name === "table:table-rows" ||
      child.name === "table:table-row-group"
    ) {
      renderRows(child, out);
    }
  }
}

/** Converts an ODT content.xml (already checked for DTDs) to paragraphs of text and unsanitised HTML. */
export function convertOdtContent(contentXml: string): { text: string; html: string } {
  const root = parseXml(contentXml);
  const prefixes = new Map<string, string>();
  for (const [key, value] of Object.entries(root.attrs)) {
    const canonical = namespaces[value];
    if (key.startsWith("xmlns:") && canonical) prefixes.set(key.slice(6), canonical);
  }
  canonicalise(root, prefixes);
  const out: Output = { html: [], paragraphs: [], notes: [], styles: readStyles(root) };
  for (const body of childElements(root, "office:body")) {
    for (const textBody of childElements(body, "office:text")) renderBlocks(textBody.children, out);
  }
  if (out.notes.length > 0) {
    out.html.push(`<ol>${out.notes.map((note) => `<li>${note.html}</li>`).join("")}</ol>`);
    out.notes.forEach((note, index) => {
      out.paragraphs.push(`[${index + 1}] ${note.text}`);
    });
  }
  return { text: out.paragraphs.join("\n\n"), html: out.html.join("") };
}
