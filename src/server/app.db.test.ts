import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../auth/api-tokens.js";
import { createTestApp, type TestApp, testConfig } from "../test-support/app.js";
import { createTestDatabase, testEngines } from "../test-support/databases.js";
import { buildApp } from "./app.js";

describe.each(testEngines)("server on %s", (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => {
    await t?.close();
  });

  it("reports health with the database status", async () => {
    const res = await t.app.inject({ method: "GET", url: "/healthz" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: "ok", database: { engine, status: "ok" } });
    expect(res.headers["cache-control"]).toBe("no-store");
  });

  it("serves the home page with security headers and a strict CSP without inline script", async () => {
    const res = await t.app.inject({ method: "GET", url: "/" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("text/html");
    const csp = String(res.headers["content-security-policy"]);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["x-request-id"]).toBeTruthy();
    expect(res.body).toMatch(/^<!doctype html><html lang="en" dir="ltr">/);
    expect(res.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it("serves assets under content-hashed names with long caching, compressed on request", async () => {
    const home = await t.app.inject({ method: "GET", url: "/" });
    const href = /href="(\/assets\/style\.[0-9a-f]{12}\.css)"/.exec(home.body)?.[1];
    expect(href).toBeTruthy();
    const css = await t.app.inject({ method: "GET", url: href!, headers: { "accept-encoding": "gzip" } });
    expect(css.statusCode).toBe(200);
    expect(css.headers["cache-control"]).toContain("immutable");
    expect(css.headers["content-encoding"]).toBe("gzip");
    const missing = await t.app.inject({ method: "GET", url: "/assets/style.000000000000.css" });
    expect(missing.statusCode).toBe(404);
  });

  it("renders a not-found page for browsers and a JSON error for the API", async () => {
    const page = await t.app.inject({
      method: "GET",
      url: "/no/such/page",
      headers: { accept: "text/html" },
    });
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain("Page not found");
    expect(page.body).toContain(page.headers["x-request-id"]);
    const api = await t.app.inject({ method: "GET", url: "/api/v1/nothing" });
    expect(api.statusCode).toBe(404);
    expect(api.json()).toEqual({
      error: { code: "not_found", message: "Not found.", request_id: api.headers["x-request-id"] },
    });
  });

  it("refuses an unknown API token with 401 and accepts a real one", async () => {
    const bad = await t.app.inject({
      method: "GET",
      url: "/api/v1/me",
      headers: { authorization: "Bearer isk_nope" },
    });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().error.code).toBe("unauthorized");
    expect(bad.headers["www-authenticate"]).toContain("Bearer");
    const { token } = await createApiToken(t.database.db, { name: "ci", role: "secretariat", forumId: null });
    const good = await t.app.inject({
      method: "GET",
      url: "/api/v1/me",
      headers: { authorization: `Bearer ${token}` },
    });
    expect(good.statusCode).toBe(200);
    expect(good.json()).toEqual({ kind: "token", name: "ci", role: "secretariat", forum_id: null });
    const stored = await t.database.db.selectFrom("api_tokens").select("token_hash").execute();
    expect(stored.map((r) => r.token_hash)).not.toContain(token);
  });

  it("generates the OpenAPI 3.1 document from the route schemas and a readable reference", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/openapi.json" });
    const doc = res.json();
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.paths["/api/v1/me"].get.responses["401"]).toBeDefined();
    expect(Object.keys(doc.paths).every((p: string) => p.startsWith("/api/v1/"))).toBe(true);
    const page = await t.app.inject({ method: "GET", url: "/api" });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("GET /api/v1/me");
  });

  it("switches the language with a cookie and turns Arabic pages right to left", async () => {
    const sw = await t.app.inject({ method: "GET", url: "/lang/ar?next=/api" });
    expect(sw.statusCode).toBe(303);
    expect(sw.headers.location).toBe("/api");
    const cookie = String(sw.headers["set-cookie"]);
    expect(cookie).toContain("lang=ar");
    const page = await t.app.inject({ method: "GET", url: "/", headers: { cookie: "lang=ar" } });
    expect(page.body).toContain('<html lang="ar" dir="rtl">');
    expect(page.body).toContain("المنتديات");
  });

  it("never redirects off-site after a language switch", async () => {
    for (const next of [
      "//evil.example",
      "https://evil.example",
      "/\\evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
    ]) {
      const res = await t.app.inject({ method: "GET", url: `/lang/es?next=${encodeURIComponent(next)}` });
      expect(res.headers.location).toBe("/");
    }
  });

  it("follows Accept-Language when no language was chosen", async () => {
    const page = await t.app.inject({
      method: "GET",
      url: "/",
      headers: { "accept-language": "fr-CH, fr;q=0.9, en;q=0.8" },
    });
    expect(page.body).toContain('<html lang="fr" dir="ltr">');
  });
});

describe("an unexpected failure", () => {
  it("shows a generic page or JSON error with the request id, never the error's own text", async () => {
    const database = await createTestDatabase("pglite");
    const app = await buildApp({ config: testConfig(), database, logger: false });
    app.get("/boom", async () => {
      throw new Error("password=hunter2 at db.internal:5432");
    });
    await app.ready();
    try {
      const page = await app.inject({ method: "GET", url: "/boom", headers: { accept: "text/html" } });
      expect(page.statusCode).toBe(500);
      expect(page.headers["content-type"]).toContain("text/html");
      expect(page.body).toContain(String(page.headers["x-request-id"]));
      expect(page.body).not.toContain("hunter2");
      const json = await app.inject({ method: "GET", url: "/boom", headers: { accept: "application/json" } });
      expect(json.statusCode).toBe(500);
      expect(json.json().error).toMatchObject({ code: "internal", request_id: json.headers["x-request-id"] });
      expect(json.body).not.toContain("hunter2");
    } finally {
      await app.close();
      await database.drop();
    }
  });
});
