// Form-letter campaigns: 5% of a consultation's contributions are copies of a few letters that an organised
// group hands its supporters, each copy changed a little (a synonym here, a personal sentence there,
// paragraphs reordered). The campaign a contribution belongs to is recorded beside the corpus, so a
// campaign-detection benchmark can score itself against the truth.
import type { Random } from "./random.js";
import type { CorpusLanguage } from "./words.js";

export interface Campaign {
  id: string;
  name: string;
  language: CorpusLanguage;
  /** Share of all campaign letters that belong to this one. */
  weight: number;
  paragraphs: string[];
  /** Words a supporter may swap for another (each occurrence, independently). */
  synonyms: Record<string, string[]>;
  /** Sentences supporters add about themselves. */
  personal: string[];
}

/** Share of the corpus written from a campaign's letter. */
export const CAMPAIGN_SHARE = 0.05;

export const CAMPAIGNS: Campaign[] = [
  {
    id: "campaign-keep-encryption",
    name: "Keep encryption strong",
    language: "en",
    weight: 30,
    paragraphs: [
      "I am writing to urge the forum to defend strong encryption in every recommendation it makes.",
      "Encryption protects journalists, activists, doctors and ordinary families. Any backdoor built for the police will be found and used by criminals and hostile states.",
      "Weakening encryption would harm the very development goals this forum is meant to serve, because people will not bank, learn or see a doctor online if they cannot trust the connection.",
      "Please state clearly in your output that governments should not require exceptional access to encrypted communications.",
    ],
    synonyms: {
      urge: ["ask", "call on", "implore"],
      defend: ["protect", "stand up for", "support"],
      ordinary: ["everyday", "regular"],
      harm: ["damage", "undermine", "hurt"],
      clearly: ["plainly", "explicitly", "without ambiguity"],
      criminals: ["criminal gangs", "fraudsters"],
    },
    personal: [
      "As a nurse, I send patient information over encrypted apps every day.",
      "My family relies on secure messaging to stay in touch across three countries.",
      "I run a small online shop and my customers trust me with their card details.",
      "As a teacher, I want my students to grow up with an Internet they can trust.",
      "I have been a software developer for twenty years.",
    ],
  },
  {
    id: "campaign-child-safety",
    name: "Safety of children online first",
    language: "en",
    weight: 22,
    paragraphs: [
      "As a parent, I believe the safety of children online must come first in any cybersecurity policy.",
      "Platforms should be required to detect and remove abuse material quickly, and to cooperate fully with law enforcement.",
      "Companies that profit from young users must take responsibility for the harm that happens on their services.",
      "I ask the forum to put child protection at the centre of its recommendations.",
    ],
    synonyms: {
      believe: ["think", "am convinced"],
      required: ["obliged", "made"],
      quickly: ["promptly", "without delay", "fast"],
      harm: ["damage", "abuse"],
      centre: ["heart", "core"],
    },
    personal: [
      "I am a mother of three.",
      "My son was bullied online last year and nobody helped.",
      "I volunteer at a youth centre in my town.",
      "As a grandfather, I worry about what my grandchildren see.",
    ],
  },
  {
    id: "campaign-affordable-access",
    name: "Affordable and secure access",
    language: "en",
    weight: 14,
    paragraphs: [
      "Security rules must not make Internet access more expensive for the people who are not yet connected.",
      "Licensing fees and certification costs fall hardest on small community networks and rural operators.",
      "We ask the forum to recommend security measures that are proportionate, cheap to adopt and supported by training.",
    ],
    synonyms: {
      expensive: ["costly", "unaffordable"],
      hardest: ["most heavily", "most"],
      proportionate: ["reasonable", "balanced"],
      cheap: ["inexpensive", "affordable"],
    },
    personal: [
      "I help run a community network in a rural district.",
      "In my village, mobile data costs a day's wages for a few gigabytes.",
      "Our cooperative connects forty schools.",
    ],
  },
  {
    id: "campaign-cifrado-es",
    name: "Defendamos el cifrado",
    language: "es",
    weight: 10,
    paragraphs: [
      "Les escribo para pedir al foro que defienda el cifrado robusto en todas sus recomendaciones.",
      "El cifrado protege a periodistas, defensores de derechos humanos y familias comunes. Cualquier puerta trasera será aprovechada por delincuentes.",
      "Pedimos que el documento final diga con claridad que los gobiernos no deben exigir acceso excepcional a las comunicaciones cifradas.",
    ],
    synonyms: {
      pedir: ["solicitar", "rogar"],
      defienda: ["proteja", "apoye"],
      comunes: ["corrientes", "de a pie"],
      claridad: ["toda claridad", "firmeza"],
    },
    personal: [
      "Soy periodista en una radio comunitaria.",
      "Trabajo como abogada en temas de privacidad.",
      "Mi organización acompaña a víctimas de violencia digital.",
    ],
  },
  {
    id: "campaign-souverainete-fr",
    name: "Souveraineté numérique",
    language: "fr",
    weight: 9,
    paragraphs: [
      "Je souhaite que le forum reconnaisse le droit de chaque pays à héberger ses données sensibles sur son propre territoire.",
      "Les infrastructures critiques ne doivent pas dépendre entièrement de prestataires étrangers.",
      "Nous demandons des recommandations qui soutiennent les centres de données et les équipes de sécurité locales.",
    ],
    synonyms: {
      souhaite: ["demande", "voudrais"],
      entièrement: ["totalement", "uniquement"],
      soutiennent: ["appuient", "financent"],
    },
    personal: [
      "Je suis ingénieur réseau à Dakar.",
      "J'enseigne l'informatique dans un lycée.",
      "Notre entreprise héberge les sites de plusieurs administrations.",
    ],
  },
  {
    id: "campaign-vendor-liability",
    name: "Make vendors liable",
    language: "en",
    weight: 8,
    paragraphs: [
      "Insecure products are sold every day because their makers bear no cost when they fail.",
      "Vendors of connected devices should be liable for known vulnerabilities they leave unpatched.",
      "The forum should recommend minimum security requirements and a duty to provide updates for a fixed period.",
    ],
    synonyms: {
      Insecure: ["Unsafe", "Vulnerable"],
      liable: ["accountable", "responsible"],
      minimum: ["baseline", "basic"],
    },
    personal: [
      "My home camera was hijacked into a botnet.",
      "I work in a hospital where old devices cannot be updated.",
      "As an engineer, I have seen how little testing some products get.",
    ],
  },
  {
    id: "campaign-open-source",
    name: "Fund open-source security",
    language: "en",
    weight: 5,
    paragraphs: [
      "Much of the Internet runs on open-source software maintained by a handful of volunteers.",
      "Governments and companies that depend on this software should fund its security audits and maintenance.",
      "We ask the forum to recommend a shared fund for critical open-source projects.",
    ],
    synonyms: {
      handful: ["small number", "few"],
      fund: ["pay for", "support"],
      shared: ["joint", "common"],
    },
    personal: [
      "I maintain a widely used library in my spare time.",
      "Our start-up builds everything on open-source tools.",
    ],
  },
  {
    id: "campaign-arabic-capacity",
    name: "بناء القدرات في المنطقة العربية",
    language: "ar",
    weight: 2,
    paragraphs: [
      "نطالب المنتدى بإعطاء الأولوية لبناء القدرات في مجال الأمن السيبراني في المنطقة العربية.",
      "تحتاج فرق الاستجابة للطوارئ إلى التدريب والتمويل المستدام.",
      "ندعو إلى برامج تعاون إقليمية تشمل الجامعات والقطاع الخاص.",
    ],
    synonyms: {
      نطالب: ["ندعو", "نطلب من"],
      المستدام: ["الدائم"],
    },
    personal: ["أعمل في فريق الاستجابة الوطني.", "أدرّس أمن المعلومات في الجامعة."],
  },
];

