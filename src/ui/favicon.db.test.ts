// Every page names the site's icon, and the /favicon.ico browsers ask for anyway leads to it, not to a 404.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../test-support/app.js";

describe("the site's icon", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp("pglite");
  });
  afterAll(async () => {
    await t?.close();
  });

  it("is linked from every page under a hashed name and answers /favicon.ico", async () => {
    const home = await t.app.inject({ method: "GET", url: "/" });
    const href = home.body.match(/<link rel="icon" type="image\/svg\+xml" href="([^"]+)"/)?.[1];
    expect(href).toMatch(/^\/assets\/favicon\.[0-9a-f]{12}\.svg$/);
    const icon = await t.app.inject({ method: "GET", url: href ?? "" });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers["content-type"]).toContain("image/svg+xml");
    const legacy = await t.app.inject({ method: "GET", url: "/favicon.ico" });
    expect(legacy.statusCode).toBe(302);
    expect(legacy.headers.location).toBe(href);
  });
});
