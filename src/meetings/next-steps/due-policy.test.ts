import { describe, expect, it } from "vitest";
import { effectiveDeadline, isOverdue } from "./due-policy.js";

describe("when a next step becomes overdue", () => {
  it("gives an exact date or a 'by' date no grace", () => {
    expect(effectiveDeadline("2017-08-15", "exact")).toBe("2017-08-15");
    expect(effectiveDeadline("2017-08-15", null)).toBe("2017-08-15");
    expect(effectiveDeadline("2017-08-31", "before")).toBe("2017-08-31");
    expect(isOverdue({ due_date: "2017-08-31", due_precision: "before" }, "2017-08-31")).toBe(false);
    expect(isOverdue({ due_date: "2017-08-31", due_precision: "before" }, "2017-09-01")).toBe(true);
  });

  it("lets 'on or around' a date run a few days past it", () => {
    expect(effectiveDeadline("2017-08-15", "on_or_around")).toBe("2017-08-18");
    expect(isOverdue({ due_date: "2017-08-15", due_precision: "on_or_around" }, "2017-08-16")).toBe(false);
    expect(isOverdue({ due_date: "2017-08-15", due_precision: "on_or_around" }, "2017-08-19")).toBe(true);
    // Across a month's end.
    expect(effectiveDeadline("2017-08-30", "on_or_around")).toBe("2017-09-02");
  });

  it("keeps 'the week of' a date on time until that week's Sunday", () => {
    // 9 October 2017 was a Monday.
    expect(effectiveDeadline("2017-10-09", "week_of")).toBe("2017-10-15");
    expect(effectiveDeadline("2017-10-12", "week_of")).toBe("2017-10-15");
    expect(effectiveDeadline("2017-10-15", "week_of")).toBe("2017-10-15");
    expect(isOverdue({ due_date: "2017-10-09", due_precision: "week_of" }, "2017-10-13")).toBe(false);
    expect(isOverdue({ due_date: "2017-10-09", due_precision: "week_of" }, "2017-10-16")).toBe(true);
  });

  it("keeps 'in September' on time until the month's last day, leap years included", () => {
    expect(effectiveDeadline("2017-09-01", "month")).toBe("2017-09-30");
    expect(effectiveDeadline("2016-02-01", "month")).toBe("2016-02-29");
    expect(effectiveDeadline("2017-12-01", "month")).toBe("2017-12-31");
    expect(isOverdue({ due_date: "2017-09-01", due_precision: "month" }, "2017-09-20")).toBe(false);
  });

  it("does not call a step due 'after' a date late until the following week", () => {
    expect(effectiveDeadline("2017-11-10", "after")).toBe("2017-11-17");
    expect(isOverdue({ due_date: "2017-11-10", due_precision: "after" }, "2017-11-11")).toBe(false);
    expect(isOverdue({ due_date: "2017-11-10", due_precision: "after" }, "2017-11-18")).toBe(true);
  });

  it("never calls a step without a due date overdue", () => {
    expect(isOverdue({ due_date: null, due_precision: null }, "2030-01-01")).toBe(false);
  });
});
