// Reference data for the country every person and organisation carries, and what follows from it: the UN
// region, the sub-region, and the development groupings a forum reports its diversity against.
//
// Sources (checked against the UNSD M49 overview CSV in English, Spanish, French and Arabic):
// - Codes: ISO 3166-1 alpha-2, the 249 officially assigned codes. XK (Kosovo) is a user-assigned code, not
//   ISO, and is deliberately absent; so are exceptionally reserved codes (EU, UK, AC…).
// - Regions and sub-regions: UN M49 (unstats.un.org/unsd/methodology/m49/). `subregion` is the M49
//   sub-region, except that Sub-Saharan Africa is given by its four M49 intermediate regions (eastern, middle,
//   southern, western Africa); Latin America and the Caribbean stays whole. Antarctica (AQ) has no region in
//   M49 and gets null. Taiwan (TW) has no row of its own in M49; it is placed in Eastern Asia.
// - LDC: the UN list of least developed countries after São Tomé and Príncipe graduated (13 December 2024),
//   44 countries. Bhutan (2023), Vanuatu (2020), Equatorial Guinea (2017), Samoa (2014), Maldives (2011),
//   Cabo Verde (2007) and Botswana (1994) have graduated.
// - LLDC: the 32 landlocked developing countries of UN-OHRLLS.
// - SIDS: the UN Member States on the UN-OHRLLS list, 37 of them since Bahrain left the list at its own request
//   (2023). The non-UN members and associate members of regional commissions on the wider list (Aruba, Puerto
//   Rico, Guam…) are not flagged.
// - developing: the historic M49 "Developed / Developing" column, which UNSD no longer publishes. Its rule:
//   developed are Europe, Northern America, Australia and New Zealand (with Australia's external territories),
//   Japan, Israel and Cyprus; every other country or area with a region is developing. Antarctica is neither.
//   So the two European LLDCs, North Macedonia and Moldova, are not "developing" here, as in M49.
import type { Locale } from "../ui/i18n/locales.js";

/** The five UN M49 regions. */
export const REGIONS = ["africa", "americas", "asia", "europe", "oceania"] as const;
/** A UN M49 region. */
export type Region = (typeof REGIONS)[number];

/** Each sub-region used here, with the region it belongs to. */
export const SUBREGION_REGIONS = {
  northern_africa: "africa",
  eastern_africa: "africa",
  middle_africa: "africa",
  southern_africa: "africa",
  western_africa: "africa",
  latin_america_and_the_caribbean: "americas",
  northern_america: "americas",
  central_asia: "asia",
  eastern_asia: "asia",
  south_eastern_asia: "asia",
  southern_asia: "asia",
  western_asia: "asia",
  eastern_europe: "europe",
  northern_europe: "europe",
  southern_europe: "europe",
  western_europe: "europe",
  australia_and_new_zealand: "oceania",
  melanesia: "oceania",
  micronesia: "oceania",
  polynesia: "oceania",
} as const satisfies Record<string, Region>;
/** A UN M49 sub-region (Sub-Saharan Africa split into its intermediate regions). */
export type Subregion = keyof typeof SUBREGION_REGIONS;
/** Every sub-region, grouped by region in M49 order. */
export const SUBREGIONS = Object.keys(SUBREGION_REGIONS) as readonly Subregion[];

