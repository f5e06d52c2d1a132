// A version of a document as a Word file: its headings as Word headings, paragraphs with bold, italics, code and
// links, lists, tables, quotes, its footnotes as real Word footnotes (numbered by Word, at the foot of the page),
// and the annex "Contributions as of DATE" listing the cycle's published contributions, as in the records.
import {
  ExternalHyperlink,
  FootnoteReferenceRun,
  HeadingLevel,
  Paragraph,
  type ParagraphChild,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from "docx";
import type { Token } from "markdown-it";
import { numberFootnotes, packDocx } from "../../ui/docx.js";
import type { Locale } from "../../ui/i18n/locales.js";
import { isSafeLink, type ParsedBlock, parseDocument } from "../markdown.js";

/** What the file says besides the text. */
export interface DocxInput {
  title: string;
  /** A line under the title: the forum, the version and its status. */
  subtitle: string;
  body: string;
  annex: { title: string; entries: string[] };
  /** The language the text is written in, which Word checks its spelling as. */
  locale?: Locale;
}

const HEADINGS = [
  HeadingLevel.HEADING_1,
  HeadingLevel.HEADING_2,
  HeadingLevel.HEADING_3,
  HeadingLevel.HEADING_4,
  HeadingLevel.HEADING_5,
  HeadingLevel.HEADING_6,
];

interface Style {
  bold?: boolean;
  italics?: boolean;
  code?: boolean;
}

/** Word runs of an inline token's children: text with its style, links, footnote marks. */
function runs(children: Token[], footnoteIds: Map<number, number>, base: Style = {}): ParagraphChild[] {
  const out: ParagraphChild[] = [];
  const style: Style = { ...base };
  let link: { href: string; runs: TextRun[] } | null = null;
  const text = (value: string, extra: Style = {}) => {
    const s = { ...style, ...extra };
    const run = new TextRun({
      text: value,
      bold: s.bold,
      italics: s.italics,
      font: s.code ? "Courier New" : undefined,
      style: link ? "Hyperlink" : undefined,
    });
    if (link) link.runs.push(run);
    else out.push(run);
  };
  for (const token of children) {
    switch (token.type) {
      case "text":
        text(token.content);
        break;
      case "code_inline":
        text(token.content, { code: true });
        break;
      case "softbreak":
        text(" ");
        break;
      case "hardbreak":
        out.push(new TextRun({ text: "", break: 1 }));
        break;
      case "strong_open":
        style.bold = true;
        break;
      case "strong_close":
        style.bold = base.bold;
        break;
      case "em_open":
        style.italics = true;
        break;
      case "em_close":
        style.italics = base.italics;
        break;
      case "link_open": {
        const href = String(token.attrGet("href") ?? "");
        link = isSafeLink(href) && /^(https?:|mailto:)/i.test(href) ? { href, runs: [] } : null;
        break;
      }
      case "link_close":
        if (link) out.push(new ExternalHyperlink({ link: link.href, children: link.runs }));
        link = null;
        break;
      case "image":
        text((token.children ?? []).map((c) => c.content).join(""));
        break;
      case "footnote_ref": {
        const id = footnoteIds.get(Number(token.meta?.id ?? 0) + 1);
        if (id !== undefined) out.push(new FootnoteReferenceRun(id));
        break;
      }
      default:
        if (token.content) text(token.content);
    }
  }
  return out;
}

/** The Word paragraphs (or a table) of one top-level block. */
function blockContent(block: ParsedBlock, footnoteIds: Map<number, number>): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [];
  const tokens = block.tokens;
  if (block.type === "table") {
    const rows: TableRow[] = [];
    let cells: TableCell[] = [];
    let header = false;
    for (const token of tokens) {
      if (token.type === "thead_open") header = true;
      if (token.type === "thead_close") header = false;
      if (token.type === "tr_open") cells = [];
      if (token.type === "inline")
        cells.push(
          new TableCell({
            children: [
              // A header cell is written like any other, in bold: its emphasis, links and notes as such.
              new Paragraph({
                children: runs(token.children ?? [], footnoteIds, header ? { bold: true } : {}),
              }),
            ],
          }),
        );
      if (token.type === "tr_close") rows.push(new TableRow({ children: cells, tableHeader: header }));
    }
    return rows.length ? [new Table({ rows, width: { size: 100, type: WidthType.PERCENTAGE } })] : [];
  }
  if (block.type === "fence" || block.type === "code_block")
    return block.text
      .split("\n")
      .map((line) => new Paragraph({ children: [new TextRun({ text: line, font: "Courier New" })] }));
  if (block.type === "hr") return [new Paragraph({ children: [] })];
  // Headings, paragraphs, lists and quotes: one Word paragraph per inline run, indented by nesting.
  const lists: { ordered: boolean; n: number }[] = [];
  let quote = 0;
  let itemStart = false;
  for (const token of tokens) {
    if (token.type === "bullet_list_open") lists.push({ ordered: false, n: 0 });
    else if (token.type === "ordered_list_open")
      lists.push({ ordered: true, n: Number(token.attrGet("start") ?? 1) - 1 });
    else if (token.type === "bullet_list_close" || token.type === "ordered_list_close") lists.pop();
    else if (token.type === "blockquote_open") quote++;
    else if (token.type === "blockquote_close") quote--;
    else if (token.type === "list_item_open") {
      const list = lists.at(-1);
      if (list) list.n++;
      itemStart = true;
    } else if (token.type === "inline") {
      const list = lists.at(-1);
      const marker = list && itemStart ? (list.ordered ? `${list.n}. ` : "• ") : "";
      itemStart = false;
      const indent = (lists.length + quote) * 567;
      out.push(
        new Paragraph({
          heading: block.type === "heading" ? HEADINGS[Math.min(5, Math.max(0, block.level - 1))] : undefined,
          indent: indent ? { left: indent } : undefined,
          children: [...(marker ? [new TextRun(marker)] : []), ...runs(token.children ?? [], footnoteIds)],
        }),
      );
    }
  }
  return out;
}

/** The .docx of a version with its footnotes and the annex of contributions. */
export function documentDocx(input: DocxInput): Promise<Buffer> {
  const { blocks, footnotes } = parseDocument(input.body);
  const { ids: footnoteIds, footnotes: notes } = numberFootnotes(
    footnotes,
    (note) => note.number,
    (note) => {
      const inline = note.tokens.filter((t) => t.type === "inline");
      return inline.length
        ? inline.map((t) => new Paragraph({ children: runs(t.children ?? [], new Map()) }))
        : [new Paragraph(note.text)];
    },
  );
  const children: (Paragraph | Table)[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(input.title)] }),
    new Paragraph({ children: [new TextRun({ text: input.subtitle, italics: true })] }),
    ...blocks.flatMap((b) => blockContent(b, footnoteIds)),
    new Paragraph({
      heading: HeadingLevel.HEADING_1,
      pageBreakBefore: true,
      children: [new TextRun(input.annex.title)],
    }),
    ...input.annex.entries.map(
      (entry, i) => new Paragraph({ children: [new TextRun(`${i + 1}. ${entry}`)] }),
    ),
  ];
  return packDocx({ title: input.title, locale: input.locale, footnotes: notes, children });
}
