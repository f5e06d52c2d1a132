// Withdrawal is the author's decision: a confirmation step that works without JavaScript, a clear message, a
// receipt mail in the contributor's language, pages that say it was withdrawn (and when), and nothing (the
// moderation page, the API, an import) that can publish it again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../../auth/sessions.js";
import { insertForumRole, insertUser } from "../../auth/users.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { testEngines } from "../../test-support/databases.js";
import { privatePath } from "../links.js";
import { completeFields, FormVisitor, multipart, seedTestForum, tokenFor } from "../test-support.js";
import { publishContribution } from "./service.js";

describe.each(testEngines)("withdrawing a contribution (%s)", (engine) => {
  let t: TestApp;
  let ids: Awaited<ReturnType<typeof seedTestForum>>;
  let secretariatToken: string;

  beforeAll(async () => {
    t = await createTestApp(engine);
    ids = await seedTestForum(t.database.db);
    secretariatToken = await tokenFor(t.database.db, "secretariat", ids.forum.id);
  });
  afterAll(async () => {
    await t?.close();
  });

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

  /** A contribution sent through the web form, in a language, by a visitor who keeps its private link. */
  async function submitOnTheWeb(email: string, lang = "en") {
    t.setNow(new Date("2017-09-10T10:00:00Z"));
    const visitor = new FormVisitor(t.app);
    const res = await visitor.postForm("/f/bpf-cyber/2017/contribute", [
      ["lang", lang],
      ...completeFields({ email }),
    ]);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
    const row = await t.database.db
      .selectFrom("contributions")
      .selectAll()
      .where("email", "=", email)
      .executeTakeFirstOrThrow();
    return { visitor, row, path: privatePath(t.app.services.secret, row.id) };
  }

  const form = (visitor: FormVisitor, url: string, fields: Record<string, string>) =>
    t.app.inject({
      method: "POST",
      url,
      payload: new URLSearchParams({ _csrf: visitor.cookies.get("csrf") ?? "", ...fields }).toString(),
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        cookie: [...visitor.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
      },
    });

  const rowOf = (id: string) =>
    t.database.db.selectFrom("contributions").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

  it("asks for confirmation first, without JavaScript, and says what withdrawal does", async () => {
    const { visitor, row, path } = await submitOnTheWeb("confirm-first@example.org");
    const own = await visitor.get(path);
    // The private page offers withdrawal as a link to a confirmation page, not a one-click button.
    expect(own.body).toContain(`href="${path}/withdraw"`);
    expect(own.body).not.toContain(`action="${path}/withdraw"`);
    const confirm = await visitor.get(`${path}/withdraw`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain("public list");
    expect(confirm.body).toContain("cannot be undone");
    expect(confirm.body).toContain(`action="${path}/withdraw"`);
    expect(confirm.body).toContain('name="confirm" value="yes"');
    // A POST without the confirmation (an old page, a stray click) only shows the question again.
    const unconfirmed = await form(visitor, `${path}/withdraw`, { reason: "Oops" });
    expect(unconfirmed.statusCode).toBe(200);
    expect(unconfirmed.body).toContain('name="confirm" value="yes"');
    expect((await rowOf(row.id)).status).toBe("submitted");
  });

  it("withdraws with a message, a receipt mail in the contributor's language, and pages that say when", async () => {
    const { visitor, row, path } = await submitOnTheWeb("retire@example.org", "es");
    t.setNow(new Date("2017-09-12T08:30:00Z"));
    const done = await form(visitor, `${path}/withdraw`, { confirm: "yes", reason: "Enviado dos veces" });
    expect(done.statusCode).toBe(303);
    const after = await rowOf(row.id);
    expect(after).toMatchObject({ status: "withdrawn", withdrawn_by: "author" });
    expect(after.withdrawn_at?.toISOString()).toBe("2017-09-12T08:30:00.000Z");

    // A clear message after the redirect, on a page that says it was withdrawn and when.
    const page = await visitor.get(String(done.headers.location));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Su contribución ha sido retirada");
    expect(page.body).toContain("retirada el");
    expect(page.body).toContain("12 de septiembre de 2017");
    expect(page.body).not.toContain("plazo para hacer cambios");

    // /edit says it was withdrawn, and when; not that a deadline passed.
    const edit = await visitor.get(`${path}/edit`);
    expect(edit.statusCode).toBe(410);
    expect(edit.body).toContain("12 de septiembre de 2017");
    expect(edit.body).not.toContain("plazo para hacer cambios");

    // The receipt mail, queued in the same change, in Spanish.
    const mail = await t.database.db
      .selectFrom("mail_outbox")
      .selectAll()
      .where("to_address", "=", "retire@example.org")
      .where("kind", "=", "contribution.withdrawn")
      .executeTakeFirstOrThrow();
    expect(mail.subject).toBe(
      `Contribución ${after.reference} retirada: Best Practice Forum on Cybersecurity`,
    );
    expect(mail.text_body).toContain("12 de septiembre de 2017");
    expect(mail.text_body).toContain("bpf-cyber@example.org");
    // Withdrawing twice changes nothing and sends nothing more.
    const again = await form(visitor, `${path}/withdraw`, { confirm: "yes" });
    expect(again.statusCode).toBe(410);
    const mails = await t.database.db
      .selectFrom("mail_outbox")
      .select("id")
      .where("to_address", "=", "retire@example.org")
      .where("kind", "=", "contribution.withdrawn")
      .execute();
    expect(mails).toHaveLength(1);
  });

  it("can never be published again: not from the moderation page, the API, or by editing it", async () => {
    const { visitor: author, row, path } = await submitOnTheWeb("changed-mind@example.org");
    t.setNow(new Date("2017-09-13T09:00:00Z"));
    expect((await form(author, `${path}/withdraw`, { confirm: "yes" })).statusCode).toBe(303);
    const reference = row.reference ?? "";

    // Moderators see why, and when, and no publish action.
    const desk = await secretariatVisitor("desk-withdrawn@example.org");
    const manage = await desk.get("/f/bpf-cyber/2017/contributions/manage");
    const card =
      manage.body.match(
        new RegExp(`<li class="card" data-contribution="${reference}"[\\s\\S]*?</li>`),
      )?.[0] ?? "";
    expect(card).toContain("Withdrawn by its author on");
    expect(card).toContain("Sep 13, 2017");
    expect(card).not.toContain(`Publish ${reference}`);
    expect(card).not.toContain("/publish");

    // The page's action, posted anyway, is refused and changes nothing.
    const publish = await form(desk, `/f/bpf-cyber/2017/contributions/manage/${row.id}/publish`, {});
    expect(publish.statusCode).toBe(409);
    expect(publish.body).toContain("withdrawn by its author");
    // The API refuses too.
    const api = await t.app.inject({
      method: "POST",
      url: `/api/v1/contributions/${row.id}/publish`,
      headers: { authorization: `Bearer ${secretariatToken}` },
    });
    expect(api.statusCode).toBe(409);
    await expect(
      publishContribution(
        { db: t.database.db, now: new Date(), secret: t.app.services.secret, publicUrl: "http://localhost" },
        {
          actor: { kind: "token", tokenId: "t", name: "sec", role: "secretariat", forumId: null },
          contributionId: row.id,
        },
      ),
    ).rejects.toMatchObject({ code: "conflict" });
    // The secretariat's review form cannot change it either.
    const review = await desk.postForm(
      `/f/bpf-cyber/2017/contributions/manage/${row.id}`,
      completeFields({ email: "changed-mind@example.org", body_text: "Edited after withdrawal." }),
    );
    expect(review.statusCode).toBe(410);
    expect(await rowOf(row.id)).toMatchObject({ status: "withdrawn", published_at: null });

    // Nowhere public.
    for (const url of [
      "/f/bpf-cyber/2017/contributions",
      "/f/bpf-cyber/2017/contributions/annex",
      "/f/bpf-cyber/2017/contributions.csv",
      "/f/bpf-cyber/2017/contributions.json",
      "/f/bpf-cyber/2017/contributions.atom",
    ]) {
      const res = await t.app.inject({ method: "GET", url });
      expect(res.body, url).not.toContain(reference);
    }
  });

  it("keeps an API import replayed after withdrawal withdrawn", async () => {
    t.setNow(new Date("2017-09-10T10:00:00Z"));
    const send = () => {
      const body = multipart(
        completeFields({
          email: "imported@example.org",
          received_at: "2017-09-01T10:00:00Z",
          publish: "true",
        }).map(([k, v]) => [k === "body_text" ? "text" : k, v]),
      );
      return t.app.inject({
        method: "POST",
        url: "/api/v1/forums/bpf-cyber/cycles/2017/contributions",
        payload: body.payload,
        headers: { ...body.headers, authorization: `Bearer ${secretariatToken}`, "idempotency-key": "row-7" },
      });
    };
    const first = await send();
    expect(first.statusCode).toBe(201);
    const { id } = first.json() as { id: string };
    const desk = await secretariatVisitor("desk-import@example.org");
    expect(
      (await form(desk, `/f/bpf-cyber/2017/contributions/manage/${id}/withdraw`, { reason: "Asked by mail" }))
        .statusCode,
    ).toBe(303);
    await send();
    expect(await rowOf(id)).toMatchObject({ status: "withdrawn", withdrawn_by: "secretariat" });
    const manage = await desk.get("/f/bpf-cyber/2017/contributions/manage");
    expect(manage.body).toContain("Withdrawn by the secretariat on");
    expect(manage.body).toContain("Asked by mail");
  });
});
