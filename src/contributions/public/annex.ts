// The annex "Contributions as of DATE" as a Word document, numbered like the records' annexes.
import type { CycleRow, ForumRow } from "../../forums/index.js";
import { docxLanguageStyles } from "../../ui/i18n/office.js";
import type { PageContext } from "../../ui/page-context.js";
import { contributorLabel } from "../page-parts.js";
import type { ContributionRow } from "../queries.js";

/** Builds the annex .docx. */
export async function annexDocx(input: {
  ctx: PageContext;
  forum: ForumRow;
  cycle: CycleRow;
  rows: ContributionRow[];
  asOfLabel: string;
}): Promise<Buffer> {
  // Loaded when an annex is asked for: docx is about 11 MB of memory that a server at rest need not hold.
  const { Document, HeadingLevel, Packer, Paragraph, TextRun } = await import("docx");
  const { ctx, forum, cycle, rows } = input;
  const document = new Document({
    creator: forum.name,
    title: ctx.t("contributions.annex.title", { date: input.asOfLabel }),
    styles: docxLanguageStyles(ctx.locale),
    sections: [
      {
        children: [
          new Paragraph({
            heading: HeadingLevel.HEADING_1,
            children: [new TextRun(ctx.t("contributions.annex.title", { date: input.asOfLabel }))],
          }),
          new Paragraph({ children: [new TextRun(`${forum.name} ${cycle.year}`)] }),
          ...rows.map(
            (r, index) =>
              new Paragraph({
                children: [
                  new TextRun(`${index + 1}. ${contributorLabel(r, ctx.t, ctx.locale)}`),
                  ...(r.is_sample
                    ? [new TextRun({ text: ` (${ctx.t("contributions.sample")})`, italics: true })]
                    : []),
                ],
              }),
          ),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
