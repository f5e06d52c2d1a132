// Shared set-up of meeting tests: a forum with two cycles and people in each role.
import type { Kysely } from "kysely";
import type { Actor, ForumRole } from "../auth/actor.js";
import { insertForumRole, insertUser, updateUser } from "../auth/users.js";
import type { Database } from "../db/schema.js";

/** A person with a role in the test forum, as an actor. */
export async function person(
  db: Kysely<Database>,
  forumId: string,
  input: { email: string; name: string; role?: ForumRole; timeZone?: string; language?: string },
): Promise<Actor & { kind: "user" }> {
  const user = await insertUser(db, {
    email: input.email,
    name: input.name,
    preferredLanguage: input.language,
  });
  if (input.timeZone) await updateUser(db, user.id, { time_zone: input.timeZone });
  if (input.role) await insertForumRole(db, { forumId, userId: user.id, role: input.role, grantedBy: null });
  return { kind: "user", userId: user.id, name: user.name, email: user.email, isSiteAdmin: false };
}

/** A forum with cycles 2016 and 2017 (inserted directly: the forums folder's services are the lead's). */
export async function testForum(db: Kysely<Database>, slug = "bpf-cyber") {
  const forum = await db
    .insertInto("forums")
    .values({ slug, name: "BPF on Cybersecurity", time_zone: "Europe/Zurich" })
    .returningAll()
    .executeTakeFirstOrThrow();
  const cycle2016 = await db
    .insertInto("cycles")
    .values({ forum_id: forum.id, year: 2016 })
    .returningAll()
    .executeTakeFirstOrThrow();
  const cycle2017 = await db
    .insertInto("cycles")
    .values({ forum_id: forum.id, year: 2017, previous_cycle_id: cycle2016.id })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { forum, cycle2016, cycle2017 };
}
