// Regression tests of the security review: idempotency keys stay in their channel's namespace, a sender's edit
// of a published contribution goes back to moderation, malformed ids are "not found" (never a database
// error), file removals only count when they remove something, and multipart text is bounded.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../test-support/app.js";
import { testEngines } from "../test-support/databases.js";
import { isUuid, keyNamespace, webKey } from "./ids.js";
import { privatePath } from "./links.js";
import { publishContribution, setAutoPublish } from "./moderation/service.js";
import { completeFields, FormVisitor, multipart, seedTestForum, tokenFor } from "./test-support.js";

const dashes = "-".repeat(36);
// The review asked for these limits on multipart text: 300 fields, 200 KB each, 4 MB in all.
const fieldLimits = { maxFields: 300, maxFieldBytes: 200 * 1024, maxTotalFieldBytes: 4 * 1024 * 1024 };

describe("contribution ids", () => {
  it("accepts only well-formed UUIDs", () => {
    expect(isUuid("0b7f3a52-6a3c-4d4e-9f1a-2b3c4d5e6f70")).toBe(true);
    expect(isUuid("0B7F3A52-6A3C-4D4E-9F1A-2B3C4D5E6F70")).toBe(true);
    for (const bad of [
      dashes,
      "0b7f3a52-6a3c-4d4e-9f1a-2b3c4d5e6f7",
      "0b7f3a52-6a3c-0d4e-9f1a-2b3c4d5e6f70",
      "0b7f3a52-6a3c-4d4e-cf1a-2b3c4d5e6f70",
      "zb7f3a52-6a3c-4d4e-9f1a-2b3c4d5e6f70",
      "",
      undefined,
    ])
      expect(isUuid(bad)).toBe(false);
  });

  it("namespaces web keys and binds them to the browser that sent them", () => {
    const uuid = "0b7f3a52-6a3c-4d4e-9f1a-2b3c4d5e6f70";
    const key = webKey(uuid, "browser-one-secret", "site");
    expect(keyNamespace(key)).toBe("web");
    expect(key).toBe(webKey(uuid.toUpperCase(), "browser-one-secret", "site"));
    expect(key).not.toBe(webKey(uuid, "browser-two-secret", "site"));
    // Nothing in the stored key gives the form's uuid back.
    expect(key).not.toContain(uuid);
  });
});

