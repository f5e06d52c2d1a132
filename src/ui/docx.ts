// What every Word file we write shares: footnotes numbered from 1 in the order the text gives them, and the
// document itself (its properties, the language of its text, one section) packed into bytes. The summary
// report, the output document and the printable questionnaire each build only their own paragraphs.
import { Document, Packer, type Paragraph, type Table } from "docx";
import type { Locale } from "./i18n/locales.js";
import { docxLanguageStyles } from "./i18n/office.js";

/** A .docx's footnotes, numbered 1, 2… in the order given. */
export interface NumberedFootnotes<K> {
  /** Each footnote's number, by the key the text refers to it with. */
  ids: Map<K, number>;
  footnotes: Record<number, { children: Paragraph[] }>;
}

/** Numbers the notes from 1 in their order, each found again by `key` and written as `paragraphs`. */
export function numberFootnotes<N, K>(
  notes: readonly N[],
  key: (note: N) => K,
  paragraphs: (note: N) => Paragraph[],
): NumberedFootnotes<K> {
  const ids = new Map<K, number>();
  const footnotes: Record<number, { children: Paragraph[] }> = {};
  notes.forEach((note, index) => {
    const id = index + 1;
    ids.set(key(note), id);
    footnotes[id] = { children: paragraphs(note) };
  });
  return { ids, footnotes };
}

/** The .docx bytes of one section of paragraphs; `locale`, when given, is the language Word checks its text as. */
export function packDocx(file: {
  title: string;
  creator?: string;
  locale?: Locale;
  footnotes?: Record<number, { children: Paragraph[] }>;
  children: (Paragraph | Table)[];
}): Promise<Buffer> {
  const document = new Document({
    creator: file.creator ?? "Intersession",
    title: file.title,
    styles: file.locale ? docxLanguageStyles(file.locale) : undefined,
    footnotes: file.footnotes,
    sections: [{ children: file.children }],
  });
  return Packer.toBuffer(document);
}
