import { describe, expect, it } from "vitest";
import {
  ANYWHERE_ON_EARTH,
  describeZone,
  endOfDayInZone,
  formatInZone,
  formatUtcOffset,
  instantToZoned,
  isAnywhereOnEarth,
  isValidLocalDateTime,
  isValidTimeZone,
  type LocalDateTime,
  normalizeTimeZone,
  parsePlainDate,
  resolveZonedDateTime,
  startOfDayInZone,
  zonedDateTimeToInstant,
} from "./zones.js";

const at = (iso: string) => new Date(iso);
const local = (
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
): LocalDateTime => ({
  year,
  month,
  day,
  hour,
  minute,
  second,
});
const wall = (instant: Date, zone: string) => {
  const { year, month, day, hour, minute, second } = instantToZoned(instant, zone);
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${year}-${pad(month)}-${pad(day)} ${pad(hour)}:${pad(minute)}:${pad(second)}`;
};

// The 2017 call: soft deadline 15 September AoE. AoE is UTC−12, so the last moment of 15 September
// there is 23:59:59.999 − (−12 h) = 16 September 11:59:59.999 UTC.
const SOFT_DEADLINE_2017 = "2017-09-16T11:59:59.999Z";

describe("isValidTimeZone", () => {
  it.each(["Europe/Paris", "America/Lima", "Asia/Tokyo", "Etc/GMT+12", "Etc/GMT-14", "UTC", "asia/tokyo"])(
    "accepts %s",
    (name) => {
      expect(isValidTimeZone(name)).toBe(true);
    },
  );

  it.each(["", "Europe/Pariss", "Mars/Olympus_Mons", "Local", "AoE", "+05:30", "-12:00", "\u221205:00"])(
    "rejects %j",
    (name) => {
      expect(isValidTimeZone(name)).toBe(false);
    },
  );

  it("rejects values that are not strings at all, as they arrive from JSON", () => {
    expect(isValidTimeZone(undefined as unknown as string)).toBe(false);
    expect(isValidTimeZone(12 as unknown as string)).toBe(false);
  });
});

describe("normalizeTimeZone", () => {
  it("fixes the letter case of names typed by hand", () => {
    expect(normalizeTimeZone("asia/tokyo")).toBe("Asia/Tokyo");
    expect(normalizeTimeZone("etc/gmt+12")).toBe(ANYWHERE_ON_EARTH);
    expect(normalizeTimeZone("america/new_york")).toBe("America/New_York");
  });

  it("keeps current names that ICU would rewrite to old aliases", () => {
    expect(normalizeTimeZone("Asia/Kolkata")).toBe("Asia/Kolkata");
    expect(normalizeTimeZone("Europe/Kyiv")).toBe("Europe/Kyiv");
  });

  it("returns null for unknown names", () => {
    expect(normalizeTimeZone("Europe/Pariss")).toBeNull();
  });

  it("recognises Anywhere on Earth whatever its case, and nothing else", () => {
    expect(isAnywhereOnEarth("Etc/GMT+12")).toBe(true);
    expect(isAnywhereOnEarth("etc/gmt+12")).toBe(true);
    expect(isAnywhereOnEarth("Etc/GMT-12")).toBe(false);
    expect(isAnywhereOnEarth("Pacific/Pago_Pago")).toBe(false);
  });
});

describe("endOfDayInZone and startOfDayInZone: a date means the whole of that day in its zone", () => {
  it("ends the 2017 soft deadline, 15 September AoE, at 11:59:59.999 UTC on the 16th", () => {
    expect(endOfDayInZone("2017-09-15", ANYWHERE_ON_EARTH).toISOString()).toBe(SOFT_DEADLINE_2017);
  });

  it("ends the 2017 cutoff, 30 September AoE, at 11:59:59.999 UTC on 1 October", () => {
    expect(endOfDayInZone("2017-09-30", ANYWHERE_ON_EARTH).toISOString()).toBe("2017-10-01T11:59:59.999Z");
  });

  it("shows the AoE soft deadline to a reader in Tokyo as 16 September 20:59:59", () => {
    const deadline = endOfDayInZone("2017-09-15", ANYWHERE_ON_EARTH);
    expect(wall(deadline, "Asia/Tokyo")).toBe("2017-09-16 20:59:59");
    expect(instantToZoned(deadline, "Asia/Tokyo").offsetMinutes).toBe(540);
  });

  it("shows the AoE soft deadline to a reader in Lima as 16 September 06:59:59", () => {
    const deadline = endOfDayInZone("2017-09-15", ANYWHERE_ON_EARTH);
    expect(wall(deadline, "America/Lima")).toBe("2017-09-16 06:59:59");
    expect(instantToZoned(deadline, "America/Lima").offsetMinutes).toBe(-300);
  });

  it("shows the AoE soft deadline on its own clock as the last moment of 15 September", () => {
    const deadline = endOfDayInZone("2017-09-15", ANYWHERE_ON_EARTH);
    expect(instantToZoned(deadline, ANYWHERE_ON_EARTH)).toEqual({
      year: 2017,
      month: 9,
      day: 15,
      hour: 23,
      minute: 59,
      second: 59,
      millisecond: 999,
      offsetMinutes: -720,
    });
  });

  it("leaves no instant between one day's end and the next day's start", () => {
    for (const zone of [ANYWHERE_ON_EARTH, "Europe/Paris", "America/Sao_Paulo", "Pacific/Chatham"]) {
      const end = endOfDayInZone("2017-09-15", zone);
      const start = startOfDayInZone("2017-09-16", zone);
      expect(start.getTime() - end.getTime()).toBe(1);
    }
  });

  it("gives the spring-forward day in Paris 23 hours and the fall-back day 25", () => {
    const length = (date: string) =>
      endOfDayInZone(date, "Europe/Paris").getTime() + 1 - startOfDayInZone(date, "Europe/Paris").getTime();
    expect(length("2017-03-26")).toBe(23 * 3_600_000);
    expect(length("2017-10-29")).toBe(25 * 3_600_000);
    expect(length("2017-09-15")).toBe(24 * 3_600_000);
  });

  it("starts a day whose midnight is skipped (São Paulo, 15 October 2017) at 01:00, its first instant", () => {
    const start = startOfDayInZone("2017-10-15", "America/Sao_Paulo");
    expect(start.toISOString()).toBe("2017-10-15T03:00:00.000Z");
    expect(wall(start, "America/Sao_Paulo")).toBe("2017-10-15 01:00:00");
    const end = endOfDayInZone("2017-10-14", "America/Sao_Paulo");
    expect(wall(end, "America/Sao_Paulo")).toBe("2017-10-14 23:59:59");
  });

  it("starts a day whose midnight happens twice (São Paulo, 18 February 2018) at the first midnight", () => {
    const start = startOfDayInZone("2018-02-17", "America/Sao_Paulo");
    expect(start.toISOString()).toBe("2018-02-17T02:00:00.000Z");
    // The clocks went back from 00:00 on the 18th to 23:00 on the 17th, so the 17th lasts 25 hours.
    const end = endOfDayInZone("2018-02-17", "America/Sao_Paulo");
    expect(end.getTime() + 1 - start.getTime()).toBe(25 * 3_600_000);
  });

  it("ends a day Samoa skipped (30 December 2011) where it would have ended, at the start of the next", () => {
    expect(endOfDayInZone("2011-12-29", "Pacific/Apia").toISOString()).toBe("2011-12-30T09:59:59.999Z");
    expect(endOfDayInZone("2011-12-30", "Pacific/Apia").toISOString()).toBe("2011-12-30T09:59:59.999Z");
    expect(wall(startOfDayInZone("2011-12-31", "Pacific/Apia"), "Pacific/Apia")).toBe("2011-12-31 00:00:00");
  });

  it.each(["2017-02-30", "2017-13-01", "2017-9-15", "15/09/2017", "2017-09-15T00:00", ""])(
    "refuses %j, which is not a day",
    (date) => {
      expect(() => endOfDayInZone(date, ANYWHERE_ON_EARTH)).toThrow(RangeError);
      expect(() => startOfDayInZone(date, ANYWHERE_ON_EARTH)).toThrow(RangeError);
    },
  );

  it("refuses an unknown zone", () => {
    expect(() => endOfDayInZone("2017-09-15", "Europe/Pariss")).toThrow(/Unknown time zone/);
  });

  it("reads plain dates, leap days included", () => {
    expect(parsePlainDate("2016-02-29")).toEqual({ year: 2016, month: 2, day: 29 });
    expect(parsePlainDate("2017-02-29")).toBeNull();
    expect(parsePlainDate("2000-02-29")).not.toBeNull();
    expect(parsePlainDate("1900-02-29")).toBeNull();
  });
});

describe("zonedDateTimeToInstant across DST", () => {
  it("reads an ordinary wall time in AoE, Tokyo and Lima", () => {
    expect(zonedDateTimeToInstant(local(2017, 9, 15, 23, 59, 59), ANYWHERE_ON_EARTH).toISOString()).toBe(
      "2017-09-16T11:59:59.000Z",
    );
    expect(zonedDateTimeToInstant(local(2017, 9, 16, 20, 59, 59), "Asia/Tokyo").toISOString()).toBe(
      "2017-09-16T11:59:59.000Z",
    );
    expect(zonedDateTimeToInstant(local(2017, 9, 16, 6, 59, 59), "America/Lima").toISOString()).toBe(
      "2017-09-16T11:59:59.000Z",
    );
  });

  it("moves a skipped Paris time (26 March 2017, 02:30) forward by the hour skipped, to 03:30 CEST", () => {
    const result = resolveZonedDateTime(local(2017, 3, 26, 2, 30), "Europe/Paris");
    expect(result).toEqual({ instant: at("2017-03-26T01:30:00Z"), disambiguation: "gap" });
    expect(wall(result.instant, "Europe/Paris")).toBe("2017-03-26 03:30:00");
  });

  it("keeps the last second before the Paris gap and the first after it exact", () => {
    expect(resolveZonedDateTime(local(2017, 3, 26, 1, 59, 59), "Europe/Paris")).toEqual({
      instant: at("2017-03-26T00:59:59Z"),
      disambiguation: "exact",
    });
    expect(resolveZonedDateTime(local(2017, 3, 26, 3, 0, 0), "Europe/Paris")).toEqual({
      instant: at("2017-03-26T01:00:00Z"),
      disambiguation: "exact",
    });
    expect(resolveZonedDateTime(local(2017, 3, 26, 2, 0, 0), "Europe/Paris").disambiguation).toBe("gap");
  });

  it("takes the earlier of a repeated Paris time (29 October 2017, 02:30), the one still in summer time", () => {
    const result = resolveZonedDateTime(local(2017, 10, 29, 2, 30), "Europe/Paris");
    expect(result).toEqual({ instant: at("2017-10-29T00:30:00Z"), disambiguation: "overlap" });
    expect(instantToZoned(result.instant, "Europe/Paris").offsetMinutes).toBe(120);
    // The second 02:30, an hour later, is real too: both read back as 02:30.
    expect(wall(at("2017-10-29T01:30:00Z"), "Europe/Paris")).toBe("2017-10-29 02:30:00");
  });

  it("moves a skipped New York time (12 March 2017, 02:30) forward to 03:30 EDT", () => {
    const result = resolveZonedDateTime(local(2017, 3, 12, 2, 30), "America/New_York");
    expect(result).toEqual({ instant: at("2017-03-12T07:30:00Z"), disambiguation: "gap" });
    expect(wall(result.instant, "America/New_York")).toBe("2017-03-12 03:30:00");
  });

  it("takes the earlier of a repeated New York time (5 November 2017, 01:30), 01:30 EDT", () => {
    const result = resolveZonedDateTime(local(2017, 11, 5, 1, 30), "America/New_York");
    expect(result).toEqual({ instant: at("2017-11-05T05:30:00Z"), disambiguation: "overlap" });
    expect(instantToZoned(result.instant, "America/New_York").offsetMinutes).toBe(-240);
    expect(resolveZonedDateTime(local(2017, 11, 5, 2, 0), "America/New_York").disambiguation).toBe("exact");
  });

  it("handles half-hour and 45-minute zones and DST of half an hour (Lord Howe)", () => {
    expect(zonedDateTimeToInstant(local(2017, 9, 16, 17, 44, 59), "Asia/Kathmandu").toISOString()).toBe(
      "2017-09-16T11:59:59.000Z",
    );
    // Lord Howe Island moves its clocks by 30 minutes: 02:00 → 02:30 on 1 October 2017.
    const skipped = resolveZonedDateTime(local(2017, 10, 1, 2, 15), "Australia/Lord_Howe");
    expect(skipped.disambiguation).toBe("gap");
    expect(wall(skipped.instant, "Australia/Lord_Howe")).toBe("2017-10-01 02:45:00");
  });

  it("keeps the milliseconds it is given", () => {
    const instant = zonedDateTimeToInstant(
      { ...local(2017, 9, 15, 23, 59, 59), millisecond: 999 },
      "Etc/GMT+12",
    );
    expect(instant.toISOString()).toBe(SOFT_DEADLINE_2017);
  });

  it.each([
    ["30 February", local(2017, 2, 30)],
    ["month 13", local(2017, 13, 1)],
    ["hour 24", local(2017, 9, 15, 24)],
    ["minute 60", local(2017, 9, 15, 23, 60)],
    ["second 60 (leap seconds are not kept)", local(2016, 12, 31, 23, 59, 60)],
    ["a fractional hour", local(2017, 9, 15, 1.5)],
    ["year 999", local(999, 1, 1)],
  ])("refuses %s", (_label, reading) => {
    expect(isValidLocalDateTime(reading)).toBe(false);
    expect(() => zonedDateTimeToInstant(reading, "UTC")).toThrow(RangeError);
  });

  it("refuses an unknown zone and an invalid instant", () => {
    expect(() => zonedDateTimeToInstant(local(2017, 9, 15), "Nowhere/Special")).toThrow(/Unknown time zone/);
    expect(() => instantToZoned(new Date(Number.NaN), "UTC")).toThrow(RangeError);
  });
});

describe("instantToZoned", () => {
  it("reads the clock on each side of the Paris spring change", () => {
    expect(instantToZoned(at("2017-03-26T00:59:59Z"), "Europe/Paris")).toMatchObject({
      hour: 1,
      minute: 59,
      second: 59,
      offsetMinutes: 60,
    });
    expect(instantToZoned(at("2017-03-26T01:00:00Z"), "Europe/Paris")).toMatchObject({
      hour: 3,
      minute: 0,
      second: 0,
      offsetMinutes: 120,
    });
  });

  it("reads a fixed offset zone, with POSIX's inverted sign, the way people expect", () => {
    expect(instantToZoned(at("2017-09-16T00:00:00Z"), "Etc/GMT+12").offsetMinutes).toBe(-720);
    expect(instantToZoned(at("2017-09-16T00:00:00Z"), "Etc/GMT-14").offsetMinutes).toBe(840);
  });

  it("reads instants before 1970 and keeps their milliseconds", () => {
    expect(instantToZoned(at("1969-12-31T23:59:59.250Z"), "UTC")).toMatchObject({
      year: 1969,
      second: 59,
      millisecond: 250,
    });
  });
});

// A fixed seed: a failure here reproduces on every run and every machine.
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

// Zones chosen for their awkwardness: fixed offsets at both ends of the world, 30- and 45-minute
// offsets, DST of 30 minutes, negative DST (Dublin), Morocco's Ramadan changes, Samoa's skipped day,
// southern-hemisphere DST with a midnight change, and Troll's two-hour DST.
const ZONES = [
  "UTC",
  ANYWHERE_ON_EARTH,
  "Etc/GMT-14",
  "Asia/Tokyo",
  "America/Lima",
  "Europe/Paris",
  "America/New_York",
  "America/St_Johns",
  "Asia/Kolkata",
  "Asia/Kathmandu",
  "Australia/Lord_Howe",
  "Pacific/Chatham",
  "Europe/Dublin",
  "Africa/Casablanca",
  "Pacific/Apia",
  "America/Sao_Paulo",
  "America/Santiago",
  "Antarctica/Troll",
];
const FROM = Date.UTC(1950, 0, 1);
const TO = Date.UTC(2045, 0, 1);

describe("round trips over random instants (property-style)", () => {
  it("instant → wall clock → instant returns the same instant, or the earlier twin of a repeated reading", () => {
    const next = random(20170915);
    let overlaps = 0;
    for (const zone of ZONES) {
      for (let index = 0; index < 1500; index++) {
        const instant = new Date(Math.floor(FROM + next() * (TO - FROM)));
        const zoned = instantToZoned(instant, zone);
        const back = resolveZonedDateTime(zoned, zone);
        // A reading taken from a real instant always exists, so it is never in a gap.
        expect(back.disambiguation).not.toBe("gap");
        if (back.disambiguation === "exact") {
          expect(back.instant.getTime()).toBe(instant.getTime());
        } else {
          overlaps++;
          expect(back.instant.getTime()).toBeLessThanOrEqual(instant.getTime());
          expect(instantToZoned(back.instant, zone)).toMatchObject({
            ...zoned,
            offsetMinutes: expect.any(Number),
          });
        }
        // The offset is what separates the wall clock from UTC.
        const clockAsUtc = Date.UTC(
          zoned.year,
          zoned.month - 1,
          zoned.day,
          zoned.hour,
          zoned.minute,
          zoned.second,
        );
        expect(clockAsUtc + zoned.millisecond - zoned.offsetMinutes * 60_000).toBe(instant.getTime());
      }
    }
    // An hour or so a year repeats in the DST zones; a sample this size lands in some of them.
    expect(overlaps).toBeGreaterThan(0);
  });

  it("instant → wall clock → instant holds to the millisecond on both sides of every offset change", () => {
    // Random instants rarely land within seconds of a change, so find each change (by bisection,
    // to the millisecond) and check the instants that touch it.
    let changes = 0;
    for (const zone of ZONES) {
      const offsetAt = (ms: number) => instantToZoned(new Date(ms), zone).offsetMinutes;
      // Changes are weeks apart (Morocco's around Ramadan are the closest), so a three-day stride
      // never steps over two of them at once.
      const step = 3 * 86_400_000;
      let current = offsetAt(Date.UTC(1990, 0, 1));
      for (let ms = Date.UTC(1990, 0, 1); ms < Date.UTC(2040, 0, 1); ms += step) {
        const following = offsetAt(ms + step);
        if (following === current) continue;
        current = following;
        let [low, high] = [ms, ms + step];
        while (high - low > 1) {
          const middle = Math.floor((low + high) / 2);
          if (offsetAt(middle) === offsetAt(low)) low = middle;
          else high = middle;
        }
        changes++;
        for (const delta of [-5_400_000, -1000, -1, 0, 999, 1000, 1800_000, 5_400_000]) {
          const instant = new Date(high + delta);
          const zoned = instantToZoned(instant, zone);
          const back = resolveZonedDateTime(zoned, zone);
          expect(back.disambiguation).not.toBe("gap");
          if (back.disambiguation === "exact") expect(back.instant.getTime()).toBe(instant.getTime());
          else
            expect(instantToZoned(back.instant, zone)).toMatchObject({
              ...zoned,
              offsetMinutes: expect.any(Number),
            });
        }
      }
    }
    expect(changes).toBeGreaterThan(500);
  });

  it("wall clock → instant → wall clock returns the reading, or one later by exactly the gap it fell in", () => {
    const next = random(20171218);
    for (const zone of ZONES) {
      for (let index = 0; index < 1500; index++) {
        const day = new Date(Math.floor(FROM + next() * (TO - FROM)));
        const reading = {
          year: day.getUTCFullYear(),
          month: day.getUTCMonth() + 1,
          day: day.getUTCDate(),
          hour: Math.floor(next() * 24),
          minute: Math.floor(next() * 60),
          second: Math.floor(next() * 60),
          millisecond: Math.floor(next() * 1000),
        };
        const { instant, disambiguation } = resolveZonedDateTime(reading, zone);
        const { offsetMinutes, ...seen } = instantToZoned(instant, zone);
        if (disambiguation !== "gap") {
          expect(seen).toEqual(reading);
          continue;
        }
        // In a gap the clock reads later than what was asked, by the offset change that made the gap.
        const asked = Date.UTC(reading.year, reading.month - 1, reading.day, reading.hour, reading.minute);
        const shown = Date.UTC(seen.year, seen.month - 1, seen.day, seen.hour, seen.minute);
        const before = instantToZoned(new Date(instant.getTime() - 86_400_000), zone).offsetMinutes;
        expect(shown - asked).toBe((offsetMinutes - before) * 60_000);
        expect(shown).toBeGreaterThan(asked);
      }
    }
  });

  it("moves every quarter hour skipped on a spring-forward day forward by the length of the skip", () => {
    for (const [zone, day, skipped] of [
      ["Europe/Paris", "2017-03-26", 60],
      ["America/New_York", "2017-03-12", 60],
      ["Europe/Dublin", "2017-03-26", 60],
      ["Pacific/Chatham", "2017-09-24", 60],
      ["Australia/Lord_Howe", "2017-10-01", 30],
    ] as const) {
      const date = parsePlainDate(day)!;
      const kinds = new Set<string>();
      let gaps = 0;
      for (let minutes = 0; minutes < 24 * 60; minutes += 15) {
        const reading = local(date.year, date.month, date.day, Math.floor(minutes / 60), minutes % 60);
        const { instant, disambiguation } = resolveZonedDateTime(reading, zone);
        kinds.add(disambiguation);
        if (disambiguation === "gap") gaps++;
        const { offsetMinutes, ...seen } = instantToZoned(instant, zone);
        const shift =
          disambiguation === "gap"
            ? offsetMinutes - instantToZoned(startOfDayInZone(day, zone), zone).offsetMinutes
            : 0;
        const asked = Date.UTC(reading.year, reading.month - 1, reading.day, reading.hour, reading.minute);
        const shown = Date.UTC(seen.year, seen.month - 1, seen.day, seen.hour, seen.minute);
        expect(shown - asked).toBe(shift * 60_000);
      }
      expect([...kinds].sort()).toEqual(["exact", "gap"]);
      // Every quarter hour inside the skip, and none outside it, is a gap.
      expect(gaps).toBe(skipped / 15);
    }
  });
});

describe("describeZone", () => {
  const september = at(SOFT_DEADLINE_2017);
  const january = at("2017-01-15T12:00:00Z");

  it("labels Anywhere on Earth as its own kind, for the message catalogue to word", () => {
    expect(describeZone(ANYWHERE_ON_EARTH, september, "en")).toEqual({ kind: "aoe" });
    expect(describeZone("etc/gmt+12", september, "fr")).toEqual({ kind: "aoe" });
  });

  it("labels Tokyo with its offset, and no abbreviation where English has none", () => {
    expect(describeZone("Asia/Tokyo", september, "en")).toEqual({
      kind: "zone",
      name: "Asia/Tokyo",
      offset: "UTC+09:00",
      longName: "Japan Standard Time",
    });
  });

  it("follows New York's offset and abbreviation through the year", () => {
    expect(describeZone("America/New_York", september, "en")).toMatchObject({
      offset: "UTC\u221204:00",
      abbreviation: "EDT",
    });
    expect(describeZone("America/New_York", january, "en")).toMatchObject({
      offset: "UTC\u221205:00",
      abbreviation: "EST",
    });
  });

  it("names the zone in the reader's language", () => {
    expect(describeZone("Asia/Tokyo", september, "fr")).toMatchObject({ longName: "heure normale du Japon" });
    expect(describeZone("America/Lima", september, "es")).toMatchObject({
      offset: "UTC\u221205:00",
      longName: "hora estándar de Perú",
    });
  });

  it("gives 45-minute offsets and UTC itself", () => {
    expect(describeZone("Asia/Kathmandu", september, "en")).toMatchObject({ offset: "UTC+05:45" });
    expect(describeZone("UTC", september, "en")).toMatchObject({ name: "UTC", offset: "UTC+00:00" });
  });

  it("refuses an unknown zone", () => {
    expect(() => describeZone("Europe/Pariss", september, "en")).toThrow(/Unknown time zone/);
  });

  it("writes offsets with a typographic minus and seconds only when there are any", () => {
    expect(formatUtcOffset(-720)).toBe("UTC\u221212:00");
    expect(formatUtcOffset(0)).toBe("UTC+00:00");
    expect(formatUtcOffset(-0)).toBe("UTC+00:00");
    expect(formatUtcOffset(345)).toBe("UTC+05:45");
    expect(formatUtcOffset(-210)).toBe("UTC\u221203:30");
    expect(formatUtcOffset(9 + 21 / 60)).toBe("UTC+00:09:21");
  });
});

describe("formatInZone", () => {
  const deadline = at(SOFT_DEADLINE_2017);

  it("shows the AoE soft deadline as 15 September, to the second, in English, Spanish and French", () => {
    const english = formatInZone(deadline, ANYWHERE_ON_EARTH, "en", "date-time-seconds");
    expect(english).toContain("September 15, 2017");
    expect(english).toContain("11:59:59 PM");
    expect(english).toContain("GMT-12");
    const spanish = formatInZone(deadline, ANYWHERE_ON_EARTH, "es", "date-time-seconds");
    expect(spanish).toContain("15 de septiembre de 2017");
    expect(spanish).toContain("23:59:59");
    const french = formatInZone(deadline, ANYWHERE_ON_EARTH, "fr", "date-time-seconds");
    expect(french).toContain("15 septembre 2017");
    expect(french).toContain("23:59:59");
    expect(french).toContain("UTC\u221212");
  });

  it("shows the same instant to a reader in Tokyo as 16 September 20:59", () => {
    expect(formatInZone(deadline, "Asia/Tokyo", "en", "date-time")).toBe("Sep 16, 2017, 8:59 PM GMT+9");
    expect(formatInZone(deadline, "Asia/Tokyo", "fr", "date-time")).toContain("16 sept. 2017");
    expect(formatInZone(deadline, "Asia/Tokyo", "fr", "time")).toBe("20:59 UTC+9");
  });

  it("shows an Arabic reader the right day, in the digits Intl uses for Arabic", () => {
    const digits = (value: number) => new Intl.NumberFormat("ar", { useGrouping: false }).format(value);
    const arabic = formatInZone(deadline, ANYWHERE_ON_EARTH, "ar", "date");
    expect(arabic).toContain("سبتمبر");
    expect(arabic).toContain(digits(15));
    expect(arabic).toContain(digits(2017));
    expect(formatInZone(deadline, "America/Lima", "ar", "date")).toContain(digits(16));
  });

  it("puts whole-day milestones on the zone's calendar day", () => {
    expect(formatInZone(deadline, ANYWHERE_ON_EARTH, "en", "date")).toBe("September 15, 2017");
    expect(formatInZone(deadline, ANYWHERE_ON_EARTH, "en", "weekday-date")).toBe(
      "Friday, September 15, 2017",
    );
    expect(formatInZone(deadline, "UTC", "en", "date")).toBe("September 16, 2017");
  });

  it("shows New York's summer abbreviation", () => {
    expect(formatInZone(deadline, "America/New_York", "en", "date-time")).toBe("Sep 16, 2017, 7:59 AM EDT");
  });

  it("refuses an unknown zone rather than silently showing UTC", () => {
    expect(() => formatInZone(deadline, "Europe/Pariss", "en", "date")).toThrow(/Unknown time zone/);
  });
});
