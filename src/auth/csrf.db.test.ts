import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestAgent } from "../test-support/agent.js";
import { createTestApp, type TestApp } from "../test-support/app.js";
import { testEngines } from "../test-support/databases.js";
import { createSession } from "./sessions.js";
import { insertUser } from "./users.js";

describe.each(testEngines)("forged requests on cookie-authenticated API calls (%s)", (engine) => {
  let t: TestApp;
  let cookie: string;
  beforeAll(async () => {
    t = await createTestApp(engine);
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

describe("forms behind a reverse proxy", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp("pglite", { publicUrl: "https://bpf.example.org", trustProxy: true });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("accepts a form posted through a reverse proxy, whose Host names the upstream", async () => {
    const agent = new TestAgent(t.app);
    const proxied: Record<string, string>[] = [
      { origin: "https://bpf.example.org", host: "127.0.0.1:3000" },
      {
        origin: "https://proxied.example.net",
        host: "127.0.0.1:3000",
        "x-forwarded-host": "proxied.example.net",
      },
    ];
    for (const headers of proxied) {
      const res = await agent.post("/sign-in", { email: "someone@example.org" }, { headers });
      expect(res.statusCode, JSON.stringify(headers)).toBe(200);
      expect(res.body).toContain("Check your mail");
    }
    const elsewhere = await agent.post(
      "/sign-in",
      { email: "someone@example.org" },
      { headers: { origin: "https://attacker.example", host: "127.0.0.1:3000" } },
    );
    expect(elsewhere.statusCode).toBe(403);
  });
});
