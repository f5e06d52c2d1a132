// Timing-sensitive: scripts/test.mjs runs *.timing.test.ts files alone, before the rest, so that other test
// files competing for the machine's two cores cannot make the measurement lie.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../test-support/app.js";

describe("health while the embedded database is busy", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp("pglite");
  });
  afterAll(async () => {
    await t?.close();
  });

  it("answers /healthz quickly while a two-second query runs", async () => {
    // A server answering health checks has served requests before: warm the route up first, so the
    // measurement is of the busy database, not of the first request's one-off compilation.
    expect((await t.app.inject({ method: "GET", url: "/healthz" })).statusCode).toBe(200);
    const slow = sql`select pg_sleep(2)`.execute(t.database.db);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    const res = await t.app.inject({ method: "GET", url: "/healthz" });
    const elapsed = performance.now() - started;
    expect(res.statusCode).toBe(200);
    expect(res.json().database.status).toBe("busy");
    expect(elapsed).toBeLessThan(200);
    await slow;
    const after = await t.app.inject({ method: "GET", url: "/healthz" });
    expect(after.json().database.status).toBe("ok");
  });
});
