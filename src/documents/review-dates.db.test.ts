// Opening public comment after a document was created: the secretariat sets and changes the review dates on the
// edit page (refused dates come back as typed), the page tells the secretariat how to open a review that is not
// open (the document's dates, or the cycle's milestones when those decide), and anonymous readers see only that
// it is not open.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../auth/sessions.js";
import { TestAgent } from "../test-support/agent.js";
import { createTestApp, type TestApp } from "../test-support/app.js";
import { testEngines } from "../test-support/databases.js";
import { makeCycle, makeForum, makePerson } from "../test-support/factories.js";

describe.each(testEngines)("a document's review dates on %s", (engine) => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof seed>>;
  const now = new Date("2017-10-02T09:00:00Z");

  async function seed() {
    const db = t.database.db;
    const forum = await makeForum(db);
    await makeCycle(db, forum, { year: 2017 });
    // A later cycle whose review milestones decide its documents' review.
    await makeCycle(db, forum, {
      year: 2018,
      zone: "UTC",
      milestones: { review_opens: "2018-10-10", review_closes: "2018-10-20" },
    });
    const sam = await makePerson(db, {
      email: "sam@example.org",
      name: "Sam Secretariat",
      role: "secretariat",
      forumId: forum.id,
    });
    const mia = await makePerson(db, {
      email: "mia@example.org",
      name: "Mia Member",
      role: "member",
      forumId: forum.id,
    });
    const pia = await makePerson(db, { email: "pia@example.org", name: "Pia Public" });
    return { sam, mia, pia };
  }

  async function agentFor(userId: string) {
    const { cookieValue } = await createSession(t.database.db, { userId, now });
    const agent = new TestAgent(t.app);
    agent.cookies.set("session", cookieValue);
    return agent;
  }

  beforeAll(async () => {
    t = await createTestApp(engine);
    t.setNow(now);
    w = await seed();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("lets the secretariat open public review on a published document that had no dates", async () => {
    const sam = await agentFor(w.sam.user.id);
    const created = await sam.post("/f/bpf-cyber/2017/documents", {
      kind: "output",
      title: "Output without dates",
      body: "# Trust\n\nTrusted channels matter.",
    });
    expect(created.statusCode).toBe(303);
    const page = String(created.headers.location);
    expect((await sam.post(`${page}/versions/1/publish`, { to: "public" })).statusCode).toBe(303);

    // Not open: the public reads only that; the secretariat is told where to open it.
    const anonymous = new TestAgent(t.app);
    const closed = await anonymous.get(page);
    expect(closed.body).toContain("Public review is not open: public comments are not being taken.");
    expect(closed.body).not.toContain("#review-dates");
    const told = await sam.get(page);
    expect(told.body).toContain(`<a href="${page}/edit#review-dates">`);
    expect(told.body).toContain("To open it, set the document’s public review dates.");

    // The edit page has the dates.
    const edit = await sam.get(`${page}/edit`);
    expect(edit.statusCode).toBe(200);
    expect(edit.body).toContain('id="review-dates"');
    expect(edit.body).toContain('name="review_opens"');
    expect(edit.body).toContain('name="review_closes"');

    // Refused dates come back as typed, each error by its field; nothing changes.
    const backwards = await sam.post(`${page}/review-dates`, {
      review_opens: "2017-10-05",
      review_closes: "2017-10-01",
    });
    expect(backwards.statusCode).toBe(422);
    expect(backwards.body).toContain("The review cannot close before it opens.");
    expect(backwards.body).toContain('value="2017-10-05"');
    expect(backwards.body).toContain('value="2017-10-01"');
    const impossible = await sam.post(`${page}/review-dates`, { review_opens: "2017-13-45" });
    expect(impossible.statusCode).toBe(422);
    expect(impossible.body).toContain("Give a date as YYYY-MM-DD.");
    expect(impossible.body).toContain('value="2017-13-45"');
    expect((await anonymous.get(page)).body).toContain("Public review is not open");

    // Nobody but the secretariat sets them.
    const mia = await agentFor(w.mia.user.id);
    const pia = await agentFor(w.pia.user.id);
    for (const agent of [mia, pia]) {
      const refused = await agent.post(`${page}/review-dates`, {
        review_opens: "2017-10-01",
        review_closes: "2017-10-20",
      });
      expect(refused.statusCode).toBe(403);
    }
    expect((await anonymous.get(page)).body).toContain("Public review is not open");

    // Set: the review is open, the public may comment, and the change is audited.
    const set = await sam.post(`${page}/review-dates`, {
      review_opens: "2017-10-01",
      review_closes: "2017-10-20",
    });
    expect(set.statusCode).toBe(303);
    expect(set.headers.location).toBe(page);
    const open = await anonymous.get(page);
    expect(open.body).toContain("Public review is open until");
    expect(open.body).toContain("October 20, 2017");
    expect((await sam.get(`${page}/edit`)).body).toContain('value="2017-10-20"');
    const paragraph = /data-paragraph="([^"]+)"/.exec((await pia.get(page)).body)?.[1] ?? "";
    const comment = await pia.post(`${page}/comments`, {
      version: "1",
      paragraph_id: paragraph,
      body: "Now I can comment.",
    });
    expect(comment.statusCode).toBe(303);

    // Changed: closing earlier closes it.
    expect(
      (await sam.post(`${page}/review-dates`, { review_opens: "2017-09-01", review_closes: "2017-09-30" }))
        .statusCode,
    ).toBe(303);
    expect((await anonymous.get(page)).body).toContain("Public review is not open");

    const audit = await t.database.db
      .selectFrom("audit_log")
      .select(["action", "before", "after"])
      .where("action", "=", "document.review_dates")
      .orderBy("id")
      .execute();
    expect(audit.map((a) => a.after)).toEqual([
      { review_opens: "2017-10-01", review_closes: "2017-10-20" },
      { review_opens: "2017-09-01", review_closes: "2017-09-30" },
    ]);
    expect(audit[0]?.before).toEqual({ review_opens: null, review_closes: null });
  });

  it("tells the secretariat the cycle's milestones decide when they do", async () => {
    const sam = await agentFor(w.sam.user.id);
    const created = await sam.post("/f/bpf-cyber/2018/documents", {
      kind: "output",
      title: "Output under milestones",
      body: "# Trust\n\nTrusted channels matter.",
    });
    const page = String(created.headers.location);
    expect((await sam.post(`${page}/versions/1/publish`, { to: "public" })).statusCode).toBe(303);
    const told = await sam.get(page);
    expect(told.body).toContain("The cycle’s review milestones decide when it is open.");
    expect(told.body).toContain('<a href="/f/bpf-cyber/2018/manage">');
    expect(told.body).not.toContain("#review-dates");
    expect((await sam.get(`${page}/edit`)).body).toContain("The cycle has review milestones");
    // The document's own dates do not open it while the milestones decide.
    await sam.post(`${page}/review-dates`, { review_opens: "2017-10-01", review_closes: "2017-10-20" });
    expect((await new TestAgent(t.app).get(page)).body).toContain("Public review is not open");
  });
});
