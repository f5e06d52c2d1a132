import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../test-support/app.js";
import { seedContributionsDemo } from "./demo.js";
import { seedTestForum } from "./test-support.js";

describe("demo contributions", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp("pglite");
  });
  afterAll(async () => {
    await t?.close();
  });

  it("publishes invented samples, badged, across groups and all three timeliness classes, with last year's count", async () => {
    const { forum, cycle2016, cycle2017 } = await seedTestForum(t.database.db);
    await seedContributionsDemo(t.database.db, {
      forumId: forum.id,
      cycleId2017: cycle2017.id,
      cycleId2016: cycle2016.id,
    });
    const rows = await t.database.db
      .selectFrom("contributions")
      .selectAll()
      .where("cycle_id", "=", cycle2017.id)
      .execute();
    expect(rows.every((r) => r.is_sample && r.status === "published")).toBe(true);
    expect(new Set(rows.map((r) => r.timeliness))).toEqual(new Set(["on_time", "guaranteed", "late"]));
    expect(new Set(rows.map((r) => r.stakeholder_group)).size).toBeGreaterThanOrEqual(5);
    const page = await t.app.inject({ method: "GET", url: "/f/bpf-cyber/2017/contributions" });
    expect(page.body).toContain("Sample");
    expect(page.body).toContain("7 contributions published. 2016: 4 contributions.");
  });
});
