// "My next steps" is reachable: from the account menu on every page and from the profile.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../../auth/sessions.js";
import { TestAgent } from "../../test-support/agent.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { person, testForum } from "../test-fixtures.js";

describe("the link to a member's next steps", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp("pglite");
  });
  afterAll(async () => {
    await t?.close();
  });

  it("shows in the account menu and on the profile of a signed-in member, not to visitors", async () => {
    const db = t.database.db;
    const { forum } = await testForum(db);
    const member = await person(db, forum.id, { email: "m@example.org", name: "Mia", role: "member" });
    const visitor = new TestAgent(t.app);
    expect((await visitor.get("/")).body).not.toContain('href="/me/actions"');

    const { cookieValue } = await createSession(db, { userId: member.userId, now: new Date() });
    const agent = new TestAgent(t.app);
    agent.cookies.set("session", cookieValue);
    const home = await agent.get("/f/bpf-cyber");
    expect(home.body).toMatch(/<a href="\/me\/actions">My next steps<\/a>/);
    const profile = await agent.get("/me");
    expect(profile.statusCode).toBe(200);
    expect(profile.body.match(/href="\/me\/actions"/g)).toHaveLength(2);
    const mine = await agent.get("/me/actions");
    expect(mine.statusCode).toBe(200);
  });
});
