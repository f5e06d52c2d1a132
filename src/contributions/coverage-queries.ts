// Published contributions counted by stakeholder group and country across a forum's cycles, for the contacts
// folder's coverage table (which derives regions from the countries).
import { type Kysely, sql } from "kysely";
import type { Database } from "../db/schema.js";

/** The forum's published contributions counted by (stakeholder group, country); nulls where not given. */
export function publishedCountsByGroupAndCountry(
  db: Kysely<Database>,
  forumId: string,
): Promise<{ stakeholder_group: string | null; country: string | null; count: number }[]> {
  return db
    .selectFrom("contributions")
    .select(["stakeholder_group", "country", (eb) => eb.fn.countAll<number>().as("count")])
    .where("forum_id", "=", forumId)
    .where("status", "=", "published")
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
