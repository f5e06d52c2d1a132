// The form's error summary names each field by its label; a label that ends in its own punctuation
// ("…belong to?", "Links:", "Describe it.") must not gain a second mark before the message.
import { describe, expect, it } from "vitest";
import type { PublishedQuestionnaire, Question } from "../../calls/questionnaire-model.js";
import type { Locale } from "../../ui/i18n/locales.js";
import { translator } from "../../ui/i18n/translate.js";
import type { PageContext } from "../../ui/page-context.js";
import { answerField } from "./answers.js";
import { summaryInFormOrder } from "./form-page.js";

const question = (id: string, label: Record<string, string>): Question => ({
  id,
  type: "short_text",
  required: true,
  label,
});

const questionnaire: PublishedQuestionnaire = {
  versionId: "v1",
  questionnaireId: "q1",
  variantKey: "base",
  variantName: { en: "Questionnaire" },
  version: 1,
  originalLanguage: "en",
  languages: ["en", "es", "fr", "ar"],
  publishedAt: new Date("2017-08-15T00:00:00Z"),
  sections: [
    {
      id: "s1",
      title: { en: "Questions" },
      questions: [
        question("q_group", {
          en: "Which stakeholder group do you belong to?",
          es: "¿A qué grupo de partes interesadas pertenece?",
          fr: "À quel groupe de parties prenantes appartenez-vous ?",
          ar: "إلى أي مجموعة من أصحاب المصلحة تنتمي؟",
        }),
        question("q_links", { en: "Links:", es: "Enlaces:", fr: "Liens :", ar: "الروابط:" }),
        question("q_story", {
          en: "Tell us about your work.",
          es: "Háblenos de su trabajo.",
          fr: "Parlez-nous de votre travail.",
          ar: "حدثنا عن عملك.",
        }),
        question("q_plain", { en: "Country of work", es: "País", fr: "Pays", ar: "البلد" }),
      ],
    },
  ],
};

function summaryIn(locale: Locale): string[] {
  const t = translator(locale);
  const ctx = { locale, t } as unknown as PageContext;
  const required = t("contributions.answer.required");
  const shown = Object.fromEntries(
    ["q_group", "q_links", "q_story", "q_plain"].map((id) => [answerField(id), required]),
  );
  return Object.values(summaryInFormOrder(ctx, questionnaire, shown, []));
}

describe("the error summary's field names", () => {
  it("adds no colon after a label that ends in a question mark, colon or full stop (English)", () => {
    expect(summaryIn("en")).toEqual([
      "Which stakeholder group do you belong to? Answer this question.",
      "Links: Answer this question.",
      "Tell us about your work. Answer this question.",
      "Country of work: Answer this question.",
    ]);
  });

  it("does the same in Spanish, French and Arabic, with their own marks", () => {
    expect(summaryIn("es")).toEqual([
      "¿A qué grupo de partes interesadas pertenece? Responda a esta pregunta.",
      "Enlaces: Responda a esta pregunta.",
      "Háblenos de su trabajo. Responda a esta pregunta.",
      "País: Responda a esta pregunta.",
    ]);
    expect(summaryIn("fr")).toEqual([
      "À quel groupe de parties prenantes appartenez-vous ? Répondez à cette question.",
      "Liens : Répondez à cette question.",
      "Parlez-nous de votre travail. Répondez à cette question.",
      "Pays : Répondez à cette question.",
    ]);
    expect(summaryIn("ar")).toEqual([
      "إلى أي مجموعة من أصحاب المصلحة تنتمي؟ أجب عن هذا السؤال.",
      "الروابط: أجب عن هذا السؤال.",
      "حدثنا عن عملك. أجب عن هذا السؤال.",
      "البلد: أجب عن هذا السؤال.",
    ]);
  });
});
