import { describe, expect, it } from "vitest";
import type { PublishedQuestionnaire } from "../../src/calls/questionnaire-model.js";
import { validateAnswers } from "../../src/contributions/submit/answers.js";
import { STAKEHOLDER_GROUPS } from "../../src/geo/countries.js";
import { CAMPAIGNS, campaignLetter } from "./campaigns.js";
import { type CorpusCycle, generateContribution } from "./generate.js";
import { contributionValues, copyValue } from "./load.js";
import { Random } from "./random.js";

const text = (en: string) => ({ en });
const questionnaire: PublishedQuestionnaire = {
  versionId: "00000000-0000-4000-8000-000000000001",
  questionnaireId: "00000000-0000-4000-8000-000000000002",
  variantKey: "base",
  variantName: text("Call"),
  version: 1,
  originalLanguage: "en",
  languages: ["en"],
  publishedAt: new Date("2025-01-01T00:00:00Z"),
  sections: [
    {
      id: "s1",
      title: text("Questions"),
      questions: [
        { id: "q_contributor", type: "contributor_details", required: true, label: text("Who?") },
        { id: "q_helps", type: "long_text", required: true, label: text("Helps?") },
        { id: "q_hinders", type: "long_text", required: true, label: text("Hinders?") },
        {
          id: "q_threats",
          type: "item_list",
          required: false,
          label: text("Threats"),
          items: [
            { id: "i_dos", label: text("DoS") },
            { id: "i_mobile", label: text("Mobile") },
            { id: "i_health", label: text("Health") },
          ],
        },
        { id: "q_other", type: "long_text", required: false, label: text("Other") },
        { id: "q_critical", type: "long_text", required: true, label: text("Most critical?") },
        { id: "q_links", type: "link_list", required: false, label: text("Links"), maxLinks: 20 },
      ],
    },
  ],
};

const cycle: CorpusCycle = {
  forumId: "00000000-0000-4000-8000-00000000000f",
  cycleId: "00000000-0000-4000-8000-00000000000c",
  year: 2025,
  referencePrefix: "PC",
  milestones: {
    call_opens: new Date("2025-01-15T00:00:00Z"),
    soft_deadline: new Date("2025-03-15T23:59:59.999Z"),
    inclusion_cutoff: new Date("2025-03-31T23:59:59.999Z"),
    call_closes: new Date("2025-06-30T23:59:59.999Z"),
  },
  questionnaires: { base: questionnaire },
};

const N = 4000;
const sample = Array.from({ length: N }, (_, i) => generateContribution(cycle, 1, i, N));

describe("the corpus generator", () => {
  it("makes the same contribution from the same seed and index, and another from another seed", () => {
    expect(generateContribution(cycle, 1, 123, N)).toEqual(sample[123]);
    expect(generateContribution(cycle, 2, 123, N).search_text).not.toEqual(sample[123]!.search_text);
    expect(new Set(sample.map((c) => c.id)).size).toBe(N);
  });

  it("numbers contributions in arrival order across the call, with the timeliness their arrival earns", () => {
    for (let i = 1; i < N; i++)
      expect(sample[i]!.received_at.getTime()).toBeGreaterThanOrEqual(sample[i - 1]!.received_at.getTime());
    expect(sample[0]!.reference).toBe("PC-2025-0001");
    const counts = { on_time: 0, guaranteed: 0, late: 0 };
    for (const c of sample) counts[c.timeliness]++;
    expect(counts.on_time / N).toBeGreaterThan(0.6);
    expect(counts.guaranteed).toBeGreaterThan(0);
    expect(counts.late).toBeGreaterThan(0);
    expect(sample.at(-1)!.received_at <= cycle.milestones.call_closes).toBe(true);
  });

  it("mixes every stakeholder group, six languages and many countries, including academia in Kenya", () => {
    const groups = new Set(sample.map((c) => c.stakeholder_group));
    expect([...groups].sort()).toEqual([...STAKEHOLDER_GROUPS].sort());
    expect(new Set(sample.map((c) => c.language))).toEqual(new Set(["en", "es", "fr", "ar", "zh", "ru"]));
    expect(new Set(sample.map((c) => c.country)).size).toBeGreaterThan(50);
    expect(sample.some((c) => c.stakeholder_group === "academia" && c.country === "KE")).toBe(true);
    const arabic = sample.find((c) => c.language === "ar")!;
    expect(arabic.search_text).toMatch(/[\u0600-\u06ff]/);
  });

  it("answers the questionnaire as its validation requires, with skewed lengths", () => {
    for (const c of sample.slice(0, 500)) expect(validateAnswers(questionnaire, c.answers)).toEqual({});
    const lengths = sample.map((c) => c.search_text.length).sort((a, b) => a - b);
    const mean = lengths.reduce((a, b) => a + b, 0) / N;
    expect(lengths[Math.floor(N / 2)]!).toBeLessThan(mean);
    expect(lengths.at(-1)!).toBeGreaterThan(5 * lengths[Math.floor(N / 2)]!);
  });

  it("gives some contributions a document whose text is searched too", () => {
    const withFiles = sample.filter((c) => c.files.length > 0);
    expect(withFiles.length / N).toBeGreaterThan(0.05);
    expect(withFiles.length / N).toBeLessThan(0.12);
    const c = withFiles[0]!;
    expect(c.search_text).toContain(c.files[0]!.extracted_text.slice(0, 200));
  });

  it("writes 5% from form-letter campaigns, recorded with the campaign's id", () => {
    const members = sample.filter((c) => c.campaign);
    expect(members.length / N).toBeGreaterThan(0.035);
    expect(members.length / N).toBeLessThan(0.065);
    expect(new Set(members.map((c) => c.campaign)).size).toBeGreaterThanOrEqual(5);
    const letter = members.find((c) => c.campaign === "campaign-keep-encryption")!;
    expect(letter.search_text).toMatch(/encryption/);
  });

  it("makes copies of a letter that differ from each other but stay close", () => {
    const campaign = CAMPAIGNS[0]!;
    const rng = new Random(5);
    const letters = Array.from({ length: 20 }, () => campaignLetter(campaign, rng));
    expect(new Set(letters).size).toBeGreaterThan(15);
    const words = (t: string) => new Set(t.toLowerCase().match(/[\p{L}']+/gu));
    const a = words(letters[0]!);
    const b = words(letters[1]!);
    const shared = [...a].filter((w) => b.has(w)).length;
    expect(shared / new Set([...a, ...b]).size).toBeGreaterThan(0.5);
  });
});

describe("COPY rows", () => {
  it("escapes what the text format gives meaning to, and writes NULL as \\N", () => {
    expect(copyValue("a\tb\nc\\d\re")).toBe("a\\tb\\nc\\\\d\\re");
    expect(copyValue(null)).toBe("\\N");
    expect(copyValue(new Date("2025-01-15T00:00:00Z"))).toBe("2025-01-15T00:00:00.000Z");
    expect(copyValue({ q: "x" })).toBe('{"q":"x"}');
  });

  it("writes a published row by default and a submitted one without a publication date", () => {
    const c = sample[0]!;
    expect(contributionValues(cycle, c)).toContain("published");
    const submitted = contributionValues(cycle, c, "submitted");
    expect(submitted).toContain("submitted");
    expect(submitted.at(-1)).toBeNull();
  });
});
