// Test fixtures for the calls folder: a forum in English and Spanish with a 2017 cycle, its deadlines, and
// people in each role. Only tests import this.
import type { Kysely } from "kysely";
import type { Actor, ForumRole } from "../auth/actor.js";
import { insertForumRole, insertUser } from "../auth/users.js";
import type { Database } from "../db/schema.js";
import { endOfDayInZone } from "../forums/time/zones.js";

/** A forum ("bpf-cyber", English and Spanish) with a 2017 cycle and its three call deadlines. */
export async function seedForum(db: Kysely<Database>, slug = "bpf-cyber") {
  const forum = await db
    .insertInto("forums")
    .values({ slug, name: "BPF Cybersecurity", languages: ["en", "es"], time_zone: "Europe/Zurich" })
    .returningAll()
    .executeTakeFirstOrThrow();
  const cycle = await db
    .insertInto("cycles")
    .values({ forum_id: forum.id, year: 2017, focus: "Cybersecurity and the SDGs" })
    .returningAll()
    .executeTakeFirstOrThrow();
  const aoe = "Etc/GMT+12";
  await db
    .insertInto("milestones")
    .values([
      {
        cycle_id: cycle.id,
        kind: "soft_deadline",
        at: endOfDayInZone("2017-09-15", aoe),
        time_zone: aoe,
        all_day: true,
      },
      {
        cycle_id: cycle.id,
        kind: "inclusion_cutoff",
        at: endOfDayInZone("2017-09-30", aoe),
        time_zone: aoe,
        all_day: true,
      },
      {
        cycle_id: cycle.id,
        kind: "call_closes",
        at: endOfDayInZone("2017-12-17", aoe),
        time_zone: aoe,
        all_day: true,
      },
    ])
    .execute();
  return { forum, cycle };
}

/** A person with a role in the forum, as an actor. */
export async function personWithRole(
  db: Kysely<Database>,
  forumId: string,
  role: ForumRole | null,
  email: string,
  name: string,
): Promise<Actor & { kind: "user" }> {
  const user = await insertUser(db, { email, name });
  if (role) await insertForumRole(db, { forumId, userId: user.id, role, grantedBy: null });
  return { kind: "user", userId: user.id, name, email, isSiteAdmin: false };
}
