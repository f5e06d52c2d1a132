// A confirmed campaign as one entry: the public list (on request) shows the letter once with its count of
// copies and links to them; the statistics can count it once; a detected campaign the secretariat has not
// confirmed is never grouped; each copy's own page keeps what its sender added.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../auth/sessions.js";
import { TestAgent } from "../test-support/agent.js";
import { createTestApp, type TestApp } from "../test-support/app.js";
import { testEngines } from "../test-support/databases.js";
import { makeCycle, makeForum, makePerson, makePublishedContribution } from "../test-support/factories.js";

const LETTER = [
  "I am writing to urge the forum to defend strong encryption in every recommendation it makes.",
  "Encryption protects journalists, activists, doctors and ordinary families. Any backdoor built for the police will be found and used by criminals and hostile states.",
  "Please state clearly in your output that governments should not require exceptional access to encrypted communications.",
];
const PERSONAL = ["", "As a nurse, I send patient information over encrypted apps every day.", ""];
const OWN = [
  "Community networks in rural districts need spectrum licences they can afford and training for local technicians.",
  "Universities should teach secure software development to every computing student, not only to specialists.",
];
const LIST = "/f/bpf-cyber/2017/contributions";

describe.each(testEngines)("campaigns grouped on %s", (engine) => {
  let t: TestApp;
  let secretariat: TestAgent;
  let visitor: TestAgent;
  let copyReferences: string[];

  beforeAll(async () => {
    t = await createTestApp(engine);
    const db = t.database.db;
    const forum = await makeForum(db);
    const cycle = await makeCycle(db, forum, { year: 2017 });
    copyReferences = [];
    for (const [i, personal] of PERSONAL.entries()) {
      const c = await makePublishedContribution(db, {
        forum,
        cycle,
        name: `Supporter ${"ABC"[i]}`,
        stakeholderGroup: "civil_society",
        country: "KE",
        text: [...LETTER, personal].filter(Boolean).join("\n\n"),
        receivedAt: `2017-09-0${i + 1}T10:00:00Z`,
      });
      copyReferences.push(c.reference ?? "");
    }
    for (const [i, text] of OWN.entries())
      await makePublishedContribution(db, {
        forum,
        cycle,
        name: `Author ${"XY"[i]}`,
        stakeholderGroup: "government",
        country: "FR",
        text,
        receivedAt: `2017-09-1${i}T10:00:00Z`,
      });
    const sec = await makePerson(db, { email: "sec@example.org", role: "secretariat", forumId: forum.id });
    secretariat = new TestAgent(t.app);
    const { cookieValue } = await createSession(db, { userId: sec.user.id, now: new Date() });
    secretariat.cookies.set("session", cookieValue);
    visitor = new TestAgent(t.app);
  });

  afterAll(async () => {
    await t?.close();
  });

  const entries = (body: string) =>
    (body.match(/<tr><td><a href="\/f\/bpf-cyber\/2017\/contributions\//g) ?? []).length;

  it("does not group a campaign the secretariat has not confirmed", async () => {
    const detected = await t.database.db.selectFrom("campaigns").select(["size", "status"]).execute();
    expect(detected).toEqual([{ size: 3, status: "detected" }]);
    const plain = await visitor.get(LIST);
    expect(plain.body).not.toContain("Show each campaign as one entry");
    const asked = await visitor.get(`${LIST}?campaigns=grouped`);
    expect(asked.statusCode).toBe(200);
    expect(entries(asked.body)).toBe(5);
    expect(asked.body).not.toContain("copies of the same letter");
  });

  it("shows a confirmed campaign as one entry with its copies' count, linking to the copies", async () => {
    const { id } = await t.database.db.selectFrom("campaigns").select("id").executeTakeFirstOrThrow();
    const decided = await secretariat.post(`/f/bpf-cyber/2017/campaigns/${id}/decision`, {
      decision: "confirmed",
    });
    expect(decided.statusCode).toBe(303);

    const plain = await visitor.get(LIST);
    expect(entries(plain.body)).toBe(5);
    expect(plain.body).toContain("Show each campaign as one entry");

    const grouped = await visitor.get(`${LIST}?campaigns=grouped`);
    expect(entries(grouped.body)).toBe(3);
    expect(grouped.body).toContain("5 contributions published. With each campaign as one entry: 3 entries.");
    expect(grouped.body).toContain(`href="${LIST}?campaign=${id}">and 2 copies of the same letter</a>`);
    expect(grouped.body).toMatch(/name="campaigns" value="grouped" checked/);
    for (const reference of copyReferences.slice(1)) expect(grouped.body).not.toContain(`/${reference}"`);

    const copies = await visitor.get(`${LIST}?campaign=${id}`);
    expect(entries(copies.body)).toBe(3);
    expect(copies.body).toContain("These are the copies of one letter");
    expect(copies.body).not.toContain("Author X");
  });

  it("counts the campaign once in the statistics when asked, and says so", async () => {
    const every = await visitor.get("/f/bpf-cyber/2017/statistics");
    expect(every.body).toContain("5 contributions published in 2017.");
    expect(every.body).toContain('href="?campaigns=grouped"');
    const once = await visitor.get("/f/bpf-cyber/2017/statistics?campaigns=grouped");
    expect(once.body).toContain("3 contributions published in 2017.");
    expect(once.body).toContain("Each campaign the secretariat confirmed is counted once");
    expect(once.body).toContain("each campaign counted once");
  });

  it("keeps a copy's own page, with what its sender added", async () => {
    const page = await visitor.get(`${LIST}/${copyReferences[1]}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("As a nurse, I send patient information over encrypted apps every day.");
  });
});
