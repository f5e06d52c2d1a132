// The synthetic consultation: contribution number i of a corpus is a pure function of (seed, i) and the
// cycle it belongs to, so the loader, the intake load generator and the raw-insert ceiling make the very
// same rows without sharing state. Lengths are skewed like real writing, languages, groups and countries
// are mixed like a global consultation, answers follow the cycle's published questionnaire, some carry a
// document's extracted text, and 5% are copies of form letters.
import type { PublishedQuestionnaire, Question } from "../../src/calls/questionnaire-model.js";
import { formatReference } from "../../src/contributions/reference.js";
import { searchTextOf } from "../../src/contributions/service.js";
import { classifyTimeliness } from "../../src/forums/index.js";
import {
  type CountryCode,
  countryName,
  isCountryCode,
  regionOf,
  type StakeholderGroup,
} from "../../src/geo/countries.js";
import { CAMPAIGN_SHARE, campaignLetter, pickCampaign } from "./campaigns.js";
import { LINK_HOSTS, LINK_PATHS, NAMES, ORGANISATION_TOPICS, ORGANISATIONS } from "./names.js";
import { Random } from "./random.js";
import { type CorpusLanguage, SENTENCES } from "./words.js";

/** Bumped whenever the generator's output changes, so a cached corpus made by an older one is reloaded. */
export const GENERATOR_VERSION = 1;

/** The cycle a corpus is generated for. */
export interface CorpusCycle {
  forumId: string;
  cycleId: string;
  year: number;
  referencePrefix: string;
  milestones: { call_opens: Date; soft_deadline: Date; inclusion_cutoff: Date; call_closes: Date };
  /** The published questionnaires by variant key ("base", and "nri" when present). */
  questionnaires: Record<string, PublishedQuestionnaire>;
}

export interface GeneratedFile {
  id: string;
  role: "main" | "appendix";
  position: number;
  file_name: string;
  size: number;
  detected_type: "docx" | "pdf";
  media_type: string;
  sha256: string;
  extracted_text: string;
  language: string;
}

export interface GeneratedContribution {
  id: string;
  number: number;
  reference: string;
  channel: "web" | "api" | "email" | "import";
  variant_key: string;
  questionnaire_version_id: string | null;
  form_language: string;
  answers: Record<string, unknown>;
  body_text: string;
  honorific: string;
  contributor_name: string;
  organisation: string;
  stakeholder_group: StakeholderGroup;
  country: CountryCode;
  region: string | null;
  email: string;
  email_verified_at: Date | null;
  consent: "with_name" | "anonymous";
  licence: string;
  received_at: Date;
  received_source: "server" | "mail_date" | "import";
  timeliness: "on_time" | "guaranteed" | "late";
  language: string;
  search_text: string;
  campaign: string | null;
  files: GeneratedFile[];
}

const LANGUAGE_WEIGHTS: Record<CorpusLanguage, number> = { en: 55, es: 15, fr: 12, ar: 7, zh: 5, ru: 6 };

const GROUP_WEIGHTS: Record<StakeholderGroup, number> = {
  civil_society: 34,
  private_sector: 19,
  technical_community: 15,
  academia: 13,
  government: 15,
  intergovernmental: 4,
};

type NameArea = keyof typeof NAMES;

// Countries by language (and, for English, by area), each a real ISO code the product knows.
const COUNTRIES: Record<NameArea, string[]> = {
  en: ["US", "GB", "CA", "AU", "NZ", "IE", "JM", "TT"],
  en_africa: ["KE", "KE", "NG", "NG", "GH", "ZA", "UG", "TZ", "RW", "ZM", "MW", "BW"],
  en_asia: ["IN", "IN", "PK", "BD", "PH", "LK", "MY", "SG", "NP"],
  es: ["ES", "MX", "AR", "CO", "CL", "PE", "EC", "GT", "UY", "BO", "CR", "DO"],
  fr: ["FR", "SN", "CI", "CM", "BE", "CH", "ML", "BF", "BJ", "TG", "CD", "HT", "MG"],
  ar: ["EG", "MA", "TN", "JO", "LB", "SA", "AE", "DZ", "IQ", "OM"],
  zh: ["CN", "TW", "HK", "SG", "MO"],
  ru: ["RU", "KZ", "BY", "UA", "KG", "UZ", "AM"],
};

const CHANNEL_WEIGHTS = { web: 72, api: 8, email: 12, import: 8 } as const;
const CAMPAIGN_CHANNELS = { web: 70, email: 30 } as const;
const ENGLISH_AREAS = { en: 40, en_africa: 35, en_asia: 25 } as const;
const LICENCE_WEIGHTS = { cc_by_4_0: 80, cc0: 10, forum_terms: 10 } as const;

/** A fraction of the call window at which contribution u (0..1 in arrival order) arrives: most before the
 * soft deadline with a rush towards it, some in the guaranteed-inclusion period, the rest late. */
