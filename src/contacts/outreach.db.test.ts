// The NRI registry, outreach by filter from the call's sending page (recipients, a reminder to the NRIs that have
// not contributed, an announcement), each contact's history, call recipients turned into contacts, duplicates
// merged with both histories, and a member never reading an address on any page, API route or export.
import { readFileSync } from "node:fs";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../auth/actor.js";
import { createApiToken } from "../auth/api-tokens.js";
import { createSession } from "../auth/sessions.js";
import { saveCall } from "../calls/call/service.js";
import { unsubscribeSignature } from "../calls/sending/service.js";
import { personWithRole, seedForum } from "../calls/test-fixtures.js";
import { recipientsToContacts } from "../db/migrations/2026-12-07T0930_contacts_outreach.js";
import { TestAgent } from "../test-support/agent.js";
import { createTestApp, type TestApp } from "../test-support/app.js";
import { testEngines } from "../test-support/databases.js";
import { eraseContactData, exportContactData } from "./index.js";

const matrix = JSON.parse(
  readFileSync(new URL("../../test/reliability/authorization-matrix.json", import.meta.url), "utf8"),
) as { routes: Record<string, string> };
const NRI_MAIL = "focal.mauritius@example.net";
const NRI_MAIL_2 = "focal.africa@example.net";
const GOV_MAIL = "minister.mali@example.net";

