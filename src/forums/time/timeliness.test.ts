import { describe, expect, it } from "vitest";
import {
  type CallMilestones,
  callWindow,
  classifyTimeliness,
  countdown,
  nextDeadline,
  type TimelinessResult,
} from "./timeliness.js";
import { zonedDateTimeToInstant } from "./zones.js";

const at = (iso: string) => new Date(iso);

// The 2017 call of the BPF on Cybersecurity, as stored (see milestone-input.test.ts for how the
// typed dates become these instants). AoE is UTC−12, so a day there ends at 11:59:59.999 UTC on
// the next day.
const CYCLE_2017 = {
  call_opens: at("2017-08-15T00:00:00.000Z"), // "on or around 15 August", start of day in UTC
  soft_deadline: at("2017-09-16T11:59:59.999Z"), // 15 September AoE
  inclusion_cutoff: at("2017-10-01T11:59:59.999Z"), // 30 September AoE
  call_closes: at("2017-12-18T11:59:59.999Z"), // rolling until the annual meeting: 17 December AoE
} satisfies CallMilestones;

const ON_TIME: TimelinessResult = { status: "open", timeliness: "on_time" };
const GUARANTEED: TimelinessResult = { status: "open", timeliness: "guaranteed" };
const LATE: TimelinessResult = { status: "open", timeliness: "late" };
const CLOSED: TimelinessResult = { status: "closed" };
const NOT_OPEN: TimelinessResult = { status: "not_open" };

describe("classifyTimeliness: the 2017 call, one second either side of each boundary", () => {
  it.each([
    ["2017-08-14T23:59:59Z", "a second before the call opens", NOT_OPEN],
    ["2017-08-15T00:00:00Z", "the instant the call opens", ON_TIME],
    ["2017-09-15T12:00:00Z", "15 September noon UTC, still morning of the 15th in AoE", ON_TIME],
    ["2017-09-16T11:59:59Z", "23:59:59 on 15 September AoE", ON_TIME],
    ["2017-09-16T11:59:59.999Z", "the last millisecond of 15 September AoE", ON_TIME],
    ["2017-09-16T12:00:00Z", "00:00:00 on 16 September AoE", GUARANTEED],
    ["2017-10-01T11:59:59Z", "23:59:59 on 30 September AoE", GUARANTEED],
    ["2017-10-01T12:00:00Z", "00:00:00 on 1 October AoE", LATE],
    ["2017-12-18T11:59:59Z", "23:59:59 on 17 December AoE", LATE],
    ["2017-12-18T12:00:00Z", "00:00:00 on 18 December AoE", CLOSED],
  ])("%s (%s)", (received, _label, expected) => {
    expect(classifyTimeliness(at(received), CYCLE_2017)).toEqual(expected);
  });

  it("is on time for a contributor in Tokyo until 20:59:59 on 16 September, their time", () => {
    const tokyo = (hour: number, minute: number, second: number) =>
      zonedDateTimeToInstant({ year: 2017, month: 9, day: 16, hour, minute, second }, "Asia/Tokyo");
    expect(classifyTimeliness(tokyo(20, 59, 59), CYCLE_2017)).toEqual(ON_TIME);
    expect(classifyTimeliness(tokyo(21, 0, 0), CYCLE_2017)).toEqual(GUARANTEED);
  });

  it("is on time for a contributor in Lima until 06:59:59 on 16 September, their time", () => {
    const lima = (hour: number, minute: number, second: number) =>
      zonedDateTimeToInstant({ year: 2017, month: 9, day: 16, hour, minute, second }, "America/Lima");
    expect(classifyTimeliness(lima(6, 59, 59), CYCLE_2017)).toEqual(ON_TIME);
    expect(classifyTimeliness(lima(7, 0, 0), CYCLE_2017)).toEqual(GUARANTEED);
  });

  it("is on time for a contributor in Kiritimati (UTC+14) sending at 01:59 on 17 September, their time", () => {
    // Anywhere on Earth: it is still 15 September somewhere, so the deadline has not passed.
    const kiritimati = zonedDateTimeToInstant(
      { year: 2017, month: 9, day: 17, hour: 1, minute: 59, second: 59 },
      "Pacific/Kiritimati",
    );
    expect(classifyTimeliness(kiritimati, CYCLE_2017)).toEqual(ON_TIME);
  });

  it("never gets better for a contribution that arrives later", () => {
    const rank = (result: TimelinessResult) =>
      result.status === "open"
        ? ["on_time", "guaranteed", "late"].indexOf(result.timeliness) + 1
        : result.status === "closed"
          ? 4
          : 0;
    let previous = 0;
    for (let ms = Date.UTC(2017, 7, 1); ms < Date.UTC(2018, 0, 1); ms += 3_600_000) {
      const current = rank(classifyTimeliness(new Date(ms), CYCLE_2017));
      expect(current).toBeGreaterThanOrEqual(previous);
      previous = current;
    }
    expect(previous).toBe(4);
  });
});

