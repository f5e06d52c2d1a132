// The kept copies of anonymous public pages (server/page-cache.ts) as readers notice them: a page set no cookie
// and can be revalidated; a publication, a withdrawal or the call's closing shows on the very next load; a
// signed-in member is never handed the anonymous copy, nor is their page handed to anyone.
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import type { LightMyRequestResponse } from "fastify";
import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "../../auth/actor.js";
import { createSession } from "../../auth/sessions.js";
import { PAGE_CACHE_TTL_MS } from "../../server/page-cache.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { testEngines } from "../../test-support/databases.js";
import { makePerson } from "../../test-support/factories.js";
import { publishContribution, withdrawAsSecretariat } from "../moderation/service.js";
import { emptyDetails } from "../submit/details.js";
import { saveContribution } from "../submit/service.js";
import { seedTestForum, testCall } from "../test-support.js";

const LIST = "/f/bpf-cyber/2017/contributions";
const BROWSER = { "accept-encoding": "gzip, deflate, br" };

/** The page as a browser shows it, whatever the encoding it came in. */
function page(res: LightMyRequestResponse): string {
  const encoding = res.headers["content-encoding"];
  if (encoding === "br") return brotliDecompressSync(res.rawPayload).toString();
  if (encoding === "gzip") return gunzipSync(res.rawPayload).toString();
  return res.body;
}

