import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../test-support/app.js";
import { testEngines } from "../test-support/databases.js";
import { seedDemoForum } from "./demo.js";
import type { ForumRow } from "./queries.js";

describe.each(testEngines)("the demo forum on %s", (engine) => {
  let t: TestApp;
  let forum: ForumRow;

  beforeAll(async () => {
    t = await createTestApp(engine);
    forum = await seedDemoForum(t.database.db, new Date("2026-11-23T12:00:00Z"));
  });
  afterAll(async () => {
    await t?.close();
  });

  it("offers no address on its pages that could reach a real person or list", async () => {
    const home = await t.app.inject({ method: "GET", url: "/f/bpf-cybersecurity" });
    expect(home.body).toContain('href="mailto:bp-cybersecurity@lists.demo.invalid"');
    const mailtos = [...home.body.matchAll(/mailto:([^"]+)/g)].map((m) => m[1]);
    expect(mailtos.every((address) => address?.endsWith(".invalid"))).toBe(true);
    const people = await t.database.db
      .selectFrom("forum_roles")
      .innerJoin("users", "users.id", "forum_roles.user_id")
      .select("users.email")
      .where("forum_roles.forum_id", "=", forum.id)
      .execute();
    expect(people.length).toBeGreaterThan(20);
    expect(people.filter((p) => !p.email.endsWith("@demo.invalid"))).toEqual([]);
  });

  it("dates 2016 only from the records: review opens 1 November, the meeting in Guadalajara", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/v1/forums/bpf-cybersecurity/cycles/2016" });
    expect(
      res.json().milestones.map((m: { kind: string; at_local: string }) => [m.kind, m.at_local]),
    ).toEqual([
      ["review_opens", "2016-11-01T00:00:00"],
      ["annual_meeting", "2016-12-06T09:00:00"],
    ]);
  });

  it("lists each cycle's latest published meeting summaries on the forum's pages, newest first", async () => {
    const links = (html: string) =>
      [...html.matchAll(/<ul class="card__items">(.*?)<\/ul>/gs)]
        .flatMap((list) => [...(list[1] ?? "").matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)])
        .map((a) => [a[2], a[1]]);
    const home = await t.app.inject({ method: "GET", url: "/f/bpf-cybersecurity" });
    expect(links(home.body)).toEqual([
      ["Virtual Meeting IV", "/f/bpf-cybersecurity/2017/meetings/virtual-meeting-4"],
      ["Virtual Meeting III", "/f/bpf-cybersecurity/2017/meetings/virtual-meeting-3"],
    ]);
    expect(home.body).toContain('<time datetime="2017-09-18">September 18, 2017</time>');
    // 2016's sessions at the annual meeting have no published summary, so only the virtual meetings show.
    const y2016 = await t.app.inject({ method: "GET", url: "/f/bpf-cybersecurity/2016" });
    expect(links(y2016.body).map(([title]) => title)).toEqual(["Virtual Meeting VII", "Virtual Meeting VI"]);
    for (const [, href] of links(home.body))
      expect((await t.app.inject({ method: "GET", url: href ?? "" })).statusCode).toBe(200);
  });
});
