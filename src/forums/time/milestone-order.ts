import { isDeadlineKind, type MilestoneKind } from "./milestone-kinds.js";

/** A pair of a cycle's milestones in the wrong order. */
export interface MilestoneOrderProblem {
  /**
   * out_of_order: the second milestone comes before the first.
   * no_time_between: something opens and closes at the same instant, leaving no time at all.
   */
  code: "out_of_order" | "no_time_between";
  /** The pair, in the order they should come: "the cutoff (kinds[1]) is before the soft deadline (kinds[0])". */
  kinds: [MilestoneKind, MilestoneKind];
  /** Their instants, in the same order as `kinds`, for a message that shows the dates. */
  at: [Date, Date];
}

// The orders a cycle must respect, each a sequence whose set members must not go backwards. Only
// neighbours among the milestones present are compared, so one misplaced date yields one problem
// (the cutoff after the call closes) rather than one per milestone it overtakes.
const SEQUENCES: readonly (readonly MilestoneKind[])[] = [
  // The call: contributions are on time, then guaranteed, then late, then refused.
  ["call_opens", "soft_deadline", "inclusion_cutoff", "call_closes"],
  // The output: drafting compiles contributions, and the public reviews a draft that exists.
  ["call_opens", "first_draft", "review_opens", "review_closes"],
  // The output is presented at the annual meeting, so what it promises to include is due before.
  ["call_opens", "soft_deadline", "inclusion_cutoff", "annual_meeting"],
];

/** The problems with the order of a cycle's milestones, as codes and kind pairs for the caller to word; empty when sound. */
export function checkMilestoneOrder(
  milestones: Partial<Record<MilestoneKind, Date | null>>,
): MilestoneOrderProblem[] {
  const problems: MilestoneOrderProblem[] = [];
  const seen = new Set<string>();
  for (const sequence of SEQUENCES) {
    const present = sequence.flatMap((kind) => {
      const at = milestones[kind];
      if (at == null) return [];
      if (Number.isNaN(at.getTime())) throw new RangeError(`${kind} is not a valid Date`);
      return [{ kind, at }];
    });
    for (let index = 1; index < present.length; index++) {
      const first = present[index - 1]!;
      const second = present[index]!;
      const pair = `${first.kind}>${second.kind}`;
      if (seen.has(pair)) continue;
      seen.add(pair);
      const difference = second.at.getTime() - first.at.getTime();
      // A deadline may coincide with another deadline (a soft deadline that is also the cutoff), but
      // something that opens and closes at one instant has no time in which to act.
      const opensThenCloses = !isDeadlineKind(first.kind) && isDeadlineKind(second.kind);
      const code =
        difference < 0 ? "out_of_order" : difference === 0 && opensThenCloses ? "no_time_between" : null;
      if (code !== null) problems.push({ code, kinds: [first.kind, second.kind], at: [first.at, second.at] });
    }
  }
  return problems;
}
