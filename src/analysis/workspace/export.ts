// The excerpts as files: CSV (one row per excerpt and heading) and a Word document in which each excerpt sits
// under its theme's or section's heading with the contributor's name and the contribution's reference.

import type { Locale } from "../../ui/i18n/locales.js";
import { docxLanguageStyles } from "../../ui/i18n/office.js";
import { csvLine } from "../csv.js";
import type { ExcerptGroup, ExcerptView } from "./service.js";

/** The words a file needs in the reader's language. */
export interface ExportLabels {
  /** The language of the labels, which the .docx says its text is in. */
  locale: Locale;
  title: string;
  /** The heading of the excerpts with no code of the exported kind. */
  uncoded: string;
  anonymous: string;
  proposal: string;
  orphan: string;
}

const credit = (e: ExcerptView, labels: ExportLabels) =>
  [e.anonymous ? labels.anonymous : (e.contributor ?? labels.anonymous), e.reference]
    .filter(Boolean)
    .join(", ");

export const EXCERPT_CSV_HEADER = [
  "heading",
  "excerpt_id",
  "reference",
  "contributor",
  "quote",
  "proposal",
  "anchor",
  "source",
  "coded_by",
  "coded_at",
];

/** The excerpts as CSV: one row per excerpt under each heading it appears under. */
export function excerptsCsv(groups: ExcerptGroup[], labels: ExportLabels): string {
  const lines = [csvLine(EXCERPT_CSV_HEADER)];
  for (const group of groups)
    for (const e of group.excerpts)
      lines.push(
        csvLine([
          group.code?.name ?? labels.uncoded,
          e.id,
          e.reference,
          e.anonymous ? labels.anonymous : e.contributor,
          e.quote,
          e.proposal,
          e.anchor_status,
          e.source,
          e.coded_by_label,
          e.created_at.toISOString(),
        ]),
      );
  return lines.join("");
}

/** The excerpts as a .docx: a heading per theme or section (nested ones one level down), each excerpt quoted. */
export async function excerptsDocx(groups: ExcerptGroup[], labels: ExportLabels): Promise<Buffer> {
  const { Document, HeadingLevel, Packer, Paragraph, TextRun } = await import("docx");
  const levels = [
    HeadingLevel.HEADING_1,
    HeadingLevel.HEADING_2,
    HeadingLevel.HEADING_3,
    HeadingLevel.HEADING_4,
  ];
  const body = [new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(labels.title)] })];
  for (const group of groups) {
    body.push(
      new Paragraph({
        heading: levels[Math.min(group.depth, levels.length - 1)],
        children: [new TextRun(group.code?.name ?? labels.uncoded)],
      }),
    );
    for (const e of group.excerpts) {
      const flags = [
        e.proposal ? labels.proposal : "",
        e.anchor_status === "orphan" ? labels.orphan : "",
      ].filter(Boolean);
      body.push(
        new Paragraph({ indent: { left: 567 }, children: [new TextRun({ text: `“${e.quote}”` })] }),
        new Paragraph({
          indent: { left: 567 },
          children: [
            new TextRun({ text: `— ${credit(e, labels)}`, italics: true }),
            ...(flags.length ? [new TextRun({ text: ` (${flags.join(", ")})`, bold: true })] : []),
          ],
        }),
      );
    }
  }
  const document = new Document({
    creator: "Intersession",
    title: labels.title,
    styles: docxLanguageStyles(labels.locale),
    sections: [{ children: body }],
  });
  return Packer.toBuffer(document);
}