// biome-ignore format: a compact table reads like the M49 source it is checked against
const MEMBERS = {
  northern_africa: ["DZ", "EG", "EH", "LY", "MA", "SD", "TN"],
  eastern_africa: ["BI", "DJ", "ER", "ET", "IO", "KE", "KM", "MG", "MU", "MW", "MZ", "RE", "RW", "SC", "SO", "SS", "TF", "TZ", "UG", "YT", "ZM", "ZW"],
  middle_africa: ["AO", "CD", "CF", "CG", "CM", "GA", "GQ", "ST", "TD"],
  southern_africa: ["BW", "LS", "NA", "SZ", "ZA"],
  western_africa: ["BF", "BJ", "CI", "CV", "GH", "GM", "GN", "GW", "LR", "ML", "MR", "NE", "NG", "SH", "SL", "SN", "TG"],
  latin_america_and_the_caribbean: [
    // Caribbean
    "AG", "AI", "AW", "BB", "BL", "BQ", "BS", "CU", "CW", "DM", "DO", "GD", "GP", "HT", "JM", "KN", "KY", "LC", "MF", "MQ", "MS", "PR", "SX", "TC", "TT", "VC", "VG", "VI",
    // Central America
    "BZ", "CR", "GT", "HN", "MX", "NI", "PA", "SV",
    // South America
    "AR", "BO", "BR", "BV", "CL", "CO", "EC", "FK", "GF", "GS", "GY", "PE", "PY", "SR", "UY", "VE",
  ],
  northern_america: ["BM", "CA", "GL", "PM", "US"],
  central_asia: ["KG", "KZ", "TJ", "TM", "UZ"],
  eastern_asia: ["CN", "HK", "JP", "KP", "KR", "MN", "MO", "TW"],
  south_eastern_asia: ["BN", "ID", "KH", "LA", "MM", "MY", "PH", "SG", "TH", "TL", "VN"],
  southern_asia: ["AF", "BD", "BT", "IN", "IR", "LK", "MV", "NP", "PK"],
  western_asia: ["AE", "AM", "AZ", "BH", "CY", "GE", "IL", "IQ", "JO", "KW", "LB", "OM", "PS", "QA", "SA", "SY", "TR", "YE"],
  eastern_europe: ["BG", "BY", "CZ", "HU", "MD", "PL", "RO", "RU", "SK", "UA"],
  northern_europe: ["AX", "DK", "EE", "FI", "FO", "GB", "GG", "IE", "IM", "IS", "JE", "LT", "LV", "NO", "SE", "SJ"],
  southern_europe: ["AD", "AL", "BA", "ES", "GI", "GR", "HR", "IT", "ME", "MK", "MT", "PT", "RS", "SI", "SM", "VA"],
  western_europe: ["AT", "BE", "CH", "DE", "FR", "LI", "LU", "MC", "NL"],
  australia_and_new_zealand: ["AU", "CC", "CX", "HM", "NF", "NZ"],
  melanesia: ["FJ", "NC", "PG", "SB", "VU"],
  micronesia: ["FM", "GU", "KI", "MH", "MP", "NR", "PW", "UM"],
  polynesia: ["AS", "CK", "NU", "PF", "PN", "TK", "TO", "TV", "WF", "WS"],
} as const satisfies Record<Subregion, readonly string[]>;

/** Codes M49 places in no region. */
const WITHOUT_REGION = ["AQ"] as const;

/** An ISO 3166-1 alpha-2 code in current use, such as "MU". */
export type CountryCode = (typeof MEMBERS)[Subregion][number] | (typeof WITHOUT_REGION)[number];

// biome-ignore format: one line per UN grouping keeps the list checkable against its source
const LDC = [
  "AO", "BF", "BI", "BJ", "CD", "CF", "DJ", "ER", "ET", "GM", "GN", "GW", "KM", "LR", "LS", "MG", "ML", "MR", "MW", "MZ", "NE", "RW", "SD", "SL", "SN", "SO", "SS", "TD", "TG", "TZ", "UG", "ZM", // Africa (32)
  "AF", "BD", "KH", "LA", "MM", "NP", "TL", "YE", // Asia (8)
  "HT", // Caribbean (1)
  "KI", "SB", "TV", // Pacific (3)
] as const satisfies readonly CountryCode[];

// biome-ignore format: one line per UN-OHRLLS region keeps the list checkable against its source
const LLDC = [
  "BF", "BI", "BW", "CF", "ET", "LS", "ML", "MW", "NE", "RW", "SS", "SZ", "TD", "UG", "ZM", "ZW", // Africa (16)
  "AF", "BT", "KG", "KZ", "LA", "MN", "NP", "TJ", "TM", "UZ", // Asia (10)
  "AM", "AZ", "MD", "MK", // Europe and the Caucasus (4)
  "BO", "PY", // Latin America (2)
] as const satisfies readonly CountryCode[];

// biome-ignore format: one line per SIDS region keeps the list checkable against its source
const SIDS = [
  "AG", "BB", "BS", "BZ", "CU", "DM", "DO", "GD", "GY", "HT", "JM", "KN", "LC", "SR", "TT", "VC", // Caribbean (16)
  "FJ", "FM", "KI", "MH", "NR", "PG", "PW", "SB", "TL", "TO", "TV", "VU", "WS", // Pacific (13)
  "CV", "GW", "KM", "MU", "MV", "SC", "SG", "ST", // Atlantic, Indian Ocean and South China Sea (8)
] as const satisfies readonly CountryCode[];

