// A meeting's title and its participants' names are typed text: a right-to-left override in them must not
// reorder the lists and sentences around them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../auth/actor.js";
import { createSession } from "../auth/sessions.js";
import { TestAgent } from "../test-support/agent.js";
import { createTestApp, type TestApp } from "../test-support/app.js";
import { unisolatedOverrides } from "../test-support/bidi.js";
import { testEngines } from "../test-support/databases.js";
import { createMeeting, replaceAttendance } from "./meetings/service.js";
import { person, testForum } from "./test-fixtures.js";

const TITLE = "Kick-off \u202Egniteem";
const PARTICIPANT = "Eve \u202Eretsinim";

describe.each(testEngines)("typed text isolated on meeting pages (%s)", (engine) => {
  let t: TestApp;
  let secretariat: Actor & { kind: "user" };
  let slug: string;

  beforeAll(async () => {
    t = await createTestApp(engine);
    const db = t.database.db;
    const { forum, cycle2017 } = await testForum(db);
    secretariat = await person(db, forum.id, { email: "sec@example.org", name: "Sec", role: "secretariat" });
    const meeting = await createMeeting(db, {
      actor: secretariat,
      forumId: forum.id,
      cycleId: cycle2017.id,
      input: { kind: "virtual", number: 3, title: TITLE, date: "2017-08-07", time_zone: "Europe/Zurich" },
    });
    slug = meeting.slug;
    await replaceAttendance(db, {
      actor: secretariat,
      meetingId: meeting.id,
      lines: `${PARTICIPANT} (Ministry)`,
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("isolates the meeting's title in the list, on its page and in its tab", async () => {
    const agent = new TestAgent(t.app);
    const session = await createSession(t.database.db, { userId: secretariat.userId, now: new Date() });
    agent.cookies.set("session", session.cookieValue);
    const list = await agent.get("/f/bpf-cyber/2017/meetings");
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`<bdi>${TITLE}</bdi>`);
    expect(unisolatedOverrides(list.body)).toEqual([]);
    const page = await agent.get(`/f/bpf-cyber/2017/meetings/${slug}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`<title>\u2068${TITLE}\u2069`);
    expect(page.body).toContain(`<bdi>${PARTICIPANT}</bdi> (<bdi>Ministry</bdi>)`);
    expect(unisolatedOverrides(page.body)).toEqual([]);
  });
});
