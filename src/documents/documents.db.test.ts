// The output document through its pages: the secretariat drafts and publishes, members read drafts, the public
// reads what is published and comments only while the review is open; comments survive a new version, on their
// quote, or as "a comment on version 1" when their paragraph is gone.
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../auth/sessions.js";
import { TestAgent } from "../test-support/agent.js";
import { createTestApp, type TestApp } from "../test-support/app.js";
import { testEngines } from "../test-support/databases.js";
import { makeCycle, makeForum, makePerson } from "../test-support/factories.js";

const V1 = [
  "# Trust between CERTs",
  "",
  "Trusted channels between response teams matter. They let incidents be shared before they spread.",
  "",
  "Regional meetings help newcomers join the community and learn the informal rules.",
  "",
  "See [the charter](javascript:alert(1)) and <script>alert(1)</script>.",
].join("\n");

const V2 = [
  "# Trust between CERTs",
  "",
  "A paragraph inserted above everything else, about funding for small teams.",
  "",
  "Trusted channels between response teams matter a great deal. They let incidents be shared before they spread.",
  "",
  "See [the charter](javascript:alert(1)) and <script>alert(1)</script>.",
].join("\n");

describe.each(testEngines)("output documents on %s", (engine) => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof seed>>;

  async function seed() {
    const db = t.database.db;
    const forum = await makeForum(db);
    await makeCycle(db, forum, { year: 2017 });
    const other = await makeForum(db, { slug: "bpf-other", name: "Another forum" });
    const sam = await makePerson(db, {
      email: "sam@example.org",
      name: "Sam Secretariat",
      role: "secretariat",
      forumId: forum.id,
    });
    const mia = await makePerson(db, {
      email: "mia@example.org",
      name: "Mia Member",
      role: "member",
      forumId: forum.id,
    });
    const olga = await makePerson(db, {
      email: "olga@example.org",
      name: "Olga Other",
      role: "secretariat",
      forumId: other.id,
    });
    const pia = await makePerson(db, { email: "pia@example.org", name: "Pia Public" });
    return { sam, mia, olga, pia, list: "/f/bpf-cyber/2017/documents" };
  }

  let clock = new Date("2017-10-02T09:00:00Z");
  async function agentFor(userId: string) {
    const { cookieValue } = await createSession(t.database.db, { userId, now: clock });
    const agent = new TestAgent(t.app);
    agent.cookies.set("session", cookieValue);
    return agent;
  }
  const at = (iso: string) => {
    clock = new Date(iso);
    t.setNow(clock);
  };

  beforeAll(async () => {
    t = await createTestApp(engine);
    at("2017-10-02T09:00:00Z");
    w = await seed();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("drafts, publishes and compares; comments survive a new version, or show as on version 1", async () => {
    let sam = await agentFor(w.sam.user.id);
    const created = await sam.post(w.list, {
      kind: "output",
      title: "Output document 2017",
      body: V1,
      review_opens: "2017-10-10",
      review_closes: "2017-10-20",
    });
    expect(created.statusCode).toBe(303);
    const page = String(created.headers.location);
    const anonymous = new TestAgent(t.app);
    let mia = await agentFor(w.mia.user.id);
    let pia = await agentFor(w.pia.user.id);
    const olga = await agentFor(w.olga.user.id);

    // A draft: the members read it, nobody else does, and only the secretariat edits it.
    expect((await anonymous.get(page)).statusCode).toBe(404);
    expect((await pia.get(page)).statusCode).toBe(404);
    expect((await anonymous.get(w.list)).body).not.toContain("Output document 2017");
    const draft = await mia.get(page);
    expect(draft.statusCode).toBe(200);
    expect(draft.body).toContain("Trusted channels between response teams matter.");
    expect(draft.body).not.toContain("Edit the text");
    expect((await mia.get(`${page}/edit`)).statusCode).toBe(403);
    // Another forum's secretariat cannot even see the draft.
    expect((await olga.post(`${page}/versions`, { body: "Taken over", action: "save" })).statusCode).toBe(
      404,
    );

    // Markdown is sanitised: no javascript: link, no raw HTML.
    expect(draft.body).not.toContain('href="javascript');
    expect(draft.body).not.toContain("<script>alert");
    expect(draft.body).toContain("&lt;script>alert(1)&lt;/script>");

    const publishing = await sam.post(`${page}/versions/1/publish`, { to: "public" });
    expect(publishing.statusCode).toBe(303);
    // The secretariat is told what became of the version; a reader following the same link is not.
    const told = await sam.get(String(publishing.headers.location));
    expect(told.body).toContain("Version 1 is now: Published to the public.");
    expect((await anonymous.get(String(publishing.headers.location))).body).not.toContain("Version 1 is now");
    // Published, it still cannot be edited from another forum.
    expect((await olga.post(`${page}/versions`, { body: "Taken over", action: "save" })).statusCode).toBe(
      403,
    );
    expect((await olga.get(`${page}/edit`)).statusCode).toBe(403);
    const published = await anonymous.get(page);
    expect(published.statusCode).toBe(200);
    expect(published.body).toContain("Public review is not open");
    // Nobody is invited to sign in to comment before the review opens; a member is told they still can.
    expect(published.body).not.toContain("Sign in to comment.");
    expect((await sam.get(page)).body).toContain("as a member of the forum you can");
    const paragraphIds = [...published.body.matchAll(/<p id="p-([^"]+)"/g)].map((m) => m[1] ?? "");
    expect(paragraphIds).toHaveLength(3);
    const [first, second] = paragraphIds;

    // Before the window, a public comment is refused with the reason.
    const early = await pia.post(`${page}/comments`, {
      version: "1",
      paragraph_id: first ?? "",
      body: "Too early",
    });
    expect(early.statusCode).toBe(409);
    expect(early.body).toContain("has not opened yet");

    at("2017-10-12T09:00:00Z");
    pia = await agentFor(w.pia.user.id);
    sam = await agentFor(w.sam.user.id);
    expect((await anonymous.get(page)).body).toContain("Sign in to comment.");
    const onQuote = await pia.post(`${page}/comments`, {
      version: "1",
      paragraph_id: first ?? "",
      quote: "let incidents be shared",
      body: "Shared with whom?",
    });
    expect(onQuote.statusCode).toBe(303);
    const onParagraph = await pia.post(`${page}/comments`, {
      version: "1",
      paragraph_id: second ?? "",
      body: "Regional meetings are costly.",
    });
    expect(onParagraph.statusCode).toBe(303);
    // A reader may not log a comment for someone else; the secretariat logs one made at a meeting.
    const sneaky = await pia.post(`${page}/comments`, {
      version: "1",
      paragraph_id: first ?? "",
      body: "Said by my boss",
      on_behalf_of: "My Boss",
      channel: "meeting",
    });
    expect(sneaky.statusCode).toBe(422);
    expect(sneaky.body).toContain("Only the secretariat logs comments made elsewhere");
    expect(
      (
        await sam.post(`${page}/comments`, {
          version: "1",
          paragraph_id: first ?? "",
          body: "Add a sentence on trust-building.",
          on_behalf_of: "Amina Diallo",
          channel: "meeting",
        })
      ).statusCode,
    ).toBe(303);

    // Version 2: a paragraph inserted above, the sentence around the quote reworded, the second paragraph gone.
    expect(
      (
        await sam.post(`${page}/versions`, {
          body: V2,
          note: "After the meeting",
          publish: "public",
          action: "save",
        })
      ).statusCode,
    ).toBe(303);
    const v2 = await anonymous.get(`${page}?version=2`);
    expect(v2.statusCode).toBe(200);
    const v2ids = [...v2.body.matchAll(/<p id="p-([^"]+)"/g)].map((m) => m[1] ?? "");
    expect(v2ids).toHaveLength(3);
    expect(v2ids[1]).toBe(first);
    expect(v2ids).not.toContain(second);
    // The quote's comment still sits under its paragraph; the removed paragraph's comment is on version 1.
    const blockOf = (id: string) =>
      v2.body.slice(v2.body.indexOf(`id="p-${id}"`)).split('class="document-block"')[0] ?? "";
    expect(blockOf(first ?? "")).toContain("Shared with whom?");
    expect(blockOf(first ?? "")).toContain("Amina Diallo, at a meeting");
    const orphans = v2.body.slice(v2.body.indexOf("Comments on earlier versions"));
    expect(orphans).toContain("A comment on version 1");
    expect(orphans).toContain("Regional meetings are costly.");

    // The API says where each comment sits in version 2.
    const documentId = page.split("/").at(-1);
    const api = await anonymous.get(`/api/v1/documents/${documentId}/comments?version=2`);
    expect(api.statusCode).toBe(200);
    const sits = (
      JSON.parse(api.body) as {
        comments: {
          body: string;
          orphaned: boolean;
          made_on_version: number;
          start: number | null;
          end: number | null;
          paragraph_id: string | null;
        }[];
      }
    ).comments;
    expect(sits.find((c) => c.body === "Regional meetings are costly.")).toMatchObject({
      orphaned: true,
      made_on_version: 1,
    });
    const onQuoteNow = sits.find((c) => c.body === "Shared with whom?");
    expect(onQuoteNow).toMatchObject({ orphaned: false, paragraph_id: first });
    expect(onQuoteNow?.start).toBeGreaterThan(0);
    // Its offsets hold the quoted words in version 2's paragraph (moved by "a great deal. " added before them).
    const v2Paragraph =
      "Trusted channels between response teams matter a great deal. They let incidents be shared before they spread.";
    expect(onQuoteNow?.start).toBe(v2Paragraph.indexOf("let incidents be shared"));
    expect(v2Paragraph.slice(onQuoteNow?.start ?? 0, onQuoteNow?.end ?? 0)).toBe("let incidents be shared");

    const compared = await anonymous.get(`${page}/compare?from=1&to=2`);
    expect(compared.statusCode).toBe(200);
    expect(compared.body).toContain("<ins>a great deal. </ins>");
    expect(compared.body).toContain("Added");
    expect(compared.body).toContain("<del>Regional meetings help newcomers");

    // After the window closes, public comments are refused again; the forum's members may still comment.
    at("2017-10-21T09:00:00Z");
    pia = await agentFor(w.pia.user.id);
    mia = await agentFor(w.mia.user.id);
    const late = await pia.post(`${page}/comments`, {
      version: "2",
      paragraph_id: first ?? "",
      body: "Too late",
    });
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain("is closed");
    expect(
      (await mia.post(`${page}/comments`, { version: "2", paragraph_id: first ?? "", body: "Member note" }))
        .statusCode,
    ).toBe(303);

    const audit = await t.database.db
      .selectFrom("audit_log")
      .select("action")
      .where("action", "like", "document.%")
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual([
      "document.comment",
      "document.comment",
      "document.comment",
      "document.comment",
      "document.create",
      "document.publish",
      "document.version",
    ]);
  });

  it("hides a comment with its reason, answers comments by page and API, and reports what happened", async () => {
    at("2017-10-12T09:00:00Z");
    const sam = await agentFor(w.sam.user.id);
    const pia = await agentFor(w.pia.user.id);
    const anonymous = new TestAgent(t.app);
    const created = await sam.post(w.list, {
      kind: "background",
      title: "Background paper",
      body: "# Teams\n\nTrust matters for teams. Funding matters for teams too.\n\nA second paragraph.",
      review_opens: "2017-10-10",
      review_closes: "2017-10-20",
    });
    const page = String(created.headers.location);
    const id = page.split("/").at(-1) ?? "";
    expect((await sam.post(`${page}/versions/1/publish`, { to: "public" })).statusCode).toBe(303);
    const api = async (agent: TestAgent, method: "GET" | "POST" | "PUT", url: string, payload?: object) =>
      t.app.inject({
        method,
        url,
        payload,
        headers: {
          cookie: [...agent.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
          "x-csrf-token": agent.cookies.get("csrf") ?? "",
        },
      });

    await pia.get("/healthz");
    // A repeated quote: the context sent says which one is meant.
    const posted = await api(pia, "POST", `/api/v1/documents/${id}/comments`, {
      version: 1,
      quote: "matters for teams",
      prefix: "Funding ",
      suffix: " too.",
      body: "Which funding?",
    });
    expect(posted.statusCode).toBe(201);
    const commentId = (posted.json() as { id: string }).id;
    const placed = (await api(anonymous, "GET", `/api/v1/documents/${id}/comments?version=1`)).json() as {
      comments: { id: string; start: number }[];
    };
    expect(placed.comments.find((c) => c.id === commentId)?.start).toBe(
      "Trust matters for teams. Funding ".length,
    );
    await pia.post(`${page}/comments`, { version: "1", parent_id: commentId, body: "A reply of mine." });
    const rude = await pia.post(`${page}/comments`, {
      version: "1",
      quote: "A second paragraph",
      body: "Something rude.",
    });
    expect(rude.statusCode).toBe(303);
    const rudeId = String(rude.headers.location).split("#comment-")[1] ?? "";

    // Only the secretariat hides, and a reason is required; readers then see that it was hidden and why.
    expect((await pia.post(`${page}/comments/${rudeId}/moderation`, { reason: "No." })).statusCode).toBe(403);
    expect((await sam.post(`${page}/comments/${rudeId}/moderation`, { reason: "" })).statusCode).toBe(422);
    expect(
      (await sam.post(`${page}/comments/${rudeId}/moderation`, { reason: "Insults another participant." }))
        .statusCode,
    ).toBe(303);
    const shown = await anonymous.get(page);
    expect(shown.body).toContain("Hidden by the secretariat: Insults another participant.");
    expect(shown.body).not.toContain("Something rude.");
    expect(shown.body).toContain("A reply of mine.");

    // Dispositions: by the report's form and by the API; a reader may not give one.
    expect(
      (
        await api(pia, "PUT", `/api/v1/documents/${id}/comments/${commentId}/disposition`, {
          outcome: "partly",
        })
      ).statusCode,
    ).toBe(403);
    const answered = await api(sam, "PUT", `/api/v1/documents/${id}/comments/${commentId}/disposition`, {
      outcome: "partly",
      note: "Funding is now named.",
      version: 1,
    });
    expect(answered.statusCode).toBe(200);
    expect(
      (
        await sam.post(`${page}/comments/${rudeId}/disposition`, {
          outcome: "out_of_scope",
          note: "Not about the text.",
        })
      ).statusCode,
    ).toBe(303);
    const report = await anonymous.get(`${page}/comments-report`);
    expect(report.statusCode).toBe(200);
    expect(report.body).toContain("Partly incorporated (1)");
    expect(report.body).toContain("Out of scope (1)");
    expect(report.body).toContain("Funding is now named.");
    expect(report.body).not.toContain("Something rude.");
    const filtered = await anonymous.get(`${page}/comments-report?outcome=out_of_scope`);
    expect(filtered.body).toContain("Not about the text.");
    expect(filtered.body).not.toContain("Which funding?");
    const listed = (
      await api(anonymous, "GET", `/api/v1/documents/${id}/dispositions?outcome=partly`)
    ).json() as {
      counts: Record<string, number>;
      comments: { id: string; disposition: { outcome: string; version: number | null } | null }[];
    };
    expect(listed.counts).toMatchObject({ all: 2, partly: 1, out_of_scope: 1, pending: 0 });
    expect(listed.comments).toEqual([
      expect.objectContaining({ id: commentId, disposition: expect.objectContaining({ version: 1 }) }),
    ]);

    // In the OpenAPI document.
    const doc = (await t.app.inject({ method: "GET", url: "/api/openapi.json" })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(doc.paths["/api/v1/documents/{id}/comments/{comment}/disposition"]?.put).toBeDefined();
    expect(doc.paths["/api/v1/documents/{id}/dispositions"]?.get).toBeDefined();
  });
  it("refuses a review date that has the shape of a date but is no day of the calendar", async () => {
    const sam = await agentFor(w.sam.user.id);
    // Kept, such a date broke the document's page for everyone (a 500 on every view).
    const refused = await sam.post(w.list, {
      kind: "background",
      title: "Paper with an impossible review",
      body: "Text.",
      review_opens: "2017-02-30",
      review_closes: "2017-13-45",
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain("Give a date as YYYY-MM-DD.");
    expect(refused.body).toContain("Paper with an impossible review");
  });
  it("shows a document's title in the reader's language once the secretariat translates it", async () => {
    const sam = await agentFor(w.sam.user.id);
    const created = await sam.post(w.list, {
      kind: "background",
      title: "Paper on trust",
      body: "# Trust\n\nText.",
    });
    const page = String(created.headers.location);
    const id = page.split("/").at(-1) ?? "";
    expect((await sam.post(`${page}/versions/1/publish`, { to: "public" })).statusCode).toBe(303);
    // The status page lists the title among what is missing; the Spanish form takes it.
    const form = await sam.get("/f/bpf-cyber/translations/es");
    expect(form.body).toContain("Paper on trust");
    const saved = await sam.post("/f/bpf-cyber/translations/es", {
      [`document__${id}__title`]: "Documento sobre la confianza",
    });
    expect(saved.statusCode).toBe(303);
    const anonymous = new TestAgent(t.app);
    expect((await anonymous.get(`${w.list}?lang=es`)).body).toContain(
      "<bdi>Documento sobre la confianza</bdi>",
    );
    expect((await anonymous.get(`${page}?lang=es`)).body).toContain(
      "<h1><bdi>Documento sobre la confianza</bdi></h1>",
    );
    // Not yet in Arabic: the original stands in, marked as English.
    expect((await anonymous.get(`${page}?lang=ar`)).body).toContain(
      '<h1 lang="en" dir="ltr"><bdi lang="en">Paper on trust</bdi></h1>',
    );
    expect((await anonymous.get(`${page}?lang=en`)).body).toContain("<h1><bdi>Paper on trust</bdi></h1>");
    // The Word file carries the same translated title, and says its text is in the forum's language (English).
    const docx = await anonymous.get(`${page}/export.docx?lang=es`);
    expect(docx.statusCode).toBe(200);
    const files = unzipSync(new Uint8Array(docx.rawPayload));
    const read = (name: string) => strFromU8(files[name] ?? new Uint8Array());
    expect(read("word/document.xml")).toContain("Documento sobre la confianza");
    expect(read("word/document.xml")).not.toContain("Paper on trust");
    expect(read("docProps/core.xml")).toContain("Documento sobre la confianza");
    expect(read("word/styles.xml")).toContain('w:val="en-GB"');
  });
});
