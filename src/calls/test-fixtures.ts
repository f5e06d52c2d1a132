// Test fixtures for the calls folder: a forum in English and Spanish with a 2017 cycle, its deadlines, and
// people in each role. Only tests import this.
import type { Kysely } from "kysely";
import type { Actor, ForumRole } from "../auth/actor.js";
import { insertForumRole, insertUser } from "../auth/users.js";
import type { Database } from "../db/schema.js";
import { makeCycle, makeForum } from "../test-support/factories.js";

/** A forum ("bpf-cyber", English and Spanish) with a 2017 cycle and its three call deadlines, through the services. */
export async function seedForum(db: Kysely<Database>, slug = "bpf-cyber") {
  const forum = await makeForum(db, {
    slug,
    name: "BPF Cybersecurity",
    languages: ["en", "es"],
    time_zone: "Europe/Zurich",
  });
  const cycle = await makeCycle(db, forum, {
    year: 2017,
    focus: "Cybersecurity and the SDGs",
    milestones: { soft_deadline: "2017-09-15", inclusion_cutoff: "2017-09-30", call_closes: "2017-12-17" },
  });
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