describe("classifyTimeliness: missing milestones", () => {
  const { call_opens, soft_deadline, inclusion_cutoff, call_closes } = CYCLE_2017;
  const justAfter = (instant: Date) => new Date(instant.getTime() + 1);

  it("with no soft deadline, is on time up to the cutoff and late after it", () => {
    const milestones = { call_opens, inclusion_cutoff, call_closes };
    expect(classifyTimeliness(justAfter(soft_deadline), milestones)).toEqual(ON_TIME);
    expect(classifyTimeliness(inclusion_cutoff, milestones)).toEqual(ON_TIME);
    expect(classifyTimeliness(justAfter(inclusion_cutoff), milestones)).toEqual(LATE);
  });

  it("with no cutoff, is late straight after the soft deadline: no inclusion was ever promised", () => {
    const milestones = { call_opens, soft_deadline, call_closes };
    expect(classifyTimeliness(soft_deadline, milestones)).toEqual(ON_TIME);
    expect(classifyTimeliness(justAfter(soft_deadline), milestones)).toEqual(LATE);
    expect(classifyTimeliness(inclusion_cutoff, milestones)).toEqual(LATE);
  });

  it("with no closing, stays open indefinitely", () => {
    const milestones = { call_opens, soft_deadline, inclusion_cutoff };
    expect(classifyTimeliness(at("2030-01-01T00:00:00Z"), milestones)).toEqual(LATE);
  });

  it("with no opening, is open for anything received before the deadlines", () => {
    expect(classifyTimeliness(at("2000-01-01T00:00:00Z"), { soft_deadline })).toEqual(ON_TIME);
  });

  it("with no deadlines at all, is on time whenever the call is open", () => {
    expect(classifyTimeliness(at("2017-12-01T00:00:00Z"), { call_opens, call_closes })).toEqual(ON_TIME);
    expect(classifyTimeliness(justAfter(call_closes), { call_opens, call_closes })).toEqual(CLOSED);
    expect(classifyTimeliness(at("2017-12-01T00:00:00Z"), {})).toEqual(ON_TIME);
  });

  it("reads null as missing, as database rows give it", () => {
    const milestones = { call_opens: null, soft_deadline, inclusion_cutoff: null, call_closes: null };
    expect(classifyTimeliness(justAfter(soft_deadline), milestones)).toEqual(LATE);
  });

  it("with a cutoff and soft deadline at the same instant, skips straight from on time to late", () => {
    const milestones = { soft_deadline, inclusion_cutoff: soft_deadline };
    expect(classifyTimeliness(soft_deadline, milestones)).toEqual(ON_TIME);
    expect(classifyTimeliness(justAfter(soft_deadline), milestones)).toEqual(LATE);
  });

  it("with the cutoff set before the soft deadline by mistake, never says guaranteed after the cutoff", () => {
    const milestones = { soft_deadline: inclusion_cutoff, inclusion_cutoff: soft_deadline };
    expect(classifyTimeliness(justAfter(soft_deadline), milestones)).toEqual(ON_TIME);
    expect(classifyTimeliness(justAfter(inclusion_cutoff), milestones)).toEqual(LATE);
  });

  it("refuses an invalid instant rather than classifying it", () => {
    expect(() => classifyTimeliness(new Date("not a date"), CYCLE_2017)).toThrow(/receivedAt/);
    expect(() => classifyTimeliness(soft_deadline, { soft_deadline: new Date(Number.NaN) })).toThrow(
      /soft_deadline/,
    );
  });
});

describe("callWindow: the cycle's status with its call milestones", () => {
  const at = new Date("2017-09-10T00:00:00Z");
  const call = {
    call_opens: new Date("2017-08-15T00:00:00Z"),
    call_closes: new Date("2017-12-18T11:59:59Z"),
  };

  it("takes nothing in a closed cycle, whatever the milestones say", () => {
    expect(callWindow("closed", call, at)).toEqual({ status: "closed" });
    expect(callWindow("closed", {}, at)).toEqual({ status: "closed" });
  });

  it("has no call to answer in a cycle still scoping with no call milestone at all", () => {
    expect(callWindow("scoping", {}, at)).toEqual({ status: "not_open" });
    expect(callWindow("scoping", { call_opens: null, call_closes: undefined }, at)).toEqual({
      status: "not_open",
    });
  });

  it("follows the milestones once any is set, in any status but closed", () => {
    expect(callWindow("scoping", { soft_deadline: new Date("2017-09-16T11:59:59Z") }, at)).toEqual({
      status: "open",
      timeliness: "on_time",
    });
    expect(callWindow("analysis", call, at)).toMatchObject({ status: "open" });
    expect(callWindow("call_open", call, new Date("2017-08-14T23:59:59Z"))).toEqual({ status: "not_open" });
    expect(callWindow("drafting", call, new Date("2017-12-18T12:00:00Z"))).toEqual({ status: "closed" });
    // No milestones and not scoping: open indefinitely, as rolling acceptance is until someone closes it.
    expect(callWindow("call_open", {}, at)).toEqual({ status: "open", timeliness: "on_time" });
  });
});

