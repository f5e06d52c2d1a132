// The summary report as a Word document: title, date, numbered paragraphs with real footnotes and links,
// next steps, and the participants annex.
import {
  ExternalHyperlink,
  FootnoteReferenceRun,
  HeadingLevel,
  Paragraph,
  type ParagraphChild,
  TextRun,
} from "docx";
import { numberFootnotes, packDocx } from "../ui/docx.js";
import type { Locale } from "../ui/i18n/locales.js";
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
export function summaryDocx(doc: SummaryDocument): Promise<Buffer> {
  const { ids: footnoteIds, footnotes } = numberFootnotes(
    doc.summary.footnotes,
    (f) => f.marker,
    (f) => [new Paragraph({ children: runs(f.text, new Map()) })],
  );
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
  return packDocx({
    title: `${doc.forumName} – ${doc.title}`,
    locale: doc.locale,
    footnotes,
    children: body,
  });
}
