// Theme suggestions on the demo forum's contributions: a member asks, the background job reads and weighs them
// (its progress on the page), the terms name the contributions' real topics, one click adds a term to the
// codebook as a theme (with its audit row); nothing enters the codebook by itself, and nobody outside the
// forum gets any of it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../../auth/sessions.js";
import { seedContributionsDemo } from "../../contributions/demo.js";
import { seedTestForum } from "../../contributions/test-support.js";
import { TestAgent } from "../../test-support/agent.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { testEngines } from "../../test-support/databases.js";
import { makePerson } from "../../test-support/factories.js";
import { acceptSuggestion, requestSuggestions, viewSuggestions } from "./service.js";

describe.each(testEngines)("theme suggestions on %s", (engine) => {
  let t: TestApp;
  let member: TestAgent;
  let stranger: TestAgent;
  let memberActor: Awaited<ReturnType<typeof makePerson>>["actor"];
  let strangerActor: Awaited<ReturnType<typeof makePerson>>["actor"];
  let forumId: string;
  let cycleId: string;
  const db = () => t.database.db;
  const path = "/f/bpf-cyber/2017/analysis/suggestions";
  const scope = (actor: typeof memberActor) => ({ db: db(), actor, forumId, cycleId, now: new Date() });
  const themeNames = async () =>
    (await db().selectFrom("analysis_codes").select("name").where("cycle_id", "=", cycleId).execute()).map(
      (c) => c.name,
    );

  beforeAll(async () => {
    t = await createTestApp(engine);
    const a = await seedTestForum(db(), "bpf-cyber");
    const b = await seedTestForum(db(), "bpf-other");
    forumId = a.forum.id;
    cycleId = a.cycle2017.id;
    await seedContributionsDemo(db(), { forumId, cycleId2017: a.cycle2017.id, cycleId2016: a.cycle2016.id });
    const m = await makePerson(db(), {
      email: "mia@example.org",
      name: "Mia Member",
      role: "member",
      forumId,
    });
    const o = await makePerson(db(), { email: "olga@example.org", role: "secretariat", forumId: b.forum.id });
    memberActor = m.actor;
    strangerActor = o.actor;
    member = new TestAgent(t.app);
    member.cookies.set(
      "session",
      (await createSession(db(), { userId: m.user.id, now: new Date() })).cookieValue,
    );
    stranger = new TestAgent(t.app);
    stranger.cookies.set(
      "session",
      (await createSession(db(), { userId: o.user.id, now: new Date() })).cookieValue,
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  it("gives an anonymous reader and another forum's member nothing", async () => {
    const anon = await new TestAgent(t.app).get(path);
    expect(anon.statusCode).toBe(303);
    expect(String(anon.headers.location)).toMatch(/^\/sign-in/);
    expect((await stranger.get(path)).statusCode).toBe(403);
    expect((await stranger.post(path, {})).statusCode).toBe(403);
    expect((await stranger.post(`${path}/accept`, { term: "capacity building" })).statusCode).toBe(403);
    await expect(requestSuggestions(scope(strangerActor))).rejects.toMatchObject({ code: "forbidden" });
    await expect(acceptSuggestion(scope(strangerActor), "capacity building")).rejects.toMatchObject({
      code: "forbidden",
    });
    expect(await themeNames()).toEqual([]);
  });

  it("runs as a background job with progress, and names the demo contributions' real topics", async () => {
    const asked = await member.post(path, {});
    expect(asked.statusCode).toBe(303);
    const waiting = await member.get(path);
    expect(waiting.body).toContain("<progress");
    expect((await viewSuggestions(scope(memberActor))).run?.status).toBe("queued");
    await t.app.services.jobs.runUntilIdle();
    const { run } = await viewSuggestions(scope(memberActor));
    expect(run?.status).toBe("done");
    expect(run?.done).toBe(7);
    const documentTerms = run!.result!.documents.flatMap((d) => d.terms.map((x) => x.term));
    for (const topic of [
      "incident response",
      "capacity building",
      "critical infrastructure",
      "routing security",
      "submarine cables",
      "abuse reports",
      "cybersecurity strategies",
    ])
      expect(documentTerms).toContain(topic);
    expect(run!.result!.clusters.length).toBeGreaterThan(0);
    expect(run!.result!.clusters.flatMap((c) => c.members).length).toBe(7);
    // Nothing entered the codebook by itself.
    expect(await themeNames()).toEqual([]);
    const page = await member.get(path);
    expect(page.body).toContain("Add “capacity building” to the codebook");
    expect(page.body).not.toContain("<progress");
  });

  it("adds a suggestion to the codebook in one click, as a theme with its audit row", async () => {
    const added = await member.post(`${path}/accept`, { term: "capacity building" });
    expect(added.statusCode).toBe(303);
    expect(await themeNames()).toEqual(["capacity building"]);
    const audit = await db()
      .selectFrom("audit_log")
      .select("action")
      .where("action", "in", ["analysis.code.create", "analysis.suggestions.run"])
      .execute();
    expect(audit.map((r) => r.action).sort()).toEqual(["analysis.code.create", "analysis.suggestions.run"]);
    const page = await member.get(`${path}?done=accepted`);
    expect(page.body).toContain("The theme was added to the codebook.");
    expect(page.body).not.toContain("Add “capacity building” to the codebook");
  });
});