const campaignWeights: Record<string, number> = Object.fromEntries(CAMPAIGNS.map((c) => [c.id, c.weight]));

/** Picks a campaign in proportion to the campaigns' weights. */
export function pickCampaign(rng: Random): Campaign {
  const id = rng.weighted(campaignWeights);
  return CAMPAIGNS.find((c) => c.id === id)!;
}

/**
 * One supporter's copy of a campaign letter: synonyms swapped, two paragraphs sometimes reordered, a personal
 * sentence sometimes inserted at the start or the end.
 */
export function campaignLetter(campaign: Campaign, rng: Random): string {
  let paragraphs = campaign.paragraphs.map((p) =>
    p.replace(/[\p{L}']+/gu, (word) => {
      const choices = campaign.synonyms[word];
      return choices && rng.chance(0.35) ? rng.pick(choices) : word;
    }),
  );
  if (paragraphs.length > 2 && rng.chance(0.3)) {
    const i = rng.int(1, paragraphs.length - 2);
    paragraphs = [...paragraphs.slice(0, i), paragraphs[i + 1]!, paragraphs[i]!, ...paragraphs.slice(i + 2)];
  }
  if (rng.chance(0.15)) paragraphs.pop();
  if (rng.chance(0.6)) {
    const personal = rng.pick(campaign.personal);
    if (rng.chance(0.5)) paragraphs.unshift(personal);
    else paragraphs.push(personal);
  }
  return paragraphs.join("\n\n");
}
