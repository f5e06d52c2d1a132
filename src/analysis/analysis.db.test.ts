// The analysis workspace end to end: the codebook API and pages, coding through the API and through the form
// without JavaScript, excerpts found again after their text changed (or listed as no longer found), the
// exports, and that nobody outside the forum gets any of it.
import mammoth from "mammoth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../auth/sessions.js";
import { contributionById, textChanged } from "../contributions/index.js";
import { publishContribution } from "../contributions/moderation/service.js";
import { completeFields, multipart, seedTestForum, tokenFor } from "../contributions/test-support.js";
import { TestAgent } from "../test-support/agent.js";
import { createTestApp, type TestApp } from "../test-support/app.js";
import { testEngines } from "../test-support/databases.js";
import { makeCycle, makePerson } from "../test-support/factories.js";
import { createCode, importCodebookCsv, mergeCodes, viewCodebook } from "./codebook/service.js";

const TEXT = [
  "Capacity building is the first need of small states.",
  "",
  "Critical infrastructure must be protected by law, and operators must report incidents within 72 hours.",
  "",
  "Cybercrime laws differ across regions, which slows cooperation between CERTs.",
].join("\n");

describe.each(testEngines)("analysis workspace on %s", (engine) => {
  let t: TestApp;
  let memberToken: string;
  let otherToken: string;
  let member: TestAgent;
  let stranger: TestAgent;
  let anonymous: TestAgent;
  let contributionId: string;
  let anonymousId: string;
  let forumId: string;
  let cycleId: string;
  let forumRow: Awaited<ReturnType<typeof seedTestForum>>["forum"];
  let memberActor: Awaited<ReturnType<typeof makePerson>>["actor"];
  const db = () => t.database.db;
  const api = (token: string | undefined, method: "GET" | "POST", url: string, payload?: object) =>
    t.app.inject({
      method,
      url,
      ...(payload ? { payload } : {}),
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
  const base = "/api/v1/forums/bpf-cyber/cycles/2017";
  /** What the edit path and the extraction job do once a text changed: the contribution's hooks run. */
  const changedText = async (id: string) => {
    const row = await contributionById(db(), id);
    if (row) await textChanged(db(), row, new Date());
  };

  beforeAll(async () => {
    t = await createTestApp(engine);
    t.setNow(new Date("2017-09-10T10:00:00Z"));
    const a = await seedTestForum(db(), "bpf-cyber");
    const b = await seedTestForum(db(), "bpf-other");
    forumId = a.forum.id;
    forumRow = a.forum;
    cycleId = a.cycle2017.id;
    memberToken = await tokenFor(db(), "member", a.forum.id);
    otherToken = await tokenFor(db(), "secretariat", b.forum.id);
    const m = await makePerson(db(), {
      email: "mia@example.org",
      name: "Mia Member",
      role: "member",
      forumId,
    });
    memberActor = m.actor;
    const o = await makePerson(db(), { email: "olga@example.org", role: "secretariat", forumId: b.forum.id });
    member = new TestAgent(t.app);
    member.cookies.set(
      "session",
      (await createSession(db(), { userId: m.user.id, now: new Date() })).cookieValue,
    );
    stranger = new TestAgent(t.app);
    stranger.cookies.set(
      "session",
      (await createSession(db(), { userId: o.user.id, now: new Date() })).cookieValue,
    );
    anonymous = new TestAgent(t.app);

    const send = async (fields: Record<string, string>) => {
      const body = multipart(completeFields(fields).map(([k, v]) => [k === "body_text" ? "text" : k, v]));
      const res = await t.app.inject({
        method: "POST",
        url: `${base}/contributions`,
        payload: body.payload,
        headers: body.headers,
      });
      expect(res.statusCode).toBe(201);
      return (res.json() as { id: string }).id;
    };
    contributionId = await send({ contributor_name: "Amina Diallo", body_text: TEXT });
    anonymousId = await send({
      contributor_name: "Zed Hidden-Name",
      consent: "anonymous",
      body_text: "Anonymous view: capacity building funds should be pooled regionally.",
    });
    const deps = {
      db: db(),
      now: new Date("2017-09-10T12:00:00Z"),
      secret: "s",
      publicUrl: "http://localhost",
    };
    const seed = { kind: "system", label: "seed" } as const;
    for (const id of [contributionId, anonymousId])
      await publishContribution(deps, { actor: seed, contributionId: id });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("lets a member add nested themes and sections through the API, and refuses a second of the same name", async () => {
    const theme = await api(memberToken, "POST", `${base}/themes`, { name: "Critical infrastructure" });
    expect(theme.statusCode).toBe(201);
    const parent = theme.json() as { id: string; kind: string };
    expect(parent.kind).toBe("theme");
    const child = await api(memberToken, "POST", `${base}/themes`, {
      name: "Incident reporting",
      kind: "theme",
      parent_id: parent.id,
    });
    expect(child.statusCode).toBe(201);
    expect(child.json()).toMatchObject({ parent_id: parent.id });
    const section = await api(memberToken, "POST", `${base}/themes`, {
      name: "Recommendations",
      kind: "section",
    });
    expect(section.statusCode).toBe(201);
    const again = await api(memberToken, "POST", `${base}/themes`, { name: "critical INFRASTRUCTURE" });
    expect(again.statusCode).toBe(409);
    // A section cannot sit under a theme.
    const crossed = await api(memberToken, "POST", `${base}/themes`, {
      name: "Annex",
      kind: "section",
      parent_id: parent.id,
    });
    expect(crossed.statusCode).toBe(422);

    const list = await api(memberToken, "GET", `${base}/themes`);
    expect(list.statusCode).toBe(200);
    expect((list.json() as { themes: { name: string }[] }).themes.map((c) => c.name)).toEqual([
      "Critical infrastructure",
      "Incident reporting",
      "Recommendations",
    ]);
  });

  it("gives nothing of the workspace to an anonymous reader or another forum's people", async () => {
    expect((await api(undefined, "GET", `${base}/themes`)).statusCode).toBe(401);
    expect((await api(otherToken, "GET", `${base}/themes`)).statusCode).toBe(403);
    expect((await api(otherToken, "POST", `${base}/themes`, { name: "Intruder" })).statusCode).toBe(403);
    expect((await api(undefined, "GET", `${base}/excerpts`)).statusCode).toBe(401);
    expect((await api(otherToken, "GET", `${base}/excerpts`)).statusCode).toBe(403);
    const post = await api(otherToken, "POST", `/api/v1/contributions/${contributionId}/excerpts`, {
      quote: "Capacity building",
      proposal: true,
    });
    expect(post.statusCode).toBe(403);
    for (const path of [
      "/f/bpf-cyber/2017/analysis",
      "/f/bpf-cyber/2017/analysis/codebook",
      "/f/bpf-cyber/2017/analysis/excerpts",
      "/f/bpf-cyber/2017/analysis/excerpts.docx",
      `/f/bpf-cyber/2017/analysis/contributions/${contributionId}`,
    ]) {
      const anon = await anonymous.get(path);
      expect([anon.statusCode, String(anon.headers.location ?? "")]).toEqual([
        303,
        expect.stringMatching(/^\/sign-in/),
      ]);
      expect((await stranger.get(path)).statusCode).toBe(403);
    }
    const write = await stranger.post("/f/bpf-cyber/2017/analysis/codebook", {
      name: "Intruder",
      kind: "theme",
    });
    expect(write.statusCode).toBe(403);
    const names = (await viewCodebook({ db: db(), actor: memberActor, forumId, cycleId })).codes.map(
      (c) => c.name,
    );
    expect(names).not.toContain("Intruder");
  });

  it("codes a quote through the API, chosen among texts by its context, and lists it by theme", async () => {
    const themes = (await api(memberToken, "GET", `${base}/themes?kind=theme`)).json() as {
      themes: { id: string; name: string }[];
    };
    const ci = themes.themes.find((c) => c.name === "Critical infrastructure")!;
    const res = await api(memberToken, "POST", `/api/v1/contributions/${contributionId}/excerpts`, {
      quote: "must be protected by law",
      prefix: "Critical infrastructure ",
      themes: [ci.id],
      proposal: true,
    });
    expect(res.statusCode).toBe(201);
    const excerpt = res.json() as Record<string, unknown>;
    expect(excerpt).toMatchObject({
      quote: "must be protected by law",
      themes: [ci.id],
      proposal: true,
      anchor: "exact",
      contributor: "Amina Diallo",
      start: TEXT.indexOf("must be protected"),
    });
    const missing = await api(memberToken, "POST", `/api/v1/contributions/${contributionId}/excerpts`, {
      quote: "a sentence nobody wrote",
      themes: [ci.id],
    });
    expect(missing.statusCode).toBe(422);

    const listed = await api(memberToken, "GET", `${base}/excerpts?theme=${ci.id}`);
    expect((listed.json() as { excerpts: { quote: string }[] }).excerpts.map((e) => e.quote)).toEqual([
      "must be protected by law",
    ]);
    const other = themes.themes.find((c) => c.name === "Incident reporting")!;
    const none = await api(memberToken, "GET", `${base}/excerpts?theme=${other.id}`);
    expect((none.json() as { excerpts: unknown[] }).excerpts).toEqual([]);
  });

  it("codes whole paragraphs with the form that needs no JavaScript", async () => {
    const page = await member.get(`/f/bpf-cyber/2017/analysis/contributions/${contributionId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Cybercrime laws differ across regions");
    const value = /name="paragraphs" value="(body::\d+:\d+)"[^>]*>\s*<label[^>]*>Cybercrime/.exec(
      page.body,
    )?.[1];
    expect(value).toBeDefined();
    const section = (await viewCodebook({ db: db(), actor: memberActor, forumId, cycleId })).codes.find(
      (c) => c.name === "Recommendations",
    )!;
    const res = await member.post(`/f/bpf-cyber/2017/analysis/contributions/${contributionId}`, {
      paragraphs: value!,
      sections: section.id,
    });
    expect(res.statusCode).toBe(303);
    const after = await member.get(String(res.headers.location));
    expect(after.body).toContain("Coded.");
    expect(after.body).toMatch(
      /<blockquote><bdi>Cybercrime laws differ across regions, which slows cooperation between CERTs\.<\/bdi><\/blockquote>/,
    );
    // Nothing chosen: the form comes back saying so, nothing saved.
    const empty = await member.post(`/f/bpf-cyber/2017/analysis/contributions/${contributionId}`, {
      paragraphs: value!,
    });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain("Choose at least one theme or section");
  });

  it("finds excerpts again when the author edits the text, and lists the ones no longer found", async () => {
    // The author adds a preface and rewrites the last paragraph entirely (as an edit or a new extraction would).
    const edited = `Preface added later.\r\n\r\n${TEXT.replace(
      "Cybercrime laws differ across regions, which slows cooperation between CERTs.",
      "Regional harmonisation is what we ask for.",
    ).replace(/\n/g, "\r\n")}`;
    await db()
      .updateTable("contributions")
      .set({ body_text: edited })
      .where("id", "=", contributionId)
      .execute();
    await changedText(contributionId);
    // The API's list shows where they are now, and so does the coding page.
    const api1 = await api(memberToken, "GET", `${base}/excerpts`);
    const rows = (api1.json() as { excerpts: { quote: string; anchor: string; start: number }[] }).excerpts;
    expect(rows.find((e) => e.quote === "must be protected by law")).toMatchObject({
      anchor: "moved",
      start: edited.indexOf("must be protected by law"),
    });
    expect(rows.find((e) => e.quote.startsWith("Cybercrime"))?.anchor).toBe("orphan");
    const page = await member.get(`/f/bpf-cyber/2017/analysis/contributions/${contributionId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("1 excerpt no longer found");
    const [placed, orphans] = page.body.split("no longer found</h2>");
    expect(placed).toContain("must be protected by law");
    expect(placed).toContain("found elsewhere in the changed text");
    expect(orphans).toContain("Cybercrime laws differ across regions");
  });

  it("follows an excerpt whose passage moved into another of the contribution's texts", async () => {
    // The author moves the sentence about critical infrastructure out of the text and into an answer.
    const passage =
      "Critical infrastructure must be protected by law, and operators must report incidents within 72 hours.";
    const row = await db()
      .selectFrom("contributions")
      .select("body_text")
      .where("id", "=", contributionId)
      .executeTakeFirstOrThrow();
    await db()
      .updateTable("contributions")
      .set({
        body_text: row.body_text.replace(passage, ""),
        answers: JSON.stringify({ q_infrastructure: `In short: ${passage}` }),
      })
      .where("id", "=", contributionId)
      .execute();
    await changedText(contributionId);
    const listed = await api(memberToken, "GET", `${base}/excerpts`);
    const moved = (
      listed.json() as { excerpts: { quote: string; source: string; source_key: string; anchor: string }[] }
    ).excerpts.find((e) => e.quote === "must be protected by law");
    expect(moved).toMatchObject({ source: "answer", source_key: "q_infrastructure", anchor: "moved" });
    const page = await member.get(`/f/bpf-cyber/2017/analysis/contributions/${contributionId}`);
    expect(page.body).toContain("Answer to “q_infrastructure”");
    expect(page.body.split("no longer found</h2>")[0]).toContain("must be protected by law");
  });

  it("merges a theme into another (its excerpts follow) and exports the excerpts under their headings", async () => {
    const scope = { db: db(), actor: memberActor, forumId, cycleId, now: new Date() };
    const extra = await createCode(scope, { name: "Legal protection", kind: "theme" });
    const res = await api(memberToken, "POST", `/api/v1/contributions/${anonymousId}/excerpts`, {
      quote: "capacity building funds should be pooled regionally",
      themes: [extra.id],
    });
    expect(res.statusCode).toBe(201);
    const { codes } = await viewCodebook(scope);
    const ci = codes.find((c) => c.name === "Critical infrastructure")!;
    await mergeCodes(scope, extra.id, ci.id);
    const after = await viewCodebook(scope);
    expect(after.codes.map((c) => c.name)).not.toContain("Legal protection");
    expect(after.counts.get(ci.id)).toBe(2);

    const docx = await member.get("/f/bpf-cyber/2017/analysis/excerpts.docx?by=theme");
    expect(docx.statusCode).toBe(200);
    const { value: text } = await mammoth.extractRawText({ buffer: docx.rawPayload });
    const heading = text.indexOf("Critical infrastructure");
    expect(heading).toBeGreaterThan(-1);
    expect(text.indexOf("must be protected by law")).toBeGreaterThan(heading);
    expect(text).toMatch(/— Amina Diallo, BPF-2017-\d{4}/);
    // An anonymous contributor is credited as such, never by name.
    expect(text).toContain("Anonymous contributor");
    expect(text).not.toContain("Zed Hidden-Name");

    const proposals = await member.get("/f/bpf-cyber/2017/analysis/excerpts?by=theme&proposals=1");
    expect(proposals.body).toContain("must be protected by law");
    expect(proposals.body).not.toContain("capacity building funds should be pooled regionally");
    const apiProposals = await api(memberToken, "GET", `${base}/excerpts?proposal=true`);
    expect((apiProposals.json() as { excerpts: { quote: string }[] }).excerpts.map((e) => e.quote)).toEqual([
      "must be protected by law",
    ]);

    const csv = await member.get("/f/bpf-cyber/2017/analysis/excerpts.csv?by=section");
    expect(csv.body.split("\r\n")[0]).toContain("heading,excerpt_id,reference,contributor,quote");
    expect(csv.body).toContain("Recommendations,");
    expect(csv.body).toContain("Without a section");
  });

  it("imports a codebook CSV in one piece, or names the bad rows and imports nothing", async () => {
    const scope = { db: db(), actor: memberActor, forumId, cycleId, now: new Date() };
    const bad = [
      "kind,name,parent",
      "theme,Capacity building,",
      "colour,Blue,",
      "theme,Funding,Nowhere",
      "section,Recommendations,",
    ].join("\n");
    const refused = await member.post("/f/bpf-cyber/2017/analysis/codebook/import", { csv: bad });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain("Line 3");
    expect(refused.body).toContain("Line 4");
    expect(refused.body).not.toContain("Line 2:");
    expect((await viewCodebook(scope)).codes.map((c) => c.name)).not.toContain("Capacity building");

    const good = [
      "kind,name,parent,description",
      "theme,Funding,Capacity building,",
      "theme,Capacity building,,Skills",
    ].join("\n");
    expect(await importCodebookCsv(scope, good)).toEqual({ created: 2, updated: 0 });
    const view = await viewCodebook(scope);
    const capacity = view.codes.find((c) => c.name === "Capacity building")!;
    expect(view.codes.find((c) => c.name === "Funding")?.parent_id).toBe(capacity.id);

    const exported = await member.get("/f/bpf-cyber/2017/analysis/codebook.csv");
    expect(exported.body).toContain("theme,Funding,Capacity building,");
    const audit = await db()
      .selectFrom("audit_log")
      .select("action")
      .where("action", "like", "analysis.%")
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        "analysis.code.create",
        "analysis.code.merge",
        "analysis.excerpt.create",
        "analysis.codebook.import",
      ]),
    );
  });

  it("shows members the workspace with the codebook and the published contributions to code", async () => {
    const page = await member.get("/f/bpf-cyber/2017/analysis");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Critical infrastructure");
    expect(page.body).toContain("Amina Diallo");
    expect(page.body).toContain(`/f/bpf-cyber/2017/analysis/contributions/${contributionId}`);
    expect(page.body).not.toContain("Zed Hidden-Name");
  });

  it("renames, moves and deletes codes with the page's forms (a deleted code's excerpts stay)", async () => {
    const scope = { db: db(), actor: memberActor, forumId, cycleId, now: new Date() };
    const before = await viewCodebook(scope);
    const reporting = before.codes.find((c) => c.name === "Incident reporting")!;
    const page = "/f/bpf-cyber/2017/analysis/codebook";
    const renamed = await member.post(`${page}/${reporting.id}/rename`, { name: "Incident notification" });
    expect(renamed.statusCode).toBe(303);
    // The page scrolls to the renamed code, and says so there, where the reader is looking.
    expect(String(renamed.headers.location)).toContain(`#code-${reporting.id}`);
    const afterRename = (await member.get(String(renamed.headers.location))).body;
    const renamedItem = afterRename.slice(afterRename.indexOf(`id="code-${reporting.id}"`));
    expect(renamedItem.slice(0, renamedItem.indexOf("</li>"))).toContain("The code was renamed.");
    // Each code's changes are folded; the one refused comes back open, with the name as it was typed.
    const folded = (await member.get(page)).body;
    expect(folded.match(/<details class="code-actions">/g)?.length).toBe(before.codes.length);
    const clash = await member.post(`${page}/${reporting.id}/rename`, { name: "Critical infrastructure" });
    expect(clash.statusCode).toBe(422);
    expect(clash.body).toContain("already has a code of this kind with this name");
    expect(clash.body.match(/<details class="code-actions" open>/g)?.length).toBe(1);
    expect(clash.body).toMatch(
      new RegExp(`id="field-rename-${reporting.id}"[^>]* value="Critical infrastructure"`),
    );
    // The refusal points at the rename box of that code, not at the add form's empty name field.
    expect(clash.body).toContain(`href="#field-rename-${reporting.id}"`);
    expect(clash.body).not.toContain('href="#field-name"');
    expect(clash.body).toMatch(new RegExp(`id="field-rename-${reporting.id}"[^>]* aria-invalid="true"`));
    expect(clash.body).not.toContain('class="field field--error"');

    const top = () =>
      viewCodebook(scope).then((v) =>
        v.tree.filter((n) => n.depth === 0 && n.code.kind === "theme").map((n) => n.code.name),
      );
    const order = await top();
    const first = before.codes.find((c) => c.name === order[0])!;
    expect((await member.post(`${page}/${first.id}/move`, { direction: "down" })).statusCode).toBe(303);
    expect(await top()).toEqual([order[1], order[0], ...order.slice(2)]);

    const recommendations = before.codes.find((c) => c.name === "Recommendations")!;
    const excerptsBefore = (await api(memberToken, "GET", `${base}/excerpts`)).json() as {
      excerpts: unknown[];
    };
    expect((await member.post(`${page}/${recommendations.id}/delete`, {})).statusCode).toBe(303);
    const excerptsAfter = (await api(memberToken, "GET", `${base}/excerpts`)).json() as {
      excerpts: unknown[];
    };
    expect(excerptsAfter.excerpts).toHaveLength(excerptsBefore.excerpts.length);
    expect((await viewCodebook(scope)).codes.map((c) => c.name)).not.toContain("Recommendations");
  });

  it("carries the codebook, nested as it was, into a continued cycle, and shows members the workspace's card", async () => {
    const cycle2018 = await makeCycle(db(), forumRow, { year: 2018, continueFromYear: 2017 });
    const old = await viewCodebook({ db: db(), actor: memberActor, forumId, cycleId });
    const carried = await viewCodebook({ db: db(), actor: memberActor, forumId, cycleId: cycle2018.id });
    const shape = (v: typeof old) => v.tree.map((n) => `${n.depth}:${n.code.kind}:${n.code.name}`);
    expect(shape(carried)).toEqual(shape(old));
    expect(carried.counts.size).toBe(0);

    const cyclePage = await member.get("/f/bpf-cyber/2017");
    expect(cyclePage.body).toContain('href="/f/bpf-cyber/2017/analysis"');
    expect((await anonymous.get("/f/bpf-cyber/2017")).body).not.toContain("/2017/analysis");
    expect((await stranger.get("/f/bpf-cyber/2017")).body).not.toContain("/2017/analysis");
  });

  it("describes its API in the OpenAPI document", async () => {
    const doc = (await t.app.inject({ method: "GET", url: "/api/openapi.json" })).json() as {
      paths: Record<string, Record<string, { tags?: string[] }>>;
    };
    expect(Object.keys(doc.paths["/api/v1/forums/{forum}/cycles/{year}/themes"] ?? {}).sort()).toEqual([
      "get",
      "post",
    ]);
    expect(doc.paths["/api/v1/contributions/{id}/excerpts"]?.post?.tags).toEqual(["analysis"]);
    expect(doc.paths["/api/v1/forums/{forum}/cycles/{year}/excerpts"]?.get).toBeDefined();
  });

  it("removes an excerpt from the coding page, and not from another forum's address", async () => {
    const page = await member.get(`/f/bpf-cyber/2017/analysis/contributions/${anonymousId}`);
    const action = /action="([^"]+\/excerpts\/[^"]+\/delete)"/.exec(page.body)?.[1];
    expect(action).toBeDefined();
    expect((await stranger.post(action!.replace("bpf-cyber", "bpf-other"), {})).statusCode).toBe(404);
    const removed = await member.post(action!, {});
    expect(removed.statusCode).toBe(303);
    const after = await member.get(String(removed.headers.location));
    expect(after.body).toContain("The excerpt was removed.");
    expect(after.body).not.toContain("<bdi>capacity building funds should be pooled regionally</bdi>");
  });

  it("changes an excerpt's codes and flag with the form under it", async () => {
    const scope = { db: db(), actor: memberActor, forumId, cycleId, now: new Date() };
    const capacity = (await viewCodebook(scope)).codes.find((c) => c.name === "Capacity building")!;
    const listed = (await api(memberToken, "GET", `${base}/excerpts`)).json() as {
      excerpts: { id: string; quote: string; contribution_id: string }[];
    };
    const excerpt = listed.excerpts.find((e) => e.quote === "must be protected by law")!;
    const action = `/f/bpf-cyber/2017/analysis/contributions/${excerpt.contribution_id}/excerpts/${excerpt.id}/codes`;
    expect((await stranger.post(action, { themes: capacity.id })).statusCode).toBe(403);
    const page = await member.get(`/f/bpf-cyber/2017/analysis/contributions/${excerpt.contribution_id}`);
    expect(page.body).toContain(`action="${action}"`);
    const res = await member.post(action, { themes: capacity.id });
    expect(res.statusCode).toBe(303);
    expect((await member.get(String(res.headers.location))).body).toContain(
      "The excerpt's codes were changed.",
    );
    const after = (await api(memberToken, "GET", `${base}/excerpts`)).json() as {
      excerpts: { id: string; themes: string[]; proposal: boolean }[];
    };
    expect(after.excerpts.find((e) => e.id === excerpt.id)).toMatchObject({
      themes: [capacity.id],
      proposal: false,
    });
    const empty = await member.post(action, {});
    expect(empty.statusCode).toBe(422);
  });

  it("codes a selection as whole words, wherever the drag stopped inside them", async () => {
    const scope = { db: db(), actor: memberActor, forumId, cycleId, now: new Date() };
    const capacity = (await viewCodebook(scope)).codes.find((c) => c.name === "Capacity building")!;
    const text = "Operators must report incidents within 72 hours.";
    await db().updateTable("contributions").set({ body_text: text }).where("id", "=", anonymousId).execute();
    await changedText(anonymousId);
    const start = text.indexOf("perators must rep");
    const end = start + "perators must rep".length;
    const res = await member.post(`/f/bpf-cyber/2017/analysis/contributions/${anonymousId}`, {
      source: "body",
      key: "",
      start: String(start),
      end: String(end),
      quote: text.slice(start, end),
      themes: capacity.id,
    });
    expect(res.statusCode).toBe(303);
    const listed = (await api(memberToken, "GET", `${base}/excerpts`)).json() as {
      excerpts: { quote: string; start: number }[];
    };
    expect(listed.excerpts.find((e) => e.quote.includes("must rep"))).toMatchObject({
      quote: "Operators must report",
      start: start - 1,
    });
  });
});
