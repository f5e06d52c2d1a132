import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../auth/actor.js";
import { createApiToken } from "../../auth/api-tokens.js";
import { insertUser } from "../../auth/users.js";
import { unsubscribeHeaders, unsubscribeUrl } from "../../mail/unsubscribe.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { testEngines } from "../../test-support/databases.js";
import { createCycle } from "../cycles/service.js";
import {
  acceptInvitation,
  cycleRoster,
  decideJoinRequest,
  inspectInvitation,
  inviteMember,
  requestToJoin,
} from "../members/service.js";
import { createForum } from "./service.js";

describe.each(testEngines)("forums, cycles and milestones on %s", (engine) => {
  let t: TestApp;
  let admin: string;
  const api = (
    method: "GET" | "POST" | "PATCH" | "DELETE",
    url: string,
    token: string | undefined,
    payload?: unknown,
  ) =>
    t.app.inject({
      method,
      url,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      payload: payload as object,
    });

  beforeAll(async () => {
    t = await createTestApp(engine);
    admin = (await createApiToken(t.database.db, { name: "ops", role: "secretariat", forumId: null })).token;
  });
  afterAll(async () => {
    await t?.close();
  });

  it("creates a forum, a cycle and an AoE soft deadline through the API", async () => {
    const forum = await api("POST", "/api/v1/forums", admin, {
      slug: "bpf-test",
      name: "BPF Test",
      time_zone: "Europe/Zurich",
      languages: ["en", "es"],
    });
    expect(forum.statusCode).toBe(201);
    expect(forum.json()).toMatchObject({
      slug: "bpf-test",
      time_zone: "Europe/Zurich",
      languages: ["en", "es"],
    });
    const cycle = await api("POST", "/api/v1/forums/bpf-test/cycles", admin, {
      year: 2017,
      focus: "Cybersecurity and the SDGs",
    });
    expect(cycle.statusCode).toBe(201);
    const soft = await api("POST", "/api/v1/forums/bpf-test/cycles/2017/milestones", admin, {
      kind: "soft_deadline",
      at: "2017-09-15",
    });
    expect(soft.statusCode).toBe(201);
    expect(soft.json()).toMatchObject({
      kind: "soft_deadline",
      at: "2017-09-16T11:59:59.999Z",
      time_zone: "Etc/GMT+12",
      all_day: true,
      at_local: "2017-09-15T23:59:59",
    });
    const opens = await api("POST", "/api/v1/forums/bpf-test/cycles/2017/milestones", admin, {
      kind: "call_opens",
      at: "2017-08-15",
    });
    expect(opens.json()).toMatchObject({ at: "2017-08-14T22:00:00.000Z", time_zone: "Europe/Zurich" });
    const meeting = await api("POST", "/api/v1/forums/bpf-test/cycles/2017/milestones", admin, {
      kind: "annual_meeting",
      at: "2017-12-18T09:00:00+01:00",
      time_zone: "Europe/Zurich",
    });
    expect(meeting.json().at).toBe("2017-12-18T08:00:00.000Z");
    const got = await api("GET", "/api/v1/forums/bpf-test/cycles/2017", undefined);
    expect(got.json().milestones.map((m: { kind: string }) => m.kind)).toEqual([
      "call_opens",
      "soft_deadline",
      "annual_meeting",
    ]);
  });

  it("explains a bad milestone and refuses a second soft deadline", async () => {
    const bad = await api("POST", "/api/v1/forums/bpf-test/cycles/2017/milestones", admin, {
      kind: "inclusion_cutoff",
      at: "2017-09-31",
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.fields.at).toContain("does not exist");
    const zone = await api("POST", "/api/v1/forums/bpf-test/cycles/2017/milestones", admin, {
      kind: "inclusion_cutoff",
      at: "2017-09-30",
      time_zone: "Mars/Olympus",
    });
    expect(zone.statusCode).toBe(422);
    expect(Object.keys(zone.json().error.fields)).toEqual(["time_zone"]);
    const twice = await api("POST", "/api/v1/forums/bpf-test/cycles/2017/milestones", admin, {
      kind: "soft_deadline",
      at: "2017-09-20",
    });
    expect(twice.statusCode).toBe(409);
    const duplicateForum = await api("POST", "/api/v1/forums", admin, { slug: "bpf-test", name: "Again" });
    expect(duplicateForum.statusCode).toBe(409);
    const duplicateCycle = await api("POST", "/api/v1/forums/bpf-test/cycles", admin, { year: 2017 });
    expect(duplicateCycle.statusCode).toBe(409);
  });

  it("refuses a member's token, another forum's token and anonymous callers", async () => {
    const forum = await t.database.db
      .selectFrom("forums")
      .select("id")
      .where("slug", "=", "bpf-test")
      .executeTakeFirstOrThrow();
    const memberToken = (
      await createApiToken(t.database.db, { name: "m", role: "member", forumId: forum.id })
    ).token;
    expect(
      (await api("POST", "/api/v1/forums/bpf-test/cycles", memberToken, { year: 2018 })).statusCode,
    ).toBe(403);
    expect(
      (await api("POST", "/api/v1/forums", memberToken, { slug: "mine", name: "Mine" })).statusCode,
    ).toBe(403);
    expect((await api("POST", "/api/v1/forums/bpf-test/cycles", undefined, { year: 2018 })).statusCode).toBe(
      401,
    );
    const other = await api("POST", "/api/v1/forums", admin, { slug: "other-forum", name: "Other" });
    const otherForumToken = (
      await createApiToken(t.database.db, { name: "o", role: "secretariat", forumId: other.json().id })
    ).token;
    expect(
      (
        await api("POST", "/api/v1/forums/bpf-test/cycles/2017/milestones", otherForumToken, {
          kind: "first_draft",
          at: "2017-11-01",
        })
      ).statusCode,
    ).toBe(403);
  });

  it("publishes a calendar feed that a real parser reads with the same instants", async () => {
    const res = await t.app.inject({ method: "GET", url: "/f/bpf-test/calendar.ics" });
    expect(res.headers["content-type"]).toContain("text/calendar");
    const calendar = new ICAL.Component(ICAL.parse(res.body));
    const events = calendar.getAllSubcomponents("vevent").map((e) => new ICAL.Event(e));
    const stored = (await api("GET", "/api/v1/forums/bpf-test/cycles/2017/milestones", undefined)).json()
      .milestones as { kind: string; at: string }[];
    // iCalendar has second resolution (RFC 5545), so the feed carries the stored instant cut to the second:
    // the AoE deadline's 23:59:59.999 arrives as 23:59:59.
    const toWholeSecond = (iso: string) => new Date(Math.floor(Date.parse(iso) / 1000) * 1000).toISOString();
    const atOf = (kind: string) => toWholeSecond(stored.find((m) => m.kind === kind)?.at ?? "");
    const soft = events.find((e) => e.summary.includes("Deadline for contributions"));
    expect(soft?.startDate.toJSDate().toISOString()).toBe(atOf("soft_deadline"));
    expect(atOf("soft_deadline")).toBe("2017-09-16T11:59:59.000Z");
    const meeting = events.find((e) => e.summary.includes("Annual meeting"));
    expect(meeting?.startDate.toJSDate().toISOString()).toBe(atOf("annual_meeting"));
  });

  it("shows the deadline on the forum's page in its own zone and in the reader's", async () => {
    const tokyo = await t.app.inject({
      method: "GET",
      url: "/f/bpf-test/2017",
      headers: { cookie: "tz=Asia%2FTokyo" },
    });
    expect(tokyo.body).toContain("Anywhere on Earth (UTC−12)");
    // One block per deadline: its own zone, then the reader's time (markup between the parts left out).
    const words = (html: string) => html.replace(/<[^>]*>/g, "");
    expect(words(tokyo.body)).toMatch(/Anywhere on Earth \(UTC−12\) — September 16 at 8:59\s*PM for you/);
    expect(tokyo.body).toContain("Friday, September 15, 2017, end of the day");
    const lima = await t.app.inject({
      method: "GET",
      url: "/f/bpf-test/2017",
      headers: { cookie: "tz=America%2FLima" },
    });
    expect(words(lima.body)).toMatch(/Anywhere on Earth \(UTC−12\) — September 16 at 6:59\s*AM for you/);
    expect(tokyo.body.length).toBeLessThan(50_000);
  });

  it("unsubscribes with a signed one-click link and refuses a forged one", async () => {
    const url = unsubscribeUrl({
      secret: t.app.services.secret,
      publicUrl: "",
      forumSlug: "bpf-test",
      email: "Reader@Example.org",
    });
    const page = await t.app.inject({ method: "GET", url });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("reader@example.org");
    // Mail programs send the one-click POST without cookies or a form token (RFC 8058).
    const done = await t.app.inject({
      method: "POST",
      url,
      payload: "List-Unsubscribe=One-Click",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(done.statusCode).toBe(200);
    const row = await t.database.db
      .selectFrom("list_subscriptions")
      .selectAll()
      .where("email", "=", "reader@example.org")
      .executeTakeFirstOrThrow();
    expect(row.subscribed).toBe(false);
    const forged = await t.app.inject({
      method: "POST",
      url: url.replace("reader%40example.org", "victim%40example.org"),
      payload: "List-Unsubscribe=One-Click",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(forged.statusCode).toBe(400);
    expect(
      unsubscribeHeaders({ secret: "s", publicUrl: "https://x", forumSlug: "f", email: "a@b.c" })[
        "List-Unsubscribe-Post"
      ],
    ).toBe("List-Unsubscribe=One-Click");
  });

  it("carries the roster into a continued cycle, and runs invitations and requests to join", async () => {
    const db = t.database.db;
    const sec = await insertUser(db, { email: "sec@example.org", name: "Sec Retariat" });
    const secretariat: Actor = {
      kind: "user",
      userId: sec.id,
      name: sec.name,
      email: sec.email,
      isSiteAdmin: false,
    };
    const forum = await createForum(db, {
      actor: { kind: "system", label: "test" },
      input: { slug: "roster-forum", name: "Roster Forum" },
    });
    await db
      .insertInto("forum_roles")
      .values({ forum_id: forum.id, user_id: sec.id, role: "secretariat" })
      .execute();
    const c2016 = await createCycle(db, { actor: secretariat, forum, input: { year: 2016 } });
    const now = new Date();
    await inviteMember(db, {
      actor: secretariat,
      forum,
      input: { email: "ana@example.org", name: "Ana", role: "lead_expert" },
      now,
      publicUrl: "http://x",
      locale: "en",
    });
    const mail = await db
      .selectFrom("mail_outbox")
      .selectAll()
      .where("to_address", "=", "ana@example.org")
      .executeTakeFirstOrThrow();
    const token = /invitations\/([A-Za-z0-9_-]+)/.exec(mail.text_body)?.[1] ?? "";
    expect((await inspectInvitation(db, token, now)).state).toBe("valid");
    const ana = await insertUser(db, { email: "ana@example.org", name: "Ana" });
    const anaActor: Actor = {
      kind: "user",
      userId: ana.id,
      name: ana.name,
      email: ana.email,
      isSiteAdmin: false,
    };
    const stranger: Actor = {
      kind: "user",
      userId: sec.id === ana.id ? "" : (await insertUser(db, { email: "x@example.org", name: "X" })).id,
      name: "X",
      email: "x@example.org",
      isSiteAdmin: false,
    };
    await expect(acceptInvitation(db, { actor: stranger, forum, token, now })).rejects.toMatchObject({
      code: "forbidden",
    });
    await acceptInvitation(db, { actor: anaActor, forum, token, now });
    expect((await inspectInvitation(db, token, now)).state).toBe("used");
    await requestToJoin(db, { actor: stranger, forum, message: "I work on CSIRTs" });
    await expect(requestToJoin(db, { actor: stranger, forum, message: "again" })).rejects.toMatchObject({
      code: "conflict",
    });
    const request = await db.selectFrom("join_requests").select("id").executeTakeFirstOrThrow();
    await expect(
      decideJoinRequest(db, { actor: anaActor, forum, requestId: request.id, approve: true, now }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await decideJoinRequest(db, { actor: secretariat, forum, requestId: request.id, approve: true, now });
    const roster2016 = await cycleRoster(db, { actor: anaActor, forum, cycle: c2016 });
    expect(roster2016.map((p) => p.name).sort()).toEqual(["Ana", "X"]);
    expect(roster2016.find((p) => p.name === "Ana")?.roles).toEqual(["lead_expert"]);
    const c2017 = await createCycle(db, { actor: secretariat, forum, input: { year: 2017 } });
    expect(c2017.previous_cycle_id).toBe(c2016.id);
    const roster2017 = await cycleRoster(db, { actor: anaActor, forum, cycle: c2017 });
    expect(roster2017.map((p) => p.name).sort()).toEqual(["Ana", "X"]);
    await expect(
      cycleRoster(db, { actor: { kind: "anonymous" }, forum, cycle: c2017 }),
    ).rejects.toMatchObject({ code: "unauthorized" });
    const audit = await db
      .selectFrom("audit_log")
      .select("action")
      .where("forum_id", "=", forum.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        "member.invite",
        "member.accept_invitation",
        "member.request_join",
        "member.approve",
        "cycle.create",
      ]),
    );
  });
});
