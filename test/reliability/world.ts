// The reliability suite's world: two forums, the people who hold each role in them, API tokens, and every kind
// of thing a route reads, each with a secret that must stay with the people allowed to see it: contributions
// (published, anonymous, unpublished, hidden, withdrawn, a draft) with uploaded files, a meeting with its join
// link and an unpublished summary, documents (a draft, one published to members, one to the public) with
// versions and comments, a poll, a contact with an address, private and shared impressions, an excerpt with a
// note, a campaign, the call and its questionnaire. Built through the services, the API and the public
// submission routes, as the product builds them.
import type { FastifyInstance } from "fastify";
import { createApiToken } from "../../src/auth/api-tokens.js";
import { createSession } from "../../src/auth/sessions.js";
import { seedCallsDemoFor } from "../../src/calls/demo.js";
import { getPublishedQuestionnaire } from "../../src/calls/published.js";
import { createRun, runDetection } from "../../src/campaigns/service.js";
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
import { addComment as addDocumentComment, publishVersion } from "../../src/documents/service.js";
import { createMeeting, saveSummary } from "../../src/meetings/meetings/service.js";
import { addImpression } from "../../src/reading/impressions/service.js";
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
  "facilitator-token",
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
  /** In a file uploaded with the unpublished contribution. */
  unpublishedFile: "Fennelfilesecret",
  /** A document's version no one has published. */
  documentDraft: "Draftdocumentsecret",
  /** A document published to the forum's members, and a member's comment on it. */
  documentMembers: "Membersonlydocument",
  documentComment: "Memberscommentsecret",
  /** A member's private impression, a member's shared impression, a member's note on an excerpt. */
  privateNote: "Privatenotesecret",
  sharedNote: "Sharednotesecret",
  excerptNote: "Excerptnotesecret",
  /** A meeting's summary the facilitator has not published. */
  summaryDraft: "Summarydraftsecret",
} as const;
/** A public document's text: everyone may read it (it shows the document page is asked with a real id). */
export const PUBLIC_DOCUMENT = "Publicdocumentwords";

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
  /** A contact's address: the secretariat's alone. */
  contact: "carla.contact@example.org",
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
    "facilitator-token": (
      await createApiToken(db, { name: "facilitator test", role: "facilitator", forumId: a.forum.id })
    ).token,
  };

  const deps = {
    db,
    now: new Date("2017-09-10T12:00:00Z"),
    secret: t.app.services.secret,
    publicUrl: "http://localhost",
  };
  const send = async (
    forum: string,
    fields: Record<string, string>,
    files: { field: string; name: string; bytes: Buffer }[] = [],
  ) => {
    const body = multipart(
      completeFields(fields).map(([k, v]) => [k === "body_text" ? "text" : k, v]),
      files,
    );
    const res = await t.app.inject({
      method: "POST",
      url: `/api/v1/forums/${forum}/cycles/2017/contributions`,
      payload: body.payload,
      headers: body.headers,
    });
    if (res.statusCode !== 201) throw new Error(`seeding a contribution: ${res.statusCode} ${res.body}`);
    return res.json() as { id: string; reference: string };
  };
  // One letter, each sent with its own word: long enough (25 words and more) for campaign detection to group.
  const text = (word: string) =>
    `On incident response: ${word} shows what trusted channels need. National teams should share indicators ` +
    "early, keep a list of contacts at every operator, rehearse together twice a year and publish what they " +
    "learn so that smaller countries can build the same habits without starting from nothing.";
  const published = await send(
    "bpf-cyber",
    { contributor_name: "Paula Published", email: ADDRESSES.published, body_text: text(WORDS.published) },
    [{ field: "files", name: "published-annex.txt", bytes: Buffer.from("An annex anyone may read.\n") }],
  );
  const anonymous = await send("bpf-cyber", {
    contributor_name: `Zed ${WORDS.anonymousName}`,
    organisation: "Secretive Org",
    email: ADDRESSES.anonymous,
    consent: "anonymous",
    body_text: text("Anonymouspublished"),
  });
  const unpublished = await send(
    "bpf-cyber",
    { contributor_name: "Uma Unpublished", email: ADDRESSES.unpublished, body_text: text(WORDS.unpublished) },
    [
      {
        field: "files",
        name: "unpublished-annex.txt",
        bytes: Buffer.from(`An annex: ${WORDS.unpublishedFile} is in this file only.\n`),
      },
    ],
  );
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
  await saveSummary(db, {
    actor: people.secretariat.actor,
    meetingId: meeting.id,
    summary: `Notes so far: ${WORDS.summaryDraft}.`,
    now: deps.now,
  });
  const milestone = await db
    .selectFrom("milestones")
    .select("id")
    .where("cycle_id", "=", a.cycle2017.id)
    .executeTakeFirstOrThrow();
  const files = await db
    .selectFrom("contribution_files")
    .select(["id", "contribution_id"])
    .where("contribution_id", "in", [published.id, unpublished.id])
    .execute();
  const fileOf = (id: string) => {
    const f = files.find((x) => x.contribution_id === id);
    if (!f) throw new Error("seeding: a contribution's file was not stored");
    return f.id;
  };
  await t.app.services.jobs.runUntilIdle();

  // What a secretariat's token makes through the API, as a secretariat's tool would.
  const secretariatToken = tokens["secretariat-token"] as string;
  const api = async (method: string, url: string, body: unknown) => {
    const res = await t.app.inject({
      method: method as "POST",
      url,
      headers: { authorization: `Bearer ${secretariatToken}`, "content-type": "application/json" },
      payload: JSON.stringify(body),
    });
    if (res.statusCode >= 300) throw new Error(`seeding ${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json() as Record<string, unknown> & { id: string };
  };
  const base = "/api/v1/forums/bpf-cyber/cycles/2017";

  // Documents: a draft no one has published, one published to the members (with a member's comment), one
  // published to the public (with a comment) and a second, unpublished version of it.
  const document = async (title: string, body: string) =>
    (await api("POST", `${base}/documents`, { title, body })) as unknown as { id: string; version: number };
  const draftDocument = await document("Draft outline", `The outline says ${WORDS.documentDraft}.`);
  const membersDocument = await document("Members' paper", `The paper says ${WORDS.documentMembers}.`);
  const publicDocument = await document("Public paper", `The paper says ${PUBLIC_DOCUMENT}.`);
  const sec = people.secretariat.actor;
  await publishVersion(db, {
    actor: sec,
    documentId: membersDocument.id,
    number: 1,
    to: "members",
    now: deps.now,
  });
  await publishVersion(db, {
    actor: sec,
    documentId: publicDocument.id,
    number: 1,
    to: "public",
    now: deps.now,
  });
  await api("POST", `/api/v1/documents/${publicDocument.id}/versions`, {
    body: `The paper says ${PUBLIC_DOCUMENT}, and next ${WORDS.documentDraft}.`,
  });
  const membersComment = await addDocumentComment(db, {
    actor: people.member.actor,
    documentId: membersDocument.id,
    input: { version: 1, body: `A member writes ${WORDS.documentComment}.`, quote: "The paper says" },
    now: deps.now,
  } as never);
  const publicComment = await addDocumentComment(db, {
    actor: people.member.actor,
    documentId: publicDocument.id,
    input: { version: 1, body: "A member's public comment.", quote: "The paper says" },
    now: deps.now,
  } as never);

  // A scheduling poll the member is asked in.
  const poll = await api("POST", "/api/v1/forums/bpf-cyber/polls", {
    year: 2017,
    kind: "virtual",
    title: "When to meet",
    duration_minutes: 60,
    time_zone: "UTC",
    slots: ["2017-10-10T14:00", "2017-10-11T09:00"],
    participant_ids: [people.member.user.id],
  });
  const slot = await db
    .selectFrom("poll_slots")
    .select("id")
    .where("poll_id", "=", poll.id)
    .executeTakeFirstOrThrow();

  // A next step of the meeting.
  const action = await api("POST", `/api/v1/forums/bpf-cyber/meetings/${meeting.id}/actions`, {
    text: "Send the draft to the members",
  });

  // A contact with an address.
  const contact = await api("POST", "/api/v1/forums/bpf-cyber/contacts", {
    kind: "person",
    name: "Carla Contact",
    email: ADDRESSES.contact,
    country: "SN",
    stakeholder_group: "civil_society",
  });

  // The member's impressions of the published contribution: one private, one shared.
  const place = {
    forum: { id: a.forum.id, slug: a.forum.slug, name: a.forum.name },
    cycle: { id: a.cycle2017.id, year: 2017 },
  };
  const impression = async (body: string, visibility: string) =>
    addImpression(db, {
      actor: people.member.actor,
      place,
      reference: published.reference,
      input: { body, visibility },
      now: deps.now,
      publicUrl: "http://localhost",
    });
  const privateImpression = await impression(`Just for me: ${WORDS.privateNote}.`, "private");
  const sharedImpression = await impression(`For the forum: ${WORDS.sharedNote}.`, "shared");

  // A theme of the codebook and an excerpt of the published contribution with a note.
  const theme = await api("POST", `${base}/themes`, { name: "Trusted channels", description: "" });
  const excerpt = await api("POST", `/api/v1/contributions/${published.id}/excerpts`, {
    quote: "trusted channels",
    themes: [theme.id],
    note: `Why it matters: ${WORDS.excerptNote}.`,
  });

  // The contributions say nearly the same thing: detection finds them a campaign.
  const run = await createRun(db, { forumId: a.forum.id, cycleId: a.cycle2017.id });
  await runDetection(db, { runId: run.id, now: () => deps.now });
  const campaign = await db
    .selectFrom("campaigns")
    .select("id")
    .where("cycle_id", "=", a.cycle2017.id)
    .executeTakeFirst();
  if (!campaign) throw new Error("seeding: detection found no campaign");

  // The call and its published questionnaire (after the contributions, which it would ask questions of).
  await seedCallsDemoFor(db, {
    forum: a.forum as never,
    cycle: a.cycle2017 as never,
    secretariatUserId: people.secretariat.user.id,
  });
  const questionnaire = await getPublishedQuestionnaire(db, a.cycle2017.id);
  const section = questionnaire?.sections[0];
  const question = section?.questions[0];
  if (!section || !question) throw new Error("seeding: the questionnaire has no question");
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
    files: { published: fileOf(published.id), unpublished: fileOf(unpublished.id) },
    documents: { draft: draftDocument.id, members: membersDocument.id, public: publicDocument.id },
    comments: { members: membersComment.id, public: publicComment.id },
    poll: { id: poll.id, slot: slot.id },
    contactId: contact.id,
    actionId: action.id,
    impressions: { private: privateImpression.id, shared: sharedImpression.id },
    themeId: theme.id,
    excerptId: excerpt.id,
    campaignId: campaign.id,
    sectionId: section.id,
    questionId: question.id,
  };
}
