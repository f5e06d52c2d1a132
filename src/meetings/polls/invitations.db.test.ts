// Telling people a scheduling poll exists: invitations when they are asked (in their language and, when their
// profile knows it, their zone), reminders by button and before the poll closes, the poll in "My next steps",
// and the meeting invitation that follows. Everything is read from the outbox as the recipient would.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../auth/actor.js";
import { createApiToken } from "../../auth/api-tokens.js";
import { createSession } from "../../auth/sessions.js";
import { listOutbox } from "../../mail/outbox.js";
import { TestAgent } from "../../test-support/agent.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { testEngines } from "../../test-support/databases.js";
import { person, testForum } from "../test-fixtures.js";
import { updatePoll } from "./edit-service.js";
import { answerPoll, closePoll, createPoll, viewPoll } from "./service.js";

const PUBLIC_URL = "http://localhost:3000";
const ZURICH = "Central European Summer Time (Europe/Zurich, UTC+02:00)";
const TOKYO = "Japan Standard Time (Asia/Tokyo, UTC+09:00)";

describe.each(testEngines)("scheduling poll invitations and reminders on %s", (engine) => {
  let t: TestApp;
  let forum: Awaited<ReturnType<typeof testForum>>["forum"];
  let cycle2017: Awaited<ReturnType<typeof testForum>>["cycle2017"];
  let secretariat: Actor & { kind: "user" };
  let aiko: Actor & { kind: "user" };
  let nia: Actor & { kind: "user" };
  let rosa: Actor & { kind: "user" };
  let secretariatAgent: TestAgent;
  const now = new Date("2017-10-01T08:00:00Z");
  const db = () => t.database.db;
  const base = "/f/bpf-cyber/2017";
  const mails = async (to: string, kind: string) =>
    (await listOutbox(db(), { to })).filter((m) => m.kind === kind);
  const agentOf = async (actor: Actor & { kind: "user" }, at = now) => {
    const agent = new TestAgent(t.app);
    agent.cookies.set("session", (await createSession(db(), { userId: actor.userId, now: at })).cookieValue);
    return agent;
  };
  const pollInput = (title: string, extra: Record<string, unknown> = {}) => ({
    kind: "virtual",
    title,
    duration_minutes: 60,
    time_zone: "Europe/Zurich",
    slots: ["2017-10-10 14:00", "2017-10-11 09:00"],
    ...extra,
  });

  beforeAll(async () => {
    t = await createTestApp(engine);
    t.setNow(now);
    ({ forum, cycle2017 } = await testForum(db()));
    secretariat = await person(db(), forum.id, {
      email: "sec@example.org",
      name: "Sam Secretariat",
      role: "secretariat",
    });
    aiko = await person(db(), forum.id, {
      email: "aiko@example.org",
      name: "Aiko Tanaka",
      role: "member",
      timeZone: "Asia/Tokyo",
    });
    nia = await person(db(), forum.id, {
      email: "nia@example.org",
      name: "Nia Focal",
      role: "nri_focal_point",
    });
    rosa = await person(db(), forum.id, {
      email: "rosa@example.org",
      name: "Rosa Quispe",
      role: "member",
      timeZone: "America/Lima",
      language: "es",
    });
    secretariatAgent = await agentOf(secretariat);
  });
  afterAll(async () => {
    await t?.close();
  });

  it("invites everyone asked when the secretariat asks the members, each in their language and zone", async () => {
    const res = await secretariatAgent.post(`${base}/polls`, {
      kind: "virtual",
      title: "Drafting call",
      purpose: "Agree the outline.",
      duration_minutes: "60",
      time_zone: "Europe/Zurich",
      slots: "2017-10-10 14:00\r\n2017-10-11 09:00",
      closes: "2017-10-08 18:00",
      participant_groups: "all",
    });
    expect(res.statusCode).toBe(303);
    const pollUrl = res.headers.location as string;
    const link = `${PUBLIC_URL}${pollUrl}`;

    const [toAiko] = await mails("aiko@example.org", "meeting.poll.invitation");
    expect(toAiko?.subject).toBe("BPF on Cybersecurity: when can you meet? Drafting call");
    expect(toAiko?.text_body).toContain(link);
    expect(toAiko?.text_body).toContain(`Times are in your time zone: ${TOKYO}.`);
    expect(toAiko?.text_body).toMatch(/Tuesday, October 10, 2017 at 9:00\sPM/);
    expect(toAiko?.text_body).toMatch(/Wednesday, October 11, 2017 at 4:00\sPM/);
    expect(toAiko?.text_body).toMatch(/Please answer by Oct 9, 2017, 1:00\sAM, Japan Standard Time/);
    expect(toAiko?.text_body).toContain("Agree the outline.");

    // Nia's profile has no zone: the times are the meeting's own, named, and nothing claims to be "her" time.
    const [toNia] = await mails("nia@example.org", "meeting.poll.invitation");
    expect(toNia?.text_body).toContain(`Times are in the meeting’s time zone: ${ZURICH}.`);
    expect(toNia?.text_body).toMatch(/Tuesday, October 10, 2017 at 2:00\sPM/);
    expect(toNia?.text_body).not.toMatch(/your time zone:/i);
    expect(toNia?.text_body).toContain(`${PUBLIC_URL}/me`);

    const [toRosa] = await mails("rosa@example.org", "meeting.poll.invitation");
    expect(toRosa?.subject).toBe("BPF on Cybersecurity: ¿cuándo puede reunirse? Drafting call");
    expect(toRosa?.text_body).toMatch(/martes, 10 de octubre de 2017, 7:00/);
    expect(toRosa?.html_body).toContain('lang="es"');

    expect(await mails("sec@example.org", "meeting.poll.invitation")).toHaveLength(1);
    const audit = await db()
      .selectFrom("audit_log")
      .select("after")
      .where("action", "=", "meeting.poll.create")
      .executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({ participants: 4, invited: 4 });

    // The poll page says when answers close, in the reader's zone.
    const page = await (await agentOf(aiko)).get(pollUrl);
    expect(page.body).toMatch(/Answers close on Oct 9, 2017, 1:00\sAM, Japan Standard Time/);
  });

  it("creates no poll when its invitations cannot be queued: the mail is part of the same change", async () => {
    const failing = db().withPlugin({
      transformQuery(args) {
        // The outbox row may be written by a statement of its own or inside another's WITH (with its job).
        if (insertsInto(args.node, "mail_outbox")) throw new Error("outbox unavailable");
        return args.node;
      },
      async transformResult(args) {
        return args.result;
      },
    });
    await expect(
      createPoll(failing, {
        actor: secretariat,
        forumId: forum.id,
        cycleId: cycle2017.id,
        input: pollInput("Never made"),
        now,
        publicUrl: PUBLIC_URL,
      }),
    ).rejects.toThrow("outbox unavailable");
    const polls = await db().selectFrom("scheduling_polls").select("title").execute();
    expect(polls.map((p) => p.title)).not.toContain("Never made");
  });

  it("invites people added to an open poll, and only them", async () => {
    const poll = await createPoll(db(), {
      actor: secretariat,
      forumId: forum.id,
      cycleId: cycle2017.id,
      input: pollInput("Outline review", { participant_ids: [aiko.userId] }),
      now,
      publicUrl: PUBLIC_URL,
    });
    const invited = async (to: string) =>
      (await mails(to, "meeting.poll.invitation")).filter((m) => m.subject.endsWith("Outline review"));
    expect(await invited("aiko@example.org")).toHaveLength(1);
    expect(await invited("nia@example.org")).toHaveLength(0);
    await updatePoll(db(), {
      actor: secretariat,
      forumId: forum.id,
      pollId: poll.id,
      input: { participant_ids: [aiko.userId, nia.userId] },
      now,
      publicUrl: PUBLIC_URL,
    });
    expect(await invited("aiko@example.org")).toHaveLength(1);
    expect(await invited("nia@example.org")).toHaveLength(1);
  });

  it("lists an open poll in the person's next steps until they answer it", async () => {
    const poll = await createPoll(db(), {
      actor: secretariat,
      forumId: forum.id,
      cycleId: cycle2017.id,
      input: pollInput("Stock-taking", { participant_ids: [rosa.userId, nia.userId] }),
      now,
      publicUrl: PUBLIC_URL,
    });
    const niaAgent = await agentOf(nia);
    const mine = await niaAgent.get("/me/actions");
    expect(mine.body).toContain("Scheduling polls to answer");
    expect(mine.body).toContain(`href="${base}/polls/${poll.id}"`);
    expect(mine.body).toContain("Stock-taking");
    // Someone not asked does not see it.
    expect((await (await agentOf(aiko)).get("/me/actions")).body).not.toContain(`${base}/polls/${poll.id}`);
    const [slot] = (await viewPoll(db(), { actor: nia, forumId: forum.id, pollId: poll.id })).slots;
    await answerPoll(db(), { actor: nia, pollId: poll.id, answers: { [slot!.id]: "yes" }, now });
    expect((await niaAgent.get("/me/actions")).body).not.toContain(`${base}/polls/${poll.id}`);
  });

  it("reminds those who have not answered when the secretariat presses the button, once an hour at most", async () => {
    const poll = await createPoll(db(), {
      actor: secretariat,
      forumId: forum.id,
      cycleId: cycle2017.id,
      input: pollInput("Review call", { participant_ids: [aiko.userId, nia.userId, rosa.userId] }),
      now,
      publicUrl: PUBLIC_URL,
    });
    const [slot] = (await viewPoll(db(), { actor: aiko, forumId: forum.id, pollId: poll.id })).slots;
    await answerPoll(db(), { actor: aiko, pollId: poll.id, answers: { [slot!.id]: "yes" }, now });
    const here = `${base}/polls/${poll.id}`;
    const page = await secretariatAgent.get(here);
    expect(page.body).toContain(`action="${here}/remind"`);
    expect(page.body).toContain("Remind the 2 people who have not answered");
    expect((await (await agentOf(aiko)).post(`${here}/remind`, {})).statusCode).toBe(403);
    const res = await secretariatAgent.post(`${here}/remind`, {});
    expect(res.statusCode).toBe(303);
    expect((await secretariatAgent.get(res.headers.location as string)).body).toContain(
      "A reminder has been sent to 2 people.",
    );
    const reminded = async (to: string) =>
      (await mails(to, "meeting.poll.reminder")).filter((m) => m.subject.endsWith("Review call"));
    expect(await reminded("aiko@example.org")).toHaveLength(0);
    const [toNia] = await reminded("nia@example.org");
    expect(toNia?.subject).toBe("Reminder – BPF on Cybersecurity: when can you meet? Review call");
    expect(toNia?.text_body).toContain(`${PUBLIC_URL}${here}`);
    expect(await reminded("rosa@example.org")).toHaveLength(1);
    const again = await secretariatAgent.post(`${here}/remind`, {});
    expect(again.statusCode).toBe(422);
    expect(again.body).toContain("Everyone who has not answered was reminded less than an hour ago.");
    expect(await reminded("nia@example.org")).toHaveLength(1);
    const audit = await db()
      .selectFrom("audit_log")
      .select(["actor_label", "after"])
      .where("action", "=", "meeting.poll.remind")
      .where("subject_id", "=", poll.id)
      .execute();
    expect(audit).toEqual([{ actor_label: "Sam Secretariat <sec@example.org>", after: { reminded: 2 } }]);

    // Through the API too, an hour later.
    t.setNow(new Date(now.getTime() + 2 * 3600_000));
    try {
      const { token } = await createApiToken(db(), { name: "s", role: "secretariat", forumId: forum.id });
      const api = await t.app.inject({
        method: "POST",
        url: `/api/v1/forums/bpf-cyber/polls/${poll.id}/remind`,
        headers: { authorization: `Bearer ${token}` },
      });
      expect(api.statusCode).toBe(200);
      expect(api.json()).toEqual({ reminded: 2 });
    } finally {
      t.setNow(now);
    }
  });

  it("reminds automatically a day before the poll closes, then refuses answers after it closes", async () => {
    const created = await secretariatAgent.post(`${base}/polls`, {
      kind: "informal",
      title: "Day-zero planning",
      duration_minutes: "60",
      time_zone: "Europe/Zurich",
      slots: "2017-10-20 10:00",
      closes: "2017-10-12 18:00",
      participant_ids: nia.userId,
    });
    expect(created.statusCode).toBe(303);
    const pollId = (created.headers.location as string).split("/").pop()!;
    const reminders = async () =>
      (await mails("nia@example.org", "meeting.poll.reminder")).filter((m) =>
        m.subject.endsWith("Day-zero planning"),
      );
    // Not yet: the reminder is due 24 hours before 18:00 in Zurich on 12 October (16:00 UTC).
    t.setNow(new Date("2017-10-11T15:59:00Z"));
    await t.app.services.jobs.runUntilIdle();
    expect(await reminders()).toHaveLength(0);
    t.setNow(new Date("2017-10-11T16:00:00Z"));
    await t.app.services.jobs.runUntilIdle();
    const [reminder] = await reminders();
    expect(reminder?.text_body).toContain("You have not yet answered");
    expect(reminder?.text_body).toMatch(
      /Please answer by Oct 12, 2017, 6:00\sPM, Central European Summer Time/,
    );
    const audit = await db()
      .selectFrom("audit_log")
      .select(["actor_label", "after"])
      .where("action", "=", "meeting.poll.remind")
      .where("subject_id", "=", pollId)
      .execute();
    expect(audit).toEqual([{ actor_label: "scheduled poll reminder", after: { reminded: 1 } }]);
    // After the closing time, answers are refused with a reason.
    const afterClose = new Date("2017-10-12T16:01:00Z");
    t.setNow(afterClose);
    try {
      const niaAgent = await agentOf(nia, afterClose);
      const page = await niaAgent.get(`${base}/polls/${pollId}`);
      expect(page.body).toMatch(/Answers closed on Oct 12, 2017, 6:00\sPM/);
      const [slot] = (await viewPoll(db(), { actor: nia, forumId: forum.id, pollId })).slots;
      const late = await niaAgent.post(`${base}/polls/${pollId}/answers`, { [`slot_${slot!.id}`]: "yes" });
      expect(late.statusCode).toBe(409);
      expect(late.body).toContain("Answers to this poll closed on");
      // The edit page shows the passed closing time, and saving other changes keeps it rather than refusing.
      const sec = await agentOf(secretariat, afterClose);
      const edit = await sec.get(`${base}/polls/${pollId}/edit`);
      expect(edit.body).toContain('value="2017-10-12 18:00"');
      const saved = await sec.post(`${base}/polls/${pollId}/edit`, {
        title: "Day-zero planning",
        purpose: "Plan the day-zero event.",
        closes: "2017-10-12 18:00",
        participant_ids: nia.userId,
      });
      expect(saved.statusCode).toBe(303);
    } finally {
      t.setNow(now);
    }
  });

  it("moves the automatic reminder with the closing time, and refuses a closing time in the past", async () => {
    const { token } = await createApiToken(db(), { name: "c", role: "secretariat", forumId: forum.id });
    const api = (method: "POST" | "PATCH", url: string, payload: object) =>
      t.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, payload });
    const created = await api("POST", "/api/v1/forums/bpf-cyber/polls", {
      year: 2017,
      kind: "virtual",
      title: "Moved close",
      duration_minutes: 60,
      time_zone: "Europe/Zurich",
      slots: ["2017-10-25T10:00"],
      participant_ids: [rosa.userId],
      closes: "2017-10-12T18:00",
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().closes_at).toBe("2017-10-12T16:00:00.000Z");
    const url = `/api/v1/forums/bpf-cyber/polls/${created.json().id}`;
    const past = await api("PATCH", url, { closes: "2017-09-01T10:00" });
    expect(past.statusCode).toBe(422);
    expect(past.json().error.fields).toEqual({ closes: expect.any(String) });
    // A date alone closes answers at the end of that day in the poll's zone.
    const moved = await api("PATCH", url, { closes: "2017-10-15" });
    expect(moved.json().closes_at).toBe("2017-10-15T21:59:59.999Z");
    const reminders = async () =>
      (await mails("rosa@example.org", "meeting.poll.reminder")).filter((m) =>
        m.subject.endsWith("Moved close"),
      );
    try {
      // The reminder made for the first closing time sends nothing.
      t.setNow(new Date("2017-10-11T16:30:00Z"));
      await t.app.services.jobs.runUntilIdle();
      expect(await reminders()).toHaveLength(0);
      t.setNow(new Date("2017-10-14T22:00:00Z"));
      await t.app.services.jobs.runUntilIdle();
      const [reminder] = await reminders();
      expect(reminder?.subject).toBe(
        "Recordatorio – BPF on Cybersecurity: ¿cuándo puede reunirse? Moved close",
      );
      expect(reminder?.text_body).toMatch(/Responda antes del 15 oct 2017, 16:59, .*America\/Lima/);
    } finally {
      t.setNow(now);
    }
  });

  it("says nobody has answered yet instead of suggesting a best time", async () => {
    const poll = await createPoll(db(), {
      actor: secretariat,
      forumId: forum.id,
      cycleId: cycle2017.id,
      input: pollInput("Quiet poll", { participant_ids: [aiko.userId] }),
      now,
      publicUrl: PUBLIC_URL,
    });
    const page = await secretariatAgent.get(`${base}/polls/${poll.id}`);
    expect(page.body).not.toContain("Best time so far");
    expect(page.body).toContain(
      "Nobody has answered yet: the best time will be suggested once answers come in.",
    );
  });

  it("invites to the meeting in each person's own zone when known, and names the meeting's zone otherwise", async () => {
    const poll = await createPoll(db(), {
      actor: secretariat,
      forumId: forum.id,
      cycleId: cycle2017.id,
      input: pollInput("Decided call", { number: 8, participant_ids: [aiko.userId, nia.userId] }),
      now,
      publicUrl: PUBLIC_URL,
    });
    const [, wednesday] = (await viewPoll(db(), { actor: aiko, forumId: forum.id, pollId: poll.id })).slots;
    await closePoll(db(), {
      actor: secretariat,
      pollId: poll.id,
      slotId: wednesday!.id,
      now,
      publicUrl: PUBLIC_URL,
      mailFrom: "BPF <bpf@example.org>",
      forum,
      year: 2017,
    });
    const invitation = async (to: string) =>
      (await mails(to, "meeting.invitation")).find((m) => m.subject.includes("Decided call"))!;
    const toNia = await invitation("nia@example.org");
    expect(toNia.text_body).toMatch(
      new RegExp(`on Wednesday, October 11, 2017 at 9:00\\sAM, ${ZURICH.replace(/[()+]/g, "\\$&")}\\.`),
    );
    expect(toNia.text_body).not.toMatch(/your time/i);
    const toAiko = await invitation("aiko@example.org");
    expect(toAiko.text_body).toMatch(
      /on Wednesday, October 11, 2017 at 4:00\sPM in your time zone, Japan Standard Time \(Asia\/Tokyo, UTC\+09:00\)\./,
    );
    expect(toAiko.text_body).toMatch(/In the meeting’s time zone: Wednesday, October 11, 2017 at 9:00\sAM/);
  });
});

/** Whether a query's tree holds an INSERT into the table, at its top or in a WITH clause. */
function insertsInto(node: unknown, table: string): boolean {
  if (!node || typeof node !== "object") return false;
  const n = node as { kind?: string; into?: { table?: { identifier?: { name?: string } } } };
  if (n.kind === "InsertQueryNode" && n.into?.table?.identifier?.name === table) return true;
  return Object.values(node).some((child) => insertsInto(child, table));
}
