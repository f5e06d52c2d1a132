// The audit log, the outbox and the roles page over HTTP: who may read them, and the audit filters.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../auth/sessions.js";
import { insertForumRole, insertUser } from "../auth/users.js";
import { TestAgent } from "../test-support/agent.js";
import { createTestApp, type TestApp } from "../test-support/app.js";
import { testEngines } from "../test-support/databases.js";
import { recordAudit } from "./record.js";

describe.each(testEngines)("secretariat and admin pages over HTTP (%s)", (engine) => {
  let t: TestApp;
  const agents: Record<"admin" | "secretariat" | "member", TestAgent> = {} as never;
  let forumId = "";
  let secretariatId = "";

  beforeAll(async () => {
    t = await createTestApp(engine);
    const db = t.database.db;
    const forum = await db
      .insertInto("forums")
      .values({ slug: "bpf-test", name: "BPF Test" })
      .returningAll()
      .executeTakeFirstOrThrow();
    forumId = forum.id;
    const people = {
      admin: await insertUser(db, { email: "root@example.org", name: "Root Admin", isSiteAdmin: true }),
      secretariat: await insertUser(db, { email: "sec@example.org", name: "Eleni Secretariat" }),
      member: await insertUser(db, { email: "mo@example.org", name: "Mo Member" }),
    };
    await insertForumRole(db, {
      forumId: forum.id,
      userId: people.secretariat.id,
      role: "secretariat",
      grantedBy: null,
    });
    await insertForumRole(db, {
      forumId: forum.id,
      userId: people.member.id,
      role: "member",
      grantedBy: null,
    });
    secretariatId = people.secretariat.id;
    for (const [who, user] of Object.entries(people)) {
      const agent = new TestAgent(t.app);
      agent.cookies.set(
        "session",
        (await createSession(db, { userId: user.id, now: new Date() })).cookieValue,
      );
      agents[who as keyof typeof agents] = agent;
    }
    // Two kinds of change by the secretariat, through the roles page.
    const added = await agents.secretariat.post("/f/bpf-test/roles", {
      email: "new@example.org",
      name: "Nia New",
      role: "member",
    });
    expect(added.statusCode).toBe(303);
  });
  afterAll(async () => {
    await t?.close();
  });

  it("shows the forum's audit log to the secretariat only, filtered by person and kind", async () => {
    expect((await agents.member.get("/f/bpf-test/audit")).statusCode).toBe(403);
    expect((await new TestAgent(t.app).get("/f/bpf-test/audit")).statusCode).not.toBe(200);
    const all = await agents.secretariat.get("/f/bpf-test/audit");
    expect(all.statusCode).toBe(200);
    expect(all.body).toContain("Eleni Secretariat");
    // A labelled change reads as its label, not as its code.
    expect(all.body).toContain("Gave a role");
    expect(all.body).not.toContain("role.grant");
    const none = await agents.secretariat.get("/f/bpf-test/audit?kind=meeting");
    expect(none.body).not.toContain("Gave a role");
    const byKind = await agents.secretariat.get("/f/bpf-test/audit?kind=role");
    expect(byKind.body).toContain("Gave a role");
  });

  it("names people and kinds of change, and pages the log 50 changes at a time", async () => {
    const db = t.database.db;
    const system = { kind: "system", label: "demo" } as const;
    for (let i = 1; i <= 120; i++)
      await recordAudit(db, {
        actor: system,
        forumId,
        action: "meeting.action.create",
        subjectType: "meeting_action",
        after: { task: `Task ${i}`, owner: secretariatId },
      });
    const pageOf = (body: string) => [...body.matchAll(/task: Task (\d+)/g)].map((m) => Number(m[1]));
    const first = await agents.secretariat.get("/f/bpf-test/audit?kind=meeting");
    expect(first.body).toContain("Added a next step");
    // Times name their zone (here the default, UTC, as no zone was chosen).
    expect(first.body).toMatch(/<time datetime="[^"]+">[^<]+ UTC<\/time>/);
    expect(first.body).toContain("owner: Eleni Secretariat");
    expect(first.body).not.toContain(`owner: ${secretariatId}`);
    expect(pageOf(first.body)).toEqual(Array.from({ length: 50 }, (_, i) => 120 - i));
    expect(first.body).not.toContain("Newer changes");
    const olderHref = (body: string) => body.match(/href="([^"]*before=[^"]*)"/)?.[1]?.replace(/&amp;/g, "&");
    const newerHref = (body: string) => body.match(/href="([^"]*after=[^"]*)"/)?.[1]?.replace(/&amp;/g, "&");
    const second = await agents.secretariat.get(olderHref(first.body) ?? "");
    expect(pageOf(second.body)).toEqual(Array.from({ length: 50 }, (_, i) => 70 - i));
    const third = await agents.secretariat.get(olderHref(second.body) ?? "");
    expect(pageOf(third.body)).toEqual(Array.from({ length: 20 }, (_, i) => 20 - i));
    expect(olderHref(third.body)).toBeUndefined();
    const back = await agents.secretariat.get(newerHref(third.body) ?? "");
    expect(pageOf(back.body)).toEqual(pageOf(second.body));
    const top = await agents.secretariat.get(newerHref(back.body) ?? "");
    expect(pageOf(top.body)).toEqual(pageOf(first.body));
    expect(newerHref(top.body)).toBeUndefined();
    const spanishReader = new TestAgent(t.app);
    for (const [k, v] of agents.secretariat.cookies) spanishReader.cookies.set(k, v);
    spanishReader.cookies.set("lang", "es");
    const spanish = await spanishReader.get("/f/bpf-test/audit?kind=meeting");
    expect(spanish.body).toContain("Añadió un próximo paso");
    expect(
      (await agents.secretariat.get("/f/bpf-test/audit?before=2026-02-31%2000:00:00%2B00~5")).statusCode,
    ).toBe(200);
  });

  it("shows the roles page to the secretariat only", async () => {
    expect((await agents.member.get("/f/bpf-test/roles")).statusCode).toBe(403);
    const page = await agents.secretariat.get("/f/bpf-test/roles");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Nia New");
    const refused = await agents.member.post("/f/bpf-test/roles", {
      email: "sneaky@example.org",
      name: "Sneaky",
      role: "secretariat",
    });
    expect(refused.statusCode).toBe(403);
  });

  it("shows the outbox to the site admin only", async () => {
    expect((await agents.member.get("/admin/outbox")).statusCode).toBe(403);
    expect((await agents.secretariat.get("/admin/outbox")).statusCode).toBe(403);
    await new TestAgent(t.app).post("/sign-in", { email: "mo@example.org" });
    const outbox = await agents.admin.get("/admin/outbox");
    expect(outbox.statusCode).toBe(200);
    expect(outbox.body).toContain("mo@example.org");
  });
});
