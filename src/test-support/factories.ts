// Test data made the way the product makes it: through the services, so each row has its audit entry and
// passes the same validation as a person's input. Tests build their world from these instead of raw inserts.
import type { Kysely } from "kysely";
import type { Actor, ForumRole } from "../auth/actor.js";
import { insertForumRole, insertUser } from "../auth/users.js";
import { emptyDetails } from "../contributions/submit/details.js";
import { saveContribution } from "../contributions/submit/service.js";
import type { Database } from "../db/schema.js";
import { addMilestone, createCycle, createForum, type ForumInput } from "../forums/index.js";

/** The actor of set-up steps: what a test arranges is not what it examines. */
export const setUpActor: Actor = { kind: "system", label: "test set-up" };

/** A forum; by default "bpf-cyber" in English with its zone in UTC. */
export function makeForum(db: Kysely<Database>, input: Partial<ForumInput> = {}) {
  return createForum(db, {
    actor: setUpActor,
    input: { slug: "bpf-cyber", name: "Best Practice Forum on Cybersecurity", time_zone: "UTC", ...input },
  });
}

type Forum = Awaited<ReturnType<typeof makeForum>>;

/**
 * A cycle of a forum with its milestones: each given as the forum's secretariat types it, a date (a
 * deadline's date ends at the end of that day) or a date and time, in `zone` (Anywhere on Earth by default).
 */
export async function makeCycle(
  db: Kysely<Database>,
  forum: Forum,
  args: {
    year: number;
    focus?: string;
    continueFromYear?: number | null;
    milestones?: Record<string, string>;
    zone?: string;
  },
) {
  const cycle = await createCycle(db, {
    actor: setUpActor,
    forum,
    input: { year: args.year, focus: args.focus ?? "" },
    continueFromYear: args.continueFromYear === undefined ? null : args.continueFromYear,
  });
  for (const [kind, at] of Object.entries(args.milestones ?? {}))
    await addMilestone(db, {
      actor: setUpActor,
      forum,
      cycle,
      input: { kind, at, time_zone: args.zone ?? "Etc/GMT+12" },
    });
  return cycle;
}

/** A person with an account, holding `role` in `forum` when both are given; returns the row and its Actor. */
export async function makePerson(
  db: Kysely<Database>,
  args: { email: string; name?: string; role?: ForumRole; forumId?: string; siteAdmin?: boolean },
) {
  const user = await insertUser(db, {
    email: args.email,
    name: args.name ?? args.email.split("@")[0] ?? args.email,
    isSiteAdmin: Boolean(args.siteAdmin),
  });
  if (args.role && args.forumId)
    await insertForumRole(db, { forumId: args.forumId, userId: user.id, role: args.role, grantedBy: null });
  const actor: Actor = {
    kind: "user",
    userId: user.id,
    name: user.name,
    email: user.email,
    isSiteAdmin: Boolean(args.siteAdmin),
  };
  return { user, actor };
}

/**
 * A published contribution, received (and imported by the secretariat) at `receivedAt` and published at
 * `publishedAt` (the same instant by default); its language is detected from `text` as for any other.
 */
export async function makePublishedContribution(
  db: Kysely<Database>,
  args: {
    forum: Forum;
    cycle: Awaited<ReturnType<typeof makeCycle>>;
    name: string;
    organisation?: string;
    stakeholderGroup: string;
    country: string;
    text: string;
    receivedAt: string;
    publishedAt?: string;
    anonymous?: boolean;
  },
) {
  const { contribution } = await saveContribution(
    {
      db,
      now: new Date(args.publishedAt ?? args.receivedAt),
      secret: "test-secret",
      publicUrl: "http://localhost",
    },
    {
      actor: setUpActor,
      forum: args.forum,
      cycle: args.cycle,
      details: {
        ...emptyDetails(),
        contributor_name: args.name,
        organisation: args.organisation ?? "",
        email: `${args.name.toLowerCase().replace(/[^a-z]+/g, ".")}@example.org`,
        stakeholder_group: args.stakeholderGroup,
        country: args.country,
        consent: args.anonymous ? "anonymous" : "with_name",
        licence: "cc_by_4_0",
        body_text: args.text,
      },
      uploads: [],
      action: "submit",
      channel: "import",
      receivedAt: new Date(args.receivedAt),
      publish: true,
      keepDraftOnError: false,
    },
  );
  return contribution;
}
