// The invitation's .ics names the organiser's zone (TZID with its VTIMEZONE) and still means the same instant.
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { invitationIcs } from "./invitation.js";
import { offsetTransitions } from "./vtimezone.js";

function invite(zone: string, start: string, minutes = 90) {
  const from = new Date(start);
  return invitationIcs({
    uid: "vm@intersession",
    start: from,
    end: new Date(from.getTime() + minutes * 60_000),
    summary: "Virtual Meeting V",
    organiserZone: zone,
    stamp: new Date("2017-10-01T00:00:00Z"),
  });
}

function firstEvent(ics: string) {
  return new ICAL.Event(new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent("vevent")!);
}

describe("the invitation's calendar file", () => {
  it("gives the organiser's wall-clock time with its zone, and the same instant", () => {
    const ics = invite("Europe/Zurich", "2017-10-11T07:00:00Z");
    expect(ics).toContain("DTSTART;TZID=Europe/Zurich:20171011T090000");
    expect(ics).toContain("DTEND;TZID=Europe/Zurich:20171011T103000");
    expect(ics).toContain("BEGIN:VTIMEZONE\r\nTZID:Europe/Zurich");
    expect(ics).toContain("DTSTAMP:20171001T000000Z");
    const event = firstEvent(ics);
    expect(event.startDate.zone?.tzid).toBe("Europe/Zurich");
    expect(event.startDate.toJSDate().toISOString()).toBe("2017-10-11T07:00:00.000Z");
    expect(event.endDate.toJSDate().toISOString()).toBe("2017-10-11T08:30:00.000Z");
  });

  it.each(["UTC", "Etc/UTC"])("writes a meeting organised in %s as UTC instants", (zone) => {
    const ics = invite(zone, "2017-10-11T07:00:00Z");
    expect(ics).toContain("DTSTART:20171011T070000Z");
    expect(ics).toContain("DTEND:20171011T083000Z");
    expect(firstEvent(ics).startDate.toJSDate().toISOString()).toBe("2017-10-11T07:00:00.000Z");
  });

  it.each([
    // Summer time in Zurich, then winter time three weeks later.
    ["Europe/Zurich", "2017-10-27T07:00:00Z", "20171027T090000"],
    ["Europe/Zurich", "2017-10-30T07:00:00Z", "20171030T080000"],
    // The morning summer time began in New York (02:00 became 03:00).
    ["America/New_York", "2017-03-12T07:30:00Z", "20170312T033000"],
    // Southern-hemisphere summer time, as Brazil kept it in 2016.
    ["America/Sao_Paulo", "2016-11-10T12:00:00Z", "20161110T100000"],
    // Half-hour offsets, and Lord Howe's half-hour summer shift.
    ["Asia/Kolkata", "2017-08-07T12:00:00Z", "20170807T173000"],
    ["Australia/Lord_Howe", "2017-01-10T00:00:00Z", "20170110T110000"],
    ["Australia/Lord_Howe", "2017-07-10T00:00:00Z", "20170710T103000"],
  ])("places a meeting in %s at %s as %s there", (zone, instant, local) => {
    const ics = invite(zone, instant);
    expect(ics).toContain(`DTSTART;TZID=${zone}:${local}`);
    expect(firstEvent(ics).startDate.toJSDate().toISOString()).toBe(new Date(instant).toISOString());
  });

  it("finds a zone's offset changes to the minute", () => {
    expect(
      offsetTransitions(
        "Europe/Zurich",
        new Date("2017-01-01T00:00:00Z"),
        new Date("2018-01-01T00:00:00Z"),
      ).map((t) => [t.at.toISOString(), t.offsetFrom, t.offsetTo]),
    ).toEqual([
      ["2017-03-26T01:00:00.000Z", 60, 120],
      ["2017-10-29T01:00:00.000Z", 120, 60],
    ]);
    expect(
      offsetTransitions("Asia/Kolkata", new Date("2017-01-01T00:00:00Z"), new Date("2018-01-01T00:00:00Z")),
    ).toEqual([]);
  });
});
