// Edges of moderation and of the sender's private link: a reason before hiding or withdrawing, the
// inclusion cutoff to the second, and a whole mailbox uploaded through the secretariat's page.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../auth/actor.js";
import { createSession } from "../../auth/sessions.js";
import { insertForumRole, insertUser } from "../../auth/users.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { testEngines } from "../../test-support/databases.js";
import { privatePath } from "../links.js";
import { completeFields, FormVisitor, multipart, seedTestForum, testCall } from "../test-support.js";
import { hideContribution, withdrawAsSecretariat } from "./service.js";

describe.each(testEngines)("moderation and private-link edges (%s)", (engine) => {
  let t: TestApp;
  let ids: Awaited<ReturnType<typeof seedTestForum>>;
  const secretariat: Actor = { kind: "token", tokenId: "t", name: "sec", role: "secretariat", forumId: null };
  const deps = () => ({
    db: t.database.db,
    now: new Date("2017-09-20T00:00:00Z"),
    secret: t.app.services.secret,
    publicUrl: "http://localhost",
  });

  beforeAll(async () => {
    t = await createTestApp(engine);
    ids = await seedTestForum(t.database.db);
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A signed-in member of the forum's secretariat, as a browser. */
  async function secretariatVisitor(email: string, name: string) {
    const user = await insertUser(t.database.db, { email, name });
    await insertForumRole(t.database.db, {
      forumId: ids.forum.id,
      userId: user.id,
      role: "secretariat",
      grantedBy: null,
    });
    const visitor = new FormVisitor(t.app);
    const { cookieValue } = await createSession(t.database.db, { userId: user.id, now: new Date() });
    visitor.cookies.set("session", cookieValue);
    return visitor;
  }

  async function submit(email: string) {
    t.setNow(new Date("2017-09-10T10:00:00Z"));
    const body = multipart(completeFields({ email }).map(([k, v]) => [k === "body_text" ? "text" : k, v]));
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/forums/bpf-cyber/cycles/2017/contributions",
      payload: body.payload,
      headers: body.headers,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; reference: string };
  }
  const statusOf = async (id: string) =>
    (
      await t.database.db
        .selectFrom("contributions")
        .select(["status", "status_reason"])
        .where("id", "=", id)
        .executeTakeFirstOrThrow()
    ).status;

  it("asks the secretariat for a reason before hiding or withdrawing, and keeps the contribution as it was", async () => {
    const { id } = await submit("reason@example.org");
    for (const moderate of [hideContribution, withdrawAsSecretariat])
      await expect(
        moderate(deps(), { actor: secretariat, contributionId: id, reason: "   " }),
      ).rejects.toMatchObject({ code: "invalid", fields: { reason: "contributions.error.reasonRequired" } });
    expect(await statusOf(id)).toBe("submitted");
    const hidden = await hideContribution(deps(), { actor: secretariat, contributionId: id, reason: "Spam" });
    expect(hidden).toMatchObject({ status: "hidden", status_reason: "Spam" });
  });

  it("lets the sender withdraw until the inclusion cutoff, and not a second later", async () => {
    const before = await submit("early@example.org");
    const after = await submit("late@example.org");
    const withdraw = (id: string) => {
      const visitor = new FormVisitor(t.app);
      return visitor.get("/healthz").then(() =>
        t.app.inject({
          method: "POST",
          url: `${privatePath(t.app.services.secret, id)}/withdraw`,
          payload: `_csrf=${visitor.cookies.get("csrf")}&confirm=yes&reason=Changed+my+mind`,
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            cookie: `csrf=${visitor.cookies.get("csrf")}`,
          },
        }),
      );
    };
    const cutoff = testCall.inclusion_cutoff.getTime();
    t.setNow(new Date(cutoff - 1000));
    expect((await withdraw(before.id)).statusCode).toBe(303);
    expect(await statusOf(before.id)).toBe("withdrawn");
    t.setNow(new Date(cutoff + 1000));
    const refused = await withdraw(after.id);
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain("The deadline for changes has passed");
    expect(refused.body).toContain("<h1>This could not be done</h1>");
    expect(await statusOf(after.id)).toBe("submitted");
    // Editing through the private link is closed too.
    const visitor = new FormVisitor(t.app);
    const edit = await visitor.postForm(
      privatePath(t.app.services.secret, after.id),
      completeFields({ email: "late@example.org", body_text: "A late change." }),
    );
    expect(edit.statusCode).toBe(409);
    const row = await t.database.db
      .selectFrom("contributions")
      .select("body_text")
      .where("id", "=", after.id)
      .executeTakeFirstOrThrow();
    expect(row.body_text).not.toBe("A late change.");
  });

  it("turns each message of an uploaded .mbox into a draft received at the mail's date", async () => {
    t.setNow(new Date("2017-09-20T10:00:00Z"));
    const visitor = await secretariatVisitor("desk@example.org", "Desk Secretariat");
    const message = (from: string, date: string, body: string) =>
      `From ${from} ${date}\nFrom: ${from}\nTo: bpf@example.org\nSubject: Input\nDate: ${date}\n\n${body}\n\n`;
    const mbox = Buffer.from(
      message("lina@example.net", "Thu, 14 Sep 2017 09:00:00 +0000", "Our input on CERT cooperation.") +
        message(
          "omar@example.net",
          "Sat, 16 Sep 2017 18:30:00 +0000",
          "Quoted line follows.\n>From the minutes of our board: share indicators.",
        ),
    );
    const res = await visitor.postForm(
      "/f/bpf-cyber/2017/contributions/manage/import-mail",
      [],
      [{ field: "file", name: "inbox.mbox", bytes: mbox, type: "application/mbox" }],
    );
    expect(res.statusCode, res.body).toBe(200);
    const drafts = await t.database.db
      .selectFrom("contributions")
      .select(["email", "received_at", "body_text", "status"])
      .where("channel", "=", "email")
      .orderBy("received_at")
      .execute();
    expect(drafts.map((d) => d.email)).toEqual(["lina@example.net", "omar@example.net"]);
    expect(drafts.map((d) => d.received_at?.toISOString())).toEqual([
      "2017-09-14T09:00:00.000Z",
      "2017-09-16T18:30:00.000Z",
    ]);
    // The mbox escape (">From ") is undone in the body.
    expect(drafts[1]?.body_text).toContain("From the minutes of our board");
    expect(drafts[1]?.body_text).not.toContain(">From");
    expect(drafts.every((d) => d.status === "draft")).toBe(true);
  });

  it("gives each row one reason and its buttons, and shows moderators who sent what", async () => {
    t.setNow(new Date("2017-09-21T10:00:00Z"));
    const visitor = await secretariatVisitor("mod@example.org", "Moderator");
    // Anonymous, from a named person; and an import with an organisation only and no address.
    const anonymous = await submit("anon@example.org");
    await t.database.db
      .updateTable("contributions")
      .set({ consent: "anonymous", contributor_name: "Rania Haddad" })
      .where("id", "=", anonymous.id)
      .execute();
    const imported = await submit("nog@example.org");
    await t.database.db
      .updateTable("contributions")
      .set({
        contributor_name: "",
        organisation: "Example Network Operators Group",
        email: "",
        channel: "import",
      })
      .where("id", "=", imported.id)
      .execute();

    const card = async (reference: string) => {
      const page = await visitor.get("/f/bpf-cyber/2017/contributions/manage");
      expect(page.statusCode).toBe(200);
      const match = page.body.match(
        new RegExp(`<li class="card" data-contribution="${reference}"[\\s\\S]*?</li>`),
      );
      return match?.[0] ?? "";
    };
    const anon = await card(anonymous.reference);
    expect(anon).toContain("Rania Haddad");
    expect(anon).toContain("publishes anonymously");
    expect(anon.match(/name="reason"/g)).toHaveLength(1);
    expect(anon).toContain(`aria-label="Hide ${anonymous.reference}"`);
    expect(anon).toContain(`aria-label="Withdraw ${anonymous.reference}"`);
    expect(anon).toContain(`aria-label="Publish ${anonymous.reference}"`);
    const nog = await card(imported.reference);
    expect(nog).toContain("Example Network Operators Group");
    expect(nog).not.toContain("/ Example Network Operators Group");
    expect(nog).not.toContain("confirmed");

    // Hiding through the row's form keeps the reason on the contribution, and the box comes back empty.
    const post = (action: string, reason: string) =>
      t.app.inject({
        method: "POST",
        url: `/f/bpf-cyber/2017/contributions/manage/${anonymous.id}/${action}`,
        payload: new URLSearchParams({ _csrf: visitor.cookies.get("csrf") ?? "", reason }).toString(),
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          cookie: [...visitor.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
        },
      });
    const hide = await post("hide", "Duplicate");
    expect(hide.statusCode).toBe(303);
    const hidden = await card(anonymous.reference);
    expect(hidden).toContain("Hidden by the secretariat: Duplicate");
    expect(hidden).not.toContain('value="Duplicate"');
    expect(hidden).not.toContain(`aria-label="Hide ${anonymous.reference}"`);
    // Publishing from the same form ignores the reason box.
    const publish = await post("publish", "typed by mistake");
    expect(publish.statusCode).toBe(303);
    expect(await card(anonymous.reference)).not.toContain("typed by mistake");
  });
});
