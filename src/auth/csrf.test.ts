import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestAgent } from "../test-support/agent.js";
import { createTestApp, type TestApp } from "../test-support/app.js";
import { createSession } from "./sessions.js";
import { insertUser } from "./users.js";

describe("forged requests on cookie-authenticated API calls", () => {
  let t: TestApp;
  let cookie: string;
  beforeAll(async () => {
    t = await createTestApp("pglite");
    const admin = await insertUser(t.database.db, {
      email: "root@example.org",
      name: "Root",
      isSiteAdmin: true,
    });
    const { cookieValue } = await createSession(t.database.db, { userId: admin.id, now: new Date() });
    cookie = `session=${cookieValue}; csrf=${"a".repeat(32)}`;
  });
  afterAll(async () => {
    await t?.close();
  });

  it("refuses a signed-in browser's API call without the token, accepts it with the token", async () => {
    const body = { slug: "from-browser", name: "From a browser" };
    const forged = await t.app.inject({
      method: "POST",
      url: "/api/v1/forums",
      headers: { cookie },
      payload: body,
    });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().error.code).toBe("forbidden");
    const real = await t.app.inject({
      method: "POST",
      url: "/api/v1/forums",
      headers: { cookie, "x-csrf-token": "a".repeat(32) },
      payload: body,
    });
    expect(real.statusCode).toBe(201);
  });

  it("refuses a form posted from another site even with a token", async () => {
    const agent = new TestAgent(t.app);
    const res = await agent.post(
      "/sign-in",
      { email: "someone@example.org" },
      { headers: { origin: "https://attacker.example" } },
    );
    expect(res.statusCode).toBe(403);
  });
});
