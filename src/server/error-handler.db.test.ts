// A reader who must sign in is sent to sign in and brought back, never shown a bare 401 page.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createForum } from "../forums/index.js";
import { createTestApp, type TestApp } from "../test-support/app.js";
import { testEngines } from "../test-support/databases.js";

describe.each(testEngines)("sign-in redirects on %s", (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
    await createForum(t.database.db, {
      actor: { kind: "system", label: "test" },
      input: { slug: "bpf-signin", name: "BPF Sign-in" },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("sends a browser asking for a members' page to sign in, returning there afterwards", async () => {
    for (const url of ["/f/bpf-signin/audit?kind=forum", "/f/bpf-signin/manage"]) {
      const res = await t.app.inject({ method: "GET", url, headers: { accept: "text/html" } });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(`/sign-in?next=${encodeURIComponent(url)}`);
    }
  });

  it("still answers 401 to JSON clients and to requests that change something", async () => {
    const json = await t.app.inject({
      method: "GET",
      url: "/f/bpf-signin/audit",
      headers: { accept: "application/json" },
    });
    expect(json.statusCode).toBe(401);
    expect(json.json().error.code).toBe("unauthorized");
    const api = await t.app.inject({ method: "GET", url: "/api/v1/me" });
    expect(api.statusCode).toBe(401);
  });

  it("never nests a sign-in page inside the sign-in link", async () => {
    const nested = await t.app.inject({
      method: "GET",
      url: `/sign-in?next=${encodeURIComponent("/sign-in?next=/f/bpf-signin/manage")}`,
    });
    expect(nested.statusCode).toBe(200);
    expect(nested.body).toContain('name="next" value="/f/bpf-signin/manage"');
    expect(nested.body).toContain(`href="/sign-in?next=${encodeURIComponent("/f/bpf-signin/manage")}"`);
    const bare = await t.app.inject({ method: "GET", url: "/sign-in" });
    expect(bare.body).toContain('name="next" value="/"');
    expect(bare.body).toContain('class="account" href="/sign-in"');
    expect(bare.body).not.toContain("sign-in?next=%2Fsign-in");
  });
});
