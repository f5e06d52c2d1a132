// Contacts end to end through the pages and the API: the secretariat adds, filters, imports and exports; a
// member never sees an address (per page, per API route, per export) yet can volunteer for a gap and fill it,
// which tells the secretariat by mail; coverage counts contacts and published contributions by group and region.
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../auth/api-tokens.js";
import { createSession } from "../auth/sessions.js";
import { TestAgent } from "../test-support/agent.js";
import { createTestApp, type TestApp } from "../test-support/app.js";
import { testEngines } from "../test-support/databases.js";
import { makeCycle, makeForum, makePerson } from "../test-support/factories.js";
import { parseXlsx } from "./import/parse.js";

const SECRET = "aminata.secret@example.net";

describe.each(testEngines)("contacts on %s", (engine) => {
  let t: TestApp;
  let secretariat: TestAgent;
  let member: TestAgent;
  let memberToken: string;
  let secretariatToken: string;
  let forumId: string;
  let forum: Awaited<ReturnType<typeof makeForum>>;

  async function agentFor(userId: string) {
    const { cookieValue } = await createSession(t.database.db, { userId, now: new Date() });
    const agent = new TestAgent(t.app);
    agent.cookies.set("session", cookieValue);
    await agent.get("/healthz");
    return agent;
  }

  beforeAll(async () => {
    t = await createTestApp(engine);
    const db = t.database.db;
    forum = await makeForum(db);
    forumId = forum.id;
    const sec = await makePerson(db, {
      email: "sec@example.org",
      name: "Sam Secretariat",
      role: "secretariat",
      forumId,
    });
    const mem = await makePerson(db, {
      email: "mem@example.org",
      name: "Mia Member",
      role: "member",
      forumId,
    });
    secretariat = await agentFor(sec.user.id);
    member = await agentFor(mem.user.id);
    memberToken = (await createApiToken(db, { name: "m", role: "member", forumId })).token;
    secretariatToken = (await createApiToken(db, { name: "s", role: "secretariat", forumId })).token;
  });
  afterAll(async () => {
    await t?.close();
  });

  it("lets the secretariat add a contact whose region and status come from its country, and filter the list", async () => {
    // Before the first contact, the list says so once.
    const empty = await secretariat.get("/f/bpf-cyber/contacts");
    expect(empty.body.match(/no contacts here yet|No contacts match/g)).toEqual(["no contacts here yet"]);
    const added = await secretariat.post("/f/bpf-cyber/contacts", {
      honorific: "Ms",
      name: "Aminata Diallo",
      role: "Director",
      stakeholder_group: "government",
      country: "ML",
      email: SECRET,
      tags: "CERT, policy",
    });
    expect(added.statusCode).toBe(303);
    const page = await secretariat.get(added.headers.location as string);
    expect(page.body).toContain(SECRET);
    expect(page.body).toContain("Western Africa");
    expect(page.body).toContain("Least developed country");
    await secretariat.post("/f/bpf-cyber/contacts", {
      name: "Lars Nordin",
      stakeholder_group: "academia",
      country: "SE",
    });
    const western = await secretariat.get("/f/bpf-cyber/contacts?region=western_africa");
    expect(western.body).toContain("Aminata Diallo");
    expect(western.body).not.toContain("Lars Nordin");
    const ldc = await secretariat.get("/f/bpf-cyber/contacts?status=ldc&tag=cert");
    expect(ldc.body).toContain("1 contact");
    const missing = await secretariat.get("/f/bpf-cyber/contacts?missing=1");
    expect(missing.body).toContain("Lars Nordin");
    expect(missing.body).not.toContain("Aminata Diallo");
    const none = await secretariat.get("/f/bpf-cyber/contacts?region=western_africa&tag=nobody");
    expect(none.body).toContain("No contact matches these filters.");
    expect(none.body).not.toContain("no contacts here yet");
  });

  it("refuses a bad form with each error by its field, keeping what was typed", async () => {
    const res = await secretariat.post("/f/bpf-cyber/contacts", {
      name: "Bad Row",
      email: "not-an-address",
      country: "XX",
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain("This is not an e-mail address.");
    expect(res.body).toContain("Unknown country.");
    expect(res.body).toContain('value="Bad Row"');
    const dup = await secretariat.post("/f/bpf-cyber/contacts", {
      name: "Twin",
      email: SECRET.toUpperCase(),
    });
    expect(dup.statusCode).toBe(422);
    expect(dup.body).toContain("Another contact already has this address.");
  });

  it("never shows a member an address: not on the list, a contact's page, the API or the export", async () => {
    const list = await member.get("/f/bpf-cyber/contacts");
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain("Aminata Diallo");
    expect(list.body).toContain("Address on file");
    expect(list.body).toContain("Address missing");
    expect(list.body).not.toContain(SECRET);
    const id = /href="\/f\/bpf-cyber\/contacts\/([0-9a-f-]{36})"><bdi>Ms Aminata/.exec(
      list.body,
    )?.[1] as string;
    const page = await member.get(`/f/bpf-cyber/contacts/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain(SECRET);
    expect((await member.get("/f/bpf-cyber/contacts/export.csv")).statusCode).toBe(403);
    const api = await t.app.inject({
      url: "/api/v1/forums/bpf-cyber/contacts",
      headers: { authorization: `Bearer ${memberToken}` },
    });
    expect(api.statusCode).toBe(200);
    expect(api.body).not.toContain(SECRET);
    expect(api.json().contacts[0]).toMatchObject({ has_address: true });
    expect(api.json().contacts[0]).not.toHaveProperty("email");
    const patched = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/forums/bpf-cyber/contacts/${id}`,
      headers: { authorization: `Bearer ${memberToken}` },
      payload: { notes: "x" },
    });
    expect(patched.statusCode).toBe(403);
    const asSecretariat = await t.app.inject({
      url: "/api/v1/forums/bpf-cyber/contacts?region=africa",
      headers: { authorization: `Bearer ${secretariatToken}` },
    });
    expect(asSecretariat.json().contacts[0]).toMatchObject({
      email: SECRET,
      region: "africa",
      least_developed: true,
    });
    expect((await new TestAgent(t.app).get("/f/bpf-cyber/contacts")).statusCode).toBe(303);
    const openapi = (await t.app.inject({ url: "/api/openapi.json" })).json();
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining([
        "/api/v1/forums/{forum}/contacts",
        "/api/v1/forums/{forum}/contacts/{id}",
        "/api/v1/forums/{forum}/contacts/import",
        "/api/v1/forums/{forum}/contacts/gaps",
        "/api/v1/forums/{forum}/contacts/coverage",
      ]),
    );
  });

  it("reports each bad row of an Excel CSV (BOM, semicolons, CRLF) and imports the good ones or nothing", async () => {
    const csv =
      "\uFEFFname;organisation;kind;stakeholder group;country;email\r\n" +
      "Open Net Africa;;organisation;civil society;KE;info@opennet.example\r\n" +
      "Wanjiru Kamau;Open Net Africa;;civil society;KE;wk@opennet.example\r\n" +
      ";;;;;nobody@example.org\r\n" +
      "Dup Person;;;government;FR;aminata.secret@EXAMPLE.net\r\n" +
      "Bad Country;;;government;Atlantis;bc@example.org\r\n" +
      "No Mail;;;technical community;BR;\r\n" +
      "Diallo, Aminata;;;government;ML;\r\n" +
      "Kamau Wanjiru;Open Net Africa;;civil society;KE;\r\n" +
      // A spreadsheet's empty row, and a person of an organisation the forum does not know yet.
      ";;;;;\r\n" +
      "Ana Silva;Lab Ciber Andino;;academia;PE;ana@lca.example\r\n";
    const checked = await t.app.inject({
      method: "POST",
      url: "/api/v1/forums/bpf-cyber/contacts/import",
      headers: {
        authorization: `Bearer ${secretariatToken}`,
        "content-type": "multipart/form-data; boundary=XX",
      },
      payload: `--XX\r\nContent-Disposition: form-data; name="file"; filename="c.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--XX--\r\n`,
    });
    expect(checked.statusCode).toBe(200);
    const report = checked.json();
    expect(report).toMatchObject({ total: 9, good: 6, imported: 0, new_organisations: ["Lab Ciber Andino"] });
    // Similar names in the same organisation are imported, but named for a look.
    expect(report.similar).toEqual([
      { line: 8, name: "Diallo, Aminata", like: "Aminata Diallo" },
      { line: 9, name: "Kamau Wanjiru", like: "Wanjiru Kamau" },
    ]);
    expect(
      report.bad.map((b: { line: number; reasons: { code: string }[] }) => [
        b.line,
        b.reasons.map((r) => r.code),
      ]),
    ).toEqual([
      [4, ["name"]],
      [5, ["duplicateExisting"]],
      [6, ["country"]],
    ]);
    // The page: a pasted list, the report, then "nothing" leaves the list as it was.
    const before = (await secretariat.get("/f/bpf-cyber/contacts")).body.match(/(\d+) contacts/)?.[1];
    const page = await secretariat.post("/f/bpf-cyber/contacts/import/confirm", {
      data: Buffer.from(csv).toString("base64"),
      choice: "nothing",
    });
    expect(page.statusCode).toBe(303);
    expect((await secretariat.get("/f/bpf-cyber/contacts")).body).toContain(`${before} contacts`);
    const good = await secretariat.post("/f/bpf-cyber/contacts/import/confirm", {
      data: Buffer.from(csv).toString("base64"),
      choice: "good",
    });
    expect(good.body).toContain("7 contacts imported.");
    expect(good.body).toContain("1 organisation was added as a contact: Lab Ciber Andino.");
    expect(good.body).toContain(
      "Line 8: “Diallo, Aminata” looks like “Aminata Diallo” in the same organisation.",
    );
    const list = (await secretariat.get("/f/bpf-cyber/contacts")).body;
    expect(list).toContain("Wanjiru Kamau");
    expect(list).not.toContain("Bad Country");
    // Wanjiru belongs to the organisation imported in the same file.
    expect(list).toMatch(/Wanjiru Kamau<\/bdi><\/a><\/th><td><bdi>Open Net Africa<\/bdi><\/td>/);
    expect(list).toMatch(/Ana Silva<\/bdi><\/a><\/th><td><bdi>Lab Ciber Andino<\/bdi><\/td>/);
  });

  it("lets a member volunteer for a gap and fill it; the secretariat is told by mail; the export is audited", async () => {
    const gaps = await member.get("/f/bpf-cyber/contacts/gaps");
    expect(gaps.body).toContain("Lars Nordin");
    const id = /contacts\/([0-9a-f-]{36})"><bdi>Lars Nordin/.exec(gaps.body)?.[1] as string;
    const taken = await member.post(`/f/bpf-cyber/contacts/${id}/gap`, { due: "2026-12-20" });
    expect(taken.statusCode).toBe(303);
    expect((await secretariat.get("/f/bpf-cyber/contacts/gaps")).body).toContain(
      "<bdi>Mia Member</bdi> is looking, by 2026-12-20",
    );
    const filled = await member.post(`/f/bpf-cyber/contacts/${id}/address`, { email: "lars@uni.example" });
    expect(filled.statusCode).toBe(303);
    expect((await member.get(`/f/bpf-cyber/contacts/${id}`)).body).not.toContain("lars@uni.example");
    expect((await secretariat.get(`/f/bpf-cyber/contacts/${id}`)).body).toContain("lars@uni.example");
    expect((await member.get("/f/bpf-cyber/contacts/gaps")).body).not.toContain("Lars Nordin");
    const mail = await t.database.db
      .selectFrom("mail_outbox")
      .selectAll()
      .where("kind", "=", "contact.gap.filled")
      .execute();
    expect(mail.map((m) => m.to_address)).toEqual(["sec@example.org"]);
    expect(mail[0]?.subject).toBe("Address found for Lars Nordin");

    const csv = await secretariat.get("/f/bpf-cyber/contacts/export.csv");
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain("lars@uni.example");
    const logged = await t.database.db
      .selectFrom("audit_log")
      .select("action")
      .where("action", "=", "contact.export")
      .execute();
    expect(logged).toHaveLength(1);
  });

  it("names the empty cells of coverage and counts a published contribution's region", async () => {
    const page = await member.get("/f/bpf-cyber/contacts/coverage");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("<svg");
    expect(page.body).toMatch(/No Government contact in [^<]*Eastern Africa/);
    expect(page.body).not.toMatch(/No Government contact in [^<]*Western Africa/);
    expect(page.body).toContain("No contribution from a least developed country yet.");
    const africa = (body: string) =>
      /<th scope="row">Africa<\/th><td>(\d+)<\/td><td>(\d+)<\/td>/.exec(body)?.slice(1);
    expect(africa(page.body)).toEqual(["5", "0"]);

    // A contribution published from Mali (a least developed country) shows up in its region at once.
    const cycle = await makeCycle(t.database.db, forum, { year: 2026 });
    await t.database.db
      .insertInto("contributions")
      .values({
        forum_id: forumId,
        cycle_id: cycle.id,
        status: "published",
        stakeholder_group: "government",
        country: "ML",
      })
      .execute();
    const after = await member.get("/f/bpf-cyber/contacts/coverage");
    expect(africa(after.body)).toEqual(["5", "1"]);
    expect(after.body).not.toContain("No contribution from a least developed country yet.");
    expect(after.body).toContain("2 contacts, 1 contribution");
  });

  it("puts a card with counts on the cycle page for members, and nothing for visitors", async () => {
    const cycle = (await member.get("/f/bpf-cyber/2026")).body;
    expect(cycle).toMatch(/href="\/f\/bpf-cyber\/contacts"/);
    expect(cycle).toMatch(/\d+ contacts, \d+ address(es)? missing/);
    expect((await new TestAgent(t.app).get("/f/bpf-cyber/2026")).body).not.toContain("/f/bpf-cyber/contacts");
  });

  it("lets members manage contacts only when the secretariat allows it, still without seeing addresses", async () => {
    const refused = await member.post("/f/bpf-cyber/contacts", { name: "Nope" });
    expect(refused.statusCode).toBe(403);
    expect((await member.get("/f/bpf-cyber/contacts/import")).statusCode).toBe(403);
    await secretariat.post("/f/bpf-cyber/contacts/settings", { members_manage: "1" });
    const ok = await member.post("/f/bpf-cyber/contacts", {
      name: "Kofi Mensah",
      email: "=kofi@example.org",
    });
    expect(ok.statusCode).toBe(303);
    const page = await member.get(ok.headers.location as string);
    expect(page.body).toContain("Address on file");
    expect(page.body).not.toContain("kofi@example.org");
    // Saving the member's form with the address left empty keeps the address.
    await member.post(ok.headers.location as string, { name: "Kofi A. Mensah", email: "" });
    expect((await secretariat.get(ok.headers.location as string)).body).toContain("=kofi@example.org");
    // A spreadsheet opening the export must not run the address as a formula.
    expect((await secretariat.get("/f/bpf-cyber/contacts/export.csv")).body).toContain(
      ",'=kofi@example.org,",
    );
    const upload = await member.get("/f/bpf-cyber/contacts/import");
    expect(upload.statusCode).toBe(200);
    const csrf = member.cookies.get("csrf") ?? "";
    const checked = await t.app.inject({
      method: "POST",
      url: "/f/bpf-cyber/contacts/import",
      headers: {
        cookie: [...member.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
        "content-type": "multipart/form-data; boundary=XX",
      },
      payload:
        `--XX\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n` +
        `--XX\r\nContent-Disposition: form-data; name="paste"\r\n\r\nname\temail\nEsi Owusu\tesi@example.org\n\tno-name@example.org\r\n--XX--\r\n`,
    });
    expect(checked.statusCode).toBe(200);
    expect(checked.body).toContain("2 rows read: 1 good, 1 with problems.");
    expect(checked.body).toContain("Give a name.");
    await secretariat.post("/f/bpf-cyber/contacts/settings", {});
    expect((await member.post("/f/bpf-cyber/contacts", { name: "Again" })).statusCode).toBe(403);
  });

  it("exports the same columns as .xlsx, audited, for the secretariat only", async () => {
    expect((await member.get("/f/bpf-cyber/contacts/export.xlsx")).statusCode).toBe(403);
    const csv = await secretariat.get("/f/bpf-cyber/contacts/export.csv");
    const xlsx = await secretariat.get("/f/bpf-cyber/contacts/export.xlsx");
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers["content-type"]).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    expect(xlsx.headers["content-disposition"]).toContain("bpf-cyber-contacts.xlsx");
    const sheet = parseXlsx(new Uint8Array(xlsx.rawPayload)).map((r) => r.cells);
    const csvLines = csv.body
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(sheet[0]).toEqual(csvLines[0]?.split(","));
    expect(sheet).toHaveLength(csvLines.length);
    const aminata = sheet.find((r) => r[2] === "Aminata Diallo");
    expect(aminata?.[8]).toBe(SECRET);
    expect(aminata?.[7]).toBe("ML");
    // The workbook's string cells are never evaluated, so the formula-looking address is there as typed
    // (the CSV quotes it with an apostrophe), and no cell is a formula.
    expect(sheet.some((r) => r[8] === "=kofi@example.org")).toBe(true);
    const sheetXml = strFromU8(
      unzipSync(new Uint8Array(xlsx.rawPayload))["xl/worksheets/sheet1.xml"] as Uint8Array,
    );
    expect(sheetXml).toContain('t="inlineStr"><is><t xml:space="preserve">=kofi@example.org</t>');
    expect(sheetXml).not.toContain("'=kofi");
    expect(sheetXml).not.toMatch(/<f[\s>]/);
    expect(csv.body).toContain(",'=kofi@example.org,");
    const logged = await t.database.db
      .selectFrom("audit_log")
      .select("after")
      .where("action", "=", "contact.export")
      .execute();
    expect(logged.map((l) => (l.after as { format?: string }).format)).toEqual(["csv", "csv", "csv", "xlsx"]);
  });

  it("answers gaps and coverage through the API, coverage counting one cycle (the latest unless asked)", async () => {
    const asMember = (url: string) =>
      t.app.inject({ url, headers: { authorization: `Bearer ${memberToken}` } });
    await member.post(
      `/f/bpf-cyber/contacts/${(await asMember("/api/v1/forums/bpf-cyber/contacts?missing=true")).json().contacts.find((c: { name: string }) => c.name === "No Mail").id}/gap`,
      { due: "2026-12-31" },
    );
    const gaps = await asMember("/api/v1/forums/bpf-cyber/contacts/gaps");
    expect(gaps.statusCode).toBe(200);
    const technical = gaps
      .json()
      .groups.find(
        (g: { stakeholder_group: string | null }) => g.stakeholder_group === "technical_community",
      );
    expect(technical.gaps).toEqual([
      {
        contact_id: expect.any(String),
        name: "No Mail",
        assignee: { name: "Mia Member", due: "2026-12-31" },
      },
    ]);
    expect(gaps.body).not.toContain("@");
    expect((await t.app.inject({ url: "/api/v1/forums/bpf-cyber/contacts/gaps" })).statusCode).toBe(401);

    // The 2026 cycle has Mali's published contribution; the API and the page count it while 2026 is the latest.
    const now = await asMember("/api/v1/forums/bpf-cyber/contacts/coverage");
    expect(now.statusCode).toBe(200);
    expect(now.json()).toMatchObject({ year: 2026, from_least_developed: 1, group: null });
    expect(now.body).not.toContain(SECRET);
    const western = now.json().rows.find((r: { subregion: string }) => r.subregion === "western_africa");
    expect(western.cells.government).toEqual({ contacts: 2, contributions: 1 });
    expect(now.json().no_contact).toContainEqual({
      stakeholder_group: "government",
      subregions: expect.arrayContaining(["eastern_africa"]),
    });
    // A new cycle begins: last year's contribution no longer silences "…yet".
    await makeCycle(t.database.db, forum, { year: 2027 });
    const next = await asMember("/api/v1/forums/bpf-cyber/contacts/coverage");
    expect(next.json()).toMatchObject({ year: 2027, from_least_developed: 0 });
    const page = await member.get("/f/bpf-cyber/contacts/coverage");
    expect(page.body).toContain("No contribution from a least developed country yet.");
    expect(page.body).toContain("those published in the 2027 cycle");
    const before = await member.get("/f/bpf-cyber/contacts/coverage?year=2026");
    expect(before.body).not.toContain("No contribution from a least developed country yet.");
    expect((await asMember("/api/v1/forums/bpf-cyber/contacts/coverage?year=2026")).json()).toMatchObject({
      year: 2026,
      from_least_developed: 1,
    });
    const unknown = await asMember("/api/v1/forums/bpf-cyber/contacts/coverage?year=1999");
    expect(unknown.statusCode).toBe(422);
  });

  it("filters the list and the API to contacts who have not contributed to a cycle", async () => {
    const db = t.database.db;
    const cycle = await db
      .selectFrom("cycles")
      .select("id")
      .where("forum_id", "=", forumId)
      .where("year", "=", 2027)
      .executeTakeFirstOrThrow();
    await db
      .insertInto("contributions")
      .values({
        forum_id: forumId,
        cycle_id: cycle.id,
        status: "submitted",
        email: SECRET.toUpperCase(),
        received_at: new Date(),
      })
      .execute();
    const all = (await member.get("/f/bpf-cyber/contacts")).body;
    expect(all).toContain("Ms Aminata Diallo");
    const waiting = (await member.get("/f/bpf-cyber/contacts?not_contributed=1")).body;
    expect(waiting).not.toContain("Ms Aminata Diallo");
    expect(waiting).toContain("Wanjiru Kamau");
    expect(waiting).toMatch(/id="filter-not_contributed"[^>]*checked/);
    const api = (url: string) =>
      t.app.inject({ url, headers: { authorization: `Bearer ${memberToken}` } }).then((r) => r.json());
    const names = (body: { contacts: { name: string }[] }) => body.contacts.map((c) => c.name);
    expect(names(await api("/api/v1/forums/bpf-cyber/contacts?not_contributed=true"))).not.toContain(
      "Aminata Diallo",
    );
    // In 2026 she had not contributed.
    expect(names(await api("/api/v1/forums/bpf-cyber/contacts?not_contributed=true&year=2026"))).toContain(
      "Aminata Diallo",
    );
  });

  it("never tells a member without the right to read addresses that an address is on file", async () => {
    await secretariat.post("/f/bpf-cyber/contacts/settings", { members_manage: "1" });
    try {
      // Adding a contact with a known address: refused without saying the address is on file.
      const added = await member.post("/f/bpf-cyber/contacts", { name: "Someone", email: SECRET });
      expect(added.statusCode).toBe(422);
      expect(added.body).toContain("This address cannot be added here.");
      expect(added.body).not.toContain("already has this address");
      // Filling a gap with it, through the API.
      const gap = (
        await t.app.inject({
          url: "/api/v1/forums/bpf-cyber/contacts?missing=true",
          headers: { authorization: `Bearer ${memberToken}` },
        })
      ).json().contacts[0];
      const filled = await t.app.inject({
        method: "PATCH",
        url: `/api/v1/forums/bpf-cyber/contacts/${gap.id}`,
        headers: { authorization: `Bearer ${memberToken}` },
        payload: { email: SECRET },
      });
      expect(filled.statusCode).toBe(422);
      expect(filled.body).not.toMatch(/already|on file|in the list/i);
      // The import report says the row cannot go in here, not that it duplicates a contact.
      await member.get("/f/bpf-cyber/contacts/import");
      const csrf = member.cookies.get("csrf") ?? "";
      const checked = await t.app.inject({
        method: "POST",
        url: "/f/bpf-cyber/contacts/import",
        headers: {
          cookie: [...member.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
          "content-type": "multipart/form-data; boundary=XX",
        },
        payload:
          `--XX\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n` +
          `--XX\r\nContent-Disposition: form-data; name="paste"\r\n\r\nname\temail\nCopy Cat\t${SECRET}\r\n--XX--\r\n`,
      });
      expect(checked.body).toContain("This address cannot be imported here; the secretariat can add it.");
      expect(checked.body).not.toContain("already in the list");
      // The secretariat, who reads addresses, is told plainly.
      const bySecretariat = await secretariat.post("/f/bpf-cyber/contacts", {
        name: "Someone",
        email: SECRET,
      });
      expect(bySecretariat.body).toContain("Another contact already has this address.");
    } finally {
      await secretariat.post("/f/bpf-cyber/contacts/settings", {});
    }
  });

  it("isolates typed names and organisations in <bdi> so a right-to-left page cannot reorder them", async () => {
    const typed = "Zoë Åström & Co <Lab>";
    const escaped = "<bdi>Zoë Åström &amp; Co &lt;Lab></bdi>";
    const org = await secretariat.post("/f/bpf-cyber/contacts", { kind: "organisation", name: typed });
    expect(org.statusCode).toBe(303);
    const orgId = (org.headers.location as string).split("/").pop() ?? "";
    const person = await secretariat.post("/f/bpf-cyber/contacts", {
      name: "Lina <Bidi> O'Neil",
      organisation_id: orgId,
    });
    expect(person.statusCode).toBe(303);
    const list = await secretariat.get("/f/bpf-cyber/contacts?lang=ar");
    expect(list.body).toContain('dir="rtl"');
    // Once as the organisation's own row, once as the person's organisation.
    expect(list.body.split(escaped)).toHaveLength(3);
    expect(list.body).toContain("<bdi>Lina &lt;Bidi> O'Neil</bdi>");
    expect(list.body).not.toContain(typed);
    const page = await secretariat.get(`${org.headers.location as string}?lang=ar`);
    expect(page.body).toContain(`<h1>${escaped}</h1>`);
    const duplicate = await secretariat.post("/f/bpf-cyber/contacts", { kind: "organisation", name: typed });
    expect(duplicate.statusCode).toBe(303);
    const duplicates = await secretariat.get("/f/bpf-cyber/contacts/duplicates?lang=ar");
    expect(duplicates.body).toContain(escaped);
  });

  it("names each contacts change in the audit log in the reader's language, never as its raw code", async () => {
    const english = await secretariat.get("/f/bpf-cyber/audit?kind=contact");
    expect(english.statusCode).toBe(200);
    expect(english.body).toContain("Exported the contacts");
    expect(english.body).toContain("Added a contact");
    expect(english.body).not.toContain("contact.export");
    expect(english.body).not.toContain("contact.create<");
    const french = await secretariat.get("/f/bpf-cyber/audit?kind=contact&lang=fr");
    expect(french.body).toContain("A exporté les contacts");
    expect(french.body).toContain("A ajouté un contact");
    expect(french.body).not.toContain("contact.export");
  });
});