describe.each(testEngines)("anonymous public pages kept by the server (%s)", (engine) => {
  let t: TestApp;
  let ids: Awaited<ReturnType<typeof seedTestForum>>;
  const secretariat: Actor = { kind: "token", tokenId: "t", name: "sec", role: "secretariat", forumId: null };
  let sent = 0;

  const deps = () => ({
    db: t.database.db,
    now: new Date("2017-09-20T00:00:00Z"),
    secret: t.app.services.secret,
    publicUrl: "http://localhost",
  });
  /** A contribution sent during the call, published at once or left awaiting moderation. */
  async function contribution(name: string, publish: boolean) {
    sent++;
    const { contribution } = await saveContribution(deps(), {
      actor: secretariat,
      forum: ids.forum,
      cycle: ids.cycle2017,
      details: {
        ...emptyDetails(),
        contributor_name: name,
        email: `sender${sent}@example.org`,
        stakeholder_group: "civil_society",
        country: "SN",
        consent: "with_name",
        licence: "cc_by_4_0",
        body_text: `A contribution from ${name}.`,
      },
      uploads: [],
      action: "submit",
      channel: "import",
      receivedAt: new Date(Date.UTC(2017, 8, 1, 0, 0, sent)),
      publish,
      keepDraftOnError: false,
    });
    return contribution;
  }
  const get = async (url: string, headers: Record<string, string> = {}) => {
    const res = await t.app.inject({ method: "GET", url, headers: { ...BROWSER, ...headers } });
    return Object.assign(res, { text: page(res) });
  };

  beforeAll(async () => {
    t = await createTestApp(engine);
    ids = await seedTestForum(t.database.db);
    await contribution("Amina Diallo", true);
  }, 60_000);
  beforeEach(() => {
    // During the call, far from any milestone, unless a test moves the clock.
    t.setNow(new Date("2017-10-10T12:00:00Z"));
  });
  afterAll(async () => {
    await t?.close();
  });

  it("answers an anonymous reader without a cookie, the same page twice, and 304 to a revalidation", async () => {
    const first = await get(LIST);
    expect(first.statusCode).toBe(200);
    expect(first.headers["set-cookie"]).toBeUndefined();
    expect(first.headers["cache-control"]).toBe("no-cache");
    expect(first.headers["content-encoding"]).toBe("br");
    expect(first.text).toContain("Amina Diallo");
    const second = await get(LIST);
    expect(second.text).toBe(first.text);
    expect(second.headers.etag).toBe(first.headers.etag);
    const again = await get(LIST, { "if-none-match": String(first.headers.etag) });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
    // A browser asking for no compression gets the same page, uncompressed.
    const plain = await t.app.inject({ method: "GET", url: LIST });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body).toBe(first.text);
  });

  it("shows a publication on the next anonymous load of the list", async () => {
    const waiting = await contribution("Bruno Costa", false);
    expect((await get(LIST)).text).not.toContain("Bruno Costa");
    await publishContribution(deps(), { actor: secretariat, contributionId: waiting.id });
    expect((await get(LIST)).text).toContain("Bruno Costa");
  });

  it("shows a withdrawal on the next anonymous load of the list and of the contribution's page", async () => {
    const shown = await contribution("Chen Wei", true);
    const page = `${LIST}/${shown.reference}`;
    expect((await get(LIST)).text).toContain("Chen Wei");
    const before = await get(page);
    expect(before.statusCode).toBe(200);
    expect(before.headers["set-cookie"]).toBeUndefined();
    expect((await get(page)).text).toContain("Chen Wei");
    await withdrawAsSecretariat(deps(), {
      actor: secretariat,
      contributionId: shown.id,
      reason: "Sent twice",
    });
    expect((await get(page)).statusCode).toBe(404);
    expect((await get(LIST)).text).not.toContain("Chen Wei");
  });

  it("hands the kept copy to readers while the first after its ten seconds makes it again", async () => {
    const db = t.database.db;
    const start = new Date("2017-10-10T12:00:00Z");
    t.setNow(start);
    const { name } = await db
      .selectFrom("forums")
      .select("name")
      .where("id", "=", ids.forum.id)
      .executeTakeFirstOrThrow();
    await get(LIST);
    // Renamed behind the cache's back: the kept copy shows the old name for its ten seconds.
    await db
      .updateTable("forums")
      .set({ name: "Forum Renamed Quietly" })
      .where("id", "=", ids.forum.id)
      .execute();
    expect((await get(LIST)).text).not.toContain("Forum Renamed Quietly");
    t.setNow(new Date(start.getTime() + PAGE_CACHE_TTL_MS + 1));
    // The forums table locked, so the first reader's render waits: the next reader does not wait for it.
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked: () => void = () => undefined;
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const holder = db.transaction().execute(async (trx) => {
      await sql`LOCK TABLE forums IN ACCESS EXCLUSIVE MODE`.execute(trx);
      locked();
      await released;
    });
    await isLocked;
    const first = get(LIST);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = await Promise.race([
      get(LIST),
      new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 800)),
    ]);
    release();
    await holder;
    expect(second, "the second reader is answered while the first one's render waits").toBeDefined();
    expect(second?.statusCode).toBe(200);
    expect(second?.text).toContain(name);
    expect(second?.text).not.toContain("Forum Renamed Quietly");
    // The first reader, and everyone after, get the page made anew.
    expect((await first).text).toContain("Forum Renamed Quietly");
    expect((await get(LIST)).text).toContain("Forum Renamed Quietly");
    await db.updateTable("forums").set({ name }).where("id", "=", ids.forum.id).execute();
    t.setNow(new Date(start.getTime() + 3 * PAGE_CACHE_TTL_MS));
  });

  it("stops showing the call as open once it closes, however recently the page was kept", async () => {
    t.setNow(new Date(testCall.call_closes.getTime() - 1000));
    const open = await get(LIST);
    expect(open.text).toContain(`href="${"/f/bpf-cyber/2017"}/contribute"`);
    expect((await get(LIST)).text).toContain("/contribute");
    t.setNow(new Date(testCall.call_closes.getTime() + 2));
    expect((await get(LIST)).text).not.toContain("/contribute");
  });

  it("never hands a signed-in member the anonymous copy, nor anyone the member's page", async () => {
    const { user } = await makePerson(t.database.db, { email: "member@example.org", name: "Dana Member" });
    const { cookieValue } = await createSession(t.database.db, { userId: user.id, now: new Date() });
    const anonymous = await get(LIST);
    expect(anonymous.text).not.toContain("Dana Member");
    const member = await get(LIST, { cookie: `session=${cookieValue}` });
    expect(member.statusCode).toBe(200);
    expect(member.text).toContain("Dana Member");
    expect(member.text).toContain('action="/sign-out"');
    expect(member.headers["cache-control"]).toBe("no-store");
    expect((await get(LIST)).text).not.toContain("Dana Member");
  });

  it("still gives a form's page its token, and refuses a post without it", async () => {
    const form = await get("/f/bpf-cyber/2017/contribute");
    expect(form.headers["set-cookie"]).toBeDefined();
    const forged = await t.app.inject({
      method: "POST",
      url: "/sign-in",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: "email=someone%40example.org",
    });
    expect(forged.statusCode).toBe(403);
  });
});
