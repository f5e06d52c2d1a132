// Typed text and language names in the call's pages are isolated: a forum name with a right-to-left
// override reorders nothing around it, and "العربية: 3 texts missing" does not turn into "3 :العربية".
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../auth/actor.js";
import { createSession } from "../auth/sessions.js";
import { TestAgent } from "../test-support/agent.js";
import { createTestApp, type TestApp } from "../test-support/app.js";
import { unisolatedOverrides } from "../test-support/bidi.js";
import { testEngines } from "../test-support/databases.js";
import { saveCall } from "./call/service.js";
import { addQuestion, addSection, createQuestionnaire, publishVariant } from "./questionnaire/service.js";
import { personWithRole, seedForum } from "./test-fixtures.js";

const FORUM_NAME = "BPF \u202Eytiruces";

describe.each(testEngines)("isolated text on the call's pages (%s)", (engine) => {
  let t: TestApp;
  let secretariat: Actor & { kind: "user" };
  const now = new Date("2017-08-10T12:00:00Z");

  beforeAll(async () => {
    t = await createTestApp(engine);
    t.setNow(now);
    const db = t.database.db;
    const seeded = await seedForum(db, "bpf-rtl");
    const forum = await db
      .updateTable("forums")
      .set({ languages: ["en", "ar"], name: FORUM_NAME })
      .where("id", "=", seeded.forum.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    secretariat = await personWithRole(db, forum.id, "secretariat", "sec@example.org", "Eleni Sec");
    const as = { actor: secretariat, forum, cycle: seeded.cycle, now };
    await createQuestionnaire(db, { ...as, input: { originalLanguage: "en" } });
    await addSection(db, { ...as, input: { title: "Cybersecurity and the SDGs" } });
    await addQuestion(db, {
      ...as,
      sectionId: "s_cybersecurity_and_the_sdgs",
      input: { type: "long_text", label: "How does good security help?" },
    });
    await publishVariant(db, as);
    await saveCall(db, { ...as, input: { message: "Please contribute.", overview: "Why.", reading: "" } });
  });
  afterAll(async () => {
    await t?.close();
  });

  async function signedIn() {
    const agent = new TestAgent(t.app);
    const session = await createSession(t.database.db, { userId: secretariat.userId, now });
    agent.cookies.set("session", session.cookieValue);
    return agent;
  }

  it("isolates each language name in the lists of missing translations", async () => {
    const agent = await signedIn();
    const builder = await agent.get("/f/bpf-rtl/2017/questionnaire");
    expect(builder.statusCode).toBe(200);
    expect(builder.body).toMatch(/<bdi lang="ar">العربية<\/bdi><\/a>: \d+ texts missing/);
    const translate = await agent.get("/f/bpf-rtl/2017/questionnaire/translate?variant=base&lang=ar");
    expect(translate.statusCode).toBe(200);
    expect(translate.body).toMatch(/<bdi lang="ar">العربية<\/bdi><\/strong>: \d+ texts missing/);
  });

  it("isolates the forum's name in the call page's heading, its tab and the site header", async () => {
    const page = await new TestAgent(t.app).get("/f/bpf-rtl/2017/call");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`<h1>Call for contributions: <bdi>${FORUM_NAME}</bdi> 2017</h1>`);
    // The tab names the forum once: the usual call title already does.
    expect(page.body).toContain(`<title>Call for contributions: \u2068${FORUM_NAME}\u2069 2017</title>`);
    expect(unisolatedOverrides(page.body)).toEqual([]);
    const builder = await (await signedIn()).get("/f/bpf-rtl/2017/questionnaire");
    expect(unisolatedOverrides(builder.body)).toEqual([]);
  });
});
