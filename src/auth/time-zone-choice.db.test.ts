// The zone chosen at /tz: a signed-in person's choice is saved to their profile (audited), so it follows them
// to mail and other browsers; a visitor's stays in a cookie.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestAgent } from "../test-support/agent.js";
import { createTestApp, type TestApp } from "../test-support/app.js";
import { testEngines } from "../test-support/databases.js";
import { createSession } from "./sessions.js";
import { findUserById, insertUser, updateUser } from "./users.js";

describe.each(testEngines)("choosing a time zone at /tz on %s", (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => {
    await t?.close();
  });

  it("saves a signed-in person's choice to their profile, with an audit row, and shows times in it", async () => {
    const db = t.database.db;
    const user = await insertUser(db, { email: "rosa@example.org", name: "Rosa Quispe" });
    await updateUser(db, user.id, { time_zone: "America/Lima" });
    const agent = new TestAgent(t.app);
    agent.cookies.set("session", (await createSession(db, { userId: user.id, now: new Date() })).cookieValue);
    const res = await agent.post("/tz", { zone: "Asia/Tokyo", next: "/tz" });
    expect(res.statusCode).toBe(303);
    expect((await findUserById(db, user.id))?.time_zone).toBe("Asia/Tokyo");
    const audit = await db
      .selectFrom("audit_log")
      .select(["action", "actor_label", "subject_id", "before", "after"])
      .where("action", "=", "user.time_zone")
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor_label: "Rosa Quispe <rosa@example.org>",
      subject_id: user.id,
      before: { time_zone: "America/Lima" },
      after: { time_zone: "Asia/Tokyo" },
    });
    // The profile's zone used to win over the cookie, so the choice seemed ignored; now both say Tokyo.
    const page = await agent.get("/tz");
    expect(page.body).toContain('<option value="Asia/Tokyo" selected>');
    // Choosing the same zone again changes nothing and writes no second row.
    await agent.post("/tz", { zone: "Asia/Tokyo", next: "/tz" });
    expect(
      await db.selectFrom("audit_log").select("id").where("action", "=", "user.time_zone").execute(),
    ).toHaveLength(1);
  });

  it("keeps a visitor's choice in a cookie and saves nothing for an unknown zone", async () => {
    const db = t.database.db;
    const visitor = new TestAgent(t.app);
    const res = await visitor.post("/tz", { zone: "Asia/Tokyo", next: "/tz" });
    expect(res.statusCode).toBe(303);
    expect(visitor.cookies.get("tz")).toBe("Asia/Tokyo");
    const user = await insertUser(db, { email: "luc@example.org", name: "Luc Meier" });
    const agent = new TestAgent(t.app);
    agent.cookies.set("session", (await createSession(db, { userId: user.id, now: new Date() })).cookieValue);
    await agent.post("/tz", { zone: "Mars/Olympus_Mons", next: "/tz" });
    expect((await findUserById(db, user.id))?.time_zone).toBeNull();
  });
});
