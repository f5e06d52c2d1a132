// Scheduling polls over HTTP without JavaScript (who is asked, editing, deleting with a confirmation step)
// and through the API (PATCH/DELETE a poll, POST/DELETE its times), with the refusals a user would meet.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../auth/actor.js";
import { createApiToken } from "../../auth/api-tokens.js";
import { createSession } from "../../auth/sessions.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { testEngines } from "../../test-support/databases.js";
import { person, testForum } from "../test-fixtures.js";
import { closePoll, createPoll, viewPoll } from "./service.js";

const CSRF = "c".repeat(32);

describe.each(testEngines)("scheduling polls over HTTP on %s", (engine) => {
  let t: TestApp;
  let forum: Awaited<ReturnType<typeof testForum>>["forum"];
  let cycle2017: Awaited<ReturnType<typeof testForum>>["cycle2017"];
  let secretariat: Actor & { kind: "user" };
  let member: Actor & { kind: "user" };
  let nri: Actor & { kind: "user" };
  let secretariatCookie: string;
  let memberCookie: string;
  let secretariatToken: string;
  let memberToken: string;
  const db = () => t.database.db;
  const base = "/f/bpf-cyber/2017";

  beforeAll(async () => {
    t = await createTestApp(engine);
    ({ forum, cycle2017 } = await testForum(db()));
    secretariat = await person(db(), forum.id, {
      email: "sec@example.org",
      name: "Sam Secretariat",
      role: "secretariat",
    });
    member = await person(db(), forum.id, { email: "mia@example.org", name: "Mia Member", role: "member" });
    nri = await person(db(), forum.id, {
      email: "nia@example.org",
      name: "Nia Focal",
      role: "nri_focal_point",
    });
    const now = new Date();
    const cookieOf = async (userId: string) =>
      `session=${(await createSession(db(), { userId, now })).cookieValue}; csrf=${CSRF}`;
    secretariatCookie = await cookieOf(secretariat.userId);
    memberCookie = await cookieOf(member.userId);
    secretariatToken = (await createApiToken(db(), { name: "s", role: "secretariat", forumId: forum.id }))
      .token;
    memberToken = (await createApiToken(db(), { name: "m", role: "member", forumId: forum.id })).token;
  });
  afterAll(async () => {
    await t?.close();
  });

  const get = (url: string, cookie = secretariatCookie) =>
    t.app.inject({ method: "GET", url, headers: { cookie, accept: "text/html" } });
  /** Submits a form as a browser would: repeated names for ticked checkboxes. */
  const post = (url: string, fields: [string, string][], cookie = secretariatCookie) =>
    t.app.inject({
      method: "POST",
      url,
      headers: { cookie, "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
      payload: new URLSearchParams([["_csrf", CSRF], ...fields]).toString(),
    });
  const api = (
    method: "GET" | "POST" | "PATCH" | "DELETE",
    url: string,
    payload?: object,
    token = secretariatToken,
  ) =>
    t.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(payload ? { payload } : {}),
    });
  const newPoll = () =>
    createPoll(db(), {
      actor: secretariat,
      forumId: forum.id,
      cycleId: cycle2017.id,
      input: {
        kind: "virtual",
        title: "Drafting call",
        duration_minutes: 60,
        time_zone: "Europe/Zurich",
        slots: ["2017-10-10 14:00", "2017-10-11 09:00"],
      },
      now: new Date("2017-10-01T00:00:00Z"),
      publicUrl: "https://bpf.example.org",
    });
  const close = (pollId: string) =>
    closePoll(db(), {
      actor: secretariat,
      pollId,
      now: new Date("2017-10-01T00:00:00Z"),
      publicUrl: "https://bpf.example.org",
      mailFrom: "BPF <bpf@example.org>",
      forum,
      year: 2017,
    });

  it("offers groups and people to ask, everyone ticked by default, and shows how many are asked", async () => {
    const form = await get(`${base}/polls/new`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toMatch(/<legend>Who is asked<\/legend>/);
    expect(form.body).toMatch(/name="participant_groups" value="all" checked/);
    expect(form.body).not.toMatch(/value="secretariat" checked/);
    for (const label of ["Secretariat", "Facilitators and lead experts", "NRI focal points", "Nia Focal"])
      expect(form.body).toContain(label);
    const fields: [string, string][] = [
      ["kind", "virtual"],
      ["title", "Outline call"],
      ["duration_minutes", "60"],
      ["time_zone", "Europe/Zurich"],
      ["slots", "2017-10-10 14:00"],
    ];
    const created = await post(`${base}/polls`, [
      ...fields,
      ["participant_groups", "secretariat"],
      ["participant_ids", nri.userId],
    ]);
    expect(created.statusCode).toBe(303);
    const page = await get(created.headers.location as string);
    expect(page.body).toContain("2 people asked");
    // Nothing ticked: the form comes back with what was typed and says why.
    const empty = await post(`${base}/polls`, fields);
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain("Tick at least one group or person to ask.");
    expect(empty.body).toContain('value="Outline call"');
    expect(empty.body).not.toMatch(/value="all" checked/);
  });

  it("lets the secretariat edit an open poll through pages: details, people, times", async () => {
    const poll = await newPoll();
    const here = `${base}/polls/${poll.id}`;
    expect((await get(here)).body).toContain(`href="${here}/edit"`);
    expect((await get(here, memberCookie)).body).not.toContain(`${here}/edit`);
    const edit = await get(`${here}/edit`);
    expect(edit.statusCode).toBe(200);
    expect(edit.body).toContain(`name="participant_ids" value="${member.userId}" checked`);
    const saved = await post(`${here}/edit`, [
      ["title", "Outline review"],
      ["purpose", "Agree the outline."],
      ["participant_ids", member.userId],
    ]);
    expect(saved.statusCode).toBe(303);
    expect((await get(saved.headers.location as string)).body).toContain("The poll has been changed.");
    const shown = await get(here);
    expect(shown.body).toContain("<h1><bdi>Outline review</bdi></h1>");
    expect(shown.body).toContain("1 person asked");
    // A time already proposed is refused with the typed text kept.
    const taken = await post(`${here}/slots`, [["slots", "2017-10-10 14:00"]]);
    expect(taken.statusCode).toBe(422);
    expect(taken.body).toContain("That time is already proposed.");
    expect(taken.body).toContain("2017-10-10 14:00</textarea>");
    expect((await post(`${here}/slots`, [["slots", "2017-10-12 16:00"]])).statusCode).toBe(303);
    const view = await viewPoll(db(), { actor: secretariat, forumId: forum.id, pollId: poll.id });
    expect(view.slots).toHaveLength(3);
    const removed = await post(`${here}/slots/${view.slots[0]!.id}/delete`, []);
    expect(removed.statusCode).toBe(303);
    expect(
      (await viewPoll(db(), { actor: secretariat, forumId: forum.id, pollId: poll.id })).slots,
    ).toHaveLength(2);
  });

  it("asks before deleting a poll, and deletes it on confirmation", async () => {
    const poll = await newPoll();
    const here = `${base}/polls/${poll.id}`;
    const confirm = await get(`${here}/delete`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain("Delete this poll?");
    expect(confirm.body).toContain(`action="${here}/delete"`);
    expect((await get(here)).statusCode).toBe(200);
    const deleted = await post(`${here}/delete`, []);
    expect(deleted.statusCode).toBe(303);
    expect(deleted.headers.location).toBe(`${base}/meetings?done=poll-deleted`);
    expect((await get(deleted.headers.location as string)).body).toContain("The poll has been deleted.");
    expect((await get(here)).statusCode).toBe(404);
  });

  it("refuses the editing pages to a member and once the poll is closed", async () => {
    const poll = await newPoll();
    const here = `${base}/polls/${poll.id}`;
    expect((await get(`${here}/edit`, memberCookie)).statusCode).toBe(403);
    expect((await get(`${here}/delete`, memberCookie)).statusCode).toBe(403);
    expect((await post(`${here}/edit`, [["title", "Mine"]], memberCookie)).statusCode).toBe(403);
    expect((await post(`${here}/delete`, [], memberCookie)).statusCode).toBe(403);
    await close(poll.id);
    for (const res of [
      await get(`${here}/edit`),
      await get(`${here}/delete`),
      await post(`${here}/delete`, []),
    ]) {
      expect(res.statusCode).toBe(409);
      expect(res.body).toContain(
        "This poll is closed: the meeting is scheduled, so the poll can no longer be changed.",
      );
    }
    expect((await get(here)).body).not.toContain(`${here}/edit`);
  });

  it("changes, extends, trims and deletes a poll through the API", async () => {
    const created = await api("POST", "/api/v1/forums/bpf-cyber/polls", {
      year: 2017,
      kind: "virtual",
      duration_minutes: 60,
      time_zone: "Europe/Zurich",
      slots: ["2017-10-10T14:00"],
      participant_groups: ["nri"],
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    expect(created.json().participant_count).toBe(1);
    const url = `/api/v1/forums/bpf-cyber/polls/${id}`;
    const patched = await api("PATCH", url, { title: "By API", participant_groups: ["all"] });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ title: "By API", participant_count: 3 });
    const extended = await api("POST", `${url}/slots`, { slots: ["2017-10-11T09:00"] });
    expect(extended.statusCode).toBe(201);
    const slots = extended.json().slots as { id: string; starts_at: string }[];
    expect(slots.map((s) => s.starts_at)).toEqual(["2017-10-10T12:00:00.000Z", "2017-10-11T07:00:00.000Z"]);
    expect((await api("DELETE", `${url}/slots/${slots[0]!.id}`)).statusCode).toBe(204);
    const last = await api("DELETE", `${url}/slots/${slots[1]!.id}`);
    expect(last.statusCode).toBe(409);
    expect(last.json().error.message).toMatch(/at least one proposed time/);
    expect((await api("DELETE", url, undefined, memberToken)).statusCode).toBe(403);
    expect((await api("PATCH", url, { title: "Mine" }, memberToken)).statusCode).toBe(403);
    expect((await api("POST", `${url}/slots`, { slots: ["2017-10-12T09:00"] }, memberToken)).statusCode).toBe(
      403,
    );
    expect((await api("DELETE", url)).statusCode).toBe(204);
    expect((await api("GET", url)).statusCode).toBe(404);
  });

  it("answers 409 with a clear message for any API change to a closed poll, and documents the operations", async () => {
    const poll = await newPoll();
    const [slot] = (await viewPoll(db(), { actor: secretariat, forumId: forum.id, pollId: poll.id })).slots;
    await close(poll.id);
    const url = `/api/v1/forums/bpf-cyber/polls/${poll.id}`;
    for (const res of [
      await api("PATCH", url, { title: "Late" }),
      await api("POST", `${url}/slots`, { slots: ["2017-10-20T10:00"] }),
      await api("DELETE", `${url}/slots/${slot!.id}`),
      await api("DELETE", url),
    ]) {
      expect(res.statusCode).toBe(409);
      expect(res.json().error.message).toBe(
        "This poll is closed: the meeting is scheduled, so the poll can no longer be changed.",
      );
    }
    const doc = (await t.app.inject({ method: "GET", url: "/api/openapi.json" })).json();
    expect(Object.keys(doc.paths["/api/v1/forums/{forum}/polls/{id}"])).toEqual(
      expect.arrayContaining(["get", "patch", "delete"]),
    );
    expect(doc.paths["/api/v1/forums/{forum}/polls/{id}/slots"].post).toBeDefined();
    expect(doc.paths["/api/v1/forums/{forum}/polls/{id}/slots/{slotId}"].delete.responses).toHaveProperty(
      "409",
    );
  });
});
