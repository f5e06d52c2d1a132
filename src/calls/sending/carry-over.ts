// What a continued cycle inherits from calls: last cycle's call recipients, offered again as not yet sent.
// Run by forums' createCycle (through registerCarryOver) in the new cycle's transaction.
import type { Kysely } from "kysely";
import { recordAudit } from "../../audit/index.js";
import type { Database } from "../../db/schema.js";
import type { CycleRow } from "../../forums/index.js";
import {
  insertRecipients,
  selectCall,
  selectRecipients,
  selectUnsubscribedEmails,
  upsertCall,
} from "../queries.js";

/** The tag the mailing list's subscribers get when a call is sent (they join again at each sending). */
const MAILING_LIST_TAG = "list";

/**
 * Copies the previous cycle's call recipients into the new cycle's call (created as an empty draft when
 * needed, keeping last year's guidance): name, address, details, tags and language, nothing sent yet.
 * Anyone who unsubscribed from the forum's calls stays out, and so do those who were there only through the
 * mailing list: the list itself is added when the new call is sent, so someone who left it is not mailed.
 */
export async function carryCallRecipients(
  trx: Kysely<Database>,
  args: { forumId: string; from: CycleRow; to: CycleRow; now?: Date },
): Promise<number> {
  const previous = await selectCall(trx, args.from.id);
  if (!previous) return 0;
  const unsubscribed = await selectUnsubscribedEmails(trx, args.forumId);
  const carried = (await selectRecipients(trx, previous.id)).filter(
    (r) => !r.unsubscribed_at && !unsubscribed.has(r.email) && !isListOnly(r.tags),
  );
  if (!carried.length) return 0;
  const call =
    (await selectCall(trx, args.to.id)) ??
    (await upsertCall(trx, {
      forumId: args.forumId,
      cycleId: args.to.id,
      texts: {},
      reading: [],
      guidance: previous.guidance,
      now: args.now ?? new Date(),
    }));
  await insertRecipients(
    trx,
    carried.map((r) => ({
      call_id: call.id,
      forum_id: args.forumId,
      email: r.email,
      name: r.name,
      organisation: r.organisation,
      stakeholder_group: r.stakeholder_group,
      country: r.country,
      language: r.language,
      tags: r.tags.filter((t) => t !== MAILING_LIST_TAG),
    })),
  );
  await recordAudit(trx, {
    actor: { kind: "system", label: `carried over from ${args.from.year}` },
    forumId: args.forumId,
    action: "call.recipients.carry_over",
    subjectType: "call",
    subjectId: call.id,
    after: { from_year: args.from.year, to_year: args.to.year, recipients: carried.length },
  });
  return carried.length;
}

function isListOnly(tags: string[]): boolean {
  return tags.length > 0 && tags.every((t) => t === MAILING_LIST_TAG);
}