/** Countries in otherwise developing regions that M49 counted as developed. */
const DEVELOPED_IN_ASIA: readonly CountryCode[] = ["CY", "IL", "JP"];

/** What the reference data says about one country or area. */
export interface CountryInfo {
  readonly code: CountryCode;
  /** UN M49 region; null for Antarctica. */
  readonly region: Region | null;
  /** UN M49 sub-region (intermediate region within Sub-Saharan Africa); null for Antarctica. */
  readonly subregion: Subregion | null;
  /** On the UN list of least developed countries. */
  readonly ldc: boolean;
  /** A landlocked developing country. */
  readonly lldc: boolean;
  /** A small island developing State that is a UN Member State. */
  readonly sids: boolean;
  /** In the M49 "developing regions" (historic classification). */
  readonly developing: boolean;
}

/** Whether M49 counted a country or area in the developing regions. */
function isDeveloping(code: CountryCode, subregion: Subregion | null): boolean {
  if (subregion === null) return false;
  if (SUBREGION_REGIONS[subregion] === "europe") return false;
  if (subregion === "northern_america" || subregion === "australia_and_new_zealand") return false;
  return !DEVELOPED_IN_ASIA.includes(code);
}

function infoFor(code: CountryCode, subregion: Subregion | null): CountryInfo {
  const has = (list: readonly CountryCode[]) => list.includes(code);
  return Object.freeze({
    code,
    region: subregion === null ? null : SUBREGION_REGIONS[subregion],
    subregion,
    ldc: has(LDC),
    lldc: has(LLDC),
    sids: has(SIDS),
    developing: isDeveloping(code, subregion),
  });
}

/** Every ISO 3166-1 alpha-2 code in current use with its region and development flags, sorted by code. */
export const COUNTRIES: readonly CountryInfo[] = Object.freeze(
  [
    ...SUBREGIONS.flatMap((subregion) => MEMBERS[subregion].map((code) => infoFor(code, subregion))),
    ...WITHOUT_REGION.map((code) => infoFor(code, null)),
  ].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)),
);

const INFO_BY_CODE: ReadonlyMap<string, CountryInfo> = new Map(COUNTRIES.map((info) => [info.code, info]));

/** Whether a value is an ISO 3166-1 alpha-2 code in current use (upper case, as stored). */
export function isCountryCode(value: unknown): value is CountryCode {
  return typeof value === "string" && INFO_BY_CODE.has(value);
}

/** The reference data for a country code. */
export function countryInfo(code: CountryCode): CountryInfo {
  return INFO_BY_CODE.get(code)!;
}

/** The UN M49 region of a country, or null for Antarctica. */
export function regionOf(code: CountryCode): Region | null {
  return countryInfo(code).region;
}

const displayNames = new Map<Locale, Intl.DisplayNames>();

/** A country's name in a language, from the CLDR data built into the runtime. */
export function countryName(code: CountryCode, locale: Locale): string {
  let names = displayNames.get(locale);
  if (!names) {
    names = new Intl.DisplayNames([locale], { type: "region", fallback: "code" });
    displayNames.set(locale, names);
  }
  return names.of(code) ?? code;
}

/** One entry of a country <select>. */
export interface CountryOption {
  readonly value: CountryCode;
  readonly label: string;
}

const optionsByLocale = new Map<Locale, readonly CountryOption[]>();

/** Every country as a <select> option, sorted by its name in the language's own collation order. */
export function countryOptions(locale: Locale): readonly CountryOption[] {
  let options = optionsByLocale.get(locale);
  if (!options) {
    const collator = new Intl.Collator(locale);
    options = Object.freeze(
      COUNTRIES.map((info) =>
        Object.freeze({ value: info.code, label: countryName(info.code, locale) }),
      ).sort((a, b) => collator.compare(a.label, b.label)),
    );
    optionsByLocale.set(locale, options);
  }
  return options;
}

/** The stakeholder groups of a multistakeholder forum; their labels live in the message catalogue. */
export const STAKEHOLDER_GROUPS = [
  "government",
  "civil_society",
  "private_sector",
  "technical_community",
  "intergovernmental",
  "academia",
] as const;
/** A stakeholder group code. */
export type StakeholderGroup = (typeof STAKEHOLDER_GROUPS)[number];

/** Whether a value is one of the stakeholder group codes. */
export function isStakeholderGroup(value: unknown): value is StakeholderGroup {
  return typeof value === "string" && (STAKEHOLDER_GROUPS as readonly string[]).includes(value);
}
