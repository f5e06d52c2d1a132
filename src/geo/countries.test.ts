import { describe, expect, it } from "vitest";
import { LOCALES } from "../ui/i18n/locales.js";
import {
  COUNTRIES,
  type CountryCode,
  countryInfo,
  countryName,
  countryOptions,
  isCountryCode,
  isStakeholderGroup,
  REGIONS,
  regionOf,
  STAKEHOLDER_GROUPS,
  SUBREGION_REGIONS,
  SUBREGIONS,
} from "./countries.js";

const codes = COUNTRIES.map((c) => c.code);
const flagged = (flag: "ldc" | "lldc" | "sids" | "developing") =>
  COUNTRIES.filter((c) => c[flag])
    .map((c) => c.code)
    .sort();

describe("country codes", () => {
  it("has the 249 ISO 3166-1 alpha-2 codes in current use, once each, sorted", () => {
    expect(codes).toHaveLength(249);
    expect(new Set(codes).size).toBe(249);
    expect(codes.every((code) => /^[A-Z]{2}$/.test(code))).toBe(true);
    expect([...codes].sort()).toEqual(codes);
  });

  it("includes territories and leaves out codes ISO does not assign", () => {
    for (const code of ["PR", "HK", "MO", "TW", "PS", "GL", "AQ", "BQ", "CW", "SX", "AX"]) {
      expect(isCountryCode(code), code).toBe(true);
    }
    for (const value of ["XK", "EU", "UK", "AN", "CS", "YU", "mu", "MUS", "", 480, null, undefined]) {
      expect(isCountryCode(value), String(value)).toBe(false);
    }
  });

  it("places every code but Antarctica in a region, with as many per region as M49", () => {
    const perRegion = Object.fromEntries(
      REGIONS.map((r) => [r, COUNTRIES.filter((c) => c.region === r).length]),
    );
    expect(perRegion).toEqual({ africa: 60, americas: 57, asia: 51, europe: 51, oceania: 29 });
    expect(COUNTRIES.filter((c) => c.region === null).map((c) => c.code)).toEqual(["AQ"]);
    for (const c of COUNTRIES) {
      expect(c.region, c.code).toBe(c.subregion === null ? null : SUBREGION_REGIONS[c.subregion]);
    }
    expect(new Set(COUNTRIES.map((c) => c.subregion).filter((s) => s !== null))).toEqual(new Set(SUBREGIONS));
  });
});

describe("development groupings", () => {
  it("lists the 44 least developed countries left after São Tomé and Príncipe graduated", () => {
    expect(flagged("ldc")).toHaveLength(44);
    for (const graduated of ["ST", "BT", "VU", "GQ", "WS", "MV", "CV", "BW"] as const) {
      expect(countryInfo(graduated).ldc, graduated).toBe(false);
    }
  });

  it("lists the 32 landlocked developing countries", () => {
    expect(flagged("lldc")).toHaveLength(32);
  });

  it("lists the 37 small island developing States that are UN members, without Bahrain or territories", () => {
    expect(flagged("sids")).toHaveLength(37);
    for (const code of ["BH", "PR", "AW", "GU", "NC", "PF", "CK"] as const) {
      expect(countryInfo(code).sids, code).toBe(false);
    }
  });

  it("counts only developing countries in the groupings, except the two European LLDCs M49 called developed", () => {
    for (const c of COUNTRIES) {
      if (c.ldc || c.sids) expect(c.developing, c.code).toBe(true);
    }
    expect(COUNTRIES.filter((c) => c.lldc && !c.developing).map((c) => c.code)).toEqual(["MD", "MK"]);
  });

  it("follows the M49 rule for developing regions", () => {
    for (const c of COUNTRIES) {
      const developed =
        c.region === "europe" ||
        c.subregion === "northern_america" ||
        c.subregion === "australia_and_new_zealand" ||
        ["JP", "IL", "CY"].includes(c.code);
      expect(c.developing, c.code).toBe(c.region !== null && !developed);
    }
    expect(flagged("developing")).toHaveLength(249 - 1 - 51 - 5 - 6 - 3);
  });
});

