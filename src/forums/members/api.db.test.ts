import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../auth/actor.js";
import { createApiToken } from "../../auth/api-tokens.js";
import { insertUser } from "../../auth/users.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { testEngines } from "../../test-support/databases.js";
import { createCycle } from "../cycles/service.js";
import { createForum } from "../forums/service.js";
import type { CycleRow, ForumRow } from "../queries.js";
import { addToRoster, requestToJoin } from "./service.js";

describe.each(testEngines)("the members API on %s", (engine) => {
  let t: TestApp;
  let forum: ForumRow;
  let c2016: CycleRow;
  let secretariat: string;
  let member: string;
  let otherForum: string;
  const base = "/api/v1/forums/bpf-members/cycles";
  const api = (method: "GET" | "POST" | "PUT" | "DELETE", url: string, token?: string, payload?: object) =>
    t.app.inject({
      method,
      url,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      ...(payload ? { payload } : {}),
    });

  /** A signed-in person who has asked to join. */
  async function applicant(email: string, name: string) {
    const user = await insertUser(t.database.db, { email, name });
    const actor: Actor = { kind: "user", userId: user.id, name, email, isSiteAdmin: false };
    const { id } = await requestToJoin(t.database.db, { actor, forum, message: "I run a CSIRT" });
    return { user, requestId: id };
  }

  beforeAll(async () => {
    t = await createTestApp(engine);
    const db = t.database.db;
    const system = { kind: "system", label: "test" } as const;
    forum = await createForum(db, { actor: system, input: { slug: "bpf-members", name: "BPF Members" } });
    c2016 = await createCycle(db, { actor: system, forum, input: { year: 2016 } });
    await db.transaction().execute(async (trx) => {
      await addToRoster(trx, {
        forumId: forum.id,
        cycleId: c2016.id,
        email: "markus@example.org",
        name: "Markus Facilitator",
        roles: ["facilitator"],
      });
      await addToRoster(trx, {
        forumId: forum.id,
        cycleId: c2016.id,
        email: "wout@example.org",
        name: "Wout Member",
        roles: ["member"],
      });
    });
    await createCycle(db, { actor: system, forum, input: { year: 2017 } });
    secretariat = (await createApiToken(db, { name: "sec", role: "secretariat", forumId: forum.id })).token;
    member = (await createApiToken(db, { name: "m", role: "member", forumId: forum.id })).token;
    const other = await createForum(db, { actor: system, input: { slug: "other", name: "Other" } });
    otherForum = (await createApiToken(db, { name: "o", role: "secretariat", forumId: other.id })).token;
  });
  afterAll(async () => {
    await t?.close();
  });

  it("lists the roster with roles; addresses and subscriptions only for the secretariat", async () => {
    const full = await api("GET", `${base}/2017/members`, secretariat);
    expect(full.statusCode).toBe(200);
    expect(full.json().members).toEqual([
      expect.objectContaining({
        name: "Markus Facilitator",
        roles: ["facilitator"],
        email: "markus@example.org",
        subscribed: true,
      }),
      expect.objectContaining({ name: "Wout Member", roles: ["member"], subscribed: true }),
    ]);
    const asMember = await api("GET", `${base}/2017/members`, member);
    expect(asMember.statusCode).toBe(200);
    const first = asMember.json().members[0];
    expect(first).toMatchObject({ name: "Markus Facilitator", roles: ["facilitator"] });
    expect(first).not.toHaveProperty("email");
    expect(first).not.toHaveProperty("subscribed");
    expect((await api("GET", `${base}/2017/members`)).statusCode).toBe(401);
    expect((await api("GET", `${base}/2017/members`, otherForum)).statusCode).toBe(403);
    expect((await api("GET", `${base}/2031/members`, secretariat)).statusCode).toBe(404);
  });

  it("sends an invitation for the secretariat and refuses a member's token and a bad address", async () => {
    const sent = await api("POST", `${base}/2017/invitations`, secretariat, {
      email: "Ana@Example.org",
      role: "lead_expert",
      name: "Ana",
    });
    expect(sent.statusCode).toBe(201);
    expect(sent.json()).toMatchObject({ email: "ana@example.org", role: "lead_expert" });
    const mail = await t.database.db
      .selectFrom("mail_outbox")
      .select(["subject", "text_body"])
      .where("to_address", "=", "ana@example.org")
      .executeTakeFirstOrThrow();
    expect(mail.subject).toBe("Invitation to BPF Members");
    expect(mail.text_body).toContain("/f/bpf-members/invitations/");

    const bad = await api("POST", `${base}/2017/invitations`, secretariat, {
      email: "ana at example",
      role: "member",
    });
    expect(bad.statusCode).toBe(422);
    expect(Object.keys(bad.json().error.fields)).toEqual(["email"]);
    const refused = await api("POST", `${base}/2017/invitations`, member, {
      email: "friend@example.org",
      role: "secretariat",
    });
    expect(refused.statusCode).toBe(403);
    const outbox = await t.database.db
      .selectFrom("mail_outbox")
      .select("to_address")
      .where("to_address", "=", "friend@example.org")
      .execute();
    expect(outbox).toEqual([]);
  });

  it("lets the secretariat approve a request into the cycle named and decline another", async () => {
    const lucia = await applicant("lucia@example.org", "Lucia Applicant");
    const olga = await applicant("olga@example.org", "Olga Applicant");
    expect((await api("GET", `${base}/2016/join-requests`, member)).statusCode).toBe(403);
    const pending = await api("GET", `${base}/2016/join-requests`, secretariat);
    expect(pending.json().join_requests.map((r: { email: string }) => r.email)).toEqual([
      "lucia@example.org",
      "olga@example.org",
    ]);
    expect(
      (await api("POST", `${base}/2016/join-requests/${lucia.requestId}/approve`, member)).statusCode,
    ).toBe(403);
    const approved = await api("POST", `${base}/2016/join-requests/${lucia.requestId}/approve`, secretariat);
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toEqual({ id: lucia.requestId, status: "approved" });
    const declined = await api("POST", `${base}/2016/join-requests/${olga.requestId}/decline`, secretariat);
    expect(declined.json()).toEqual({ id: olga.requestId, status: "declined" });
    expect(
      (await api("POST", `${base}/2016/join-requests/${olga.requestId}/approve`, secretariat)).statusCode,
    ).toBe(404);

    // Approved under 2016, Lucia is on 2016's roster (not only the latest cycle's), as a member.
    const roster2016 = (await api("GET", `${base}/2016/members`, secretariat)).json().members;
    expect(roster2016.find((p: { name: string }) => p.name === "Lucia Applicant")).toMatchObject({
      roles: ["member"],
      subscribed: true,
    });
    expect(roster2016.some((p: { name: string }) => p.name === "Olga Applicant")).toBe(false);
    expect((await api("GET", `${base}/2016/join-requests`, secretariat)).json().join_requests).toEqual([]);
  });

  it("turns a member's mailing-list subscription off and on for the secretariat only", async () => {
    const wout = (await api("GET", `${base}/2017/members`, secretariat))
      .json()
      .members.find((p: { name: string }) => p.name === "Wout Member");
    const url = `${base}/2017/members/${wout.id}/subscription`;
    expect((await api("DELETE", url, member)).statusCode).toBe(403);
    expect((await api("DELETE", url)).statusCode).toBe(401);
    const off = await api("DELETE", url, secretariat);
    expect(off.statusCode).toBe(200);
    expect(off.json()).toEqual({ user_id: wout.id, email: "wout@example.org", subscribed: false });
    const listed = (await api("GET", `${base}/2017/members`, secretariat)).json().members;
    expect(listed.find((p: { id: string }) => p.id === wout.id).subscribed).toBe(false);
    expect((await api("PUT", url, secretariat)).json().subscribed).toBe(true);
    const stranger = await insertUser(t.database.db, { email: "stranger@example.org", name: "Stranger" });
    expect(
      (await api("PUT", `${base}/2017/members/${stranger.id}/subscription`, secretariat)).statusCode,
    ).toBe(404);
    const audit = await t.database.db
      .selectFrom("audit_log")
      .select("action")
      .where("subject_id", "=", wout.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["member.unsubscribe", "member.subscribe"]);
  });

  it("documents the members routes in the OpenAPI document under forums", async () => {
    const doc = (await t.app.inject({ method: "GET", url: "/api/openapi.json" })).json();
    const path = "/api/v1/forums/{forum}/cycles/{year}";
    expect(doc.paths[`${path}/members`].get.tags).toEqual(["forums"]);
    expect(doc.paths[`${path}/invitations`].post.responses).toHaveProperty("201");
    expect(doc.paths[`${path}/join-requests`].get.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(doc.paths[`${path}/members/{user}/subscription`]).sort()).toEqual(["delete", "put"]);
    expect(doc.paths[`${path}/join-requests/{id}/decline`].post.tags).toEqual(["forums"]);
  });
});
