// The reading tracker: a member's list with read/unread, progress and what is new since their previous visit;
// opening a contribution marks it read, and so does the button (which also marks it unread); the secretariat
// sees who has read what. Nobody outside the forum's members gets any of it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../../auth/api-tokens.js";
import { createSession } from "../../auth/sessions.js";
import { emptyDetails } from "../../contributions/submit/details.js";
import { saveContribution } from "../../contributions/submit/service.js";
import { TestAgent } from "../../test-support/agent.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { testEngines } from "../../test-support/databases.js";
import {
  makeCycle,
  makeForum,
  makePerson,
  makePublishedContribution,
  setUpActor,
} from "../../test-support/factories.js";

describe.each(testEngines)("the reading tracker on %s", (engine) => {
  let t: TestApp;
  let world: Awaited<ReturnType<typeof seed>>;

  async function seed() {
    const db = t.database.db;
    const forum = await makeForum(db);
    await makeCycle(db, forum, { year: 2016 });
    const cycle = await makeCycle(db, forum, { year: 2017, continueFromYear: 2016 });
    const other = await makeForum(db, { slug: "bpf-other", name: "Another forum" });
    const mia = await makePerson(db, {
      email: "mia@example.org",
      name: "Mia Member",
      role: "member",
      forumId: forum.id,
    });
    const sam = await makePerson(db, {
      email: "sam@example.org",
      name: "Sam Secretariat",
      role: "secretariat",
      forumId: forum.id,
    });
    const olga = await makePerson(db, {
      email: "olga@example.org",
      name: "Olga Other",
      role: "member",
      forumId: other.id,
    });
    const contribution = (name: string, text: string, receivedAt: string, anonymous = false) =>
      makePublishedContribution(db, {
        forum,
        cycle,
        name,
        stakeholderGroup: "civil_society",
        country: "SN",
        text,
        receivedAt,
        anonymous,
      });
    const first = await contribution(
      "Amina Diallo",
      "Trusted channels between CERTs matter.",
      "2017-09-01T10:00:00Z",
    );
    const second = await contribution(
      "Secret Person",
      "Capacity building for small States.",
      "2017-09-05T10:00:00Z",
      true,
    );
    // Submitted, not published: the workspace does not show it.
    const pending = await saveContribution(
      { db, now: new Date("2017-09-06T10:00:00Z"), secret: "s", publicUrl: "http://localhost" },
      {
        actor: setUpActor,
        forum,
        cycle,
        details: {
          ...emptyDetails(),
          contributor_name: "Uma Unpublished",
          email: "uma@example.org",
          stakeholder_group: "academia",
          country: "FR",
          consent: "with_name",
          licence: "cc_by_4_0",
          body_text: "Awaiting moderation.",
        },
        uploads: [],
        action: "submit",
        channel: "import",
        receivedAt: new Date("2017-09-06T10:00:00Z"),
        keepDraftOnError: false,
      },
    );
    return {
      forum,
      cycle,
      other,
      mia,
      sam,
      olga,
      first,
      second,
      pending: pending.contribution,
      contribution,
    };
  }

  async function agentFor(userId: string, now: string) {
    const { cookieValue } = await createSession(t.database.db, { userId, now: new Date(now) });
    const agent = new TestAgent(t.app);
    agent.cookies.set("session", cookieValue);
    return agent;
  }

  beforeAll(async () => {
    t = await createTestApp(engine);
    t.setNow(new Date("2017-09-10T08:00:00Z"));
    world = await seed();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("gives the workspace to nobody outside the forum's members", async () => {
    const anonymous = new TestAgent(t.app);
    const list = await anonymous.get("/f/bpf-cyber/2017/reading");
    expect(list.statusCode).toBe(303);
    expect(list.headers.location).toMatch(/^\/sign-in/);
    const page = await anonymous.get(`/f/bpf-cyber/2017/reading/${world.first.reference}`);
    expect(page.statusCode).toBe(303);
    expect(page.body).not.toContain("Trusted channels");

    const olga = await agentFor(world.olga.user.id, "2017-09-10T08:00:00Z");
    for (const url of [
      "/f/bpf-cyber/2017/reading",
      `/f/bpf-cyber/2017/reading/${world.first.reference}`,
      "/f/bpf-cyber/2017/reading/who",
      "/f/bpf-cyber/2017/reading/statistics",
    ]) {
      const res = await olga.get(url);
      expect(res.statusCode, url).toBe(403);
      expect(res.body).not.toContain("Trusted channels");
      expect(res.body).not.toContain("Amina Diallo");
    }
    const mark = await olga.post(`/f/bpf-cyber/2017/reading/${world.first.reference}/read`, { read: "1" });
    expect(mark.statusCode).toBe(403);

    // A member's API token is not a reader: reading lists belong to people.
    const { token } = await createApiToken(t.database.db, {
      name: "m",
      role: "member",
      forumId: world.forum.id,
    });
    const tokenAgent = new TestAgent(t.app, { authorization: `Bearer ${token}` });
    expect((await tokenAgent.get("/f/bpf-cyber/2017/reading")).statusCode).toBe(403);
    // Nothing was marked read by any of them.
    const marks = await t.database.db.selectFrom("reading_marks").selectAll().execute();
    expect(marks).toEqual([]);
  });

  it("shows a member their progress and, on a later visit, what was published since", async () => {
    const mia = await agentFor(world.mia.user.id, "2017-09-10T08:00:00Z");
    const firstVisit = await mia.get("/f/bpf-cyber/2017/reading");
    expect(firstVisit.statusCode).toBe(200);
    expect(firstVisit.body).toContain("0 of 2 read");
    expect(firstVisit.body).toContain("This is your first visit");
    expect(firstVisit.body).toContain(world.first.reference);
    // The anonymous contributor's name is not shown; the unpublished contribution is not listed.
    expect(firstVisit.body).not.toContain("Secret Person");
    expect(firstVisit.body).toContain("Anonymous contributor (Civil society, Senegal)");
    expect(firstVisit.body).not.toContain("Uma Unpublished");

    // A third contribution is published on 21 September; Mia comes back the next day.
    const third = await world.contribution(
      "Carlos Pérez",
      "Critical infrastructure protection.",
      "2017-09-21T10:00:00Z",
    );
    t.setNow(new Date("2017-09-22T09:00:00Z"));
    const mia2 = await agentFor(world.mia.user.id, "2017-09-22T09:00:00Z");
    const later = await mia2.get("/f/bpf-cyber/2017/reading");
    expect(later.body).toContain("0 of 3 read");
    expect(later.body).toContain("1 new contribution since your last visit on");
    const newOnly = await mia2.get("/f/bpf-cyber/2017/reading?show=new");
    expect(newOnly.body).toContain(third.reference);
    expect(newOnly.body).not.toContain(`>${world.first.reference}<`);
    // Coming back within the same visit (a reload a few minutes later) keeps what is new.
    t.setNow(new Date("2017-09-22T09:10:00Z"));
    expect((await mia2.get("/f/bpf-cyber/2017/reading")).body).toContain("1 new contribution since");
  });

  it("marks a contribution read when the member opens it, and by hand both ways", async () => {
    t.setNow(new Date("2017-09-23T09:00:00Z"));
    const mia = await agentFor(world.mia.user.id, "2017-09-23T09:00:00Z");
    const page = await mia.get(`/f/bpf-cyber/2017/reading/${world.first.reference}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Trusted channels between CERTs matter.");
    expect(page.body).toContain("You read this on");
    expect((await mia.get("/f/bpf-cyber/2017/reading")).body).toContain("1 of 3 read");

    const byHand = await mia.post(`/f/bpf-cyber/2017/reading/${world.second.reference}/read`, {
      read: "1",
      back: "list",
    });
    expect(byHand.statusCode).toBe(303);
    expect(byHand.headers.location).toBe("/f/bpf-cyber/2017/reading?done=read");
    const unread = await mia.get("/f/bpf-cyber/2017/reading?show=unread");
    expect(unread.body).toContain("2 of 3 read");
    expect(unread.body).not.toContain(`>${world.second.reference}<`);

    await mia.post(`/f/bpf-cyber/2017/reading/${world.first.reference}/read`, { read: "0" });
    const list = await mia.get("/f/bpf-cyber/2017/reading?done=unread");
    expect(list.body).toContain("1 of 3 read");
    expect(list.body).toContain("Marked as unread.");

    // Each change of a read mark has its audit row; opening an already read page writes none.
    await mia.get(`/f/bpf-cyber/2017/reading/${world.second.reference}`);
    const audit = await t.database.db
      .selectFrom("audit_log")
      .select(["action", "subject_id"])
      .where("action", "like", "reading.%")
      .orderBy("id")
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["reading.read", "reading.read", "reading.unread"]);

    // Neither an unpublished contribution nor an unknown reference opens in the workspace.
    expect((await mia.get(`/f/bpf-cyber/2017/reading/${world.pending.reference}`)).statusCode).toBe(404);
    expect((await mia.get("/f/bpf-cyber/2017/reading/BPF-2017-999")).statusCode).toBe(404);
  });

  it("shows the secretariat who has read what, and only the secretariat", async () => {
    const mia = await agentFor(world.mia.user.id, "2017-09-23T09:00:00Z");
    expect((await mia.get("/f/bpf-cyber/2017/reading/who")).statusCode).toBe(403);
    const sam = await agentFor(world.sam.user.id, "2017-09-23T09:00:00Z");
    const who = await sam.get("/f/bpf-cyber/2017/reading/who");
    expect(who.statusCode).toBe(200);
    const miaRow = who.body.match(/<bdi>Mia Member<\/bdi><\/th><td>([^<]+)<\/td>/);
    expect(miaRow?.[1]).toBe("1 of 3 read");
    const samRow = who.body.match(/<bdi>Sam Secretariat<\/bdi><\/th><td>([^<]+)<\/td>/);
    expect(samRow?.[1]).toBe("0 of 3 read");
    const secondRow = who.body.slice(who.body.indexOf(`>${world.second.reference}</a>`));
    expect(secondRow.slice(0, 200)).toContain("Mia Member");
    // The secretariat's own reading list links to the table; a member's does not.
    expect((await sam.get("/f/bpf-cyber/2017/reading")).body).toContain(
      'href="/f/bpf-cyber/2017/reading/who"',
    );
    expect((await mia.get("/f/bpf-cyber/2017/reading")).body).not.toContain("/reading/who");
  });

  it("puts the member's progress on the cycle's page", async () => {
    const mia = await agentFor(world.mia.user.id, "2017-09-23T09:00:00Z");
    const cyclePage = await mia.get("/f/bpf-cyber/2017");
    expect(cyclePage.body).toContain('href="/f/bpf-cyber/2017/reading"');
    expect(cyclePage.body).toContain("1 of 3 read");
    const visitor = await new TestAgent(t.app).get("/f/bpf-cyber/2017");
    expect(visitor.body).not.toContain('href="/f/bpf-cyber/2017/reading"');
    expect(visitor.body).toContain('href="/f/bpf-cyber/2017/statistics"');
  });

  it("does not call the rest of a first visit 'waiting for you' once the member has started reading", async () => {
    const sam = await agentFor(world.sam.user.id, "2017-09-23T09:00:00Z");
    expect((await sam.get("/f/bpf-cyber/2017/reading")).body).toContain("This is your first visit");
    await sam.get(`/f/bpf-cyber/2017/reading/${world.first.reference}`);
    const list = await sam.get("/f/bpf-cyber/2017/reading");
    expect(list.body).toContain("1 of 3 read");
    expect(list.body).toContain("Your first visit: 2 contributions below are still waiting for you.");
    expect(list.body).not.toContain("every contribution below is waiting for you");
  });
});
