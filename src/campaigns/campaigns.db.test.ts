// Campaigns end to end: the secretariat asks for detection, the job groups a form letter's copies (personal
// sentences and a synonym swapped) apart from people's own texts, the pages list the campaign once with its
// count and show what a copy adds; the API gives ids, size and members; nobody else sees any of it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../auth/index.js";
import { createSession } from "../auth/sessions.js";
import { TestAgent } from "../test-support/agent.js";
import { createTestApp, type TestApp } from "../test-support/app.js";
import { testEngines } from "../test-support/databases.js";
import { makeCycle, makeForum, makePerson, makePublishedContribution } from "../test-support/factories.js";
import { DETECT_JOB } from "./service.js";

const LETTER = [
  "I am writing to urge the forum to defend strong encryption in every recommendation it makes.",
  "Encryption protects journalists, activists, doctors and ordinary families. Any backdoor built for the police will be found and used by criminals and hostile states.",
  "Please state clearly in your output that governments should not require exceptional access to encrypted communications.",
];
const PERSONAL = [
  "As a nurse, I send patient information over encrypted apps every day.",
  "My family relies on secure messaging to stay in touch across three countries.",
  "",
  "I run a small online shop and my customers trust me with their card details.",
  "",
];
const OWN = [
  "Community networks in rural districts need spectrum licences they can afford and training for local technicians.",
  "Our ministry proposes a regional incident response exercise every year, with a shared reporting template.",
  "Universities should teach secure software development to every computing student, not only to specialists.",
];

