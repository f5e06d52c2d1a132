// Published contributions counted by stakeholder group and country across a forum's cycles, for the contacts
// folder's coverage table (which derives regions from the countries).
import type { Kysely } from "kysely";
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