function arrival(u: number, m: CorpusCycle["milestones"]): Date {
  const span = (a: Date, b: Date, v: number) => new Date(a.getTime() + (b.getTime() - a.getTime()) * v);
  if (u <= 0.72) return span(m.call_opens, m.soft_deadline, Math.sqrt(u / 0.72));
  if (u <= 0.86) return span(m.soft_deadline, m.inclusion_cutoff, (u - 0.72) / 0.14);
  const v = (u - 0.86) / 0.14;
  return span(m.inclusion_cutoff, m.call_closes, 1 - (1 - v) ** 2);
}

/** One sentence in a language. */
export function sentence(rng: Random, language: CorpusLanguage): string {
  const p = SENTENCES[language];
  const opener = rng.pick(p.openers);
  let text =
    [rng.pick(p.subjects), rng.pick(p.verbs), rng.pick(p.objects)].join(p.space) + rng.pick(p.qualifiers);
  if (!opener && p.space) text = text.charAt(0).toUpperCase() + text.slice(1);
  return `${opener}${text}${p.stop}`;
}

/** A paragraph of n sentences. */
export function paragraph(rng: Random, language: CorpusLanguage, sentences: number): string {
  const out: string[] = [];
  for (let i = 0; i < sentences; i++) out.push(sentence(rng, language));
  return out.join(SENTENCES[language].space);
}

/** Text of about `sentences` sentences in paragraphs of 2 to 6. */
function prose(rng: Random, language: CorpusLanguage, sentences: number): string {
  const paragraphs: string[] = [];
  let left = sentences;
  while (left > 0) {
    const n = Math.min(left, rng.int(2, 6));
    paragraphs.push(paragraph(rng, language, n));
    left -= n;
  }
  return paragraphs.join("\n\n");
}

function nameArea(rng: Random, language: CorpusLanguage): NameArea {
  if (language !== "en") return language;
  return rng.weighted(ENGLISH_AREAS);
}

function asciiSlug(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ".")
    .replace(/^\.|\.$/g, "");
}

function organisationFor(rng: Random, group: StakeholderGroup, country: CountryCode): string {
  return rng
    .pick(ORGANISATIONS[group]!)
    .replace("{place}", countryName(country, "en"))
    .replace("{code}", country)
    .replace("{topic}", rng.pick(ORGANISATION_TOPICS));
}

function answerText(rng: Random, language: CorpusLanguage, median: number): string {
  return prose(rng, language, rng.logNormal(median, 0.8, 1, 60));
}

/** Answers to every question of the questionnaire a contributor is likely to answer (required ones always). */
function answersFor(
  rng: Random,
  questionnaire: PublishedQuestionnaire | undefined,
  language: CorpusLanguage,
  country: string,
  letter: string | undefined,
): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  if (!questionnaire) return answers;
  const questions: Question[] = questionnaire.sections.flatMap((s) => s.questions);
  const requiredLong = questions.filter((q) => q.type === "long_text" && q.required);
  for (const q of questions) {
    switch (q.type) {
      case "long_text": {
        // A form letter goes where the form asks for the contributor's main point (the last required box).
        if (letter && q === requiredLong.at(-1)) answers[q.id] = letter;
        else if (q.required) answers[q.id] = answerText(rng, language, letter ? 1 : 3);
        else if (rng.chance(0.3)) answers[q.id] = answerText(rng, language, 3);
        break;
      }
      case "short_text":
        if (q.required || rng.chance(0.3)) answers[q.id] = `IGF ${country}`;
        break;
      case "item_list":
        if (!letter && rng.chance(0.3)) {
          const items: Record<string, string> = {};
          for (const item of rng.shuffled(q.items).slice(0, rng.int(1, 4)))
            items[item.id] = answerText(rng, language, 2);
          answers[q.id] = items;
        }
        break;
      case "link_list":
        if (rng.chance(0.15)) {
          const links: { url: string; title?: string }[] = [];
          for (let i = rng.int(1, 3); i > 0; i--) {
            const path = rng.pick(LINK_PATHS);
            links.push({ url: `https://${rng.pick(LINK_HOSTS)}/${path}`, title: path.replace(/-/g, " ") });
          }
          answers[q.id] = links;
        }
        break;
      case "single_choice":
        if (q.required || rng.chance(0.5)) answers[q.id] = rng.pick(q.options).id;
        break;
      case "multiple_choice":
        if (q.required || rng.chance(0.5))
          answers[q.id] = { selected: rng.shuffled(q.options.map((o) => o.id)).slice(0, 1) };
        break;
      default:
        break;
    }
  }
  return answers;
}