describe.each(testEngines)("contribution security (%s)", (engine) => {
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
    now: new Date("2017-09-20T00:00:00Z"),
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

  async function apiSubmit(fields: Record<string, string>, headers: Record<string, string> = {}) {
    const body = multipart(completeFields(fields).map(([k, v]) => [k === "body_text" ? "text" : k, v]));
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/forums/bpf-cyber/cycles/2017/contributions",
      payload: body.payload,
      headers: { ...body.headers, ...headers },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; reference: string; status: string };
  }

  const rowOf = (id: string) =>
    t.database.db.selectFrom("contributions").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

  describe("idempotency keys", () => {
    it("gives a forged api: key typed into the web form no private link to the import", async () => {
      t.setNow(new Date("2017-09-10T10:00:00Z"));
      const imported = await apiSubmit(
        { email: "import@example.org", received_at: "2017-09-01T10:00:00Z", publish: "true" },
        { authorization: `Bearer ${secretariatToken}`, "idempotency-key": "row-1" },
      );
      expect((await rowOf(imported.id)).idempotency_key).toMatch(
        new RegExp(`^api:${ids.cycle2017.id}:token:[0-9a-f-]{36}:row-1$`),
      );
      const secret = privatePath(t.app.services.secret, imported.id);
      const visitor = new FormVisitor(t.app);
      for (const forged of [
        `api:${ids.cycle2017.id}:row-1`,
        `web:${imported.id}`,
        `csv:${ids.cycle2017.id}:x`,
      ]) {
        const res = await visitor.postForm("/f/bpf-cyber/2017/contribute", [
          ["idempotency_key", forged],
          ...completeFields({ email: "attacker@example.net" }),
        ]);
        expect(res.statusCode, forged).toBe(400);
        expect(String(res.headers.location ?? "")).not.toContain(secret);
        expect(res.body).not.toContain(secret);
        expect(res.body).toContain("reload the page");
      }
      const mine = await t.database.db
        .selectFrom("contributions")
        .select("id")
        .where("email", "=", "attacker@example.net")
        .execute();
      expect(mine).toHaveLength(0);
    });

    it("keeps a key to its caller and its request: no one else's contribution, no silent loss", async () => {
      t.setNow(new Date("2017-09-10T10:00:00Z"));
      const secretariatHeaders = { authorization: `Bearer ${secretariatToken}`, "idempotency-key": "1" };
      const first = await apiSubmit({ email: "first@example.org" }, secretariatHeaders);
      // Another caller choosing the same key gets its own contribution, not the first one's id.
      const other = await apiSubmit({ email: "other@example.org" }, { "idempotency-key": "1" });
      expect(other.id).not.toBe(first.id);
      expect((await apiSubmit({ email: "other@example.org" }, { "idempotency-key": "1" })).id).toBe(other.id);
      // The same caller reusing the key for a different contribution is told so, and nothing is saved.
      const body = multipart(
        completeFields({ email: "second@example.org" }).map(([k, v]) => [k === "body_text" ? "text" : k, v]),
      );
      const reused = await t.app.inject({
        method: "POST",
        url: "/api/v1/forums/bpf-cyber/cycles/2017/contributions",
        payload: body.payload,
        headers: { ...body.headers, ...secretariatHeaders },
      });
      expect(reused.statusCode).toBe(422);
      expect(reused.json().error).toMatchObject({ code: "idempotency_key_reused" });
      expect(reused.json().error.message).toContain("new key");
      const second = await t.database.db
        .selectFrom("contributions")
        .select("id")
        .where("email", "=", "second@example.org")
        .execute();
      expect(second).toHaveLength(0);
    });

    it("stores the web form's key in the web namespace and replays it only there", async () => {
      t.setNow(new Date("2017-09-10T10:00:00Z"));
      const visitor = new FormVisitor(t.app);
      const form = await visitor.get("/f/bpf-cyber/2017/contribute");
      const key = form.body.match(/name="idempotency_key" value="([^"]+)"/)?.[1] ?? "";
      expect(isUuid(key)).toBe(true);
      const fields: [string, string][] = [
        ["idempotency_key", key],
        ...completeFields({ email: "web@example.org" }),
      ];
      const first = await visitor.postForm("/f/bpf-cyber/2017/contribute", fields);
      const again = await visitor.postForm("/f/bpf-cyber/2017/contribute", fields);
      expect(first.statusCode).toBe(303);
      expect(again.headers.location).toBe(first.headers.location);
      const row = await t.database.db
        .selectFrom("contributions")
        .selectAll()
        .where("email", "=", "web@example.org")
        .executeTakeFirstOrThrow();
      expect(keyNamespace(row.idempotency_key)).toBe("web");
      expect(row.idempotency_key).not.toContain(key);
      // The API with the same key makes its own contribution, in its own namespace.
      const api = await apiSubmit({ email: "web-api@example.org" }, { "idempotency-key": key });
      expect(api.id).not.toBe(row.id);
    });
  });

  describe("editing a published contribution", () => {
    async function published(email: string) {
      t.setNow(new Date("2017-09-10T10:00:00Z"));
      const { id } = await apiSubmit({ email, body_text: "First version." });
      await publishContribution(deps(), { actor: secretariat, contributionId: id });
      expect((await rowOf(id)).status).toBe("published");
      return { id, path: privatePath(t.app.services.secret, id) };
    }

    it("takes it back to awaiting publication, with an audit row and a notice saying so", async () => {
      const { id, path } = await published("edit-pub@example.org");
      const visitor = new FormVisitor(t.app);
      const form = await visitor.get(`${path}/edit`);
      expect(form.statusCode).toBe(200);
      expect(form.body).toContain("after the secretariat publishes them again");
      const edit = await visitor.postForm(
        path,
        completeFields({ email: "edit-pub@example.org", body_text: "Second version, unmoderated." }),
      );
      expect(edit.statusCode, edit.body.slice(0, 500)).toBe(303);
      expect(String(edit.headers.location)).toBe(`${path}?notice=republish`);
      const row = await rowOf(id);
      expect(row).toMatchObject({
        status: "submitted",
        published_at: null,
        body_text: "Second version, unmoderated.",
      });
      const page = await visitor.get(String(edit.headers.location));
      expect(page.body).toContain("the changes will be visible after the secretariat publishes them again");
      const audit = await t.database.db
        .selectFrom("audit_log")
        .selectAll()
        .where("subject_id", "=", id)
        .where("action", "=", "contribution.edit")
        .execute();
      expect(audit).toHaveLength(1);
      expect(JSON.stringify(audit[0])).toContain("submitted");
      // Off the public list until the secretariat publishes it again.
      const list = await t.app.inject({ method: "GET", url: "/f/bpf-cyber/2017/contributions" });
      expect(list.body).not.toContain(row.reference ?? "none");
      await publishContribution(deps(), { actor: secretariat, contributionId: id });
      expect((await rowOf(id)).status).toBe("published");
    });

    it("unpublishes an auto-published contribution when its address changes", async () => {
      await setAutoPublish(deps(), {
        actor: secretariat,
        forumId: ids.forum.id,
        cycleId: ids.cycle2017.id,
        on: true,
      });
      try {
        const { id, path } = await published("first-address@example.org");
        await t.database.db
          .updateTable("contributions")
          .set({ email_verified_at: new Date("2017-09-10T11:00:00Z") })
          .where("id", "=", id)
          .execute();
        const visitor = new FormVisitor(t.app);
        const edit = await visitor.postForm(
          path,
          completeFields({ email: "other-address@example.org", body_text: "Changed." }),
        );
        expect(edit.statusCode).toBe(303);
        expect(await rowOf(id)).toMatchObject({ status: "submitted", email_verified_at: null });
      } finally {
        await setAutoPublish(deps(), {
          actor: secretariat,
          forumId: ids.forum.id,
          cycleId: ids.cycle2017.id,
          on: false,
        });
      }
    });
  });

  describe("malformed ids", () => {
    it("answers 404, not 500, for 36 dashes wherever an id is read", async () => {
      const { reference } = await apiSubmit({ email: "ids@example.org" });
      const urls = [
        `/c/${dashes}/abc`,
        `/c/${dashes}/abc/receipt`,
        `/f/bpf-cyber/2017/contributions/${reference}/files/${dashes}`,
        `/api/v1/contributions/${dashes}`,
      ];
      for (const url of urls) {
        const res = await t.app.inject({ method: "GET", url });
        expect(res.statusCode, url).toBe(404);
      }
      const cursor = Buffer.from(`2017-09-01T00:00:00Z|${dashes}`).toString("base64url");
      const list = await t.app.inject({
        method: "GET",
        url: `/api/v1/forums/bpf-cyber/cycles/2017/contributions?cursor=${cursor}`,
      });
      expect(list.statusCode).toBe(400);
    });
  });

  describe("file removals and the file limit", () => {
    const note = (i: number) => ({
      field: "appendices",
      name: `note-${i}.txt`,
      bytes: Buffer.from(`Note ${i}.`),
    });

    it("does not let bogus remove_file ids lift the file limit", async () => {
      t.setNow(new Date("2017-09-10T10:00:00Z"));
      const max = t.app.services.config.uploadMaxFiles;
      const visitor = new FormVisitor(t.app);
      const res = await visitor.postForm(
        "/f/bpf-cyber/2017/contribute",
        [
          ...completeFields({ email: "many@example.org" }),
          ["remove_file", dashes],
          ["remove_file", "not-a-uuid"],
          ["remove_file", "0b7f3a52-6a3c-4d4e-9f1a-2b3c4d5e6f70"],
        ],
        Array.from({ length: max + 1 }, (_, i) => note(i)),
      );
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain(`at most ${max}`);
      const files = await t.database.db
        .selectFrom("contribution_files")
        .innerJoin("contributions", "contributions.id", "contribution_files.contribution_id")
        .select("contribution_files.id")
        .where("contributions.email", "=", "many@example.org")
        .execute();
      expect(files.length).toBeLessThanOrEqual(max);
    });

    it("ignores malformed remove_file ids on an existing draft instead of failing with a 500", async () => {
      t.setNow(new Date("2017-09-10T10:00:00Z"));
      const visitor = new FormVisitor(t.app);
      const draft = await visitor.postForm(
        "/f/bpf-cyber/2017/contribute",
        [...completeFields({ email: "draft-files@example.org", action: "draft" })],
        [note(1)],
      );
      expect(draft.statusCode).toBe(303);
      const path = String(draft.headers.location).split("?")[0]!;
      const res = await visitor.postForm(
        path,
        [
          ...completeFields({ email: "draft-files@example.org", action: "draft" }),
          ["remove_file", dashes],
          ["remove_file", "x'); --"],
        ],
        [note(2)],
      );
      expect(res.statusCode, res.body.slice(0, 500)).toBe(303);
      const row = await t.database.db
        .selectFrom("contributions")
        .select("id")
        .where("email", "=", "draft-files@example.org")
        .executeTakeFirstOrThrow();
      const files = await t.database.db
        .selectFrom("contribution_files")
        .select("file_name")
        .where("contribution_id", "=", row.id)
        .execute();
      expect(files.map((f) => f.file_name).sort()).toEqual(["note-1.txt", "note-2.txt"]);
    });
  });

  describe("multipart text limits", () => {
    it("refuses one field over the field limit with a 413 instead of cutting it", async () => {
      t.setNow(new Date("2017-09-10T10:00:00Z"));
      const visitor = new FormVisitor(t.app);
      const res = await visitor.postForm(
        "/f/bpf-cyber/2017/contribute",
        completeFields({ email: "long@example.org", body_text: "a".repeat(fieldLimits.maxFieldBytes + 1) }),
      );
      expect(res.statusCode).toBe(413);
    });

    it("refuses more text fields than the limit, and more text than the total cap, with a 413", async () => {
      t.setNow(new Date("2017-09-10T10:00:00Z"));
      const visitor = new FormVisitor(t.app);
      const many: [string, string][] = Array.from({ length: fieldLimits.maxFields + 1 }, (_, i) => [
        `q${i}`,
        "x",
      ]);
      const tooMany = await visitor.postForm("/f/bpf-cyber/2017/contribute", [...completeFields(), ...many]);
      expect(tooMany.statusCode).toBe(413);
      const chunk = "b".repeat(fieldLimits.maxFieldBytes - 10);
      const count = Math.ceil(fieldLimits.maxTotalFieldBytes / chunk.length) + 1;
      const big: [string, string][] = Array.from({ length: count }, (_, i) => [`q${i}`, chunk]);
      const tooMuch = await visitor.postForm("/f/bpf-cyber/2017/contribute", [...completeFields(), ...big]);
      expect(tooMuch.statusCode).toBe(413);
      expect(tooMuch.body).toContain("too long");
    });
  });
});
