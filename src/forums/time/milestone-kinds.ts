/** Every kind of dated step in a forum's yearly cycle, in the order a cycle usually meets them. */
export const MILESTONE_KINDS = [
  "call_opens",
  "soft_deadline",
  "inclusion_cutoff",
  "first_draft",
  "review_opens",
  "call_closes",
  "review_closes",
  "annual_meeting",
  "custom",
] as const;

/** A kind of dated step in a forum's yearly cycle. */
export type MilestoneKind = (typeof MILESTONE_KINDS)[number];

/** The kinds that end something: a date alone means the end of that day, and "on time" means up to and including it. */
export const DEADLINE_KINDS = ["soft_deadline", "inclusion_cutoff", "call_closes", "review_closes"] as const;

/** A milestone kind that ends something. */
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

const deadlineKinds: ReadonlySet<string> = new Set(DEADLINE_KINDS);
const milestoneKinds: ReadonlySet<string> = new Set(MILESTONE_KINDS);

/** True for kinds that end something (a date alone means the end of that day); false for kinds that start something. */
export function isDeadlineKind(kind: MilestoneKind): kind is DeadlineKind {
  return deadlineKinds.has(kind);
}

/** True when a string from outside (a form, the API, an import) names a milestone kind. */
export function isMilestoneKind(value: string): value is MilestoneKind {
  return milestoneKinds.has(value);
}
