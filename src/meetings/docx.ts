// The summary report as a Word document: title, date, numbered paragraphs with real footnotes and links,
// next steps, and the participants annex.
import {
  Document,
  ExternalHyperlink,
  FootnoteReferenceRun,
  HeadingLevel,
  Packer,
  Paragraph,
  type ParagraphChild,
  TextRun,
} from "docx";
import type { Locale } from "../ui/i18n/locales.js";
import { docxLanguageStyles } from "../ui/i18n/office.js";
import { inlineParts, type ParsedSummary } from "./format.js";

export interface SummaryDocument {
  /** The language of the file's headings, so Word checks and lays out its text as that. */
  locale: Locale;
  forumName: string;
  title: string;
  dateLine: string;
  summary: ParsedSummary;
  headings: { summary: string; nextSteps: string; participants: string };
  nextSteps: string[];
  participants: string[];
}

function runs(text: string, footnoteIds: Map<string, number>): ParagraphChild[] {
  return inlineParts(text).map((part) => {
    if (part.kind === "url")
      return new ExternalHyperlink({
        link: part.value,
        children: [new TextRun({ text: part.value, style: "Hyperlink" })],
      });
    if (part.kind === "ref") {
      const id = footnoteIds.get(part.value);
      return id ? new FootnoteReferenceRun(id) : new TextRun(`[${part.value}]`);
    }
    return new TextRun(part.value);
  });
}

/** Builds the .docx bytes. */
export async function summaryDocx(doc: SummaryDocument): Promise<Buffer> {
  const footnoteIds = new Map<string, number>();
  const footnotes: Record<number, { children: Paragraph[] }> = {};
  doc.summary.footnotes.forEach((f, index) => {
    const id = index + 1;
    footnoteIds.set(f.marker, id);
    footnotes[id] = { children: [new Paragraph({ children: runs(f.text, new Map()) })] };
  });
  const body: Paragraph[] = [
    new Paragraph({
      heading: HeadingLevel.TITLE,
      children: [new TextRun(`${doc.forumName} – ${doc.title}`)],
    }),
    new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(doc.headings.summary)] }),
    new Paragraph({ children: [new TextRun(doc.dateLine)] }),
  ];
  for (const p of doc.summary.paragraphs) {
    const [first = "", ...rest] = p.text.split("\n");
    body.push(new Paragraph({ children: [new TextRun(`${p.number}. `), ...runs(first, footnoteIds)] }));
    for (const line of rest) body.push(new Paragraph({ children: runs(line, footnoteIds) }));
  }
  if (doc.nextSteps.length) {
    body.push(
      new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(doc.headings.nextSteps)] }),
    );
    for (const step of doc.nextSteps)
      body.push(new Paragraph({ bullet: { level: 0 }, children: [new TextRun(step)] }));
  }
  if (doc.participants.length) {
    body.push(
      new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(doc.headings.participants)] }),
    );
    for (const person of doc.participants) body.push(new Paragraph({ children: [new TextRun(person)] }));
  }
  const document = new Document({
    creator: "Intersession",
    title: `${doc.forumName} – ${doc.title}`,
    styles: docxLanguageStyles(doc.locale),
    footnotes,
    sections: [{ children: body }],
  });
  return Packer.toBuffer(document);
}
