// The one allowlist every HTML rendering of an upload passes through before it is stored or shown. Whatever
// a converter (mammoth, our ODT and Markdown renderers) emits, only structure and safe links survive.
import sanitizeHtml from "sanitize-html";

const linkSchemes = new Set(["http:", "https:", "mailto:"]);

function safeHref(href: string | undefined): string | null {
  if (!href) return null;
  try {
    const url = new URL(href.trim());
    return linkSchemes.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

const backLinkMarker = "x-intersession-drop";

const options: sanitizeHtml.IOptions = {
  allowedTags: [
    ...["p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "br"],
    ...["strong", "em", "a", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td"],
    // Footnote markers live in <sup>, and struck-through text read as plain text would change its meaning.
    ...["sup", "sub", "s"],
  ],
  allowedAttributes: { a: ["href", "rel"], td: ["colspan", "rowspan"], th: ["colspan", "rowspan"] },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  nonTextTags: ["script", "style", "textarea", "option", "noscript", "title", "template"],
  // Renaming a tag to a disallowed one confuses sanitize-html's closing-tag bookkeeping (later elements close
  // as "</span>"), so links are only ever rewritten in place and unwanted ones dropped by the filter below.
  transformTags: {
    a: (_tag, attribs): sanitizeHtml.Tag => {
      // Mammoth's footnote back-links ("↑") point inside the page; they mean nothing once ids are gone.
      if (attribs.href?.startsWith("#footnote-ref") || attribs.href?.startsWith("#endnote-ref")) {
        return { tagName: "a", attribs: { rel: backLinkMarker } };
      }
      const href = safeHref(attribs.href);
      return { tagName: "a", attribs: href ? { href, rel: "nofollow" } : {} };
    },
    b: "strong",
    i: "em",
    strike: "s",
    del: "s",
  },
  exclusiveFilter: (frame) => {
    if (frame.tag !== "a") return false;
    // The filter only sees allowed attributes, hence a marker in rel.
    if (frame.attribs.rel === backLinkMarker) return true;
    // Links to anything but the web or mail keep their text and lose the link.
    return frame.attribs.href ? false : "excludeTag";
  },
};

/** Reduces converter output to the strict allowlist of structural tags and web/mail links. */
export function sanitizeDocumentHtml(html: string): string {
  return sanitizeHtml(html, options).trim();
}

/** Escapes text for inclusion in HTML element content or a double-quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function decodeBasicEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|nbsp);/gi, (whole, body: string) => {
    const lower = body.toLowerCase();
    if (lower === "amp") return "&";
    if (lower === "lt") return "<";
    if (lower === "gt") return ">";
    if (lower === "quot") return '"';
    if (lower === "apos") return "'";
    if (lower === "nbsp") return "\u00a0";
    const code = lower.startsWith("#x")
      ? Number.parseInt(lower.slice(2), 16)
      : Number.parseInt(lower.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** Collapses runs of blank lines and trailing spaces so every extractor yields paragraphs split by one blank line. */
export function normaliseParagraphs(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => line.replace(/[ \t\u00a0]+$/g, ""))
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** Plain text of sanitised HTML (output of sanitizeDocumentHtml), one paragraph per block. */
export function sanitisedHtmlToText(html: string): string {
  // Safe only on sanitised output: there every "<" starts a tag and attribute values hold no ">".
  const marked = html
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/(p|h[1-6]|li|blockquote|tr|table|caption|ul|ol)>/gi, "\n\n")
    .replace(/<\/t[dh]>/gi, "\n")
    .replace(/<[^>]*>/g, "");
  // Indentation in converted HTML is an artefact of the source markup (mammoth starts footnotes with a space).
  const trimmed = decodeBasicEntities(marked)
    .split("\n")
    .map((line) => line.trim())
    .join("\n");
  return normaliseParagraphs(trimmed);
}
