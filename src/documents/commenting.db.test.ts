// Who may comment on a document, and when: the cycle's review milestones open and close the public review
// (told in the milestone's zone), commenting needs sign-in (the page links to it, back to the paragraph),
// a token's comments carry its name, and a flood of comments meets a 429 that says when to try again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../auth/index.js";
import { createSession } from "../auth/sessions.js";
import { TestAgent } from "../test-support/agent.js";
import { createTestApp, type TestApp } from "../test-support/app.js";
import { testEngines } from "../test-support/databases.js";
import { makeCycle, makeForum, makePerson } from "../test-support/factories.js";

const BODY = [
  "# Trust",
  "",
  "Trusted channels between response teams matter.",
  "",
  "Regional meetings help newcomers.",
].join("\n");

describe.each(testEngines)("commenting on documents on %s", (engine) => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof seed>>;
  let clock = new Date("2018-09-01T09:00:00Z");

  async function seed() {
    const db = t.database.db;
    const forum = await makeForum(db, { time_zone: "America/New_York" });
    // The review milestones, all-day dates in New York's zone.
    await makeCycle(db, forum, {
      year: 2018,
      zone: "America/New_York",
      milestones: { review_opens: "2018-10-10", review_closes: "2018-10-20" },
    });
    const sam = await makePerson(db, {
      email: "sam@example.org",
      name: "Sam Secretariat",
      role: "secretariat",
      forumId: forum.id,
    });
    const pia = await makePerson(db, { email: "pia@example.org", name: "Pia Public" });
    const ben = await makePerson(db, { email: "ben@example.org", name: "Ben Public" });
    // Fay comments only in the flood (the limiter's clock is the test's, which goes back and forth).
    const fay = await makePerson(db, { email: "fay@example.org", name: "Fay Flood" });
    const token = await createApiToken(db, {
      name: "Mailing list bridge",
      role: "member",
      forumId: forum.id,
    });
    return { forum, sam, pia, ben, fay, token: token.token, list: "/f/bpf-cyber/2018/documents" };
  }

  async function agentFor(userId: string) {
    const { cookieValue } = await createSession(t.database.db, { userId, now: clock });
    const agent = new TestAgent(t.app);
    agent.cookies.set("session", cookieValue);
    await agent.get("/healthz");
    return agent;
  }
  const at = (iso: string) => {
    clock = new Date(iso);
    t.setNow(clock);
  };
  const json = (
    agent: TestAgent | null,
    method: "GET" | "POST",
    url: string,
    payload?: object,
    token?: string,
  ) =>
    t.app.inject({
      method,
      url,
      payload,
      headers: token
        ? { authorization: `Bearer ${token}` }
        : agent
          ? {
              cookie: [...agent.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
              "x-csrf-token": agent.cookies.get("csrf") ?? "",
            }
          : {},
    });

  /** A document published to the public whose own review dates are NOT the cycle's milestones. */
  async function publishedDocument(title: string) {
    const sam = await agentFor(w.sam.user.id);
    const created = await sam.post(w.list, {
      kind: "output",
      title,
      body: BODY,
      review_opens: "2018-09-01",
      review_closes: "2018-09-05",
    });
    expect(created.statusCode).toBe(303);
    const page = String(created.headers.location);
    expect((await sam.post(`${page}/versions/1/publish`, { to: "public" })).statusCode).toBe(303);
    const shown = await new TestAgent(t.app).get(page);
    const ids = [...shown.body.matchAll(/<p id="p-([^"]+)"/g)].map((m) => m[1] ?? "");
    return { page, id: page.split("/").at(-1) ?? "", first: ids[0] ?? "", second: ids[1] ?? "" };
  }

  beforeAll(async () => {
    t = await createTestApp(engine);
    at("2018-09-03T12:00:00Z");
    w = await seed();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("opens and closes the public review on the cycle's milestones, told in their zone", async () => {
    at("2018-09-03T12:00:00Z");
    const d = await publishedDocument("Output document 2018");
    const comment = async (body: string) =>
      (await agentFor(w.pia.user.id)).post(`${d.page}/comments`, {
        version: "1",
        paragraph_id: d.first,
        body,
      });

    // Inside the document's own dates, but the cycle's milestones win: not open yet.
    const early = await comment("Within the document's own dates");
    expect(early.statusCode).toBe(409);
    expect(early.body).toContain("has not opened yet");
    expect((await new TestAgent(t.app).get(d.page)).body).toContain("Public review is not open");

    at("2018-10-12T12:00:00Z");
    const open = await new TestAgent(t.app).get(d.page);
    // The closing day as the forum's milestones show it: New York's 20 October, end of the day, not a UTC date.
    expect(open.body).toContain(
      "Public review is open until October 20, 2018, end of the day, Eastern Daylight Time (UTC−04:00).",
    );
    expect(open.body).not.toContain("2018-10-20");
    // A reader whose zone is known also sees the instant on their own clock.
    const tokyo = await new TestAgent(t.app).get(d.page, { cookie: "tz=Asia/Tokyo" });
    expect(tokyo.body).toContain("(UTC−04:00) — October 21 at 12:59 PM for you.");
    expect((await comment("During the review")).statusCode).toBe(303);

    // 02:00 UTC on the 21st is still the evening of the 20th in New York: still open.
    at("2018-10-21T02:00:00Z");
    expect((await comment("Late in New York's evening")).statusCode).toBe(303);
    at("2018-10-21T05:00:00Z");
    const late = await comment("After midnight in New York");
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain("is closed");
  });

  it("refuses an anonymous comment with a sign-in link back to the paragraph, and names a token's comments", async () => {
    at("2018-10-12T12:00:00Z");
    const d = await publishedDocument("Background 2018");
    const anonymous = new TestAgent(t.app);
    const page = await anonymous.get(d.page);
    // The invitation is a link to sign in, returning to the paragraph.
    const back = encodeURIComponent(`${d.page}?version=1#p-${d.second}`);
    expect(page.body).toContain(`href="/sign-in?next=${back}"`);
    expect(page.body).toContain("Sign in to comment on this paragraph");

    const refused = await anonymous.post(`${d.page}/comments`, {
      version: "1",
      paragraph_id: d.first,
      body: "No account",
    });
    expect(refused.statusCode).toBe(401);
    expect(refused.body).toContain("Sign in to comment. Signing in needs only your e-mail address");
    expect(refused.body).toContain('href="/sign-in?next=');
    const refusedEs = await anonymous.post(`${d.page}/comments?lang=es`, {
      version: "1",
      paragraph_id: d.first,
      body: "Sin cuenta",
    });
    expect(refusedEs.statusCode).toBe(401);
    expect(refusedEs.body).toContain("Inicie sesión para comentar.");
    const api = await json(null, "POST", `/api/v1/documents/${d.id}/comments`, {
      version: 1,
      paragraph_id: d.first,
      body: "No account either",
    });
    expect(api.statusCode).toBe(401);
    expect(api.json()).toMatchObject({ error: { code: "unauthorized" } });
    expect(api.json().error.message).toContain("Sign in to comment");

    // A token's comment is shown under the token's name, not an empty author.
    const byToken = await json(
      null,
      "POST",
      `/api/v1/documents/${d.id}/comments`,
      { version: 1, paragraph_id: d.first, body: "Forwarded from the list" },
      w.token,
    );
    expect(byToken.statusCode).toBe(201);
    const listed = (await json(null, "GET", `/api/v1/documents/${d.id}/comments?version=1`)).json() as {
      comments: { body: string; author: string }[];
    };
    expect(listed.comments.find((c) => c.body === "Forwarded from the list")?.author).toBe(
      "Mailing list bridge",
    );
    expect((await anonymous.get(d.page)).body).toContain("Mailing list bridge, online");
  });

  it("turns a flood of comments away with a 429 saying when to try again, keeping what was typed", async () => {
    at("2018-10-13T12:00:00Z");
    const d = await publishedDocument("Flooded document");
    const fay = await agentFor(w.fay.user.id);
    for (let i = 1; i <= 20; i++) {
      const sent = await fay.post(`${d.page}/comments`, {
        version: "1",
        paragraph_id: d.first,
        body: `Comment number ${i}`,
      });
      expect(sent.statusCode).toBe(303);
    }
    const flood = await fay.post(`${d.page}/comments`, {
      version: "1",
      paragraph_id: d.first,
      body: "One comment too many",
    });
    expect(flood.statusCode).toBe(429);
    expect(Number(flood.headers["retry-after"])).toBeGreaterThan(0);
    expect(flood.body).toContain("You have sent many comments in the last few minutes");
    expect(flood.body).toContain("Please send it again in 10 minutes.");
    expect(flood.body).toContain("One comment too many</textarea>");
    const floodRu = await fay.post(`${d.page}/comments?lang=ru`, {
      version: "1",
      paragraph_id: d.first,
      body: "Ещё один",
    });
    expect(floodRu.statusCode).toBe(429);
    expect(floodRu.body).toContain("Отправьте его снова через 10 минут.");
    const byApi = await json(fay, "POST", `/api/v1/documents/${d.id}/comments`, {
      version: 1,
      paragraph_id: d.first,
      body: "Through the API",
    });
    expect(byApi.statusCode).toBe(429);
    expect(byApi.headers["retry-after"]).toBeDefined();
    expect(byApi.json()).toMatchObject({ error: { code: "rate_limited" } });

    // Someone else is not held back by Fay's flood; the secretariat logging a meeting is never limited.
    const ben = await agentFor(w.ben.user.id);
    expect(
      (await ben.post(`${d.page}/comments`, { version: "1", paragraph_id: d.first, body: "Mine" }))
        .statusCode,
    ).toBe(303);
    const sam = await agentFor(w.sam.user.id);
    for (let i = 1; i <= 21; i++)
      expect(
        (
          await sam.post(`${d.page}/comments`, {
            version: "1",
            paragraph_id: d.first,
            body: `Said at the meeting ${i}`,
            channel: "meeting",
            on_behalf_of: "Amina Diallo",
          })
        ).statusCode,
      ).toBe(303);

    // Ten minutes on, Fay may comment again.
    at("2018-10-13T12:11:00Z");
    const again = await agentFor(w.fay.user.id);
    expect(
      (await again.post(`${d.page}/comments`, { version: "1", paragraph_id: d.first, body: "Later" }))
        .statusCode,
    ).toBe(303);
  });

  it("previews a new document without saving it, keeping what was typed", async () => {
    at("2018-09-03T12:00:00Z");
    const sam = await agentFor(w.sam.user.id);
    const body =
      "# Findings\n\n| Region | Teams |\n| --- | --- |\n| *Africa* | 12 |\n\nA note.[^1]\n\n[^1]: The source.";
    const preview = await sam.post(w.list, {
      kind: "introduction",
      title: "A two-page introduction",
      body,
      action: "preview",
    });
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain("Preview (not saved)");
    expect(preview.body).toContain("<td><em>Africa</em></td>");
    expect(preview.body).toContain("The source.");
    expect(preview.body).toContain('value="A two-page introduction"');
    expect(preview.body).toContain("| Region | Teams |");
    expect(preview.body).toMatch(/<option value="introduction" selected/);
    // Nothing was saved.
    expect((await sam.get(w.list)).body).not.toContain("A two-page introduction");
    // Nobody but the secretariat previews through this form.
    const pia = await agentFor(w.pia.user.id);
    expect((await pia.post(w.list, { title: "Mine", body: "Text", action: "preview" })).statusCode).toBe(403);
  });

  it("takes versions, notes, channels and replies through the API, all in the OpenAPI document", async () => {
    at("2018-10-14T12:00:00Z");
    const sam = await agentFor(w.sam.user.id);
    const created = await json(sam, "POST", "/api/v1/forums/bpf-cyber/cycles/2018/documents", {
      title: "API document",
      body: BODY,
    });
    expect(created.statusCode).toBe(201);
    const { id } = created.json() as { id: string };
    const v2 = await json(sam, "POST", `/api/v1/documents/${id}/versions`, {
      body: `${BODY}\n\nA third paragraph.`,
      note: "After the June call",
      publish: "public",
    });
    expect(v2.statusCode).toBe(201);
    expect(v2.json()).toMatchObject({ version: 2 });
    const anonymous = new TestAgent(t.app);
    const page = `${w.list}/${id}`;
    // Version 1 was never published: the public reads version 2 with its note, and not version 1.
    const read = await anonymous.get(page);
    expect(read.statusCode).toBe(200);
    expect(read.body).toContain("A third paragraph.");
    expect(read.body).toContain("After the June call");
    expect((await anonymous.get(`${page}?version=1`)).statusCode).toBe(404);
    const first = [...read.body.matchAll(/<p id="p-([^"]+)"/g)].map((m) => m[1] ?? "")[0] ?? "";

    const logged = await json(sam, "POST", `/api/v1/documents/${id}/comments`, {
      version: 2,
      paragraph_id: first,
      body: "Said on the mailing list.",
      channel: "mailing_list",
      on_behalf_of: "Amina Diallo",
    });
    expect(logged.statusCode).toBe(201);
    const commentId = (logged.json() as { id: string }).id;
    const pia = await agentFor(w.pia.user.id);
    const reply = await json(pia, "POST", `/api/v1/documents/${id}/comments`, {
      version: 2,
      parent_id: commentId,
      body: "I agree with Amina.",
    });
    expect(reply.statusCode).toBe(201);
    // A reader may not log a comment for someone else through the API either.
    const sneaky = await json(pia, "POST", `/api/v1/documents/${id}/comments`, {
      version: 2,
      paragraph_id: first,
      body: "For my boss",
      on_behalf_of: "My Boss",
    });
    expect(sneaky.statusCode).toBe(422);

    const listed = (await json(null, "GET", `/api/v1/documents/${id}/comments?version=2`)).json() as {
      comments: {
        id: string;
        author: string;
        on_behalf_of: string | null;
        channel: string;
        replies: { author: string; body: string; on_behalf_of: string | null }[];
      }[];
    };
    expect(listed.comments).toHaveLength(1);
    expect(listed.comments[0]).toMatchObject({
      id: commentId,
      author: "Amina Diallo",
      on_behalf_of: "Amina Diallo",
      channel: "mailing_list",
      replies: [{ author: "Pia Public", body: "I agree with Amina.", on_behalf_of: null }],
    });

    const doc = (await t.app.inject({ method: "GET", url: "/api/openapi.json" })).json() as {
      paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
    };
    expect(doc.paths["/api/v1/forums/{forum}/cycles/{year}/documents"]?.post).toBeDefined();
    expect(doc.paths["/api/v1/documents/{id}/versions"]?.post).toBeDefined();
    expect(doc.paths["/api/v1/documents/{id}/comments"]?.post?.responses?.["429"]).toBeDefined();
    expect(doc.paths["/api/v1/documents/{id}/comments"]?.get).toBeDefined();
    expect(doc.paths["/api/v1/documents/{id}/comments/{comment}/disposition"]?.put).toBeDefined();
    expect(doc.paths["/api/v1/documents/{id}/dispositions"]?.get).toBeDefined();
    expect(JSON.stringify(doc.paths["/api/v1/documents/{id}/comments"]?.get)).toContain("on_behalf_of");
  });
});
