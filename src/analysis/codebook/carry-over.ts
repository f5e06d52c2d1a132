// A continued cycle starts with last cycle's codebook (themes and sections, nested as they were), so the
// forum's analysis goes on from where it stopped; excerpts stay with the contributions they were coded in.
import type { Kysely } from "kysely";
import { recordAudit } from "../../audit/index.js";
import type { Database } from "../../db/schema.js";
import { copyCodebook } from "../queries.js";

/** Copies the codebook of `from` into the new cycle `to`, in the new cycle's transaction. */
export async function carryCodebook(
  trx: Kysely<Database>,
  args: { forumId: string; from: { id: string }; to: { id: string } },
): Promise<void> {
  const copied = await copyCodebook(
    trx,
    { cycleId: args.from.id },
    { forumId: args.forumId, cycleId: args.to.id },
  );
  if (copied === 0) return;
  await recordAudit(trx, {
    actor: { kind: "system", label: "cycle carry-over" },
    forumId: args.forumId,
    action: "analysis.codebook.carry",
    subjectType: "cycle",
    subjectId: args.to.id,
    after: { from_cycle: args.from.id, codes: copied },
  });
}
