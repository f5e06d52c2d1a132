// What other domains do when a contribution's text changes (its author's edit, a file's text extracted again):
// the analysis workspace finds its excerpts again. They register here; contributions call them in the
// change's own transaction, so the excerpts' new places commit with the text, and nobody's page load has to
// re-anchor anything.
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import type { ContributionRow } from "./queries.js";

/** Work to do, in the change's transaction, once a contribution's texts are as they will be committed. */
export type TextChangedHook = (
  trx: Kysely<Database>,
  contribution: ContributionRow,
  now: Date,
) => Promise<void>;

const hooks = new Set<TextChangedHook>();

/** Registers work to do whenever a contribution's text changes (the same function twice counts once). */
export function registerTextChanged(hook: TextChangedHook): void {
  hooks.add(hook);
}

/** Runs every registered hook for a contribution whose text just changed (in the caller's transaction). */
export async function textChanged(
  trx: Kysely<Database>,
  contribution: ContributionRow,
  now: Date,
): Promise<void> {
  for (const hook of hooks) await hook(trx, contribution, now);
}
