// Published contributions counted by stakeholder group and country in one cycle (or across a forum's cycles),
// for the contacts folder's coverage table (which derives regions from the countries).
import { type Kysely, sql } from "kysely";
import type { Database } from "../db/schema.js";

/** The forum's (or one cycle's) published contributions counted by (stakeholder group, country). */
export function publishedCountsByGroupAndCountry(
  db: Kysely<Database>,
  forumId: string,
  cycleId?: string,
): Promise<{ stakeholder_group: string | null; country: string | null; count: number }[]> {
  let query = db
    .selectFrom("contributions")
    .select(["stakeholder_group", "country", (eb) => eb.fn.countAll<number>().as("count")])
    .where("forum_id", "=", forumId)
    .where("status", "=", "published");
  if (cycleId) query = query.where("cycle_id", "=", cycleId);
  return query
    .groupBy(["stakeholder_group", "country"])
    .execute()
    .then((rows) => rows.map((r) => ({ ...r, count: Number(r.count) })));
}

/** A person's contributions to a forum by their address (compared without case), for a contact's history. */
export function contributionsByEmail(
  db: Kysely<Database>,
  forumId: string,
  email: string,
): Promise<{ reference: string | null; status: string; received_at: Date | null; created_at: Date }[]> {
  return db
    .selectFrom("contributions")
    .select(["reference", "status", "received_at", "created_at"])
    .where("forum_id", "=", forumId)
    .where(sql<string>`lower(email)`, "=", email.trim().toLowerCase())
    .where("status", "in", ["submitted", "published", "hidden"])
    .orderBy("created_at")
    .execute();
}
