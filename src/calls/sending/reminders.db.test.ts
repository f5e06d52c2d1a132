import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../auth/actor.js";
import { createApiToken } from "../../auth/api-tokens.js";
import { createSession } from "../../auth/sessions.js";
import { TestAgent } from "../../test-support/agent.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { testEngines } from "../../test-support/databases.js";
import { saveCall } from "../call/service.js";
import { personWithRole, seedForum } from "../test-fixtures.js";
import { addRecipients, CALL_REMINDER_JOB, cancelReminder, scheduleReminder } from "./service.js";

describe.each(testEngines)("cancelling a scheduled reminder on %s", (engine) => {
  let t: TestApp;
  let scope: Awaited<ReturnType<typeof seedForum>>;
  let secretariat: Actor & { kind: "user" };
  let member: Actor;
  const now = new Date("2017-08-10T12:00:00Z");
  const as = (actor: Actor) => ({ actor, forum: scope.forum, cycle: scope.cycle, now });
  const reminderMail = async () =>
    (
      await t.database.db
        .selectFrom("mail_outbox")
        .select("to_address")
        .where("kind", "=", "call.reminder")
        .execute()
    ).map((r) => r.to_address);

  beforeAll(async () => {
    t = await createTestApp(engine);
    t.setNow(now);
    const db = t.database.db;
    scope = await seedForum(db);
    secretariat = await personWithRole(db, scope.forum.id, "secretariat", "sec@example.org", "Eleni Sec");
    member = await personWithRole(db, scope.forum.id, "member", "member@example.org", "Mo Member");
    await saveCall(db, {
      ...as(secretariat),
      input: { message: "Please contribute.", overview: "", reading: "" },
    });
    await addRecipients(db, {
      ...as(secretariat),
      recipients: [{ email: "amina@example.org", name: "Amina Diallo" }],
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("sends nothing when a cancelled reminder's job comes due, and says who cancelled it", async () => {
    const db = t.database.db;
    const reminder = await scheduleReminder(db, { ...as(secretariat), input: { runAt: "2017-09-10T09:00" } });
    await expect(cancelReminder(db, { ...as(member), reminderId: reminder.id })).rejects.toMatchObject({
      code: "forbidden",
    });
    const cancelled = await cancelReminder(db, { ...as(secretariat), reminderId: reminder.id });
    expect(cancelled.status).toBe("cancelled");
    const audit = await db
      .selectFrom("audit_log")
      .select(["actor_label", "subject_id"])
      .where("action", "=", "call.reminder.cancel")
      .execute();
    expect(audit).toEqual([{ actor_label: "Eleni Sec <sec@example.org>", subject_id: reminder.id }]);
    // The job is still queued; when it comes due it finds the reminder cancelled and sends nothing.
    t.setNow(new Date("2017-09-11T00:00:00Z"));
    await t.app.services.jobs.runUntilIdle();
    t.setNow(now);
    expect(await reminderMail()).toEqual([]);
    const job = await db.selectFrom("jobs").selectAll().where("kind", "=", CALL_REMINDER_JOB).execute();
    expect(job.every((j) => j.done_at !== null)).toBe(true);
    await expect(cancelReminder(db, { ...as(secretariat), reminderId: reminder.id })).rejects.toMatchObject({
      fields: { reminders: "calls.reminder.notScheduled" },
    });
    // A reminder that was not cancelled still goes out.
    await scheduleReminder(db, { ...as(secretariat), input: { runAt: "2017-09-12T09:00" } });
    t.setNow(new Date("2017-09-13T00:00:00Z"));
    await t.app.services.jobs.runUntilIdle();
    t.setNow(now);
    expect(await reminderMail()).toEqual(["amina@example.org"]);
  });

  it("offers a cancel button on the sending page, and cancels through the API", async () => {
    const db = t.database.db;
    const first = await scheduleReminder(db, { ...as(secretariat), input: { runAt: "2017-10-01T09:00" } });
    const agent = new TestAgent(t.app);
    agent.cookies.set("session", (await createSession(db, { userId: secretariat.userId, now })).cookieValue);
    const page = await agent.get("/f/bpf-cyber/2017/call/send");
    const action = `/f/bpf-cyber/2017/call/reminders/${first.id}/cancel`;
    expect(page.body).toContain(`action="${action}"`);
    expect(page.body).toContain("Cancel this reminder");
    const res = await agent.post(action, {});
    expect(res.statusCode).toBe(303);
    const after = await agent.get(res.headers.location as string);
    expect(after.body).toContain("The reminder has been cancelled");
    expect(after.body).not.toContain(`action="${action}"`);
    const again = await agent.post(action, {});
    expect(again.statusCode).toBe(422);
    expect(again.body).toContain("Only a reminder that has not gone out yet can be cancelled.");

    const second = await scheduleReminder(db, { ...as(secretariat), input: { runAt: "2017-10-02T09:00" } });
    const url = `/api/v1/forums/bpf-cyber/cycles/2017/call/reminders/${second.id}/cancel`;
    const { token: memberToken } = await createApiToken(db, {
      name: "m",
      role: "member",
      forumId: scope.forum.id,
    });
    const refused = await t.app.inject({
      method: "POST",
      url,
      headers: { authorization: `Bearer ${memberToken}` },
    });
    expect(refused.statusCode).toBe(403);
    const { token } = await createApiToken(db, { name: "ci", role: "secretariat", forumId: scope.forum.id });
    const ok = await t.app.inject({ method: "POST", url, headers: { authorization: `Bearer ${token}` } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ id: second.id, status: "cancelled" });
    const listed = await t.app.inject({
      method: "GET",
      url: "/api/v1/forums/bpf-cyber/cycles/2017/call/recipients",
      headers: { authorization: `Bearer ${token}` },
    });
    expect(listed.json().reminders.map((r: { status: string }) => r.status)).toEqual([
      "cancelled",
      "sent",
      "cancelled",
      "cancelled",
    ]);
  });
});
