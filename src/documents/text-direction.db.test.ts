// A document read in an interface of the other direction: its text, its title where the original stands in and
// the quotes of its comments carry the document's language and direction (English stays left to right under an
// Arabic interface, Arabic right to left under an English one); what people type in comments takes its own.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../auth/sessions.js";
import { TestAgent } from "../test-support/agent.js";
import { createTestApp, type TestApp } from "../test-support/app.js";
import { testEngines } from "../test-support/databases.js";
import { makeCycle, makeForum, makePerson } from "../test-support/factories.js";

describe.each(testEngines)("a document's text direction on %s", (engine) => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof seed>>;
  const now = new Date("2017-10-12T09:00:00Z");

  async function seed() {
    const db = t.database.db;
    const english = await makeForum(db);
    await makeCycle(db, english, { year: 2017 });
    const arabic = await makeForum(db, { slug: "bpf-arab", name: "منتدى", languages: ["ar"] });
    await makeCycle(db, arabic, { year: 2017 });
    const sam = await makePerson(db, {
      email: "sam@example.org",
      name: "Sam Secretariat",
      role: "secretariat",
      forumId: english.id,
    });
    const sara = await makePerson(db, {
      email: "sara@example.org",
      name: "Sara Secretariat",
      role: "secretariat",
      forumId: arabic.id,
    });
    const pia = await makePerson(db, { email: "pia@example.org", name: "Pia Public" });
    return { sam, sara, pia };
  }

  async function agentFor(userId: string) {
    const { cookieValue } = await createSession(t.database.db, { userId, now });
    const agent = new TestAgent(t.app);
    agent.cookies.set("session", cookieValue);
    return agent;
  }

  /** Creates and publishes a document open for public review; its address. */
  async function published(agent: TestAgent, list: string, title: string, body: string) {
    const created = await agent.post(list, {
      kind: "output",
      title,
      body,
      review_opens: "2017-10-01",
      review_closes: "2017-10-20",
    });
    expect(created.statusCode).toBe(303);
    const page = String(created.headers.location);
    expect((await agent.post(`${page}/versions/1/publish`, { to: "public" })).statusCode).toBe(303);
    return page;
  }

  beforeAll(async () => {
    t = await createTestApp(engine);
    t.setNow(now);
    w = await seed();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("keeps an English document left to right in the Arabic interface", async () => {
    const sam = await agentFor(w.sam.user.id);
    const page = await published(
      sam,
      "/f/bpf-cyber/2017/documents",
      "Output document",
      "# Trust\n\nTrusted channels matter. They let incidents be shared.",
    );
    const pia = await agentFor(w.pia.user.id);
    const paragraph = /<p id="p-([^"]+)"/.exec((await pia.get(page)).body)?.[1] ?? "";
    expect(
      (
        await pia.post(`${page}/comments`, {
          version: "1",
          paragraph_id: paragraph,
          quote: "Trusted channels",
          body: "قنوات الثقة مهمة.",
        })
      ).statusCode,
    ).toBe(303);

    const read = (await new TestAgent(t.app).get(`${page}?lang=ar`)).body;
    expect(read).toContain('<html lang="ar" dir="rtl">');
    // The text: every block in English, left to right.
    expect(read).toMatch(/<h2 id="p-[^"]+" lang="en" dir="ltr">Trust<\/h2>/);
    expect(read).toContain(
      `<p id="p-${paragraph}" lang="en" dir="ltr">Trusted channels matter. They let incidents be shared.</p>`,
    );
    // The title (not translated into Arabic) and the quote in English; the comment in its own direction.
    expect(read).toContain('<h1 lang="en" dir="ltr"><bdi lang="en">Output document</bdi></h1>');
    expect(read).toContain('<bdi lang="en" dir="ltr">Trusted channels</bdi>');
    expect(read).toContain('<p class="typed-text" dir="auto"><bdi>قنوات الثقة مهمة.</bdi></p>');
    // The interface around it stays Arabic: the comments' sentences are not marked as English.
    expect(read).not.toMatch(/<div class="document-block"[^>]*lang=/);
  });

  it("keeps an Arabic forum's document right to left in the English interface", async () => {
    const sara = await agentFor(w.sara.user.id);
    const page = await published(
      sara,
      "/f/bpf-arab/2017/documents",
      "الوثيقة",
      "# الثقة\n\nقنوات الثقة مهمة.",
    );
    const read = (await new TestAgent(t.app).get(`${page}?lang=en`)).body;
    expect(read).toContain('<html lang="en" dir="ltr">');
    expect(read).toMatch(/<p id="p-[^"]+" lang="ar" dir="rtl">قنوات الثقة مهمة.<\/p>/);
    expect(read).toContain('<h1 lang="ar" dir="rtl"><bdi lang="ar">الوثيقة</bdi></h1>');
  });
});
