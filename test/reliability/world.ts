// The reliability suite's world: two forums, the people who hold each role in them, API tokens, and the
// contributions and meeting whose secrets must stay with the people allowed to see them. Built through the
// services and the public submission routes, as the product builds them.
import type { FastifyInstance } from "fastify";
import { createSession } from "../../src/auth/sessions.js";
import { privatePath } from "../../src/contributions/links.js";
import {
  hideContribution,
  publishContribution,
  withdrawAsSecretariat,
} from "../../src/contributions/moderation/service.js";
import {
  completeFields,
  FormVisitor,
  multipart,
  seedTestForum,
  tokenFor,
} from "../../src/contributions/test-support.js";
import { createMeeting } from "../../src/meetings/meetings/service.js";
import type { TestApp } from "../../src/test-support/app.js";
import { makePerson } from "../../src/test-support/factories.js";

/** Every route of the app with its methods, read from Fastify's own route tree. */
export function routeTable(app: FastifyInstance): { url: string; methods: string[] }[] {
  const out: { url: string; methods: string[] }[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split("\n")) {
    const m = /^([│ ]*)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = (m[1] ?? "").length / 4;
    stack.length = depth;
    const url = (stack[depth - 1] ?? "") + (m[2] ?? "");
    stack[depth] = url;
    if (m[3]) out.push({ url, methods: m[3].split(", ").filter((x) => x !== "HEAD" && x !== "OPTIONS") });
  }
  return out;
}

/** The actors of the matrix, in the order of the table's columns. */
export const ACTORS = [
  "anonymous",
  "contributor",
  "member",
  "facilitator",
  "secretariat",
  "other-secretariat",
  "site-admin",
  "member-token",
  "secretariat-token",
  "admin-token",
  "other-token",
] as const;
export type ActorName = (typeof ACTORS)[number];

/** Unique words, each in one contribution's text only, so a page holding one shows that contribution. */
export const WORDS = {
  published: "Quasarwillow",
  anonymousName: "Zebulonquagmire",
  unpublished: "Marigoldunpub",
  hidden: "Zirconhidden",
  withdrawn: "Quokkawithdrawn",
  draft: "Nebuladraft",
  otherForum: "Yarrowelsewhere",
} as const;

export const JOIN_URL = "https://meet.example.org/j/JoinSecret4242";
export const RECORDING_PASSWORD = "RecPass9191zz";
/** Contributors' addresses, none of which any page may show to the public. */
export const ADDRESSES = {
  published: "paula.published@example.org",
  anonymous: "anon.sender@example.org",
  unpublished: "unpub.sender@example.org",
  hidden: "hidden.sender@example.org",
  withdrawn: "withdrawn.sender@example.org",
  draft: "draft.sender@example.org",
  otherForum: "other.sender@example.org",
} as const;

export type World = Awaited<ReturnType<typeof seedWorld>>;