describe("nextDeadline", () => {
  it("walks the 2017 call's deadlines in turn", () => {
    expect(nextDeadline(at("2017-09-01T00:00:00Z"), CYCLE_2017)).toEqual({
      kind: "soft_deadline",
      at: CYCLE_2017.soft_deadline,
    });
    expect(nextDeadline(at("2017-09-16T12:00:00Z"), CYCLE_2017)?.kind).toBe("inclusion_cutoff");
    expect(nextDeadline(at("2017-10-01T12:00:00Z"), CYCLE_2017)?.kind).toBe("call_closes");
    expect(nextDeadline(at("2017-12-18T12:00:00Z"), CYCLE_2017)).toBeNull();
  });

  it("still names a deadline at its own instant, when a contribution is still in time", () => {
    expect(nextDeadline(CYCLE_2017.soft_deadline, CYCLE_2017)?.kind).toBe("soft_deadline");
    expect(nextDeadline(new Date(CYCLE_2017.soft_deadline.getTime() + 1), CYCLE_2017)?.kind).toBe(
      "inclusion_cutoff",
    );
  });

  it("ignores milestones that start things, and includes the review closing", () => {
    const milestones = {
      call_opens: at("2017-12-01T00:00:00Z"),
      annual_meeting: at("2017-12-17T23:00:00Z"),
      review_closes: at("2017-12-18T11:59:59.999Z"),
    };
    expect(nextDeadline(at("2017-11-01T00:00:00Z"), milestones)).toEqual({
      kind: "review_closes",
      at: milestones.review_closes,
    });
  });

  it("names the soft deadline when the cutoff falls at the same instant", () => {
    const same = CYCLE_2017.soft_deadline;
    expect(
      nextDeadline(at("2017-09-01T00:00:00Z"), { inclusion_cutoff: same, soft_deadline: same })?.kind,
    ).toBe("soft_deadline");
  });

  it("returns null when there are no deadlines", () => {
    expect(nextDeadline(at("2017-09-01T00:00:00Z"), {})).toBeNull();
    expect(nextDeadline(at("2017-09-01T00:00:00Z"), { soft_deadline: null })).toBeNull();
  });
});

describe("countdown", () => {
  const deadline = CYCLE_2017.soft_deadline;
  const ahead = (ms: number) => new Date(deadline.getTime() - ms);
  const behind = (ms: number) => new Date(deadline.getTime() + ms);

  it("counts 2 days 12 hours to the soft deadline from noon on 13 September AoE", () => {
    expect(countdown(at("2017-09-14T00:00:00Z"), deadline)).toEqual({
      days: 2,
      hours: 12,
      minutes: 0,
      past: false,
    });
    expect(countdown(ahead(3 * 86_400_000), deadline)).toEqual({
      days: 3,
      hours: 0,
      minutes: 0,
      past: false,
    });
  });

  it("never says 0 minutes while the deadline is still ahead", () => {
    expect(countdown(ahead(30_000), deadline)).toEqual({ days: 0, hours: 0, minutes: 1, past: false });
    expect(countdown(ahead(1), deadline)).toEqual({ days: 0, hours: 0, minutes: 1, past: false });
    expect(countdown(ahead(60_001), deadline)).toEqual({ days: 0, hours: 0, minutes: 2, past: false });
  });

  it("is not past at the deadline itself, and past a millisecond later", () => {
    expect(countdown(deadline, deadline)).toEqual({ days: 0, hours: 0, minutes: 0, past: false });
    expect(countdown(behind(1), deadline)).toEqual({ days: 0, hours: 0, minutes: 0, past: true });
  });

  it("counts whole minutes since a passed deadline", () => {
    expect(countdown(behind(59_999), deadline)).toEqual({ days: 0, hours: 0, minutes: 0, past: true });
    expect(countdown(behind(90 * 60_000 + 30_000), deadline)).toEqual({
      days: 0,
      hours: 1,
      minutes: 30,
      past: true,
    });
    expect(countdown(behind(15 * 86_400_000), deadline)).toEqual({
      days: 15,
      hours: 0,
      minutes: 0,
      past: true,
    });
  });

  it("counts elapsed 24-hour days even across a reader's DST change", () => {
    // From Saturday 25 March 2017 noon in Paris to Sunday noon is 23 hours: the clock jumped.
    const saturday = at("2017-03-25T11:00:00Z");
    const sunday = at("2017-03-26T10:00:00Z");
    expect(countdown(saturday, sunday)).toEqual({ days: 0, hours: 23, minutes: 0, past: false });
  });

  it("refuses invalid instants", () => {
    expect(() => countdown(new Date(Number.NaN), deadline)).toThrow(RangeError);
  });
});
