// A page reached with ?lang= keeps its language through its forms, as through its links: a form posting
// elsewhere carries ?lang= on its action, the redirect after it keeps it, a searching form sends it along.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedTestForum } from "../contributions/test-support.js";
import { TestAgent } from "../test-support/agent.js";
import { createTestApp, type TestApp } from "../test-support/app.js";

describe("?lang= through forms", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp("pglite");
    await seedTestForum(t.database.db);
  });
  afterAll(async () => {
    await t?.close();
  });

  it("keeps ?lang= on a posting form's action and on the redirect after it", async () => {
    const reader = new TestAgent(t.app, { "accept-language": "en" });
    const signIn = await reader.get("/sign-in?lang=es");
    expect(signIn.body).toContain('action="/sign-in?lang=es"');
    const out = await reader.post("/sign-out?lang=es", {});
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toMatch(/[?&]lang=es(#|$)/);
    const after = await reader.get(String(out.headers.location));
    expect(after.body).toContain('<html lang="es"');
    // Without ?lang=, nothing is added: the reader's own choice (cookie, profile, browser) rules.
    const plain = await reader.get("/sign-in");
    expect(plain.body).toContain('action="/sign-in"');
  });

  it("sends ?lang= along with a filtering form", async () => {
    const list = await t.app.inject({ method: "GET", url: "/f/bpf-cyber/2017/contributions?lang=fr" });
    const form = list.body.match(/<form[^>]*method="get"[\s\S]*?<\/form>/)?.[0] ?? "";
    expect(form).toContain('<input type="hidden" name="lang" value="fr"/>');
    const plain = await t.app.inject({ method: "GET", url: "/f/bpf-cyber/2017/contributions" });
    expect(plain.body).not.toContain('name="lang"');
  });
});