describe("known countries", () => {
  const cases: [CountryCode, Partial<ReturnType<typeof countryInfo>>][] = [
    [
      "MU",
      {
        region: "africa",
        subregion: "eastern_africa",
        sids: true,
        ldc: false,
        lldc: false,
        developing: true,
      },
    ],
    [
      "NP",
      { region: "asia", subregion: "southern_asia", ldc: true, lldc: true, sids: false, developing: true },
    ],
    ["CU", { region: "americas", subregion: "latin_america_and_the_caribbean", sids: true, ldc: false }],
    ["CN", { region: "asia", subregion: "eastern_asia", developing: true, ldc: false }],
    ["US", { region: "americas", subregion: "northern_america", developing: false }],
    ["BR", { region: "americas", subregion: "latin_america_and_the_caribbean", developing: true }],
    ["JP", { region: "asia", subregion: "eastern_asia", developing: false }],
    ["IL", { region: "asia", subregion: "western_asia", developing: false }],
    ["AU", { region: "oceania", subregion: "australia_and_new_zealand", developing: false }],
    ["FJ", { region: "oceania", subregion: "melanesia", sids: true, developing: true }],
    ["SD", { region: "africa", subregion: "northern_africa", ldc: true }],
    ["MK", { region: "europe", subregion: "southern_europe", lldc: true, developing: false }],
    ["BO", { region: "americas", lldc: true, ldc: false }],
    ["HT", { ldc: true, sids: true }],
    ["SG", { region: "asia", subregion: "south_eastern_asia", sids: true, developing: true }],
    ["AQ", { region: null, subregion: null, ldc: false, lldc: false, sids: false, developing: false }],
  ];

  it.each(cases)("%s", (code, expected) => {
    expect(countryInfo(code)).toMatchObject({ code, ...expected });
    expect(regionOf(code)).toBe(countryInfo(code).region);
  });
});

describe("country names", () => {
  it.each(LOCALES)("names every code in %s", (locale) => {
    for (const code of codes) {
      const name = countryName(code, locale);
      expect(name, `${locale}:${code}`).not.toBe(code);
      expect(name.trim(), `${locale}:${code}`).not.toBe("");
    }
  });

  it("uses each language's names", () => {
    expect(countryName("MU", "en")).toBe("Mauritius");
    expect(countryName("MU", "es")).toBe("Mauricio");
    expect(countryName("MU", "fr")).toBe("Maurice");
    expect(countryName("MU", "ar")).toBe("موريشيوس");
  });
});

describe("country options", () => {
  it.each(LOCALES)("offers every code once, sorted by name, in %s", (locale) => {
    const options = countryOptions(locale);
    expect(options.map((o) => o.value).sort()).toEqual(codes);
    const collator = new Intl.Collator(locale);
    for (let i = 1; i < options.length; i++) {
      const [before, after] = [options[i - 1]!, options[i]!];
      expect(
        collator.compare(before.label, after.label),
        `${before.label} / ${after.label}`,
      ).toBeLessThanOrEqual(0);
    }
  });

  it("sorts accented names with their letter, not after Z", () => {
    const labels = (locale: "en" | "fr") => countryOptions(locale).map((o) => o.label);
    expect(labels("en").indexOf("Åland Islands")).toBeLessThan(labels("en").indexOf("Albania"));
    expect(labels("fr").indexOf("Égypte")).toBeLessThan(labels("fr").indexOf("Espagne"));
    expect(labels("fr").at(-1)).toBe("Zimbabwe");
  });
});

describe("stakeholder groups", () => {
  it("recognises the six group codes and nothing else", () => {
    expect(STAKEHOLDER_GROUPS).toHaveLength(6);
    for (const group of STAKEHOLDER_GROUPS) expect(isStakeholderGroup(group)).toBe(true);
    for (const value of ["Government", "civil society", "media", "", 1, null]) {
      expect(isStakeholderGroup(value), String(value)).toBe(false);
    }
  });
});
