// Who contributed in a cycle, for other rooms (the calls engineer's reminders skip them).
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import { selectContributorEmails } from "./queries.js";

/** Lower-cased e-mails of everyone who submitted a non-withdrawn contribution in that cycle. */
export async function contributorEmailsForCycle(db: Kysely<Database>, cycleId: string): Promise<Set<string>> {
  return new Set(await selectContributorEmails(db, cycleId));
}
