// The cross-site scripting test's world: a forum whose every field a person can fill holds the payload corpus.
// Built through the services and the API as people fill them (the call, the questionnaire, meetings and their
// summaries, documents in Markdown and comments on them, contributions with answers and uploaded .md, .txt
// and .docx files, impressions, the codebook, excerpts, contacts), then every short text column a page shows
// (names, titles, organisations, file names…) is overwritten in the database with a payload, row by row,
// since what an import or an older version stored must be as harmless as what today's forms accept.
import { sql } from "kysely";
import { createSession } from "../../src/auth/sessions.js";
import { seedCallsDemoFor } from "../../src/calls/demo.js";
import { getPublishedQuestionnaire } from "../../src/calls/published.js";
import { createRun, runDetection } from "../../src/campaigns/service.js";
import { privatePath } from "../../src/contributions/links.js";
import { multipart, seedTestForum, tokenFor } from "../../src/contributions/test-support.js";
import { addComment as addDocumentComment, publishVersion } from "../../src/documents/service.js";
import { buildDocx } from "../../src/files/test-fixtures.js";
import { seedMeetingsDemo } from "../../src/meetings/demo.js";
import { saveSummary } from "../../src/meetings/meetings/service.js";
import { addImpression } from "../../src/reading/impressions/service.js";
import type { TestApp } from "../../src/test-support/app.js";
import { makePerson } from "../../src/test-support/factories.js";
import { ALL_PAYLOADS, HOSTILE_URLS, PAYLOADS } from "./xss-payloads.js";

/** Short text columns pages show, overwritten with one payload per row. */
const SHORT_COLUMNS: Record<string, string[]> = {
  forums: ["name", "description", "host_organisation"],
  cycles: ["focus", "description"],
  users: ["name", "organisation"],
  milestones: ["label"],
  meetings: ["title", "room", "organiser", "facilitator", "moderator", "purpose", "agenda"],
  meeting_attendance: ["name"],
  action_items: ["text", "owner_text", "due_text"],
  scheduling_polls: ["title", "purpose"],
  contributions: ["contributor_name", "organisation", "status_reason"],
  contribution_files: ["file_name"],
  analysis_codes: ["name", "description"],
  analysis_excerpts: ["note"],
  contacts: ["name", "role", "notes"],
  comments: ["body", "author_label"],
  document_comments: ["body", "on_behalf_of"],
  documents: ["title"],
  join_requests: ["message"],
  call_recipients: ["name", "organisation"],
  campaigns: ["excerpt"],
};

export type XssWorld = Awaited<ReturnType<typeof seedXssWorld>>;

