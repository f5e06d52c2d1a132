// Overdue reminders follow each due date's precision, and steps owned by "the Secretariat" reach its people.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listOutbox } from "../../mail/outbox.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { testEngines } from "../../test-support/databases.js";
import { createMeeting } from "../meetings/service.js";
import { person, testForum } from "../test-fixtures.js";
import { remindOverdueActions } from "./reminders.js";
import { addAction } from "./service.js";

describe.each(testEngines)("overdue reminders on %s", (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => {
    await t?.close();
  });

  it("waits out approximate dates and mails the secretariat the steps no one person owns", async () => {
    const db = t.database.db;
    const { forum, cycle2017 } = await testForum(db);
    const secretariat = await person(db, forum.id, {
      email: "sam@example.org",
      name: "Sam",
      role: "secretariat",
    });
    await person(db, forum.id, {
      email: "sol@example.org",
      name: "Sol",
      role: "secretariat",
      language: "es",
    });
    const member = await person(db, forum.id, { email: "mia@example.org", name: "Mia", role: "member" });
    const meeting = await createMeeting(db, {
      actor: secretariat,
      forumId: forum.id,
      cycleId: cycle2017.id,
      input: { kind: "virtual", number: 3, date: "2017-08-07", time_zone: "Europe/Zurich" },
    });
    const step = (input: Parameters<typeof addAction>[1]["input"]) =>
      addAction(db, { actor: secretariat, meetingId: meeting.id, input });
    await step({
      text: "Draft the call",
      owner_user_id: member.userId,
      due_text: "on or around 15 August",
      due_date: "2017-08-15",
      due_precision: "on_or_around",
    });
    await step({
      text: "Send out the call",
      owner_text: "the Secretariat",
      due_text: "in September",
      due_date: "2017-09-01",
      due_precision: "month",
    });
    const run = (at: string) => remindOverdueActions(db, { now: new Date(at), publicUrl: "https://x" });
    const reminders = async (to: string) =>
      (await listOutbox(db, { to })).filter((m) => m.kind === "meeting.action.reminder");

    // Two days after "on or around 15 August": not late yet.
    expect(await run("2017-08-17T06:00:00Z")).toBe(0);
    // Four days after: late.
    expect(await run("2017-08-19T06:00:00Z")).toBe(1);
    expect((await reminders("mia@example.org"))[0]?.text_body).toContain("Draft the call");

    // "In September" is on time all month, then both secretariat members hear of it.
    expect(await run("2017-09-28T06:00:00Z")).toBe(1); // Mia again, a week and more later
    expect(await reminders("sam@example.org")).toHaveLength(0);
    expect(await run("2017-10-01T06:00:00Z")).toBe(2);
    const sam = await reminders("sam@example.org");
    expect(sam).toHaveLength(1);
    expect(sam[0]?.text_body).toContain("Send out the call");
    expect(sam[0]?.text_body).toContain("the Secretariat");
    expect(sam[0]?.text_body).toContain("https://x/f/bpf-cyber/2017/meetings/virtual-meeting-3");
    expect(sam[0]?.text_body).not.toContain("Draft the call");
    const sol = await reminders("sol@example.org");
    expect(sol[0]?.subject).toBe("Un próximo paso está vencido");
    expect(await reminders("mia@example.org")).toHaveLength(2);
  });

  it("never mails an address in the reserved .invalid domain (the demo's people)", async () => {
    const db = t.database.db;
    const { forum, cycle2017 } = await testForum(db, "bpf-invalid");
    const secretariat = await person(db, forum.id, {
      email: "eleonora@demo.invalid",
      name: "Eleonora",
      role: "secretariat",
    });
    const real = await person(db, forum.id, { email: "rita@example.org", name: "Rita", role: "member" });
    const meeting = await createMeeting(db, {
      actor: secretariat,
      forumId: forum.id,
      cycleId: cycle2017.id,
      input: { kind: "virtual", number: 4, date: "2017-09-18", time_zone: "Europe/Zurich" },
    });
    for (const [text, owner] of [
      ["Circulate the draft", secretariat.userId],
      ["Review the draft", real.userId],
    ] as const)
      await addAction(db, {
        actor: secretariat,
        meetingId: meeting.id,
        input: { text, owner_user_id: owner, due_date: "2017-10-01", due_precision: "exact" },
      });
    await addAction(db, {
      actor: secretariat,
      meetingId: meeting.id,
      input: {
        text: "Book the room",
        owner_text: "the Secretariat",
        due_date: "2017-10-01",
        due_precision: "exact",
      },
    });
    await remindOverdueActions(db, { now: new Date("2017-10-10T06:00:00Z"), publicUrl: "https://x" });
    const sent = (await listOutbox(db, {})).filter((m) => m.kind === "meeting.action.reminder");
    expect(sent.map((m) => m.to_address).filter((a) => a.endsWith(".invalid"))).toEqual([]);
    expect(
      sent.some((m) => m.to_address === "rita@example.org" && m.text_body.includes("Review the draft")),
    ).toBe(true);
  });
});
