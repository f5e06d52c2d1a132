// The questionnaire as a Word document, for people who answer offline: every section, question, option and
// item in the chosen language (falling back to the original), with room to write after each question.
import type { HeadingLevel, Paragraph } from "docx";
import { directionOf, type Locale } from "../../ui/i18n/locales.js";
import { docxLanguageStyles } from "../../ui/i18n/office.js";
import { translator } from "../../ui/i18n/translate.js";
import { paragraphsOf } from "../../ui/text.js";
import { type PublishedQuestionnaire, pickText, type Question } from "../questionnaire-model.js";

/** What else the document shows besides the questionnaire. */
export interface DocxContext {
  forumName: string;
  year: number;
  message?: string;
  deadlines: string[];
  callUrl: string;
}

/** Builds the .docx of a published questionnaire in a language. */
export async function questionnaireDocx(
  pq: PublishedQuestionnaire,
  lang: Locale,
  context: DocxContext,
): Promise<Buffer> {
  // Loaded when a document is asked for: docx is about 11 MB of memory that a server at rest need not hold.
  const { Document, HeadingLevel, Packer, Paragraph, TextRun } = await import("docx");
  const t = translator(lang);
  const text = (value: Parameters<typeof pickText>[0]) => pickText(value, lang, pq.originalLanguage);
  const bidirectional = directionOf(lang) === "rtl";
  const p = (
    value: string,
    options: {
      heading?: (typeof HeadingLevel)[keyof typeof HeadingLevel];
      italic?: boolean;
      bold?: boolean;
    } = {},
  ) =>
    new Paragraph({
      heading: options.heading,
      bidirectional,
      children: [
        new TextRun({ text: value, italics: options.italic, bold: options.bold, rightToLeft: bidirectional }),
      ],
    });
  const answerSpace = () => [p(t("calls.docx.answer"), { italic: true }), p(""), p("")];
  const children: Paragraph[] = [
    p(`${context.forumName} · ${context.year}`, { heading: HeadingLevel.TITLE }),
    p(text(pq.variantName), { heading: HeadingLevel.HEADING_1 }),
  ];
  if (pq.audience && text(pq.audience)) children.push(p(text(pq.audience), { italic: true }));
  if (context.message) for (const para of paragraphsOf(context.message)) children.push(p(para));
  for (const d of context.deadlines) children.push(p(d, { bold: true }));
  children.push(p(t("calls.docx.online", { url: context.callUrl })));
  children.push(p(t("calls.docx.version", { version: pq.version }), { italic: true }));
  let n = 0;
  for (const section of pq.sections) {
    children.push(p(text(section.title), { heading: HeadingLevel.HEADING_2 }));
    if (section.intro) children.push(p(text(section.intro)));
    for (const q of section.questions) {
      n++;
      children.push(
        p(`${n}. ${text(q.label)}${q.required ? ` (${t("calls.question.requiredMark")})` : ""}`, {
          heading: HeadingLevel.HEADING_3,
        }),
      );
      if (q.help) children.push(p(text(q.help), { italic: true }));
      children.push(...questionBody(q, text, t, p, answerSpace));
    }
  }
  const doc = new Document({
    creator: context.forumName,
    styles: docxLanguageStyles(lang),
    title: `${context.forumName} ${context.year}: ${text(pq.variantName)}`,
    sections: [{ children }],
  });
  return Packer.toBuffer(doc);
}

function questionBody(
  q: Question,
  text: (v: Parameters<typeof pickText>[0]) => string,
  t: ReturnType<typeof translator>,
  p: (value: string, options?: { italic?: boolean; bold?: boolean }) => Paragraph,
  answerSpace: () => Paragraph[],
): Paragraph[] {
  switch (q.type) {
    case "short_text":
      return answerSpace();
    case "long_text":
      return [
        ...(q.guidance
          ? [
              p(
                t(`calls.guidance.${q.guidance.unit}`, {
                  min: q.guidance.min ?? 0,
                  max: q.guidance.max ?? 0,
                }),
                { italic: true },
              ),
            ]
          : []),
        ...answerSpace(),
      ];
    case "single_choice":
      return [
        p(t("calls.docx.chooseOne"), { italic: true }),
        ...q.options.map((o) => p(`☐ ${text(o.label)}`)),
      ];
    case "multiple_choice":
      return [
        p(t("calls.docx.chooseAny"), { italic: true }),
        ...q.options.map((o) => p(`☐ ${text(o.label)}`)),
        ...(q.allowOther ? [p(`☐ ${t("calls.question.other")}: ____________________`)] : []),
      ];
    case "item_list":
      return q.items.flatMap((i) => [p(`• ${text(i.label)}`, { bold: true }), ...answerSpace()]);
    case "link_list":
      return [p(t("calls.docx.links"), { italic: true }), p("1. "), p("2. "), p("3. ")];
    case "file_upload":
      return [p(t(q.role === "main" ? "calls.docx.fileMain" : "calls.docx.fileAppendix"), { italic: true })];
    case "contributor_details":
      return [
        p(`${t("calls.docx.name")}: `),
        p(`${t("calls.docx.organisation")}: `),
        p(`${t("calls.docx.email")}: `),
        p(`${t("calls.docx.stakeholderGroup")}: `),
        p(`${t("calls.docx.country")}: `),
      ];
    case "consent":
      return [
        p(`☐ ${t("calls.docx.consentNamed")}`),
        ...(q.allowAnonymous ? [p(`☐ ${t("calls.docx.consentAnonymous")}`)] : []),
        ...(q.licence ? [p(t("calls.docx.licence", { licence: q.licence }), { italic: true })] : []),
      ];
  }
}
