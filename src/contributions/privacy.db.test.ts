// What a reader may not know stays unknown: search never matches what is hidden from the searcher, a web
// form's key replays only the same request from the same browser, and a contributor's draft is theirs alone
// until they submit it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../auth/sessions.js";
import { insertForumRole, insertUser } from "../auth/users.js";
import { stripHiddenNamesFromSearch } from "../db/migrations/2026-11-24T0910_contribution_withdrawals_and_privacy.js";
import { createTestApp, type TestApp } from "../test-support/app.js";
import { testEngines } from "../test-support/databases.js";
import { privatePath } from "./links.js";
import { publishContribution } from "./moderation/service.js";
import { completeFields, FormVisitor, multipart, seedTestForum, tokenFor } from "./test-support.js";

describe.each(testEngines)("contribution privacy (%s)", (engine) => {
  let t: TestApp;
  let ids: Awaited<ReturnType<typeof seedTestForum>>;
  let secretariatToken: string;
  const secretariat = {
    kind: "token",
    tokenId: "t",
    name: "sec",
    role: "secretariat",
    forumId: null,
  } as const;
  const deps = () => ({
    db: t.database.db,
    now: new Date("2017-09-10T12:00:00Z"),
    secret: t.app.services.secret,
    publicUrl: "http://localhost",
  });

  beforeAll(async () => {
    t = await createTestApp(engine);
    ids = await seedTestForum(t.database.db);
    secretariatToken = await tokenFor(t.database.db, "secretariat", ids.forum.id);
  });
  afterAll(async () => {
    await t?.close();
  });

  const rowBy = (email: string) =>
    t.database.db
      .selectFrom("contributions")
      .selectAll()
      .where("email", "=", email)
      .executeTakeFirstOrThrow();

  async function secretariatVisitor(email: string) {
    const user = await insertUser(t.database.db, { email, name: "Desk" });
    await insertForumRole(t.database.db, {
      forumId: ids.forum.id,
      userId: user.id,
      role: "secretariat",
      grantedBy: null,
    });
    const visitor = new FormVisitor(t.app);
    const { cookieValue } = await createSession(t.database.db, { userId: user.id, now: new Date() });
    visitor.cookies.set("session", cookieValue);
    await visitor.get("/healthz");
    return visitor;
  }

  describe("search", () => {
    it("never finds an anonymous contribution by its hidden name, organisation or address", async () => {
      t.setNow(new Date("2017-09-10T10:00:00Z"));
      const send = async (fields: Record<string, string>) => {
        const body = multipart(completeFields(fields).map(([k, v]) => [k === "body_text" ? "text" : k, v]));
        const res = await t.app.inject({
          method: "POST",
          url: "/api/v1/forums/bpf-cyber/cycles/2017/contributions",
          payload: body.payload,
          headers: body.headers,
        });
        expect(res.statusCode, res.body).toBe(201);
        const { id, reference } = res.json() as { id: string; reference: string };
        await publishContribution(deps(), { actor: secretariat, contributionId: id });
        return reference;
      };
      const hidden = await send({
        contributor_name: "Zebulon Quagmire",
        organisation: "Xylophonic Whistleblowers",
        email: "zquagmire@example.org",
        consent: "anonymous",
        body_text: "Incident sharing between utilities.",
      });
      const named = await send({
        contributor_name: "Ottoline Named",
        organisation: "Openly Named Institute",
        email: "ottoline@example.org",
        consent: "with_name",
        body_text: "Incident sharing between utilities.",
      });
      const searches = (q: string) => [
        `/f/bpf-cyber/2017/contributions?q=${q}`,
        `/f/bpf-cyber/2017/contributions.csv?q=${q}`,
        `/f/bpf-cyber/2017/contributions.json?q=${q}`,
        `/f/bpf-cyber/2017/contributions.atom?q=${q}`,
        `/api/v1/forums/bpf-cyber/cycles/2017/contributions?q=${q}`,
      ];
      for (const q of [
        "Quagmire",
        "Xylophonic",
        "zquagmire",
        "zquagmire%40example.org",
        "Zebulon+Whistleblowers",
      ])
        for (const url of searches(q)) {
          const res = await t.app.inject({ method: "GET", url });
          expect(res.statusCode, url).toBe(200);
          expect(res.body, url).not.toContain(hidden);
        }
      // The secretariat's API search sees what the API shows it, and no more.
      const asSecretariat = await t.app.inject({
        method: "GET",
        url: "/api/v1/forums/bpf-cyber/cycles/2017/contributions?q=Quagmire&status=all",
        headers: { authorization: `Bearer ${secretariatToken}` },
      });
      expect(asSecretariat.body).not.toContain(hidden);
      // What readers can see still matches: the content of both, the name of the named one.
      for (const url of searches("utilities")) {
        const res = await t.app.inject({ method: "GET", url });
        expect(res.body, url).toContain(hidden);
        expect(res.body, url).toContain(named);
      }
      for (const url of searches("Ottoline")) {
        const res = await t.app.inject({ method: "GET", url });
        expect(res.body, url).toContain(named);
      }
      // Choosing anonymity on an edit takes the name out of the search at once.
      const row = await rowBy("ottoline@example.org");
      const visitor = new FormVisitor(t.app);
      const edit = await visitor.postForm(
        privatePath(t.app.services.secret, row.id),
        completeFields({
          contributor_name: "Ottoline Named",
          organisation: "Openly Named Institute",
          email: "ottoline@example.org",
          consent: "anonymous",
          body_text: "Incident sharing between utilities.",
        }),
      );
      expect(edit.statusCode).toBe(303);
      await publishContribution(deps(), { actor: secretariat, contributionId: row.id });
      const after = await t.app.inject({
        method: "GET",
        url: "/f/bpf-cyber/2017/contributions.json?q=Ottoline",
      });
      expect(after.body).not.toContain(named);
    });

    it("takes hidden names out of search text stored before the fix", async () => {
      const db = t.database.db;
      const inserted = await db
        .insertInto("contributions")
        .values({
          forum_id: ids.forum.id,
          cycle_id: ids.cycle2016.id,
          reference: "BPF-2016-0099",
          number: 99,
          status: "published",
          consent: "anonymous",
          contributor_name: "Hidden Person",
          organisation: "Hidden Org",
          body_text: "Body words.",
          answers: "{}",
          search_text: "BPF-2016-0099\n\nHidden Person\n\nHidden Org\n\nBody words.",
          received_at: new Date("2016-09-01T00:00:00Z"),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await stripHiddenNamesFromSearch(db);
      const row = await db
        .selectFrom("contributions")
        .select("search_text")
        .where("id", "=", inserted.id)
        .executeTakeFirstOrThrow();
      expect(row.search_text).toBe("BPF-2016-0099\n\nBody words.");
    });
  });

  describe("the web form's key", () => {
    const key = "0b7f3a52-6a3c-4d4e-9f1a-2b3c4d5e6f70";
    const contribute = "/f/bpf-cyber/2017/contribute";

    it("gives a second browser posting the same key its own contribution, never the first one's", async () => {
      t.setNow(new Date("2017-09-10T10:00:00Z"));
      const alice = new FormVisitor(t.app);
      const mallory = new FormVisitor(t.app);
      await alice.get(contribute);
      await mallory.get(contribute);
      const aliceDraft = await alice.postForm(contribute, [
        ["idempotency_key", key],
        ...completeFields({ email: "alice@example.org", body_text: "Alice's draft.", action: "draft" }),
      ]);
      expect(aliceDraft.statusCode).toBe(303);
      const alicePath = String(aliceDraft.headers.location).split("?")[0]!;

      // Another browser with the same key: not redirected to Alice's link, and her draft is untouched.
      const stolen = await mallory.postForm(contribute, [
        ["idempotency_key", key],
        ...completeFields({ email: "mallory@example.net", body_text: "Overwritten!", action: "draft" }),
      ]);
      expect(String(stolen.headers.location ?? "")).not.toContain(alicePath);
      expect(stolen.body).not.toContain(alicePath);
      expect((await rowBy("alice@example.org")).body_text).toBe("Alice's draft.");
      expect((await rowBy("mallory@example.net")).body_text).toBe("Overwritten!");

      // After Alice submits, the key shows the other browser nothing of hers.
      const submitted = await alice.postForm(
        alicePath,
        completeFields({ email: "alice@example.org", body_text: "Alice's draft." }),
      );
      expect(submitted.statusCode).toBe(303);
      const again = await mallory.postForm(contribute, [
        ["idempotency_key", key],
        ...completeFields({ email: "mallory2@example.net", body_text: "Second try." }),
      ]);
      const landed = again.headers.location ? await mallory.get(String(again.headers.location)) : again;
      expect(landed.body).not.toContain("alice@example.org");
      expect(String(again.headers.location ?? "")).not.toContain(alicePath);
      expect((await rowBy("alice@example.org")).body_text).toBe("Alice's draft.");
    });

    it("replays the same request from the same browser, and refuses that browser's different one clearly", async () => {
      t.setNow(new Date("2017-09-10T10:00:00Z"));
      const browser = new FormVisitor(t.app);
      const form = await browser.get(contribute);
      const formKey = form.body.match(/name="idempotency_key" value="([^"]+)"/)?.[1] ?? "";
      const fields: [string, string][] = [
        ["idempotency_key", formKey],
        ...completeFields({ email: "double@example.org", body_text: "Sent twice by a double click." }),
      ];
      const first = await browser.postForm(contribute, fields);
      const second = await browser.postForm(contribute, fields);
      expect(first.statusCode).toBe(303);
      expect(second.headers.location).toBe(first.headers.location);
      const rows = await t.database.db
        .selectFrom("contributions")
        .select("id")
        .where("email", "=", "double@example.org")
        .execute();
      expect(rows).toHaveLength(1);
      // Back button, other text, same key: not a silent change, but a clear page that keeps what was typed.
      const changed = await browser.postForm(contribute, [
        ["idempotency_key", formKey],
        ...completeFields({ email: "double@example.org", body_text: "A different text after going back." }),
      ]);
      expect(changed.statusCode).toBe(409);
      expect(changed.body).toContain("already sent");
      expect(changed.body).toContain("A different text after going back.");
      expect(changed.body).not.toContain(`value="${formKey}"`);
      expect((await rowBy("double@example.org")).body_text).toBe("Sent twice by a double click.");
    });

    it("gives a browser that goes back to its own saved draft a form that updates that draft, on request", async () => {
      t.setNow(new Date("2017-09-10T10:00:00Z"));
      const browser = new FormVisitor(t.app);
      const form = await browser.get(contribute);
      const formKey = form.body.match(/name="idempotency_key" value="([^"]+)"/)?.[1] ?? "";
      const saved = await browser.postForm(contribute, [
        ["idempotency_key", formKey],
        ...completeFields({ email: "own-draft@example.org", body_text: "First words.", action: "draft" }),
      ]);
      const draftPath = String(saved.headers.location).split("?")[0]!;
      const back = await browser.postForm(contribute, [
        ["idempotency_key", formKey],
        ...completeFields({ email: "own-draft@example.org", body_text: "Better words.", action: "draft" }),
      ]);
      expect(back.statusCode).toBe(409);
      expect(back.body).toContain("already saved as a draft");
      expect(back.body).toContain("Better words.");
      expect(back.body).toContain(`action="${draftPath}"`);
      expect((await rowBy("own-draft@example.org")).body_text).toBe("First words.");
    });
  });

  describe("a contributor's draft", () => {
    it("is neither shown nor changed by the secretariat's pages, and not counted", async () => {
      t.setNow(new Date("2017-09-10T10:00:00Z"));
      const author = new FormVisitor(t.app);
      const saved = await author.postForm(
        "/f/bpf-cyber/2017/contribute",
        completeFields({ email: "drafting@example.org", body_text: "Private thoughts.", action: "draft" }),
      );
      expect(saved.statusCode).toBe(303);
      const draft = await rowBy("drafting@example.org");
      const desk = await secretariatVisitor("desk-drafts@example.org");
      const manage = "/f/bpf-cyber/2017/contributions/manage";
      const before = await desk.get(manage);
      expect(before.body).not.toContain("drafting@example.org");
      const count = before.body.match(/<h2>(\d+) contributions?<\/h2>/)?.[1];

      // Read: 404, like the API.
      const read = await desk.get(`${manage}/${draft.id}`);
      expect(read.statusCode).toBe(404);
      expect(read.body).not.toContain("Private thoughts.");
      const api = await t.app.inject({
        method: "GET",
        url: `/api/v1/contributions/${draft.id}`,
        headers: { authorization: `Bearer ${secretariatToken}` },
      });
      expect(api.statusCode).toBe(404);
      // Change: 404, and the draft is as its author left it.
      const write = await desk.postForm(
        `${manage}/${draft.id}`,
        completeFields({
          email: "drafting@example.org",
          body_text: "Rewritten by the desk.",
          action: "submit",
        }),
      );
      expect(write.statusCode).toBe(404);
      for (const action of ["publish", "hide", "withdraw"]) {
        const res = await t.app.inject({
          method: "POST",
          url: `${manage}/${draft.id}/${action}`,
          payload: new URLSearchParams({ _csrf: desk.cookies.get("csrf") ?? "", reason: "x" }).toString(),
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            cookie: [...desk.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
          },
        });
        expect(res.statusCode, action).toBe(404);
      }
      expect(await rowBy("drafting@example.org")).toMatchObject({
        status: "draft",
        body_text: "Private thoughts.",
      });
      // Lists: the API refuses to list drafts; the moderation count is unchanged.
      const list = await t.app.inject({
        method: "GET",
        url: "/api/v1/forums/bpf-cyber/cycles/2017/contributions?status=draft",
        headers: { authorization: `Bearer ${secretariatToken}` },
      });
      expect(list.body).not.toContain(draft.id);
      const after = await desk.get(manage);
      expect(after.body.match(/<h2>(\d+) contributions?<\/h2>/)?.[1]).toBe(count);
    });
  });
});
