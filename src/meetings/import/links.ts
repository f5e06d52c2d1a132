import { MARKDOWN_LINK } from "./markup.js";
import type { ImportWarning, LinkKind, ReportFootnote, ReportLink } from "./types.js";
import { findOcrDamage, findPlaceholderUrls, findUrls, isPlaceholderUrl, urlKey } from "./urls.js";

/** A piece of the report to read links from; items and footnotes let "Label - address" name the link. */
export interface LinkSource {
  text: string;
  labelled: boolean;
}

const PASSWORD =
  /\b(?:password|passcode|pass\s*code|pwd|access\s+code)\b\s*(?:is\s*)?[:\-–]?\s*[“"'‘]?([^\s"”’',;)]+)/i;

/**
 * Classifies an address as a recording, a document or something else. The
 * address decides first; only an address that says nothing is called a
 * recording because the words before it speak of one.
 */
export function classifyLink(url: string, context: string): LinkKind {
  if (
    /webex\.com\/.*(?:ldr\.php|lsr\.php|recording|RCID=)|zoom\.us\/rec|youtube\.com\/(?:watch|live)|youtu\.be\/|vimeo\.com\/\d/i.test(
      url,
    )
  ) {
    return "recording";
  }
  if (
    /docs\.google\.com\/(?:document|spreadsheets|presentation)|filedepot_download|\/files?\/|\.(?:pdf|docx?|odt|pptx?|xlsx?|rtf)(?:$|[?#])/i.test(
      url,
    )
  ) {
    return "document";
  }
  return /\brecording\b|\brecorded\b/i.test(context) ? "recording" : "other";
}

function labelBefore(text: string, index: number): string | null {
  const label = text
    .slice(0, index)
    .trim()
    .replace(/\s*[-–—:]+$/, "")
    .trim();
  if (label === "" || label.split(/\s+/).length > 20 || /[.;]$/.test(label)) return null;
  return label;
}

/** The words before an address back to the sentence start or the address before it. */
function contextBefore(text: string, index: number): string {
  const before = text.slice(Math.max(0, index - 160), index);
  const lastStop = Math.max(before.lastIndexOf(". "), before.lastIndexOf("\n"));
  const sentence = before.slice(lastStop + 1);
  const previousUrl = findUrls(sentence).at(-1);
  return previousUrl ? sentence.slice(previousUrl.end) : sentence;
}

/**
 * Collects every link of the report once: addresses in the prose, Markdown
 * links, footnotes and the page-end lists, merged under one key (http and
 * https, escaped brackets and trailing slashes alike), the prose's spelling
 * kept. Placeholders ("[link to be completed]"), empty Markdown targets and
 * addresses damaged by text recognition are reported, not invented.
 */
export function collectLinks(
  sources: readonly LinkSource[],
  footnotes: readonly ReportFootnote[],
  pageListUrls: readonly string[],
  warnings: ImportWarning[],
): ReportLink[] {
  const byKey = new Map<string, ReportLink>();
  const placeholderKeys = new Set<string>();
  const add = (link: ReportLink) => {
    const key = urlKey(link.url);
    const existing = byKey.get(key);
    if (!existing) {
      byKey.set(key, link);
      return;
    }
    existing.label ??= link.label;
    existing.password ??= link.password;
    if (existing.kind === "other") existing.kind = link.kind;
  };

  for (const source of sources) {
    const taken: [number, number][] = [];
    for (const match of source.text.matchAll(MARKDOWN_LINK)) {
      const [whole, label, target] = match as unknown as [string, string, string];
      taken.push([match.index, match.index + whole.length]);
      if (!/^https?:\/\//i.test(target)) {
        warnings.push({
          code: "link_missing_target",
          message: `The link "${label}" has no address${target ? ` ("${target}")` : ""}; the conversion lost it.`,
        });
        continue;
      }
      add({ url: target, label, kind: classifyLink(target, label), password: null });
    }
    for (const placeholder of findPlaceholderUrls(source.text)) {
      taken.push([placeholder.index, placeholder.end]);
      placeholderKeys.add(urlKey(placeholder.url));
      const label = source.labelled ? labelBefore(source.text, placeholder.index) : null;
      warnings.push({
        code: "link_placeholder",
        message: `${label ? `"${label}" points` : "A link points"} to a placeholder (${placeholder.url}); the address was never filled in.`,
      });
    }
    for (const found of findUrls(source.text)) {
      if (taken.some(([start, end]) => found.index < end && start < found.end)) continue;
      const after = source.text.slice(found.end, found.end + 120);
      add({
        url: found.url,
        label: source.labelled ? labelBefore(source.text, found.index) : null,
        kind: classifyLink(found.url, contextBefore(source.text, found.index)),
        password: after.match(PASSWORD)?.[1]?.replace(/[.]$/, "") ?? null,
      });
    }
  }

  for (const footnote of footnotes) {
    if (!footnote.url) continue;
    const label = footnote.text
      .replace(footnote.url, "")
      .replace(/[\s:–—-]+$/, "")
      .trim();
    add({ url: footnote.url, label: label || null, kind: classifyLink(footnote.url, label), password: null });
  }

  for (const url of pageListUrls) {
    if (isPlaceholderUrl(url)) {
      if (!placeholderKeys.has(urlKey(url))) {
        placeholderKeys.add(urlKey(url));
        warnings.push({ code: "link_placeholder", message: `A link points to a placeholder (${url}).` });
      }
      continue;
    }
    add({ url, label: null, kind: classifyLink(url, ""), password: null });
  }

  const links = [...byKey.values()];
  for (const link of links) {
    const damaged = findOcrDamage(link.url);
    if (damaged) {
      warnings.push({
        code: "link_ocr_suspect",
        message: `The address ${link.url} looks damaged by text recognition ("${damaged}" mixes letters into a hexadecimal identifier); check it against the original.`,
      });
    }
  }
  return links;
}
