// A contributor's name or organisation with a right-to-left override (U+202E) must not reorder the page
// around it: the public list, the contribution's page and the moderation page isolate every typed text.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../auth/actor.js";
import { createTestApp, type TestApp } from "../test-support/app.js";
import { unisolatedOverrides } from "../test-support/bidi.js";
import { testEngines } from "../test-support/databases.js";
import { publishContribution } from "./moderation/service.js";
import { emptyDetails } from "./submit/details.js";
import { saveContribution } from "./submit/service.js";
import { seedTestForum, tokenFor } from "./test-support.js";

const NAME = "Eve \u202Efdp.exe";
const ORGANISATION = "\u202EACME Ltd";

describe.each(testEngines)("typed text isolated on contribution pages (%s)", (engine) => {
  let t: TestApp;
  let ids: Awaited<ReturnType<typeof seedTestForum>>;
  let reference: string;
  let token: string;
  const secretariat: Actor = { kind: "token", tokenId: "t", name: "sec", role: "secretariat", forumId: null };

  beforeAll(async () => {
    t = await createTestApp(engine);
    ids = await seedTestForum(t.database.db);
    token = await tokenFor(t.database.db, "secretariat", ids.forum.id);
    const deps = {
      db: t.database.db,
      now: new Date("2017-09-10T00:00:00Z"),
      secret: t.app.services.secret,
      publicUrl: "http://localhost",
    };
    const saved = await saveContribution(deps, {
      actor: secretariat,
      forum: ids.forum,
      cycle: ids.cycle2017,
      details: {
        ...emptyDetails(),
        contributor_name: NAME,
        organisation: ORGANISATION,
        email: "eve@example.net",
        stakeholder_group: "civil_society",
        country: "FR",
        consent: "with_name",
        body_text: "Our experience of incident response.",
      },
      uploads: [],
      action: "submit",
      channel: "import",
      receivedAt: new Date("2017-09-01T00:00:00Z"),
      keepDraftOnError: false,
    });
    reference = saved.contribution.reference ?? "";
    await publishContribution(deps, { actor: secretariat, contributionId: saved.contribution.id });
  });
  afterAll(async () => {
    await t?.close();
  });

  const page = async (url: string, headers: Record<string, string> = {}) => {
    const res = await t.app.inject({ method: "GET", url, headers });
    expect(res.statusCode).toBe(200);
    return res.body;
  };

  it("isolates the name and organisation on the public list and the contribution's page", async () => {
    const list = await page("/f/bpf-cyber/2017/contributions");
    expect(list).toContain(`<bdi>${NAME}</bdi>`);
    expect(list).toContain(`<bdi>${ORGANISATION}</bdi>`);
    expect(unisolatedOverrides(list)).toEqual([]);
    const one = await page(`/f/bpf-cyber/2017/contributions/${reference}`);
    expect(one).toContain(`<bdi>${NAME}</bdi>`);
    expect(unisolatedOverrides(one)).toEqual([]);
  });

  it("isolates the forum's name in the contribution form's heading", async () => {
    await t.database.db
      .updateTable("forums")
      .set({ name: "BPF \u202Eytiruces" })
      .where("id", "=", ids.forum.id)
      .execute();
    t.setNow(new Date("2017-09-10T10:00:00Z"));
    const form = await page("/f/bpf-cyber/2017/contribute");
    expect(form).toContain("\u2068BPF \u202Eytiruces\u2069 2017");
    expect(unisolatedOverrides(form)).toEqual([]);
  });

  it("isolates them on the moderation page", async () => {
    const manage = await page("/f/bpf-cyber/2017/contributions/manage", {
      authorization: `Bearer ${token}`,
    });
    expect(manage).toContain(`<bdi>${NAME}</bdi>`);
    expect(unisolatedOverrides(manage)).toEqual([]);
  });
});