/** Builds the world on a test app whose clock it sets to 10 September 2017 (the call is open). */
export async function seedWorld(t: TestApp) {
  const db = t.database.db;
  t.setNow(new Date("2017-09-10T10:00:00Z"));
  const a = await seedTestForum(db, "bpf-cyber");
  const b = await seedTestForum(db, "bpf-other");
  const people = {
    member: await makePerson(db, { email: "member@example.org", role: "member", forumId: a.forum.id }),
    facilitator: await makePerson(db, {
      email: "facilitator@example.org",
      role: "facilitator",
      forumId: a.forum.id,
    }),
    secretariat: await makePerson(db, {
      email: "secretariat@example.org",
      role: "secretariat",
      forumId: a.forum.id,
    }),
    "other-secretariat": await makePerson(db, {
      email: "other.secretariat@example.org",
      role: "secretariat",
      forumId: b.forum.id,
    }),
    "site-admin": await makePerson(db, { email: "admin@example.org", siteAdmin: true }),
  };
  const sessions: Partial<Record<ActorName, string>> = {};
  for (const [name, p] of Object.entries(people))
    sessions[name as ActorName] = (
      await createSession(db, { userId: p.user.id, now: new Date() })
    ).cookieValue;
  const tokens: Partial<Record<ActorName, string>> = {
    "member-token": await tokenFor(db, "member", a.forum.id),
    "secretariat-token": await tokenFor(db, "secretariat", a.forum.id),
    "admin-token": await tokenFor(db, "admin", null),
    "other-token": await tokenFor(db, "secretariat", b.forum.id),
  };

  const deps = {
    db,
    now: new Date("2017-09-10T12:00:00Z"),
    secret: t.app.services.secret,
    publicUrl: "http://localhost",
  };
  const send = async (forum: string, fields: Record<string, string>) => {
    const body = multipart(completeFields(fields).map(([k, v]) => [k === "body_text" ? "text" : k, v]));
    const res = await t.app.inject({
      method: "POST",
      url: `/api/v1/forums/${forum}/cycles/2017/contributions`,
      payload: body.payload,
      headers: body.headers,
    });
    if (res.statusCode !== 201) throw new Error(`seeding a contribution: ${res.statusCode} ${res.body}`);
    return res.json() as { id: string; reference: string };
  };
  const text = (word: string) => `On incident response: ${word} shows what trusted channels need.`;
  const published = await send("bpf-cyber", {
    contributor_name: "Paula Published",
    email: ADDRESSES.published,
    body_text: text(WORDS.published),
  });
  const anonymous = await send("bpf-cyber", {
    contributor_name: `Zed ${WORDS.anonymousName}`,
    organisation: "Secretive Org",
    email: ADDRESSES.anonymous,
    consent: "anonymous",
    body_text: text("Anonymouspublished"),
  });
  const unpublished = await send("bpf-cyber", {
    contributor_name: "Uma Unpublished",
    email: ADDRESSES.unpublished,
    body_text: text(WORDS.unpublished),
  });
  const hidden = await send("bpf-cyber", {
    contributor_name: "Hugo Hidden",
    email: ADDRESSES.hidden,
    body_text: text(WORDS.hidden),
  });
  const withdrawn = await send("bpf-cyber", {
    contributor_name: "Wanda Withdrawn",
    email: ADDRESSES.withdrawn,
    body_text: text(WORDS.withdrawn),
  });
  const otherForum = await send("bpf-other", {
    contributor_name: "Olga Other",
    email: ADDRESSES.otherForum,
    body_text: text(WORDS.otherForum),
  });
  const actor = { kind: "token", tokenId: "seed", name: "seed", role: "secretariat", forumId: null } as const;
  for (const c of [published, anonymous]) await publishContribution(deps, { actor, contributionId: c.id });
  await publishContribution(deps, { actor, contributionId: hidden.id });
  await hideContribution(deps, { actor, contributionId: hidden.id, reason: "Off topic" });
  await publishContribution(deps, { actor, contributionId: withdrawn.id });
  await withdrawAsSecretariat(deps, { actor, contributionId: withdrawn.id, reason: "Asked by the sender" });

  // A contributor's draft, saved through the form.
  const drafter = new FormVisitor(t.app);
  const saved = await drafter.postForm(
    "/f/bpf-cyber/2017/contribute",
    completeFields({
      contributor_name: "Dora Draft",
      email: ADDRESSES.draft,
      body_text: text(WORDS.draft),
      action: "draft",
    }),
  );
  if (saved.statusCode >= 400) throw new Error(`seeding the draft: ${saved.statusCode}`);
  const draftRow = await db
    .selectFrom("contributions")
    .select(["id", "status"])
    .where("email", "=", ADDRESSES.draft)
    .executeTakeFirstOrThrow();
  if (draftRow.status !== "draft") throw new Error(`the draft was saved as ${draftRow.status}`);

  const meeting = await createMeeting(db, {
    actor: people.secretariat.actor,
    forumId: a.forum.id,
    cycleId: a.cycle2017.id,
    input: {
      kind: "virtual",
      number: 3,
      date: "2017-09-20",
      time_zone: "UTC",
      join_url: JOIN_URL,
      recording_password: RECORDING_PASSWORD,
    } as never,
  });
  const milestone = await db
    .selectFrom("milestones")
    .select("id")
    .where("cycle_id", "=", a.cycle2017.id)
    .executeTakeFirstOrThrow();
  return {
    forums: { a, b },
    people,
    sessions,
    tokens,
    contributions: { published, anonymous, unpublished, hidden, withdrawn, otherForum },
    draft: { id: draftRow.id, path: privatePath(t.app.services.secret, draftRow.id) },
    ownPath: privatePath(t.app.services.secret, unpublished.id),
    meeting,
    milestoneId: milestone.id,
  };
}
