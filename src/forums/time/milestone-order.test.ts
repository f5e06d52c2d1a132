import { describe, expect, it } from "vitest";
import { checkMilestoneOrder } from "./milestone-order.js";

const at = (iso: string) => new Date(iso);

// The 2017 cycle, in order, as stored.
const CYCLE_2017 = {
  call_opens: at("2017-08-15T00:00:00.000Z"),
  soft_deadline: at("2017-09-16T11:59:59.999Z"),
  inclusion_cutoff: at("2017-10-01T11:59:59.999Z"),
  first_draft: at("2017-11-01T00:00:00.000Z"),
  review_opens: at("2017-11-15T00:00:00.000Z"),
  call_closes: at("2017-12-18T11:59:59.999Z"),
  review_closes: at("2017-12-18T11:59:59.999Z"),
  annual_meeting: at("2017-12-17T23:00:00.000Z"),
};

describe("checkMilestoneOrder", () => {
  it("finds nothing wrong with the 2017 cycle", () => {
    expect(checkMilestoneOrder(CYCLE_2017)).toEqual([]);
  });

  it("finds nothing wrong with an empty cycle or a single milestone", () => {
    expect(checkMilestoneOrder({})).toEqual([]);
    expect(checkMilestoneOrder({ soft_deadline: CYCLE_2017.soft_deadline })).toEqual([]);
  });

  it("reports a cutoff before the soft deadline, with both dates", () => {
    const milestones = {
      ...CYCLE_2017,
      soft_deadline: CYCLE_2017.inclusion_cutoff,
      inclusion_cutoff: CYCLE_2017.soft_deadline,
    };
    expect(checkMilestoneOrder(milestones)).toEqual([
      {
        code: "out_of_order",
        kinds: ["soft_deadline", "inclusion_cutoff"],
        at: [CYCLE_2017.inclusion_cutoff, CYCLE_2017.soft_deadline],
      },
    ]);
  });

  it("reports a call that closes before its cutoff once, not once per milestone it overtakes", () => {
    const problems = checkMilestoneOrder({ ...CYCLE_2017, call_closes: at("2017-09-01T11:59:59.999Z") });
    expect(problems.map((problem) => problem.kinds)).toEqual([["inclusion_cutoff", "call_closes"]]);
  });

  it("compares across missing milestones", () => {
    const problems = checkMilestoneOrder({
      call_opens: CYCLE_2017.call_opens,
      call_closes: at("2017-08-01T11:59:59.999Z"),
    });
    expect(problems).toEqual([
      {
        code: "out_of_order",
        kinds: ["call_opens", "call_closes"],
        at: [CYCLE_2017.call_opens, at("2017-08-01T11:59:59.999Z")],
      },
    ]);
  });

  it("reports a deadline at the very instant the call opens: there is no time to answer", () => {
    const problems = checkMilestoneOrder({
      call_opens: CYCLE_2017.soft_deadline,
      soft_deadline: CYCLE_2017.soft_deadline,
    });
    expect(problems).toEqual([
      {
        code: "no_time_between",
        kinds: ["call_opens", "soft_deadline"],
        at: [CYCLE_2017.soft_deadline, CYCLE_2017.soft_deadline],
      },
    ]);
  });

  it("allows the soft deadline to be the cutoff, and the call to close at the cutoff", () => {
    const { soft_deadline } = CYCLE_2017;
    expect(
      checkMilestoneOrder({ soft_deadline, inclusion_cutoff: soft_deadline, call_closes: soft_deadline }),
    ).toEqual([]);
  });

  it("reports a public review that opens before the first draft exists", () => {
    const problems = checkMilestoneOrder({ ...CYCLE_2017, review_opens: at("2017-10-15T00:00:00Z") });
    expect(problems.map((problem) => [problem.code, ...problem.kinds])).toEqual([
      ["out_of_order", "first_draft", "review_opens"],
    ]);
  });

  it("reports a review that closes before it opens, or at the same instant", () => {
    expect(
      checkMilestoneOrder({
        review_opens: CYCLE_2017.review_opens,
        review_closes: at("2017-11-01T11:59:59.999Z"),
      }),
    ).toMatchObject([{ code: "out_of_order", kinds: ["review_opens", "review_closes"] }]);
    expect(
      checkMilestoneOrder({ review_opens: CYCLE_2017.review_opens, review_closes: CYCLE_2017.review_opens }),
    ).toMatchObject([{ code: "no_time_between", kinds: ["review_opens", "review_closes"] }]);
  });

  it("reports a first draft due before the call opens", () => {
    expect(
      checkMilestoneOrder({ call_opens: CYCLE_2017.call_opens, first_draft: at("2017-08-01T00:00:00Z") }),
    ).toMatchObject([{ code: "out_of_order", kinds: ["call_opens", "first_draft"] }]);
  });

  it("reports a guaranteed-inclusion cutoff after the annual meeting where the output is presented", () => {
    const problems = checkMilestoneOrder({ ...CYCLE_2017, inclusion_cutoff: at("2017-12-31T11:59:59.999Z") });
    expect(problems.map((problem) => problem.kinds)).toEqual([
      ["inclusion_cutoff", "call_closes"],
      ["inclusion_cutoff", "annual_meeting"],
    ]);
  });

  it("lets rolling acceptance and the public review run into the annual meeting", () => {
    expect(
      checkMilestoneOrder({
        ...CYCLE_2017,
        call_closes: at("2017-12-22T11:59:59.999Z"),
        review_closes: at("2017-12-22T11:59:59.999Z"),
      }),
    ).toEqual([]);
  });

  it("ignores custom milestones, which have no place in the order", () => {
    expect(checkMilestoneOrder({ ...CYCLE_2017, custom: at("1999-01-01T00:00:00Z") })).toEqual([]);
  });

  it("refuses an invalid date", () => {
    expect(() => checkMilestoneOrder({ soft_deadline: new Date(Number.NaN) })).toThrow(/soft_deadline/);
  });
});
