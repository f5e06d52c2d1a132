import { renderToString } from "preact-render-to-string";
import { describe, expect, it } from "vitest";
import type { PublishedQuestionnaire } from "../../calls/questionnaire-model.js";
import { translator } from "../../ui/i18n/translate.js";
import { AnswersView, QuestionnaireFields } from "./answer-form.js";
import { answerField, answersFromForm, validateAnswers } from "./answers.js";

/** The 2017 call's questionnaire, cut down: open questions, threats with policy options, links, choices. */
const questionnaire: PublishedQuestionnaire = {
  versionId: "v1",
  questionnaireId: "q2017",
  variantKey: "base",
  variantName: { en: "Questionnaire", es: "Cuestionario" },
  version: 1,
  originalLanguage: "en",
  languages: ["en", "es"],
  publishedAt: new Date("2017-08-15T00:00:00Z"),
  sections: [
    {
      id: "s1",
      title: { en: "Cybersecurity and development", es: "Ciberseguridad y desarrollo" },
      questions: [
        {
          id: "q_critical",
          type: "long_text",
          required: true,
          label: { en: "What is the most critical issue?", es: "¿Cuál es el problema más crítico?" },
          maxLength: 200,
        },
        {
          id: "q_threats",
          type: "item_list",
          required: false,
          label: { en: "Policy options per threat", es: "Opciones de política por amenaza" },
          items: [
            { id: "ddos", label: { en: "Denial of service", es: "Denegación de servicio" } },
            { id: "spam", label: { en: "Spam" } },
          ],
        },
        {
          id: "q_group",
          type: "single_choice",
          required: false,
          label: { en: "Scope" },
          options: [
            { id: "national", label: { en: "National", es: "Nacional" } },
            { id: "regional", label: { en: "Regional" } },
          ],
        },
        {
          id: "q_topics",
          type: "multiple_choice",
          required: false,
          label: { en: "Topics" },
          allowOther: true,
          maxSelections: 2,
          options: [
            { id: "cybercrime", label: { en: "Cybercrime" } },
            { id: "infrastructure", label: { en: "Critical infrastructure" } },
            { id: "ambiguity", label: { en: "The term itself" } },
          ],
        },
        { id: "q_links", type: "link_list", required: false, label: { en: "Relevant reading" }, maxLinks: 2 },
        { id: "q_main", type: "file_upload", required: false, label: { en: "Document" }, role: "main" },
        { id: "q_consent", type: "consent", required: true, label: { en: "Consent" }, allowAnonymous: true },
      ],
    },
  ],
};

describe("answers to a published questionnaire", () => {
  it("reads every kind of answer from form fields", () => {
    const answers = answersFromForm(questionnaire, {
      [answerField("q_critical")]: ["  Trust between CERTs  "],
      [answerField("q_threats", "ddos")]: ["Filtering at the edge"],
      [answerField("q_group")]: ["regional"],
      [answerField("q_topics")]: ["cybercrime", "infrastructure"],
      [answerField("q_topics", "other")]: [""],
      [answerField("q_links", "url", 0)]: ["https://example.org/report"],
      [answerField("q_links", "title", 0)]: ["Report"],
    });
    expect(answers).toEqual({
      q_critical: "Trust between CERTs",
      q_threats: { ddos: "Filtering at the edge" },
      q_group: "regional",
      q_topics: { selected: ["cybercrime", "infrastructure"] },
      q_links: [{ url: "https://example.org/report", title: "Report" }],
    });
    expect(validateAnswers(questionnaire, answers)).toEqual({});
  });

  it("reports a missing required answer only when submitting, not for a draft", () => {
    expect(validateAnswers(questionnaire, {})).toEqual({ "a.q_critical": "contributions.answer.required" });
    expect(validateAnswers(questionnaire, {}, { partial: true })).toEqual({});
  });

  it("refuses unknown questions, foreign options, too many choices, bad links and long text (API answers)", () => {
    const errors = validateAnswers(questionnaire, {
      q_critical: "x".repeat(201),
      q_group: "planetary",
      q_topics: { selected: ["cybercrime", "infrastructure"], other: "Elections" },
      q_links: [{ url: "javascript:alert(1)" }],
      q_threats: { phishing: "?" },
      q_unknown: "hello",
    });
    expect(errors).toEqual({
      "a.q_critical": "contributions.answer.tooLong",
      "a.q_group": "contributions.answer.badOption",
      "a.q_topics": "contributions.answer.tooMany",
      "a.q_links": "contributions.answer.badUrl",
      "a.q_threats": "contributions.answer.invalid",
      "a.q_unknown": "contributions.answer.unknownQuestion",
    });
  });

  it("renders the questions in Spanish, falling back to the original language, with answers kept", () => {
    const html = renderToString(
      <QuestionnaireFields
        questionnaire={questionnaire}
        locale="es"
        t={translator("es")}
        answers={{ q_critical: "La confianza", q_group: "national" }}
        errors={{ "a.q_threats": "Error visible" }}
      />,
    );
    expect(html).toContain("¿Cuál es el problema más crítico?");
    expect(html).toContain("Spam"); // no Spanish label: the original
    expect(html).toContain("La confianza</textarea>");
    expect(html).toMatch(/value="national"[^>]*checked/);
    expect(html).toContain("Error visible");
    expect(html).toContain("Otro (especifique)");
    expect(html).not.toContain("Consent"); // mapped to the contribution's own fields
  });

  it("shows answers back by question with option labels", () => {
    const html = renderToString(
      <AnswersView
        questionnaire={questionnaire}
        locale="en"
        t={translator("en")}
        answers={{ q_group: "regional", q_topics: { selected: ["cybercrime"], other: "Elections" } }}
      />,
    );
    expect(html).toContain("Regional");
    expect(html).toContain("Cybercrime");
    expect(html).toContain("Other: Elections");
  });
});
