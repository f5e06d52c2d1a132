// What an export of a version holds: the version the actor may read and the cycle's published contributions
// received up to the day of the export (the annex "Contributions as of DATE").
import type { Kysely } from "kysely";
import type { Actor } from "../../auth/index.js";
import { type ContributionRow, contributionsPage } from "../../contributions/index.js";
import type { Database } from "../../db/schema.js";
import { documentView } from "../service.js";

/** The longest annex an export lists (the CSV export of contributions streams them all). */
export const ANNEX_LIMIT = 5_000;

/** A readable version of a document with the annex's contributions. */
export async function exportVersion(
  db: Kysely<Database>,
  args: { actor: Actor; documentId: string; number?: number; now: Date },
): Promise<{ view: Awaited<ReturnType<typeof documentView>>; annex: ContributionRow[] }> {
  const view = await documentView(db, args);
  const annex = await contributionsPage(db, {
    cycleId: view.document.cycle_id,
    statuses: ["published"],
    receivedBefore: args.now,
    limit: ANNEX_LIMIT,
  });
  return { view, annex };
}
