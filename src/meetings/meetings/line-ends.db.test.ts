// A meeting sent through the API by a tool that ends lines with a lone CR (old Mac software) or CRLF: its
// agenda still shows one item a line, as typed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tokenFor } from "../../contributions/test-support.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { testEngines } from "../../test-support/databases.js";
import { testForum } from "../test-fixtures.js";

describe.each(testEngines)("a meeting's agenda with other line ends on %s", (engine) => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    t = await createTestApp(engine);
    const { forum } = await testForum(t.database.db);
    token = await tokenFor(t.database.db, "secretariat", forum.id);
  });
  afterAll(async () => {
    await t?.close();
  });

  it("shows one agenda item a line whether lines end in CR, CRLF or LF", async () => {
    const created = await t.app.inject({
      method: "POST",
      url: "/api/v1/forums/bpf-cyber/meetings",
      headers: { authorization: `Bearer ${token}` },
      payload: {
        year: 2017,
        kind: "virtual",
        number: 3,
        date: "2017-08-07",
        time_zone: "UTC",
        agenda: "Welcome\rCooperation between CERTs\r\nNext steps\nAny other business",
        purpose: "Agree the call.\r\rReview the contacts.",
        publish: true,
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const page = await t.app.inject({ method: "GET", url: "/f/bpf-cyber/2017/meetings/virtual-meeting-3" });
    expect(page.statusCode).toBe(200);
    const items = [...page.body.matchAll(/<li><bdi><span>([^<]*)<\/span><\/bdi><\/li>/g)].map((m) => m[1]);
    expect(items).toEqual(["Welcome", "Cooperation between CERTs", "Next steps", "Any other business"]);
    expect(page.body).not.toContain("\r");
  });
});
