import { describe, expect, it } from "vitest";
import { compare, figuresCounter, fitLabel, isoWeek, OTHERS, TOP_ROWS, UNKNOWN } from "./figures.js";

const row = (country: string | null, at = "2017-09-04T00:00:00Z") => ({
  stakeholder_group: null,
  country,
  region: null,
  language: null,
  timeliness: null,
  received_at: new Date(at),
});

describe("statistics figures", () => {
  it("names ISO weeks, Monday to Sunday, the first Thursday deciding the year", () => {
    expect(isoWeek(new Date("2017-09-04T00:00:00Z"))).toBe("2017-W36"); // a Monday
    expect(isoWeek(new Date("2017-09-10T23:59:00Z"))).toBe("2017-W36"); // the Sunday after
    expect(isoWeek(new Date("2016-01-01T12:00:00Z"))).toBe("2015-W53");
    expect(isoWeek(new Date("2018-12-31T12:00:00Z"))).toBe("2019-W01");
  });

  it("sums the countries beyond the first ones as others, and lists the unknown last", () => {
    const counter = figuresCounter();
    const codes = [
      "FR",
      "DE",
      "SN",
      "BO",
      "FJ",
      "JP",
      "BR",
      "IN",
      "CN",
      "RU",
      "EG",
      "KE",
      "MX",
      "CA",
      "AU",
      "NZ",
      "AR",
      "CL",
    ];
    codes.forEach((code, i) => {
      for (let n = 0; n <= codes.length - i; n++) counter.add(row(code));
    });
    counter.add(row(null));
    const rows = compare("country", counter.result(), undefined);
    expect(rows).toHaveLength(TOP_ROWS + 2);
    expect(rows[0]).toEqual({ key: "FR", count: 19, previous: 0 });
    expect(rows.at(-2)).toEqual({ key: OTHERS, count: 4 + 3 + 2, previous: 0 });
    expect(rows.at(-1)).toEqual({ key: UNKNOWN, count: 1, previous: 0 });
  });

  it("lines weeks up with the previous cycle's by their number", () => {
    const now = figuresCounter();
    now.add(row("FR", "2017-09-04T00:00:00Z"));
    const before = figuresCounter();
    before.add(row("FR", "2016-09-05T00:00:00Z"));
    before.add(row("FR", "2016-09-06T00:00:00Z"));
    expect(compare("week", now.result(), before.result())).toEqual([
      { key: "2017-W36", count: 1, previous: 2 },
    ]);
  });
});

describe("the chart's labels", () => {
  it("shortens a label too long for the label column and keeps a short one whole", () => {
    expect(fitLabel("Academia")).toBe("Academia");
    const long = fitLabel("Intergovernmental organization");
    expect(long.endsWith("…")).toBe(true);
    expect(long.startsWith("Intergovernmental")).toBe(true);
    expect(long.length).toBeLessThanOrEqual(25);
  });

  it("counts a Chinese character as two Latin letters", () => {
    const chinese = "政府间组织和区域性政府间组织的代表";
    expect(fitLabel(chinese).endsWith("…")).toBe(true);
    expect([...fitLabel(chinese)].length).toBeLessThanOrEqual(13);
  });
});
