// The contributions the workspace reads: a cycle's published ones, reached through the contributions domain.
// Members read what the public reads; what awaits moderation, is hidden or withdrawn is not in the workspace.
import type { Kysely } from "kysely";
import { type ContributionRow, contributionByReference, contributionsPage } from "../contributions/index.js";
import type { Database } from "../db/schema.js";
import { notFound } from "../server/errors.js";

export type { ContributionRow };

/** A cycle's published contributions in arrival order. */
export function publishedContributions(db: Kysely<Database>, cycleId: string): Promise<ContributionRow[]> {
  return contributionsPage(db, { cycleId, statuses: ["published"] });
}

/** One published contribution of the cycle by its reference, or NotFound (whatever else it may be). */
export async function publishedByReference(
  db: Kysely<Database>,
  cycleId: string,
  reference: string,
): Promise<ContributionRow> {
  const row = await contributionByReference(db, cycleId, reference);
  if (row?.status !== "published")
    throw notFound("There is no published contribution with this reference.", {
      messageKey: "reading.refusal.noPublished",
    });
  return row;
}

/** The name a contribution is shown under: nothing of the contributor when they asked to stay anonymous. */
export function contributorOf(
  row: Pick<ContributionRow, "consent" | "honorific" | "contributor_name" | "organisation">,
) {
  if (row.consent === "anonymous") return { anonymous: true as const, person: "", organisation: "" };
  return {
    anonymous: false as const,
    person: [row.honorific, row.contributor_name].filter(Boolean).join(" "),
    organisation: row.organisation,
  };
}