function filesFor(rng: Random, language: CorpusLanguage, baseName: string): GeneratedFile[] {
  if (!rng.chance(0.08)) return [];
  const make = (role: "main" | "appendix", position: number, words: number): GeneratedFile => {
    const text = prose(rng, language, Math.max(3, Math.round(words / 14)));
    const pdf = rng.chance(0.4);
    const type = pdf ? "pdf" : "docx";
    return {
      id: rng.uuid(),
      role,
      position,
      file_name: `${baseName || "contribution"}${role === "appendix" ? `-annex-${position}` : ""}.${type}`,
      size: Math.round(Buffer.byteLength(text) * (pdf ? 3.1 : 1.9)) + 12_000,
      detected_type: type,
      media_type: pdf
        ? "application/pdf"
        : "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      sha256: rng.hex(64),
      extracted_text: text,
      language,
    };
  };
  const files = [make("main", -1, rng.logNormal(900, 0.5, 300, 4000))];
  if (rng.chance(0.35)) files.push(make("appendix", 0, rng.logNormal(600, 0.6, 150, 3000)));
  return files;
}

/**
 * Contribution number `index + 1` of a corpus of `total` (an index at or beyond `total` makes a new
 * contribution arriving at the end of the call, for intake benchmarks).
 */
export function generateContribution(
  cycle: CorpusCycle,
  seed: number,
  index: number,
  total: number,
): GeneratedContribution {
  const rng = new Random(seed, index);
  const number = index + 1;
  const campaign = rng.chance(CAMPAIGN_SHARE) ? pickCampaign(rng) : undefined;
  const language: CorpusLanguage = campaign?.language ?? rng.weighted(LANGUAGE_WEIGHTS);
  const area = nameArea(rng, language);
  const country = rng.pick(COUNTRIES[area]);
  if (!isCountryCode(country)) throw new Error(`The corpus names an unknown country ${country}.`);
  const group: StakeholderGroup = campaign ? "civil_society" : rng.weighted(GROUP_WEIGHTS);
  const names = NAMES[area];
  const given = rng.pick(names.given);
  const family = rng.pick(names.family);
  const person = language === "zh" ? `${family}${given}` : `${given} ${family}`;
  // Campaign supporters write as individuals; most others on behalf of an organisation, some as themselves.
  const withOrganisation =
    !campaign && (group === "government" || group === "intergovernmental" || rng.chance(0.65));
  const organisation = withOrganisation ? organisationFor(rng, group, country) : "";
  const anonymous = rng.chance(0.08);
  const honorific = language === "en" && rng.chance(0.5) ? rng.pick(["Mr.", "Ms.", "Dr.", "Prof."]) : "";
  const slug = asciiSlug(person);
  const email = slug ? `${slug}.${number}@example.org` : `contributor.${number}@example.net`;
  const channel = campaign ? rng.weighted(CAMPAIGN_CHANNELS) : rng.weighted(CHANNEL_WEIGHTS);
  const variant =
    cycle.questionnaires.nri && !campaign && group === "government" && rng.chance(0.1) ? "nri" : "base";
  const questionnaire = cycle.questionnaires[variant];
  const letter = campaign ? campaignLetter(campaign, rng) : undefined;
  const answers = answersFor(rng, questionnaire, language, country, letter);
  const body_text =
    channel === "email" && letter
      ? letter
      : channel === "email" || rng.chance(0.2)
        ? prose(rng, language, rng.logNormal(6, 0.9, 1, 120))
        : "";
  const u = Math.min(1, (index + 0.5) / Math.max(total, 1));
  const received_at = arrival(u, cycle.milestones);
  const status = classifyTimeliness(received_at, cycle.milestones);
  const timeliness = status.status === "open" ? status.timeliness : "late";
  const reference = formatReference(cycle.referencePrefix, cycle.year, number);
  const files = filesFor(rng, language, asciiSlug(organisation || person).slice(0, 60));
  const row = {
    reference,
    contributor_name: person,
    organisation,
    body_text,
    answers,
    consent: anonymous ? ("anonymous" as const) : ("with_name" as const),
  };
  return {
    id: rng.uuid(),
    number,
    reference,
    channel,
    variant_key: variant,
    questionnaire_version_id: questionnaire?.versionId ?? null,
    form_language:
      language === "en" || language === "es" || language === "fr" || language === "ar" ? language : "en",
    answers,
    body_text,
    honorific,
    contributor_name: person,
    organisation,
    stakeholder_group: group,
    country,
    region: regionOf(country),
    email,
    email_verified_at:
      channel === "web" || channel === "api" ? new Date(received_at.getTime() + 600_000) : null,
    consent: anonymous ? "anonymous" : "with_name",
    licence: rng.weighted(LICENCE_WEIGHTS),
    received_at,
    received_source: channel === "email" ? "mail_date" : channel === "import" ? "import" : "server",
    timeliness,
    language,
    search_text: searchTextOf(row, files),
    campaign: campaign?.id ?? null,
    files,
  };
}