describe.each(testEngines)("contacts outreach on %s", (engine) => {
  let t: TestApp;
  let scope: Awaited<ReturnType<typeof seedForum>>;
  let secretariat: TestAgent;
  let member: TestAgent;
  let memberToken: string;
  let secretariatToken: string;
  let sec: Actor & { kind: "user" };
  const now = new Date("2017-08-10T12:00:00Z");
  const ids: Record<string, string> = {};

  async function agentFor(userId: string) {
    const { cookieValue } = await createSession(t.database.db, { userId, now });
    const agent = new TestAgent(t.app);
    agent.cookies.set("session", cookieValue);
    await agent.get("/healthz");
    return agent;
  }
  const idFrom = (location: unknown) => String(location).split("/").at(-1) as string;
  const outbox = (kind: string) =>
    t.database.db
      .selectFrom("mail_outbox")
      .select(["to_address", "headers", "status", "id"])
      .where("kind", "=", kind)
      .orderBy("to_address")
      .execute();

  beforeAll(async () => {
    t = await createTestApp(engine);
    t.setNow(now);
    const db = t.database.db;
    scope = await seedForum(db);
    sec = await personWithRole(db, scope.forum.id, "secretariat", "sec@example.org", "Sam Secretariat");
    const mem = await personWithRole(db, scope.forum.id, "member", "mem@example.org", "Mia Member");
    secretariat = await agentFor(sec.userId);
    member = await agentFor(mem.userId);
    memberToken = (await createApiToken(db, { name: "m", role: "member", forumId: scope.forum.id })).token;
    secretariatToken = (await createApiToken(db, { name: "s", role: "secretariat", forumId: scope.forum.id }))
      .token;
    await saveCall(db, {
      actor: sec,
      forum: scope.forum,
      cycle: scope.cycle,
      now,
      input: { message: "Please contribute.", overview: "", reading: "" },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("keeps a registry of NRIs whose focal points are contacts, listed and filtered", async () => {
    const bad = await secretariat.post("/f/bpf-cyber/contacts/nris", { name: "", scope: "galactic" });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain("Choose national, regional or youth.");
    const national = await secretariat.post("/f/bpf-cyber/contacts/nris", {
      name: "IGF Mauritius",
      scope: "national",
      country: "MU",
    });
    expect(national.statusCode).toBe(303);
    ids.mauritius = idFrom(national.headers.location);
    const regional = await secretariat.post("/f/bpf-cyber/contacts/nris", {
      name: "African IGF",
      scope: "regional",
    });
    ids.africa = idFrom(regional.headers.location);
    await secretariat.post("/f/bpf-cyber/contacts/nris", {
      name: "Youth IGF Brazil",
      scope: "youth",
      country: "BR",
    });

    const add = async (fields: Record<string, string>) =>
      idFrom((await secretariat.post("/f/bpf-cyber/contacts", fields)).headers.location);
    ids.focal = await add({ name: "Ravi Focal", country: "MU", email: NRI_MAIL, nri_id: ids.mauritius });
    ids.focal2 = await add({ name: "Ama Focal", country: "GH", email: NRI_MAIL_2, nri_id: ids.africa });
    ids.noAddress = await add({ name: "Nadia Nomail", country: "SN", nri_id: ids.africa });
    ids.optedOut = await add({
      name: "Otto Out",
      email: "otto@example.net",
      nri_id: ids.africa,
      opted_out: "1",
    });
    ids.gov = await add({
      name: "Moussa Minister",
      stakeholder_group: "government",
      country: "ML",
      email: GOV_MAIL,
    });

    const youth = await member.get("/f/bpf-cyber/contacts/nris?scope=youth");
    expect(youth.body).toContain("Youth IGF Brazil");
    expect(youth.body).not.toContain("IGF Mauritius");
    const nriPage = await member.get(`/f/bpf-cyber/contacts/nris/${ids.africa}`);
    expect(nriPage.body).toContain("Ama Focal");
    expect(nriPage.body).toContain("Nadia Nomail");
    expect(nriPage.body).not.toContain(NRI_MAIL_2);
    const any = await member.get("/f/bpf-cyber/contacts?nri=any");
    expect(any.body).toContain("4 contacts");
    expect(any.body).not.toContain("Moussa Minister");
    const one = await member.get(`/f/bpf-cyber/contacts?nri=${ids.mauritius}`);
    expect(one.body).toContain("1 contact");
    const api = await t.app.inject({
      url: `/api/v1/forums/bpf-cyber/contacts?nri=${ids.mauritius}`,
      headers: { authorization: `Bearer ${memberToken}` },
    });
    expect(api.json().contacts).toEqual([
      expect.objectContaining({ name: "Ravi Focal", nri_id: ids.mauritius }),
    ]);
  });

  it("picks recipients by filter, reminds every NRI that has not contributed, announces, and keeps each contact's history", async () => {
    const db = t.database.db;
    const none = await secretariat.post("/f/bpf-cyber/2017/call/recipients/contacts", {
      pick_group: "academia",
    });
    expect(none.statusCode).toBe(422);
    expect(none.body).toContain("No contact with an address matches this filter.");
    const picked = await secretariat.post("/f/bpf-cyber/2017/call/recipients/contacts", { pick_nri: "any" });
    expect(picked.statusCode).toBe(303);
    const recipients = await db
      .selectFrom("call_recipients")
      .select(["email", "tags"])
      .orderBy("email")
      .execute();
    // Reachable focal points only: not the one without an address, not the one who opted out.
    expect(recipients).toEqual([
      { email: NRI_MAIL_2, tags: ["nri"] },
      { email: NRI_MAIL, tags: ["nri"] },
    ]);
    // Pasting still works for an address not on the list, which becomes a contact.
    await secretariat.post("/f/bpf-cyber/2017/call/recipients", {
      recipients: "Pat Pasted <pat@example.org>",
    });
    expect((await secretariat.get("/f/bpf-cyber/contacts")).body).toContain("Pat Pasted");

    // IGF Mauritius has a second focal point, who has not written: the NRI has, through Ravi, so neither is
    // reminded (the reminder is per NRI, not per person).
    ids.focalB = idFrom(
      (
        await secretariat.post("/f/bpf-cyber/contacts", {
          name: "Lina Ramgoolam",
          country: "MU",
          email: "lina.mu@example.net",
          nri_id: ids.mauritius as string,
        })
      ).headers.location,
    );
    // The Mauritian focal point contributes; the reminder to every NRI goes to the African IGF's only.
    await db
      .insertInto("contributions")
      .values({
        forum_id: scope.forum.id,
        cycle_id: scope.cycle.id,
        status: "submitted",
        reference: "BPF-2017-001",
        email: NRI_MAIL.toUpperCase(),
        received_at: now,
      })
      .execute();
    const reminded = await secretariat.post("/f/bpf-cyber/2017/call/reminders", {
      reminder_nri: "any",
      send_now: "1",
    });
    expect(reminded.statusCode).toBe(303);
    await t.app.services.jobs.runUntilIdle();
    const reminders = await outbox("call.reminder");
    expect(reminders.map((m) => m.to_address)).toEqual([NRI_MAIL_2]);
    const sendPage = await secretariat.get("/f/bpf-cyber/2017/call/send");
    expect(sendPage.body).toContain("to contacts: Any NRI");

    const announced = await secretariat.post("/f/bpf-cyber/2017/call/announce", {
      announce_group: "government",
      announce_subject: "Virtual meeting on 5 September",
      announce_body: "Join us.",
      announce_confirm: "1",
    });
    expect(announced.statusCode).toBe(303);
    const announcements = await outbox("call.announcement");
    expect(announcements.map((m) => m.to_address)).toEqual([GOV_MAIL]);
    expect(announcements[0]?.headers["List-Unsubscribe"]).toContain("/f/bpf-cyber/calls/unsubscribe?email=");

    // History: reminded (and the message bounced), contributed, announced, opted out by the signed link.
    await db
      .updateTable("mail_outbox")
      .set({ status: "failed" })
      .where("id", "=", reminders[0]?.id as string)
      .execute();
    const focal2 = (await member.get(`/f/bpf-cyber/contacts/${ids.focal2}`)).body;
    expect(focal2).toContain("Reminded of the 2017 call");
    expect(focal2).toContain("A message did not arrive (2017)");
    expect((await member.get(`/f/bpf-cyber/contacts/${ids.focal}`)).body).toContain(
      "Contributed (BPF-2017-001)",
    );
    const sig = unsubscribeSignature(t.app.services.secret, scope.forum.id, GOV_MAIL);
    await new TestAgent(t.app).post(
      `/f/bpf-cyber/calls/unsubscribe?email=${encodeURIComponent(GOV_MAIL)}&sig=${sig}`,
      {},
      { csrf: false },
    );
    const gov = (await member.get(`/f/bpf-cyber/contacts/${ids.gov}`)).body;
    expect(gov).toContain("Announcement sent: Virtual meeting on 5 September");
    expect(gov).toContain("Opted out of the forum’s mail");
    expect((await secretariat.get(`/f/bpf-cyber/contacts/${ids.gov}`)).body).toMatch(
      /id="field-opted_out"[^>]*checked/,
    );
  });

  it("turns existing call recipients into contacts, one per address, their sends as history", async () => {
    const db = t.database.db;
    const call = await db.selectFrom("calls").select("id").executeTakeFirstOrThrow();
    const rows = await db
      .insertInto("call_recipients")
      .values([
        {
          call_id: call.id,
          forum_id: scope.forum.id,
          email: "zed@example.org",
          name: "Zed Old",
          organisation: "Zed Org",
          created_at: new Date("2016-08-01T00:00:00Z"),
        },
        {
          call_id: call.id,
          forum_id: scope.forum.id,
          email: "ZED@example.org",
          name: "Zed Zulu",
          country: "KE",
          created_at: new Date("2017-08-01T00:00:00Z"),
        },
        { call_id: call.id, forum_id: scope.forum.id, email: "member@example.org", tags: ["list"] },
      ])
      .returning("id")
      .execute();
    await db
      .insertInto("call_sends")
      .values({
        call_id: call.id,
        recipient_id: rows[1]?.id as string,
        kind: "call",
        mail_id: "00000000-0000-4000-8000-000000000001",
      })
      .execute();
    await recipientsToContacts(db as unknown as Kysely<unknown>);
    await recipientsToContacts(db as unknown as Kysely<unknown>);
    const zed = await db
      .selectFrom("contacts")
      .select(["name", "country", "kind"])
      .where("forum_id", "=", scope.forum.id)
      .where((eb) => eb.or([eb("name", "like", "Zed%"), eb("email", "=", "member@example.org")]))
      .orderBy("name")
      .execute();
    expect(zed).toEqual([
      { name: "Zed Org", country: null, kind: "organisation" },
      { name: "Zed Zulu", country: "KE", kind: "person" },
    ]);
    const history = await db
      .selectFrom("contact_events")
      .innerJoin("contacts", "contacts.id", "contact_events.contact_id")
      .select(["contact_events.kind", "contact_events.detail"])
      .where("contacts.name", "=", "Zed Zulu")
      .execute();
    expect(history).toEqual([{ kind: "invited", detail: "2017" }]);
    // The recipients already known (the NRI focal points) are not added twice.
    const focal = await db.selectFrom("contacts").select("id").where("email", "=", NRI_MAIL_2).execute();
    expect(focal).toHaveLength(1);
  });

  it("finds alike names in one organisation and merges them, keeping both histories, in the audit log", async () => {
    const db = t.database.db;
    const org = idFrom(
      (await secretariat.post("/f/bpf-cyber/contacts", { kind: "organisation", name: "CERT Mali" })).headers
        .location,
    );
    const a = idFrom(
      (
        await secretariat.post("/f/bpf-cyber/contacts", {
          name: "Aminata Diallo",
          organisation_id: org,
          email: "aminata@example.net",
          tags: "cert",
        })
      ).headers.location,
    );
    const b = idFrom(
      (
        await secretariat.post("/f/bpf-cyber/contacts", {
          name: "Diallo, Aminata",
          organisation_id: org,
          country: "ML",
          tags: "policy",
        })
      ).headers.location,
    );
    await db
      .insertInto("contact_events")
      .values([
        { forum_id: scope.forum.id, contact_id: a, kind: "invited", detail: "2016" },
        { forum_id: scope.forum.id, contact_id: b, kind: "reminded", detail: "2016" },
      ])
      .execute();
    expect((await member.get("/f/bpf-cyber/contacts/duplicates")).statusCode).toBe(403);
    const list = await secretariat.get("/f/bpf-cyber/contacts/duplicates");
    expect(list.body).toContain(
      "“<bdi>Aminata Diallo</bdi>” and “<bdi>Diallo, Aminata</bdi>” have alike names in the same organisation.",
    );
    expect(list.body).not.toContain("Person");
    const compare = await secretariat.get(`/f/bpf-cyber/contacts/merge?a=${a}&b=${b}`);
    expect(compare.body).toContain("aminata@example.net");
    const merged = await secretariat.post("/f/bpf-cyber/contacts/merge", { a, b, keep: a });
    expect(merged.statusCode).toBe(303);
    const kept = (await secretariat.get(`/f/bpf-cyber/contacts/${a}`)).body;
    expect(kept).toContain("Invited to the 2016 call");
    expect(kept).toContain("Reminded of the 2016 call");
    expect(kept).toContain("Merged with the duplicate “Diallo, Aminata”");
    expect(kept).toContain('value="cert, policy"');
    expect(kept).toContain("Western Africa");
    expect((await secretariat.get(`/f/bpf-cyber/contacts/${b}`)).statusCode).toBe(404);
    const audit = await db
      .selectFrom("audit_log")
      .select(["before", "after"])
      .where("action", "=", "contact.merge")
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(audit.before)).toContain("Diallo, Aminata");
    expect(JSON.stringify(audit.before)).toContain("Aminata Diallo");
    expect(JSON.stringify(audit)).not.toContain("aminata@example.net");
  });

  it("never shows a member an address, on any page, API route or export", async () => {
    const secrets = [NRI_MAIL, NRI_MAIL_2, GOV_MAIL, "aminata@example.net"];
    const c = ids.focal2 as string;
    // Every GET route of the authorization matrix that reads contacts or call recipients, so a new one is
    // checked the day it is added; the secretariat is asked too, to prove the addresses are there to leak.
    const routes = Object.keys(matrix.routes)
      .filter(
        (r) =>
          r.startsWith("GET ") &&
          /contacts|call\/(recipients|send)|\/audit$|^GET \/f\/:forum\/:year$/.test(r),
      )
      .map((r) => r.slice(4));
    expect(routes.length).toBeGreaterThan(15);
    const filled = (route: string) =>
      route
        .replace(":forum", "bpf-cyber")
        .replace(":year", "2017")
        .replace("nris/:id", `nris/${ids.africa}`)
        .replace(":id", c)
        .replace(/\/merge$/, `/merge?a=${c}&b=${ids.focal}`);
    let seenBySecretariat = 0;
    // Walks every route as a reader without the right to addresses; returns how many pages they were shown.
    const walk = async (reader: TestAgent, readerToken: string) => {
      const shown: string[] = [];
      for (const route of routes) {
        const url = filled(route);
        const api = url.startsWith("/api/");
        const asReader = api
          ? await t.app.inject({ url, headers: { authorization: `Bearer ${readerToken}` } })
          : await reader.get(url);
        expect([200, 303, 403], url).toContain(asReader.statusCode);
        if (asReader.statusCode === 200) shown.push(route);
        for (const secret of secrets) expect(asReader.body, url).not.toContain(secret);
      }
      return shown;
    };
    const memberSaw = await walk(member, memberToken);
    expect(memberSaw).not.toContain("/f/:forum/contacts/import");
    for (const route of routes) {
      const url = filled(route);
      const asSecretariat = url.startsWith("/api/")
        ? await t.app.inject({ url, headers: { authorization: `Bearer ${secretariatToken}` } })
        : await secretariat.get(url);
      if (secrets.some((secret) => asSecretariat.body.includes(secret))) seenBySecretariat++;
    }
    // The list, a contact, an NRI, the merge screen, the export, the API, the recipients and the send page.
    expect(seenBySecretariat).toBeGreaterThanOrEqual(8);
    // A facilitator is no wiser.
    const fac = await personWithRole(
      t.database.db,
      scope.forum.id,
      "facilitator",
      "fac@example.org",
      "Fay Facilitator",
    );
    const facToken = (
      await createApiToken(t.database.db, { name: "f", role: "facilitator", forumId: scope.forum.id })
    ).token;
    expect((await walk(await agentFor(fac.userId), facToken)).length).toBeGreaterThan(5);
    // A member allowed to manage contacts is shown the import, duplicates and merge pages, still without an address.
    await secretariat.post("/f/bpf-cyber/contacts/settings", { members_manage: "1" });
    try {
      const managerSaw = await walk(member, memberToken);
      expect(managerSaw).toEqual(
        expect.arrayContaining([
          "/f/:forum/contacts/import",
          "/f/:forum/contacts/duplicates",
          "/f/:forum/contacts/merge",
        ]),
      );
    } finally {
      await secretariat.post("/f/bpf-cyber/contacts/settings", {});
    }
    // Writes a member may not make answer without an address either.
    for (const [method, url] of [
      ["PATCH", `/api/v1/forums/bpf-cyber/contacts/${c}`],
      ["POST", "/api/v1/forums/bpf-cyber/contacts"],
    ] as const) {
      const res = await t.app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${memberToken}` },
        payload: { name: "x" },
      });
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      for (const secret of secrets) expect(res.body, url).not.toContain(secret);
    }
  });

  it("exports a person's contact data as plain JSON and erases it on request, audited", async () => {
    const db = t.database.db;
    const data = await exportContactData({ db, email: NRI_MAIL_2.toUpperCase() });
    expect(data.contacts).toHaveLength(1);
    expect(data.contacts[0]).toMatchObject({ name: "Ama Focal", email: NRI_MAIL_2, nri: "African IGF" });
    expect(data.contacts[0]?.history.map((h) => h.kind)).toEqual(["reminded", "bounced"]);
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
    expect(await eraseContactData({ db, actor: sec, email: NRI_MAIL_2 })).toEqual({ erased: 1 });
    expect((await exportContactData({ db, forumId: scope.forum.id, email: NRI_MAIL_2 })).contacts).toEqual(
      [],
    );
    expect((await secretariat.get(`/f/bpf-cyber/contacts/${ids.focal2}`)).statusCode).toBe(404);
    const audit = await db
      .selectFrom("audit_log")
      .select(["after"])
      .where("action", "=", "contact.erase")
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(audit.after)).not.toContain(NRI_MAIL_2);
  });

  it("never writes to a contact marked opted out, even pasted as a recipient, and records each opt-out", async () => {
    const db = t.database.db;
    // Opted out in an imported file, and through the API.
    const csv = "name,email,opted_out\nQuinn Quiet,quiet@example.net,yes\n";
    const imported = await t.app.inject({
      method: "POST",
      url: "/api/v1/forums/bpf-cyber/contacts/import?mode=good",
      headers: {
        authorization: `Bearer ${secretariatToken}`,
        "content-type": "multipart/form-data; boundary=XX",
      },
      payload: `--XX\r\nContent-Disposition: form-data; name="file"; filename="c.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--XX--\r\n`,
    });
    expect(imported.json()).toMatchObject({ imported: 1 });
    const quinn = (
      await db
        .selectFrom("contacts")
        .select("id")
        .where("email", "=", "quiet@example.net")
        .executeTakeFirstOrThrow()
    ).id;
    const patched = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/forums/bpf-cyber/contacts/${ids.focalB}`,
      headers: { authorization: `Bearer ${secretariatToken}` },
      payload: { opted_out: true },
    });
    expect(patched.json()).toMatchObject({ opted_out: true });
    // And on the form, for a contact who was not.
    const form = await secretariat.post("/f/bpf-cyber/contacts", {
      name: "Fiona Form",
      email: "fiona@example.net",
    });
    const fiona = idFrom(form.headers.location);
    await secretariat.post(`/f/bpf-cyber/contacts/${fiona}`, {
      name: "Fiona Form",
      email: "fiona@example.net",
      opted_out: "1",
    });
    for (const id of [quinn, ids.focalB, fiona])
      expect((await member.get(`/f/bpf-cyber/contacts/${id}`)).body, id).toContain(
        "Opted out of the forum’s mail",
      );

    // All three pasted as recipients of the call, and a reminder to every recipient who has not contributed.
    await secretariat.post("/f/bpf-cyber/2017/call/recipients", {
      recipients:
        "Quinn <quiet@example.net>\nLina <lina.mu@example.net>\nFiona <fiona@example.net>\nNew Person <new.person@example.net>",
    });
    const send = (await secretariat.get("/f/bpf-cyber/2017/call/send")).body;
    expect(send).toContain("new.person@example.net");
    const before = (await outbox("call.reminder")).length;
    await secretariat.post("/f/bpf-cyber/2017/call/reminders", { send_now: "1" });
    await t.app.services.jobs.runUntilIdle();
    const after = (await outbox("call.reminder")).map((m) => m.to_address);
    expect(after.length).toBeGreaterThan(before);
    expect(after).toContain("new.person@example.net");
    for (const quiet of ["quiet@example.net", "lina.mu@example.net", "fiona@example.net"]) {
      expect(after).not.toContain(quiet);
      expect((await outbox("call.announcement")).map((m) => m.to_address)).not.toContain(quiet);
    }
    // Nor does an announcement to everyone reach them.
    await secretariat.post("/f/bpf-cyber/2017/call/announce", {
      announce_subject: "News",
      announce_body: "Hello.",
      announce_confirm: "1",
    });
    const announced = (await outbox("call.announcement")).map((m) => m.to_address);
    expect(announced).toContain("new.person@example.net");
    for (const quiet of ["quiet@example.net", "lina.mu@example.net", "fiona@example.net"])
      expect(announced).not.toContain(quiet);
  });

  it("merges two contacts that both have an address, keeping the other address and its contributions", async () => {
    const db = t.database.db;
    const add = async (fields: Record<string, string>) =>
      idFrom((await secretariat.post("/f/bpf-cyber/contacts", fields)).headers.location);
    const keep = await add({ name: "Tomas Berger", email: "tomas@a.example" });
    const drop = await add({ name: "Tomás Berger", email: "tberger@b.example" });
    await db
      .insertInto("contributions")
      .values({
        forum_id: scope.forum.id,
        cycle_id: scope.cycle.id,
        status: "submitted",
        reference: "BPF-2017-042",
        email: "tberger@b.example",
        received_at: now,
      })
      .execute();
    expect((await member.get(`/f/bpf-cyber/contacts/${drop}`)).body).toContain("Contributed (BPF-2017-042)");
    const merged = await secretariat.post("/f/bpf-cyber/contacts/merge", { a: keep, b: drop, keep });
    expect(merged.statusCode).toBe(303);
    const kept = (await secretariat.get(`/f/bpf-cyber/contacts/${keep}`)).body;
    expect(kept).toContain("tomas@a.example");
    expect(kept).toContain("tberger@b.example");
    expect(kept).toContain("Contributed (BPF-2017-042)");
    expect(kept).toContain("Merged with the duplicate “Tomás Berger”");
    const asMember = (await member.get(`/f/bpf-cyber/contacts/${keep}`)).body;
    expect(asMember).toContain("Contributed (BPF-2017-042)");
    expect(asMember).not.toContain("tberger@b.example");
    expect(asMember).not.toContain("tomas@a.example");
    const api = await t.app.inject({
      url: "/api/v1/forums/bpf-cyber/contacts",
      headers: { authorization: `Bearer ${memberToken}` },
    });
    expect(api.body).not.toContain("tberger@b.example");
  });
});
