// Reads a document's text with its line and page layout kept (a form feed between PDF pages), for parsers
// that work on layout, such as the meeting-report importer. Runs in the extraction worker (extract-worker.ts
// with reader "layout"), after inspect.ts has accepted the bytes.
import { extname } from "node:path";
import { unzipSync } from "fflate";
import mammoth from "mammoth";
import { repackedDocx } from "./extract.js";
import type { DetectedType } from "./limits.js";
import { childElements, parseXml, type XmlElement, type XmlNode } from "./xml-lite.js";

/** Thrown for a file whose type the report importer does not read. */
export class UnsupportedReportFormatError extends Error {
  constructor(fileName: string) {
    super(`Cannot read the text of "${fileName}": send a .txt, .md, .docx or .pdf file.`);
    this.name = "UnsupportedReportFormatError";
  }
}

interface PositionedText {
  text: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Lays text items out as lines: items whose baselines lie within half a line
 * height share a line, read left to right; a gap wider than a fifth of the
 * font size between two items is a space the PDF did not spell out.
 */
export function itemsToLines(items: readonly PositionedText[]): string[] {
  const rows: PositionedText[][] = [];
  const byHeight = [...items].sort((left, right) => right.y - left.y || left.x - right.x);
  for (const item of byHeight) {
    const row = rows.at(-1);
    const reference = row?.[0];
    const tolerance = Math.max(1, (reference?.height || item.height || 10) / 2);
    if (row && reference && Math.abs(reference.y - item.y) <= tolerance) row.push(item);
    else rows.push([item]);
  }
  return rows.map((row) => {
    row.sort((left, right) => left.x - right.x);
    let line = "";
    let previousEnd: number | null = null;
    for (const item of row) {
      const gap = previousEnd === null ? 0 : item.x - previousEnd;
      const needsSpace =
        line !== "" && !/\s$/.test(line) && !/^\s/.test(item.text) && gap > (item.height || 10) * 0.2;
      line += (needsSpace ? " " : "") + item.text;
      previousEnd = item.x + item.width;
    }
    return line.replace(/\s+$/, "");
  });
}

async function extractPdfText(buffer: Buffer): Promise<string> {
  const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const document = await getDocument({
    data: new Uint8Array(buffer),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  }).promise;
  try {
    const pages: string[] = [];
    for (let pageNumber = 1; pageNumber <= document.numPages; pageNumber++) {
      const page = await document.getPage(pageNumber);
      const content = await page.getTextContent();
      const items: PositionedText[] = [];
      for (const item of content.items) {
        if (!("str" in item) || item.str === "") continue;
        items.push({
          text: item.str,
          x: item.transform[4] ?? 0,
          y: item.transform[5] ?? 0,
          width: item.width,
          height: item.height,
        });
      }
      pages.push(itemsToLines(items).join("\n"));
      page.cleanup();
    }
    // A form feed between pages lets the parser see where a page starts.
    return pages.join("\n\f");
  } finally {
    await document.destroy();
  }
}

/**
 * Word's paragraph separator (U+2029). A Word file is read by its paragraphs, and each one ends with it, so
 * a parser can tell a paragraph's end from a line break inside it (U+000A, Shift+Enter in Word).
 */
export const WORD_PARAGRAPH_END = "\u2029";

/** A node of the document mammoth reads from a Word file (see mammoth's documents.js), as far as it is used. */
interface WordNode {
  type: string;
  children?: WordNode[];
  value?: string;
  href?: string;
  noteType?: string;
  noteId?: string;
  numbering?: { isOrdered: boolean; level: string } | null;
}

/** An address as link text: what Word's AutoFormat turns into a link, or a link whose text is its address. */
const ADDRESS_TEXT = /^(?:https?:\/\/|www\.)\S+$/i;

/**
 * A link as the report parser reads it: the address itself where the text shows it, else the Markdown form
 * "[text](address)" that keeps both. Links inside the document ("#bookmark") and mail links keep their text.
 */
function renderLink(text: string, href: string | undefined): string {
  const shown = text.replace(/\s+/g, " ").trim();
  if (!href || !/^https?:\/\//i.test(href)) return text;
  if (shown === "" || ADDRESS_TEXT.test(shown)) return href;
  const label = shown.replace(/[[\]]/g, "");
  return `[${label}](${href.replace(/[()\s]/g, (character) => encodeURIComponent(character))})`;
}

/** True when every "]" closes a "[" before it and none is left open. */
function bracketsPair(text: string): boolean {
  let depth = 0;
  for (const character of text) {
    if (character === "[") depth++;
    else if (character === "]" && --depth < 0) return false;
  }
  return depth === 0;
}

/**
 * Numbers footnotes and endnotes in the order the text first refers to them, as Word shows them, and keeps
 * the ones a paragraph referred to until the paragraph has been written out.
 */
class NoteNumbers {
  private readonly numbers = new Map<string, number>();
  private pending: { number: number; text: string }[] = [];

  constructor(private readonly texts: ReadonlyMap<string, string>) {}

  /** The number the reference shows ("[footnoteRef:2]"), queueing the note's text on first use. */
  mark(noteType: string, noteId: string): string {
    const key = `${noteType}-${noteId}`;
    let number = this.numbers.get(key);
    if (number === undefined) {
      number = this.numbers.size + 1;
      this.numbers.set(key, number);
      const text = this.texts.get(key);
      if (text !== undefined) this.pending.push({ number, text });
    }
    return `[footnoteRef:${number}]`;
  }

  /**
   * The queued notes as Word's plain text writes them, "[1: text]", in order. A note whose square
   * brackets do not pair up gets round ones, so its own closing bracket still ends it.
   */
  flush(): string[] {
    const lines = this.pending.map(({ number, text }) => {
      return `[${number}: ${bracketsPair(text) ? text : text.replace(/\[/g, "(").replace(/\]/g, ")")}]`;
    });
    this.pending = [];
    return lines;
  }
}

function inlineText(node: WordNode, notes: NoteNumbers): string {
  switch (node.type) {
    case "text":
      return node.value ?? "";
    case "tab":
      return " ";
    case "break":
      return "\n";
    case "noteReference":
      return notes.mark(node.noteType ?? "footnote", node.noteId ?? "");
    case "hyperlink":
      return renderLink(childrenText(node, notes), node.href);
    case "image":
    case "checkbox":
    case "commentReference":
    case "bookmarkStart":
      return "";
    default:
      return childrenText(node, notes);
  }
}

function childrenText(node: WordNode, notes: NoteNumbers): string {
  return (node.children ?? []).map((child) => inlineText(child, notes)).join("");
}

/**
 * Writes the document one paragraph a line, each ended by WORD_PARAGRAPH_END: list numbers Word computes
 * are written out ("3. "), each item of a bulleted or deeper list starts "- ", footnote marks are
 * "[footnoteRef:N]" and the notes follow their paragraph as "[N: text]", as Word saves plain text. A table
 * row is one line, its cells apart by " / ". Numbering counts per list level as mammoth tells them apart
 * (by the list definition), so a list restarted at 1 under the same definition keeps counting.
 */
function renderDocument(document: WordNode, noteTexts: ReadonlyMap<string, string>): string {
  const notes = new NoteNumbers(noteTexts);
  const counters = new Map<object, number>();
  const lines: string[] = [];
  const write = (text: string) => {
    const line = text.replace(/[ \t]+/g, " ").trim();
    if (line !== "") lines.push(line);
    lines.push(...notes.flush());
  };
  const paragraphText = (paragraph: WordNode): string => {
    const text = childrenText(paragraph, notes).trim();
    const numbering = paragraph.numbering;
    if (!numbering || text === "") return text;
    if (!numbering.isOrdered || numbering.level !== "0") return `- ${text}`;
    const number = (counters.get(numbering) ?? 0) + 1;
    counters.set(numbering, number);
    return `${number}. ${text}`;
  };
  const visit = (node: WordNode): void => {
    if (node.type === "paragraph") write(paragraphText(node));
    else if (node.type === "tableRow") {
      const cells = (node.children ?? []).map((cell) =>
        (cell.children ?? [])
          .filter((child) => child.type === "paragraph")
          .map((child) => childrenText(child, notes).replace(/\s+/g, " ").trim())
          .filter((text) => text !== "")
          .join(" "),
      );
      write(cells.filter((cell) => cell !== "").join(" / "));
    } else for (const child of node.children ?? []) visit(child);
  };
  visit(document);
  return lines.map((line) => line + WORD_PARAGRAPH_END).join("");
}

function localName(element: XmlElement): string {
  return element.name.slice(element.name.indexOf(":") + 1);
}

/** Where each relationship of a part points ("rId3" to an address), from the part's .rels file. */
function readRelationships(xml: Uint8Array | undefined): Map<string, string> {
  const targets = new Map<string, string>();
  if (!xml) return targets;
  for (const relationship of childElements(parseXml(new TextDecoder().decode(xml)))) {
    const id = relationship.attrs.Id;
    const target = relationship.attrs.Target;
    if (localName(relationship) === "Relationship" && id && target) targets.set(id, target);
  }
  return targets;
}

/**
 * The text of a footnote's XML as printed: runs, tabs and breaks as spaces, hyperlinks (elements or
 * HYPERLINK fields) as renderLink writes them; deleted text, field codes and the note's own mark left out.
 */
function noteText(note: XmlElement, targets: ReadonlyMap<string, string>): string {
  const paragraphs: string[] = [];
  let text = "";
  let fieldCode = "";
  let field: { href: string | undefined; text: string } | null = null;
  const append = (piece: string) => {
    if (field) field.text += piece;
    else text += piece;
  };
  const walk = (node: XmlNode): void => {
    if (typeof node === "string") return;
    switch (localName(node)) {
      case "t":
        append(node.children.filter((child) => typeof child === "string").join(""));
        return;
      case "tab":
      case "br":
      case "cr":
        append(" ");
        return;
      case "noBreakHyphen":
        append("-");
        return;
      case "del":
      case "delText":
      case "footnoteRef":
      case "endnoteRef":
        return;
      case "instrText":
        fieldCode += node.children.filter((child) => typeof child === "string").join("");
        return;
      case "fldChar": {
        const kind = Object.entries(node.attrs).find(([name]) => name.endsWith(":fldCharType"))?.[1];
        if (kind === "begin") fieldCode = "";
        if (kind === "separate") {
          const href = fieldCode.match(/^\s*HYPERLINK\s+"([^"]+)"/)?.[1];
          field = href ? { href, text: "" } : null;
        }
        if (kind === "end" && field) {
          const link = field;
          field = null;
          append(renderLink(link.text, link.href));
        }
        return;
      }
      case "hyperlink": {
        const id = Object.entries(node.attrs).find(([name]) => name.endsWith(":id"))?.[1];
        const before = text;
        text = "";
        for (const child of node.children) walk(child);
        const inner = text;
        text = before;
        append(renderLink(inner, id ? targets.get(id) : undefined));
        return;
      }
      case "p":
        for (const child of node.children) walk(child);
        paragraphs.push(text);
        text = "";
        return;
      default:
        for (const child of node.children) walk(child);
    }
  };
  walk(note);
  if (text !== "") paragraphs.push(text);
  return paragraphs.join(" ").replace(/\s+/g, " ").trim();
}

/** The footnotes and endnotes of a Word file by "footnote-<id>" / "endnote-<id>", separators left out. */
function readNotes(parts: Readonly<Record<string, Uint8Array>>): Map<string, string> {
  const notes = new Map<string, string>();
  for (const kind of ["footnote", "endnote"] as const) {
    const xml = parts[`word/${kind}s.xml`];
    if (!xml) continue;
    const targets = readRelationships(parts[`word/_rels/${kind}s.xml.rels`]);
    for (const note of childElements(parseXml(new TextDecoder().decode(xml)))) {
      const type = Object.entries(note.attrs).find(([name]) => name.endsWith(":type"))?.[1];
      const id = Object.entries(note.attrs).find(([name]) => name.endsWith(":id"))?.[1];
      if (localName(note) !== kind || id === undefined || (type !== undefined && type !== "normal")) continue;
      notes.set(`${kind}-${id}`, noteText(note, targets));
    }
  }
  return notes;
}

const NOTE_PARTS = new Set([
  "word/footnotes.xml",
  "word/_rels/footnotes.xml.rels",
  "word/endnotes.xml",
  "word/_rels/endnotes.xml.rels",
]);

/**
 * Reads a Word file by its paragraphs (mammoth's document, list numbering included) and its footnotes
 * (word/footnotes.xml through xml-lite, which accepts no DTD), both from the re-packed copy holding only
 * the parts the zip scan checked. See renderDocument for the text it writes.
 */
async function extractDocxText(buffer: Buffer, fileName: string): Promise<string> {
  const repacked = await repackedDocx(buffer, fileName);
  const notes = readNotes(unzipSync(repacked, { filter: (file) => NOTE_PARTS.has(file.name) }));
  let document: WordNode | null = null;
  await mammoth.convertToHtml(
    { buffer: repacked },
    {
      // The paragraphs are taken here; the HTML conversion is given nothing to do.
      transformDocument: (element: WordNode) => {
        document = element;
        return { ...element, children: [] };
      },
      convertImage: mammoth.images.imgElement(async () => ({ src: "" })),
      externalFileAccess: false,
      includeEmbeddedStyleMap: false,
    },
  );
  return document ? renderDocument(document, notes) : "";
}

/** The layout reader for each file type it reads, by extension. */
const typeByExtension: Readonly<Record<string, DetectedType>> = {
  ".txt": "txt",
  ".text": "txt",
  ".md": "md",
  ".markdown": "md",
  ".docx": "docx",
  ".pdf": "pdf",
};

/**
 * Reads a file's text with its layout: plain text and Markdown as UTF-8 without a byte-order mark, Word
 * files by their paragraphs and footnotes (see extractDocxText), PDFs through pdf.js (a form feed between
 * pages). ODT is not read here.
 */
export async function extractLayoutText(
  buffer: Buffer,
  type: DetectedType,
  fileName: string,
): Promise<string> {
  switch (type) {
    case "txt":
    case "md":
      return buffer.toString("utf8").replace(/^\ufeff/, "");
    case "docx":
      return extractDocxText(buffer, fileName);
    case "pdf":
      return extractPdfText(buffer);
    default:
      throw new UnsupportedReportFormatError(fileName);
  }
}

/** The same, choosing the reader by the file name's extension. */
export async function extractReportText(buffer: Buffer, fileName: string): Promise<string> {
  const type = typeByExtension[extname(fileName).toLowerCase()];
  if (!type) throw new UnsupportedReportFormatError(fileName);
  return extractLayoutText(buffer, type, fileName);
}
