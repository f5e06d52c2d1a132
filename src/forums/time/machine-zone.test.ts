// The project's Vitest config pins TZ=UTC for every run, so `TZ=Asia/Tokyo npx vitest` alone
// cannot show that these functions ignore the machine's zone. Node re-reads process.env.TZ when it
// is assigned, so this file switches the process's zone itself and checks that nothing moves.

import { afterEach, describe, expect, it } from "vitest";
import { parseMilestoneAt } from "./milestone-input.js";
import { classifyTimeliness, countdown, nextDeadline } from "./timeliness.js";
import {
  ANYWHERE_ON_EARTH,
  describeZone,
  endOfDayInZone,
  formatInZone,
  instantToZoned,
  startOfDayInZone,
  zonedDateTimeToInstant,
} from "./zones.js";

const original = process.env.TZ;
afterEach(() => {
  process.env.TZ = original;
});

// Machine zones from both edges of the map, with and without DST.
const MACHINE_ZONES = [
  "UTC",
  "Asia/Tokyo",
  "America/Lima",
  "Pacific/Kiritimati",
  "Etc/GMT+12",
  "Europe/Paris",
];

// Everything a user would notice, computed in whatever zone the process is in.
function observe(): unknown {
  const soft = parseMilestoneAt({ at: "2017-09-15", kind: "soft_deadline" });
  const cutoff = parseMilestoneAt({ at: "2017-09-30T23:59:59.999", kind: "inclusion_cutoff" });
  const opens = parseMilestoneAt({ at: "2017-08-15", kind: "call_opens" }, "Europe/Zurich");
  if (!soft.ok || !cutoff.ok || !opens.ok) throw new Error("the 2017 dates must parse");
  const milestones = { call_opens: opens.at, soft_deadline: soft.at, inclusion_cutoff: cutoff.at };
  return {
    soft: soft.at.toISOString(),
    cutoff: cutoff.at.toISOString(),
    opens: opens.at.toISOString(),
    endOfDay: endOfDayInZone("2017-03-26", "Europe/Paris").toISOString(),
    startOfDay: startOfDayInZone("2017-10-15", "America/Sao_Paulo").toISOString(),
    gap: zonedDateTimeToInstant(
      { year: 2017, month: 3, day: 12, hour: 2, minute: 30, second: 0 },
      "America/New_York",
    ),
    tokyo: instantToZoned(soft.at, "Asia/Tokyo"),
    lima: instantToZoned(soft.at, "America/Lima"),
    onTime: classifyTimeliness(new Date("2017-09-16T11:59:59Z"), milestones),
    guaranteed: classifyTimeliness(new Date("2017-09-16T12:00:00Z"), milestones),
    next: nextDeadline(new Date("2017-09-16T12:00:00Z"), milestones),
    countdown: countdown(new Date("2017-09-14T00:00:00Z"), soft.at),
    label: describeZone("America/New_York", soft.at, "en"),
    shown: ["en", "es", "fr", "ar"].map((locale) =>
      formatInZone(soft.at, ANYWHERE_ON_EARTH, locale, "date-time"),
    ),
  };
}

describe("nothing depends on the machine's time zone", () => {
  it("switching the process's zone really changes local time here (or this file proves nothing)", () => {
    process.env.TZ = "Asia/Tokyo";
    expect(new Date("2017-09-16T11:59:59Z").getHours()).toBe(20);
    process.env.TZ = "America/Lima";
    expect(new Date("2017-09-16T11:59:59Z").getHours()).toBe(6);
  });

  it("gives the same answers in every machine zone", () => {
    process.env.TZ = "UTC";
    const reference = observe();
    for (const zone of MACHINE_ZONES) {
      process.env.TZ = zone;
      expect(observe(), `machine zone ${zone}`).toEqual(reference);
    }
  });

  it("reads each zone's clock as the platform's own local time does, over many instants", () => {
    // With the machine set to a zone, Date's local getters are a second, independent reading of
    // that zone's rules; instantToZoned must agree with it everywhere.
    let state = 2017;
    const next = () => {
      state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
      return state / 4_294_967_296;
    };
    const from = Date.UTC(1970, 0, 1);
    const to = Date.UTC(2040, 0, 1);
    for (const zone of [
      "Asia/Tokyo",
      "America/Lima",
      "Europe/Paris",
      "America/New_York",
      "Australia/Lord_Howe",
    ]) {
      process.env.TZ = zone;
      for (let index = 0; index < 400; index++) {
        const instant = new Date(Math.floor(from + next() * (to - from)));
        expect(instantToZoned(instant, zone), `${zone} at ${instant.toISOString()}`).toEqual({
          year: instant.getFullYear(),
          month: instant.getMonth() + 1,
          day: instant.getDate(),
          hour: instant.getHours(),
          minute: instant.getMinutes(),
          second: instant.getSeconds(),
          millisecond: instant.getMilliseconds(),
          offsetMinutes: -instant.getTimezoneOffset(),
        });
      }
    }
  });
});