/** Builds the world; returns who reads it (sessions) and the addresses of the pages with parameters. */
export async function seedXssWorld(t: TestApp) {
  const db = t.database.db;
  const now = new Date("2017-09-10T10:00:00Z");
  t.setNow(now);
  const { forum, cycle2016, cycle2017 } = await seedTestForum(db, "bpf-xss");
  const member = await makePerson(db, { email: "member@example.org", role: "member", forumId: forum.id });
  const secretariat = await makePerson(db, {
    email: "secretariat@example.org",
    role: "secretariat",
    forumId: forum.id,
    siteAdmin: true,
  });
  const token = await tokenFor(db, "secretariat", forum.id);
  const api = async (method: string, url: string, body: unknown, expected = [200, 201]) => {
    const res = await t.app.inject({
      method: method as "POST",
      url,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      payload: JSON.stringify(body),
    });
    if (!expected.includes(res.statusCode))
      throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  const base = "/api/v1/forums/bpf-xss/cycles/2017";

  // The call and its questionnaire (published), then the call's texts and reading list made hostile.
  await seedCallsDemoFor(db, {
    forum: forum as never,
    cycle: cycle2017 as never,
    secretariatUserId: secretariat.user.id,
  });
  await api("PUT", `${base}/call`, {
    title: PAYLOADS[0],
    message: ALL_PAYLOADS,
    overview: ALL_PAYLOADS,
    guidance_note: PAYLOADS.join(" ").slice(0, 5000),
    reading: [
      ...HOSTILE_URLS.map((url, i) => ({ title: PAYLOADS[i] ?? "", url })),
      ...PAYLOADS.slice(0, 20).map((p) => ({ title: p, url: "https://example.org/" })),
    ],
  }).catch(async () =>
    // The API refuses javascript: links: keep the texts hostile and the links ordinary.
    api("PUT", `${base}/call`, {
      title: PAYLOADS[0],
      message: ALL_PAYLOADS,
      overview: ALL_PAYLOADS,
      guidance_note: PAYLOADS.join(" ").slice(0, 5000),
      reading: PAYLOADS.slice(0, 20).map((p) => ({ title: p, url: "https://example.org/" })),
    }),
  );
  const questionnaire = await getPublishedQuestionnaire(db, cycle2017.id);
  const questions = (questionnaire?.sections ?? []).flatMap((s) => s.questions);
  /** Answers to every question, payloads wherever text goes. */
  const answersFor = (i: number) => {
    const answers: Record<string, unknown> = {};
    for (const [k, q] of questions.entries()) {
      const p = PAYLOADS[(i * 7 + k) % PAYLOADS.length] as string;
      if (q.type === "short_text") answers[q.id] = p.slice(0, 500);
      else if (q.type === "long_text") answers[q.id] = ALL_PAYLOADS;
      else if (q.type === "single_choice") answers[q.id] = q.options[0]?.id;
      else if (q.type === "multiple_choice")
        answers[q.id] = { selected: [q.options[0]?.id], ...(q.allowOther ? { other: p } : {}) };
      else if (q.type === "item_list")
        answers[q.id] = Object.fromEntries(
          q.items.map((it, j) => [it.id, PAYLOADS[(k + j) % PAYLOADS.length]]),
        );
      else if (q.type === "link_list") answers[q.id] = [{ url: "https://example.org/", title: p }];
    }
    return answers;
  };

  // Meetings of the demo with their summaries, attendance and next steps; summaries made hostile.
  await seedMeetingsDemo(db, {
    forumId: forum.id,
    cycleId2016: cycle2016.id,
    cycleId2017: cycle2017.id,
    people: { [member.user.name]: member.user.id },
  });
  const meetings = await db.selectFrom("meetings").select(["id", "slug"]).execute();
  for (const m of meetings)
    await saveSummary(db, {
      actor: secretariat.actor,
      meetingId: m.id,
      summary: ALL_PAYLOADS,
      publish: true,
      now,
    });

  // Contributions: payloads in every field, answers, and hostile uploads, published by the secretariat.
  const docx = await buildDocx(PAYLOADS, {
    heading: PAYLOADS[1],
    link: { text: "a hostile link", url: HOSTILE_URLS[0] as string },
    footnote: PAYLOADS[2],
  });
  // Markup in a .md or .txt file is refused as a web page; these files carry the payloads without tags.
  const TEXT_ONLY = PAYLOADS.filter((p) => !p.includes("<")).join("\n\n");
  const contributionIds: string[] = [];
  for (let i = 0; i < 4; i += 1) {
    const answers = answersFor(i);
    const body = multipart(
      [
        ["contributor_name", (PAYLOADS[i] ?? "").slice(0, 200)],
        ["organisation", (PAYLOADS[i + 4] ?? "").slice(0, 200)],
        ["stakeholder_group", "civil_society"],
        ["country", "SN"],
        ["email", `xss${i}@example.org`],
        ["consent", i === 3 ? "anonymous" : "with_name"],
        ["licence", "cc_by_4_0"],
        ["text", ALL_PAYLOADS],
        ["answers", JSON.stringify(answers)],
        ["publish", "true"],
      ],
      [
        { field: "files", name: `<img src=x onerror=__xss(${900 + i})>.md`, bytes: Buffer.from(TEXT_ONLY) },
        { field: "files", name: `'onmouseover='__xss(${910 + i})'.txt`, bytes: Buffer.from(TEXT_ONLY) },
        { field: "files", name: `<svg onload=__xss(${920 + i})>.docx`, bytes: docx },
      ],
    );
    const res = await t.app.inject({
      method: "POST",
      url: `${base}/contributions`,
      payload: body.payload,
      headers: { ...body.headers, authorization: `Bearer ${token}` },
    });
    if (res.statusCode !== 201) throw new Error(`a hostile contribution: ${res.statusCode} ${res.body}`);
    contributionIds.push((res.json() as { id: string }).id);
  }
  await t.app.services.jobs.runUntilIdle();
  const contributions = await db
    .selectFrom("contributions")
    .select(["id", "reference", "status"])
    .where("id", "in", contributionIds)
    .execute();
  const references = contributions.map((c) => c.reference as string);
  const place = {
    forum: { id: forum.id, slug: forum.slug, name: forum.name },
    cycle: { id: cycle2017.id, year: 2017 },
  };

  // A document in Markdown, published to the public, with a comment on a paragraph.
  const doc = (await api("POST", `${base}/documents`, { title: PAYLOADS[3], body: ALL_PAYLOADS })) as {
    id: string;
    version: number;
  };
  await publishVersion(db, {
    actor: secretariat.actor,
    documentId: doc.id,
    number: doc.version,
    to: "public",
    now,
  });
  await addDocumentComment(db, {
    actor: secretariat.actor,
    documentId: doc.id,
    input: { version: doc.version, body: ALL_PAYLOADS, quote: "click" },
    now,
  } as never);
  await api("POST", "/api/v1/forums/bpf-xss/polls", {
    year: 2017,
    kind: "virtual",
    title: PAYLOADS[9],
    purpose: ALL_PAYLOADS.slice(0, 2000),
    duration_minutes: 60,
    time_zone: "UTC",
    slots: ["2017-10-10T14:00", "2017-10-11T09:00"],
    participant_ids: [member.user.id],
  });

  // Impressions, a codebook, excerpts with notes, a contact.
  for (const reference of references)
    await addImpression(db, {
      actor: member.actor,
      place,
      reference,
      input: { body: ALL_PAYLOADS.slice(0, 4000), visibility: "shared" },
      now,
      publicUrl: "http://localhost",
    });
  const theme = (await api("POST", `${base}/themes`, {
    name: PAYLOADS[5],
    description: PAYLOADS[6],
  })) as { id: string };
  await api("POST", `/api/v1/contributions/${contributionIds[0]}/excerpts`, {
    quote: "click",
    themes: [theme.id],
    note: PAYLOADS.join(" ").slice(0, 4000),
  }).catch((e: Error) => console.warn(`xss world: no excerpt (${e.message})`));
  const contact = (await api("POST", "/api/v1/forums/bpf-xss/contacts", {
    kind: "person",
    name: PAYLOADS[7],
    email: "contact@example.org",
    country: "SN",
    stakeholder_group: "civil_society",
    notes: ALL_PAYLOADS.slice(0, 4000),
  }).catch((e: Error) => {
    console.warn(`xss world: no contact (${e.message})`);
    return { id: undefined };
  })) as { id?: string };

  // The four contributions say the same thing: detection finds them a campaign.
  const run = await createRun(db, { forumId: forum.id, cycleId: cycle2017.id });
  await runDetection(db, { runId: run.id, now: () => now });

  // The questionnaire's labels, help and option names, as a translation or an older version might hold them.
  let overwritten = 0;
  for (const v of await db.selectFrom("questionnaire_versions").select(["id", "content"]).execute()) {
    const walk = (node: unknown): unknown => {
      if (Array.isArray(node)) return node.map(walk);
      if (!node || typeof node !== "object") return node;
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
        if (["label", "help", "title"].includes(key) && value && typeof value === "object")
          out[key] = Object.fromEntries(
            Object.keys(value).map((lang) => [lang, PAYLOADS[overwritten++ % PAYLOADS.length]]),
          );
        else out[key] = walk(value);
      }
      return out;
    };
    await db
      .updateTable("questionnaire_versions")
      .set({ content: JSON.stringify(walk(v.content)) as never })
      .where("id", "=", v.id)
      .execute();
  }

  // Every short column a page shows, a payload per row.
  for (const [table, columns] of Object.entries(SHORT_COLUMNS))
    for (const [k, column] of columns.entries()) {
      const result = await sql`
        with r as (select ctid as c, row_number() over () as n from ${sql.table(table)})
        update ${sql.table(table)} set ${sql.ref(column)} =
          (${PAYLOADS}::text[])[1 + ((r.n + ${k * 5}) % ${PAYLOADS.length})] || ' ' || r.n
        from r where ${sql.table(table)}.ctid = r.c`.execute(db);
      overwritten += Number(result.numAffectedRows ?? 0);
    }

  const session = async (userId: string) =>
    (await createSession(db, { userId, now: new Date() })).cookieValue;
  const ids = async (
    table: "scheduling_polls" | "impressions" | "milestones" | "mail_outbox" | "campaigns",
  ) => (await db.selectFrom(table).select("id").limit(2).execute()).map((r) => r.id as string);
  return {
    sessions: { member: await session(member.user.id), secretariat: await session(secretariat.user.id) },
    overwritten,
    /** Values for each route parameter, by the path segment before it. */
    params: {
      ":forum": ["bpf-xss"],
      ":year": ["2017"],
      ":locale": ["en"],
      "contributions/:reference": references.slice(0, 2),
      "reading/:reference": references.slice(0, 2),
      "manage/:id": contributionIds.slice(0, 2),
      "analysis/contributions/:id": contributionIds.slice(0, 2),
      "documents/:id": [doc.id],
      "meetings/:ref": meetings.map((m) => m.slug as string).slice(0, 3),
      "polls/:poll": await ids("scheduling_polls"),
      "impressions/:impression": await ids("impressions"),
      "milestones/:id": await ids("milestones"),
      "outbox/:id": await ids("mail_outbox"),
      "contacts/:id": contact.id ? [contact.id] : [],
      "campaigns/:campaign": await ids("campaigns"),
      "questions/:question": questions.slice(0, 2).map((q) => q.id),
      "compare/:question": questions.slice(0, 2).map((q) => q.id),
    } as Record<string, string[]>,
    privatePaths: contributionIds.slice(0, 2).map((id) => privatePath(t.app.services.secret, id)),
  };
}
