// What other domains do once a contribution has been received (campaigns assign it to its campaign), without
// contributions knowing who listens. Hooks run after the submission's commit, one after the other: they never
// hold a submission's transaction open, and a hook that fails leaves the submission received.
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";

/** A contribution just received, with the text a person wrote (its own text and answers; files come later). */
export interface ReceivedContribution {
  id: string;
  forumId: string;
  cycleId: string;
  receivedAt: Date;
  text: string;
  /** The same text box by box: its own text, then each answer. */
  parts: string[];
}

/** Work to do once a contribution has been received. */
export type AfterSubmission = (db: Kysely<Database>, contribution: ReceivedContribution) => Promise<void>;

const hooks = new Set<AfterSubmission>();

/** Registers work to do after each submission (campaigns' plugin registers its assignment); once per function. */
export function registerAfterSubmission(hook: AfterSubmission): void {
  hooks.add(hook);
}

/** Runs every registered hook for a received contribution; a failure is reported, never thrown. */
export async function runAfterSubmission(
  db: Kysely<Database>,
  contribution: ReceivedContribution,
): Promise<void> {
  for (const hook of hooks) {
    try {
      await hook(db, contribution);
    } catch (error) {
      process.emitWarning(`After-submission work for ${contribution.id} failed: ${(error as Error).message}`);
    }
  }
}
