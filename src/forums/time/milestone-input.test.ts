import { describe, expect, it } from "vitest";
import { parseMilestoneAt } from "./milestone-input.js";
import {
  DEADLINE_KINDS,
  isDeadlineKind,
  isMilestoneKind,
  MILESTONE_KINDS,
  type MilestoneKind,
} from "./milestone-kinds.js";
import { ANYWHERE_ON_EARTH } from "./zones.js";

const GENEVA = "Europe/Zurich";

function ok(input: Parameters<typeof parseMilestoneAt>[0], defaultZone?: string) {
  const result = parseMilestoneAt(input, defaultZone);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(input)} to parse, got ${result.message}`);
  return result;
}

function failure(input: Parameters<typeof parseMilestoneAt>[0], defaultZone?: string) {
  const result = parseMilestoneAt(input, defaultZone);
  if (result.ok)
    throw new Error(`expected ${JSON.stringify(input)} to be refused, got ${result.at.toISOString()}`);
  return result;
}

describe("milestone kinds", () => {
  it("treats the four closing kinds as deadlines and the rest as starts", () => {
    expect(MILESTONE_KINDS.filter(isDeadlineKind)).toEqual([
      "soft_deadline",
      "inclusion_cutoff",
      "call_closes",
      "review_closes",
    ]);
    expect([...DEADLINE_KINDS].sort()).toEqual(MILESTONE_KINDS.filter(isDeadlineKind).sort());
  });

  it("recognises kinds arriving as strings and refuses others", () => {
    expect(isMilestoneKind("inclusion_cutoff")).toBe(true);
    expect(isMilestoneKind("deadline")).toBe(false);
    expect(isMilestoneKind("")).toBe(false);
  });
});

describe("parseMilestoneAt: the 2017 call as the secretariat would type it", () => {
  it("reads the soft deadline '2017-09-15' as the end of 15 September Anywhere on Earth", () => {
    expect(ok({ at: "2017-09-15", kind: "soft_deadline" })).toEqual({
      ok: true,
      at: new Date("2017-09-16T11:59:59.999Z"),
      time_zone: ANYWHERE_ON_EARTH,
      all_day: true,
    });
  });

  it("reads the guaranteed-inclusion cutoff '2017-09-30' as the end of 30 September AoE", () => {
    expect(ok({ at: "2017-09-30", kind: "inclusion_cutoff" }).at.toISOString()).toBe(
      "2017-10-01T11:59:59.999Z",
    );
  });

  it("reads the close of rolling acceptance, the day before the annual meeting, as the end of 17 December AoE", () => {
    expect(ok({ at: "2017-12-17", kind: "call_closes" }).at.toISOString()).toBe("2017-12-18T11:59:59.999Z");
  });

  it("reads the annual meeting '2017-12-18' as the start of that day in the forum's zone (Geneva)", () => {
    expect(ok({ at: "2017-12-18", kind: "annual_meeting" }, GENEVA)).toEqual({
      ok: true,
      at: new Date("2017-12-17T23:00:00.000Z"),
      time_zone: GENEVA,
      all_day: true,
    });
  });

  it("reads the call opening '2017-08-15' as the start of that day, in UTC when the forum has no zone", () => {
    expect(ok({ at: "2017-08-15", kind: "call_opens" })).toMatchObject({
      at: new Date("2017-08-15T00:00:00.000Z"),
      time_zone: "UTC",
      all_day: true,
    });
  });

  it("reads a first-draft target '2017-11-01' as the start of the day in the forum's zone", () => {
    expect(ok({ at: "2017-11-01", kind: "first_draft" }, GENEVA).at.toISOString()).toBe(
      "2017-10-31T23:00:00.000Z",
    );
  });
});

describe("parseMilestoneAt: plain dates", () => {
  it.each(MILESTONE_KINDS.map((kind) => [kind] as [MilestoneKind]))(
    "gives %s the whole-day meaning of its kind",
    (kind) => {
      const result = ok({ at: "2017-09-15", kind, time_zone: "Asia/Tokyo" });
      expect(result.all_day).toBe(true);
      expect(result.time_zone).toBe("Asia/Tokyo");
      // Tokyo is UTC+9: the day runs from 14 September 15:00 UTC to 15 September 14:59:59.999 UTC.
      expect(result.at.toISOString()).toBe(
        isDeadlineKind(kind) ? "2017-09-15T14:59:59.999Z" : "2017-09-14T15:00:00.000Z",
      );
    },
  );

  it("ends a deadline in the zone given, Paris summer time", () => {
    expect(ok({ at: "2017-09-15", kind: "soft_deadline", time_zone: "Europe/Paris" }).at.toISOString()).toBe(
      "2017-09-15T21:59:59.999Z",
    );
  });

  it("ends a deadline on a day that lasts 25 hours at its true end", () => {
    expect(ok({ at: "2017-10-29", kind: "review_closes", time_zone: "Europe/Paris" }).at.toISOString()).toBe(
      "2017-10-29T22:59:59.999Z",
    );
  });

  it("accepts AoE as people write it, and stores the zone's real name", () => {
    for (const time_zone of ["AoE", "aoe", "Anywhere on Earth", " AOE "]) {
      expect(ok({ at: "2017-09-15", kind: "soft_deadline", time_zone }).time_zone).toBe(ANYWHERE_ON_EARTH);
    }
  });

  it("stores zone names in their proper case", () => {
    expect(ok({ at: "2017-09-15", kind: "soft_deadline", time_zone: "america/lima" }).time_zone).toBe(
      "America/Lima",
    );
  });

  it("treats a blank or missing zone as not given", () => {
    for (const time_zone of ["", "   ", null, undefined]) {
      expect(ok({ at: "2017-09-15", kind: "soft_deadline", time_zone }).time_zone).toBe(ANYWHERE_ON_EARTH);
    }
  });

  it("accepts 29 February in a leap year", () => {
    expect(ok({ at: "2016-02-29", kind: "call_opens" }).at.toISOString()).toBe("2016-02-29T00:00:00.000Z");
  });
});

describe("parseMilestoneAt: local date-times", () => {
  it("reads a deadline time without a zone in AoE", () => {
    expect(ok({ at: "2017-09-15T17:00", kind: "soft_deadline" })).toEqual({
      ok: true,
      at: new Date("2017-09-16T05:00:00.000Z"),
      time_zone: ANYWHERE_ON_EARTH,
      all_day: false,
    });
  });

  it("reads a session time without a zone in the forum's zone", () => {
    // The 2017 substantive session in Geneva, winter time (UTC+1).
    expect(ok({ at: "2017-12-19T10:00", kind: "annual_meeting" }, GENEVA)).toMatchObject({
      at: new Date("2017-12-19T09:00:00.000Z"),
      time_zone: GENEVA,
      all_day: false,
    });
  });

  it("reads seconds, fractions (to the millisecond, never rounding into the next day) and a space for T", () => {
    expect(ok({ at: "2017-09-15T23:59:59", kind: "soft_deadline" }).at.toISOString()).toBe(
      "2017-09-16T11:59:59.000Z",
    );
    expect(ok({ at: "2017-09-15 23:59:59.9999", kind: "soft_deadline" }).at.toISOString()).toBe(
      "2017-09-16T11:59:59.999Z",
    );
    expect(ok({ at: "2017-09-15t12:00:00,5", kind: "soft_deadline" }).at.toISOString()).toBe(
      "2017-09-16T00:00:00.500Z",
    );
  });

  it("ignores surrounding white space, as pasted text has", () => {
    expect(ok({ at: "  2017-09-15\n", kind: "soft_deadline" }).at.toISOString()).toBe(
      "2017-09-16T11:59:59.999Z",
    );
  });

  it("warns that a time skipped by the spring change in Paris was moved forward an hour", () => {
    const result = ok({ at: "2017-03-26T02:30", kind: "custom", time_zone: "Europe/Paris" });
    expect(result.at.toISOString()).toBe("2017-03-26T01:30:00.000Z");
    expect(result.warning?.code).toBe("nonexistent_local_time");
    expect(result.warning?.message).toMatch(/does not exist in Europe\/Paris.*moved forward/s);
  });

  it("warns that a time repeated by the autumn change in New York was taken the first time it happens", () => {
    const result = ok({ at: "2017-11-05T01:30", kind: "review_closes", time_zone: "America/New_York" });
    expect(result.at.toISOString()).toBe("2017-11-05T05:30:00.000Z");
    expect(result.warning?.code).toBe("ambiguous_local_time");
    expect(result.warning?.message).toContain("UTC\u221204:00");
  });

  it("gives no warning for ordinary times", () => {
    expect(
      ok({ at: "2017-11-05T03:30", kind: "custom", time_zone: "America/New_York" }).warning,
    ).toBeUndefined();
  });
});

describe("parseMilestoneAt: instants with an offset", () => {
  it("takes an instant in UTC as it is, shown in UTC unless a zone is given", () => {
    expect(ok({ at: "2017-09-16T11:59:59Z", kind: "soft_deadline" })).toEqual({
      ok: true,
      at: new Date("2017-09-16T11:59:59.000Z"),
      time_zone: "UTC",
      all_day: false,
    });
    expect(ok({ at: "2017-09-16T11:59:59z", kind: "soft_deadline", time_zone: "Etc/GMT+12" }).time_zone).toBe(
      ANYWHERE_ON_EARTH,
    );
  });

  it.each([
    ["2017-09-15T23:59:59-12:00", "2017-09-16T11:59:59.000Z"],
    ["2017-09-16T20:59:59+09:00", "2017-09-16T11:59:59.000Z"],
    ["2017-09-16T20:59:59+0900", "2017-09-16T11:59:59.000Z"],
    ["2017-09-16T20:59:59+09", "2017-09-16T11:59:59.000Z"],
    ["2017-09-16T06:59:59\u221205:00", "2017-09-16T11:59:59.000Z"],
    ["2017-09-16T17:44:59+05:45", "2017-09-16T11:59:59.000Z"],
    ["2017-09-17T01:59:59+14:00", "2017-09-16T11:59:59.000Z"],
  ])("reads %s as %s", (text, iso) => {
    expect(ok({ at: text, kind: "soft_deadline" }).at.toISOString()).toBe(iso);
  });

  it("keeps the zone given for display even when its offset differs from the one typed", () => {
    expect(ok({ at: "2017-09-16T11:59:59Z", kind: "soft_deadline", time_zone: "Asia/Tokyo" })).toMatchObject({
      at: new Date("2017-09-16T11:59:59Z"),
      time_zone: "Asia/Tokyo",
    });
  });
});

describe("parseMilestoneAt: refusals say what is wrong and how to fix it", () => {
  it.each(["", "   "])("asks for a date when given %j", (at) => {
    const result = failure({ at, kind: "soft_deadline" });
    expect(result).toMatchObject({ field: "at", code: "required" });
    expect(result.message).toContain("2017-09-15");
  });

  it("refuses 30 February and says how long the month is", () => {
    const result = failure({ at: "2017-02-30", kind: "soft_deadline" });
    expect(result).toMatchObject({ field: "at", code: "invalid_date" });
    expect(result.message).toBe("2017-02-30 does not exist: February 2017 has 28 days.");
  });

  it.each([
    ["2017-09-31", "September 2017 has 30 days"],
    ["2017-02-29T10:00", "February 2017 has 28 days"],
    ["2017-09-00", "September 2017 has 30 days"],
  ])("refuses %s, a day that does not exist", (at, explanation) => {
    const result = failure({ at, kind: "call_opens" });
    expect(result.code).toBe("invalid_date");
    expect(result.message).toContain(explanation);
  });

  it("refuses month 13 and points at the year-month-day order", () => {
    const result = failure({ at: "2017-15-09", kind: "soft_deadline" });
    expect(result.code).toBe("invalid_date");
    expect(result.message).toContain("month 15");
    expect(result.message).toContain("year-month-day");
  });

  it.each([
    ["2017-09-15T25:00", "25:00:00 is not a time of day"],
    ["2017-09-15T23:60", "23:60:00 is not a time of day"],
    ["2016-12-31T23:59:60Z", "23:59:60 is not a time of day"],
  ])("refuses %s", (at, explanation) => {
    const result = failure({ at, kind: "soft_deadline" });
    expect(result).toMatchObject({ field: "at", code: "invalid_time" });
    expect(result.message).toContain(explanation);
  });

  it("refuses 24:00 and suggests the date alone for the end of a day", () => {
    const result = failure({ at: "2017-09-15T24:00", kind: "soft_deadline" });
    expect(result.code).toBe("invalid_time");
    expect(result.message).toContain("give the date alone (2017-09-15)");
  });

  it.each([
    "15/09/2017",
    "15 September 2017",
    "tomorrow",
    "2017-9-15",
    "2017-09-15T5:00",
    "20170915",
    "2017-09-15T",
  ])("refuses %j as not a date, with examples of what is", (at) => {
    const result = failure({ at, kind: "soft_deadline" });
    expect(result).toMatchObject({ field: "at", code: "invalid_format" });
    expect(result.message).toContain(`"${at}" is not a date we can read`);
    expect(result.message).toContain("2017-09-15T17:00+02:00");
  });

  it.each(["2017-09-15T17:00+25:00", "2017-09-15T17:00-13:00", "2017-09-15T17:00+05:99"])(
    "refuses %s, an offset no place uses",
    (at) => {
      const result = failure({ at, kind: "soft_deadline" });
      expect(result).toMatchObject({ field: "at", code: "invalid_offset" });
      expect(result.message).toContain("+14:00");
    },
  );

  it.each(["0217-09-15", "1017-09-15T10:00Z", "3017-09-15"])(
    "refuses %s, a year that is a typing slip",
    (at) => {
      const result = failure({ at, kind: "soft_deadline" });
      expect(result).toMatchObject({ field: "at", code: "out_of_range" });
      expect(result.message).toContain("1900 to 2999");
    },
  );

  it("refuses an unknown zone on the time_zone field", () => {
    const result = failure({ at: "2017-09-15", kind: "soft_deadline", time_zone: "Europe/Pariss" });
    expect(result).toMatchObject({ field: "time_zone", code: "unknown_time_zone" });
    expect(result.message).toContain('"Europe/Pariss" is not a time zone we know');
    expect(result.message).toContain("Europe/Paris");
  });

  it("suggests the IANA name when given a city alone", () => {
    expect(failure({ at: "2017-09-15", kind: "soft_deadline", time_zone: "Tokyo" }).message).toContain(
      "Did you mean Asia/Tokyo?",
    );
    expect(failure({ at: "2017-09-15", kind: "soft_deadline", time_zone: "new york" }).message).toContain(
      "Did you mean America/New_York?",
    );
  });

  it("explains that an offset is not a zone, and the inverted sign of Etc names", () => {
    for (const time_zone of ["UTC+2", "+02:00", "GMT-12"]) {
      const result = failure({ at: "2017-09-15", kind: "soft_deadline", time_zone });
      expect(result.code).toBe("unknown_time_zone");
      expect(result.message).toContain("is an offset, not a time zone");
      expect(result.message).toContain("Etc/GMT-2 is UTC+02:00");
    }
  });

  it("checks the zone for instants with an offset too", () => {
    expect(failure({ at: "2017-09-16T11:59:59Z", kind: "soft_deadline", time_zone: "Moon/Base" }).field).toBe(
      "time_zone",
    );
  });

  it("reports a bad date before a bad zone, the field the reader sees first", () => {
    expect(failure({ at: "2017-02-30", kind: "soft_deadline", time_zone: "Moon/Base" }).field).toBe("at");
  });

  it("survives a value that is not a string, as JSON can send", () => {
    expect(failure({ at: 20170915 as unknown as string, kind: "soft_deadline" }).code).toBe("required");
  });

  it("throws on an unknown forum zone, which is a bug rather than a typing slip", () => {
    expect(() => parseMilestoneAt({ at: "2017-09-15", kind: "call_opens" }, "Nowhere/Special")).toThrow(
      RangeError,
    );
  });
});
