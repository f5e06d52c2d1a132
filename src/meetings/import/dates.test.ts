import { describe, expect, it } from "vitest";
import { findDateMentions, findScheduleExpression, isoDate, resolveMention } from "./dates.js";

const august2017 = { year: 2017, date: "2017-08-07" };

describe("findDateMentions", () => {
  it("reads day-first, month-first and ISO dates, with or without a year", () => {
    const mentions = findDateMentions(
      "On 18 September 2017, then the 15th of September, August 7, 2017 and 2017-10-09.",
    );
    expect(mentions.map(({ day, month, year }) => [day, month, year])).toEqual([
      [18, 9, 2017],
      [15, 9, null],
      [7, 8, 2017],
      [9, 10, 2017],
    ]);
  });

  it("takes no full stop after a full month name and no verb for a month", () => {
    expect(findDateMentions("the week of 9 October.")[0]?.text).toBe("9 October");
    expect(findDateMentions("These 14 may be late.")).toEqual([]);
  });
});

describe("resolveMention", () => {
  it("gives a plan in January the next year after a December meeting, and a past date its own year", () => {
    const [january] = findDateMentions("15 January");
    const [september] = findDateMentions("15 September");
    const december = { year: 2017, date: "2017-12-20" };
    expect(resolveMention(january!, december, true)).toBe("2018-01-15");
    expect(resolveMention(january!, december, false)).toBe("2017-01-15");
    expect(resolveMention(september!, december, true)).toBe("2017-09-15");
  });

  it("refuses days that do not exist", () => {
    expect(isoDate(2017, 9, 31)).toBeNull();
    expect(isoDate(2016, 2, 29)).toBe("2016-02-29");
  });
});

describe("findScheduleExpression", () => {
  it.each([
    ["Comments before 15 August.", "before 15 August", "2017-08-15", "before"],
    ["The call goes out on or around 15 August.", "on or around 15 August", "2017-08-15", "on_or_around"],
    ["Meet the week of 9 October.", "the week of 9 October", "2017-10-09", "week_of"],
    ["Draft by the end of September.", "by the end of September", "2017-09-30", "before"],
    [
      "Meet shortly after the 15 September deadline.",
      "shortly after the 15 September deadline",
      "2017-09-15",
      "after",
    ],
    ["Review in October.", "in October", "2017-10-01", "month"],
    ["Send it no later than 1 September 2018.", "no later than 1 September 2018", "2018-09-01", "before"],
    ["The deadline for contributions is 15 September.", "15 September", "2017-09-15", "before"],
    ["Publish it on 1 November.", "on 1 November", "2017-11-01", "exact"],
  ])("reads %j", (sentence, text, date, precision) => {
    expect(findScheduleExpression(sentence, august2017)).toEqual({ text, date, precision });
  });

  it("keeps relative times as text without a date", () => {
    expect(findScheduleExpression("Read them before the BPF's next meeting.", august2017)).toEqual({
      text: "before the BPF's next meeting",
      date: null,
      precision: "before",
    });
  });

  it("skips dates that describe something else", () => {
    expect(
      findScheduleExpression("Review the contributions received by 30 September.", august2017),
    ).toBeNull();
    expect(findScheduleExpression("As discussed at the meeting held on 11 October.", august2017)).toBeNull();
    expect(findScheduleExpression("Nothing is planned.", august2017)).toBeNull();
  });

  it("leaves the date null when the meeting's year is unknown", () => {
    expect(findScheduleExpression("Comments before 15 August.", { year: null, date: null })).toEqual({
      text: "before 15 August",
      date: null,
      precision: "before",
    });
  });
});