describe.each(testEngines)("campaigns on %s", (engine) => {
  let t: TestApp;
  let secretariat: TestAgent;
  let member: TestAgent;
  let letterIds: string[];

  beforeAll(async () => {
    t = await createTestApp(engine);
    const db = t.database.db;
    const forum = await makeForum(db);
    const cycle = await makeCycle(db, forum, { year: 2017 });
    letterIds = [];
    for (let i = 0; i < PERSONAL.length; i++) {
      const paragraphs = i === 1 ? LETTER.map((p) => p.replace("defend", "protect")) : [...LETTER];
      if (PERSONAL[i]) paragraphs.push(PERSONAL[i]!);
      const c = await makePublishedContribution(db, {
        forum,
        cycle,
        name: `Supporter ${"ABCDE"[i]}`,
        stakeholderGroup: "civil_society",
        country: "KE",
        text: paragraphs.join("\n\n"),
        receivedAt: `2017-09-0${i + 1}T10:00:00Z`,
      });
      letterIds.push(c.id);
    }
    for (const [i, text] of OWN.entries())
      await makePublishedContribution(db, {
        forum,
        cycle,
        name: `Author ${"XYZ"[i]}`,
        stakeholderGroup: "government",
        country: "FR",
        text,
        receivedAt: `2017-09-1${i}T10:00:00Z`,
      });
    const sec = await makePerson(db, { email: "sec@example.org", role: "secretariat", forumId: forum.id });
    const mem = await makePerson(db, { email: "mem@example.org", role: "member", forumId: forum.id });
    const agentFor = async (userId: string) => {
      const agent = new TestAgent(t.app);
      const { cookieValue } = await createSession(db, { userId, now: new Date() });
      agent.cookies.set("session", cookieValue);
      return agent;
    };
    secretariat = await agentFor(sec.user.id);
    member = await agentFor(mem.user.id);
  });

  afterAll(async () => {
    await t?.close();
  });

  it("assigns each copy to its campaign at intake, then finds the same campaign when the secretariat asks for a full run", async () => {
    // The second copy formed the campaign with the first; the three after it joined, one by one.
    const before = await secretariat.get("/f/bpf-cyber/2017/campaigns");
    expect(before.statusCode).toBe(200);
    expect(before.body).toContain("Detection has not been run for this cycle yet.");
    expect(before.body).toMatch(/>5<\/a>/);

    const asked = await secretariat.post("/f/bpf-cyber/2017/campaigns/detect", {});
    expect(asked.statusCode).toBe(303);
    while (await t.app.services.jobs.runOne([DETECT_JOB]));

    const list = await secretariat.get("/f/bpf-cyber/2017/campaigns");
    expect(list.body).toContain("Last detection: 8 contributions read, 1 campaigns found");
    expect(list.body).toContain("I am writing to urge the forum to defend strong encryption");
    expect(list.body).toMatch(/>5<\/a>/);
    const audit = await t.database.db
      .selectFrom("audit_log")
      .select("action")
      .where("action", "like", "campaigns.%")
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual([
      "campaigns.detect_requested",
      "campaigns.detected",
      "campaigns.formed",
    ]);
  });

  it("gives the API its campaigns with size, representative and members, in the OpenAPI document", async () => {
    const { token } = await createApiToken(t.database.db, { name: "s", role: "admin", forumId: null });
    const api = new TestAgent(t.app, { authorization: `Bearer ${token}` });
    const res = await api.get("/api/v1/forums/bpf-cyber/cycles/2017/campaigns");
    expect(res.statusCode).toBe(200);
    const { items } = res.json() as {
      items: { id: string; size: number; representative_id: string; member_ids: string[] }[];
    };
    expect(items).toHaveLength(1);
    expect(items[0]!.size).toBe(5);
    expect(new Set(items[0]!.member_ids)).toEqual(new Set(letterIds));
    expect(letterIds).toContain(items[0]!.representative_id);
    const one = await api.get(`/api/v1/forums/bpf-cyber/cycles/2017/campaigns/${items[0]!.id}`);
    expect(one.json()).toMatchObject({ id: items[0]!.id, size: 5, next_member_offset: null });
    const openapi = (await api.get("/api/openapi.json")).json() as { paths: Record<string, unknown> };
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining([
        "/api/v1/forums/{forum}/cycles/{year}/campaigns",
        "/api/v1/forums/{forum}/cycles/{year}/campaigns/{campaign}",
      ]),
    );
  });

  it("shows what a copy adds to the template, and records the secretariat's confirmation", async () => {
    const { id } = await t.database.db.selectFrom("campaigns").select("id").executeTakeFirstOrThrow();
    const nurse = letterIds[0]!;
    const page = await secretariat.get(`/f/bpf-cyber/2017/campaigns/${id}?member=${nurse}`);
    expect(page.statusCode).toBe(200);
    // The nurse's copy is not the representative: the letter sent as it is, twice, stands for the campaign.
    expect(page.body).toMatch(
      /<ins[^>]*>As a nurse, I send patient information over encrypted apps every day\. <\/ins>/,
    );
    const confirmed = await secretariat.post(`/f/bpf-cyber/2017/campaigns/${id}/decision`, {
      decision: "confirmed",
    });
    expect(confirmed.statusCode).toBe(303);
    expect((await secretariat.get(`/f/bpf-cyber/2017/campaigns/${id}`)).body).toContain(
      "Confirmed as a campaign",
    );

    // A re-run keeps the decision on the same campaign.
    await secretariat.post("/f/bpf-cyber/2017/campaigns/detect", {});
    while (await t.app.services.jobs.runOne([DETECT_JOB]));
    const after = await t.database.db.selectFrom("campaigns").select(["status", "size"]).execute();
    expect(after).toEqual([{ status: "confirmed", size: 5 }]);
  });

  it("assigns a copy sent after a full run at intake, an exact copy too, and leaves a person's own text alone", async () => {
    const db = t.database.db;
    const forum = await db.selectFrom("forums").selectAll().executeTakeFirstOrThrow();
    const cycle = await db.selectFrom("cycles").selectAll().executeTakeFirstOrThrow();
    const send = (text: string, i: number) =>
      makePublishedContribution(db, {
        forum,
        cycle,
        name: `Late ${i}`,
        stakeholderGroup: "civil_society",
        country: "GH",
        text,
        receivedAt: `2017-10-0${i}T10:00:00Z`,
      });
    // Three at once: copies of one letter take turns at the campaign's row, each with its own position.
    const copies = await Promise.all([
      send(LETTER.join("\n\n"), 1),
      send(`${LETTER.join(" ")} I teach children to use the Internet safely.`, 2),
      send(LETTER.map((p) => p.replace("urge", "ask")).join("\n\n"), 3),
    ]);
    const own = await send("Spectrum for community networks should be cheap, and so should training.", 4);
    const { id } = await db.selectFrom("campaigns").select("id").executeTakeFirstOrThrow();
    const members = await db
      .selectFrom("campaign_members")
      .select(["contribution_id", "position"])
      .where("campaign_id", "=", id)
      .orderBy("position")
      .execute();
    expect(members.map((m) => m.position)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(members.map((m) => m.contribution_id)).toEqual(expect.arrayContaining(copies.map((c) => c.id)));
    expect(members.map((m) => m.contribution_id)).not.toContain(own.id);
    const campaign = await db.selectFrom("campaigns").selectAll().executeTakeFirstOrThrow();
    expect(campaign).toMatchObject({ size: 8, status: "confirmed" });
    expect(campaign.last_at?.toISOString()).toBe("2017-10-03T10:00:00.000Z");
  });

  it("shows campaigns to the forum's secretariat only", async () => {
    const { id } = await t.database.db.selectFrom("campaigns").select("id").executeTakeFirstOrThrow();
    expect((await member.get("/f/bpf-cyber/2017/campaigns")).statusCode).toBe(403);
    expect((await member.get(`/f/bpf-cyber/2017/campaigns/${id}`)).statusCode).toBe(403);
    expect(
      (await member.post(`/f/bpf-cyber/2017/campaigns/${id}/decision`, { decision: "dismissed" })).statusCode,
    ).toBe(403);
    expect(
      (await new TestAgent(t.app).get("/api/v1/forums/bpf-cyber/cycles/2017/campaigns")).statusCode,
    ).toBe(401);
    const { token } = await createApiToken(t.database.db, { name: "m", role: "member", forumId: null });
    const memberToken = new TestAgent(t.app, { authorization: `Bearer ${token}` });
    expect((await memberToken.get("/api/v1/forums/bpf-cyber/cycles/2017/campaigns")).statusCode).toBe(403);
    const status = await t.database.db.selectFrom("campaigns").select("status").executeTakeFirstOrThrow();
    expect(status.status).toBe("confirmed");
  });

  it("shows the signals and each copy's additions, and splits chosen copies into a campaign of their own", async () => {
    const db = t.database.db;
    const { id } = await db.selectFrom("campaigns").select("id").executeTakeFirstOrThrow();
    const page = await secretariat.get(`/f/bpf-cyber/2017/campaigns/${id}`);
    expect(page.body).toContain("Copies by e-mail domain");
    expect(page.body).toMatch(/<ins><bdi>[^<]*I teach children to use the Internet safely\.<\/bdi><\/ins>/);
    const a = letterIds[0]!;
    const split = await secretariat.post(`/f/bpf-cyber/2017/campaigns/${id}/split`, { member: a });
    expect(split.statusCode).toBe(303);
    const campaigns = await db
      .selectFrom("campaigns")
      .select(["id", "size"])
      .orderBy("size", "desc")
      .execute();
    expect(campaigns.map((c) => c.size)).toEqual([7, 1]);
    const positions = await db
      .selectFrom("campaign_members")
      .select("position")
      .where("campaign_id", "=", id)
      .orderBy("position")
      .execute();
    expect(positions.map((p) => p.position)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const moved = await db
      .selectFrom("campaign_members")
      .select("contribution_id")
      .where("campaign_id", "=", campaigns[1]!.id)
      .execute();
    expect(moved.map((m) => m.contribution_id)).toEqual([a]);
  });
});
