import ICAL from "ical.js";
import mammoth from "mammoth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../auth/actor.js";
import { saveContentTranslations } from "../../forums/index.js";
import { listOutbox } from "../../mail/outbox.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { testEngines } from "../../test-support/databases.js";
import { setUpActor } from "../../test-support/factories.js";
import { translator } from "../../ui/i18n/translate.js";
import { meetingCalendarEvents } from "../calendar.js";
import { seedMeetingsDemo } from "../demo.js";
import { remindOverdueActions } from "../next-steps/reminders.js";
import { addAction, myOpenActions, updateAction } from "../next-steps/service.js";
import { answerPoll, bestSlot, closePoll, createPoll, viewPoll } from "../polls/service.js";
import { person, testForum } from "../test-fixtures.js";
import {
  createMeeting,
  listMeetings,
  replaceAttendance,
  saveSummary,
  setOwnAttendance,
  viewMeeting,
} from "./service.js";

describe.each(testEngines)("meetings on %s", (engine) => {
  let t: TestApp;
  let forum: Awaited<ReturnType<typeof testForum>>["forum"];
  let cycle2017: Awaited<ReturnType<typeof testForum>>["cycle2017"];
  let cycle2016: Awaited<ReturnType<typeof testForum>>["cycle2016"];
  let secretariat: Actor & { kind: "user" };
  let member: Actor & { kind: "user" };
  let lead: Actor & { kind: "user" };
  const anonymous: Actor = { kind: "anonymous" };
  const db = () => t.database.db;

  beforeAll(async () => {
    t = await createTestApp(engine);
    ({ forum, cycle2016, cycle2017 } = await testForum(db()));
    secretariat = await person(db(), forum.id, {
      email: "sec@example.org",
      name: "Sam Secretariat",
      role: "secretariat",
    });
    member = await person(db(), forum.id, {
      email: "member@example.org",
      name: "Mia Member",
      role: "member",
      timeZone: "America/Lima",
    });
    lead = await person(db(), forum.id, {
      email: "lead@example.org",
      name: "Lee Lead",
      role: "lead_expert",
      timeZone: "Asia/Tokyo",
      language: "fr",
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  const meetingInput = {
    kind: "virtual",
    number: 3,
    date: "2017-08-07",
    start_time: "14:00",
    end_time: "15:30",
    time_zone: "Europe/Zurich",
    facilitator: "Markus Kummer",
    join_url: "https://meet.example.org/bpf",
    recording_stream_url: "https://rec.example.org/stream/3",
    recording_password: "s3cret",
  };

  it("refuses members and anonymous visitors what only editors may do", async () => {
    const args = { forumId: forum.id, cycleId: cycle2017.id, input: meetingInput };
    await expect(createMeeting(db(), { actor: member, ...args })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(createMeeting(db(), { actor: anonymous, ...args })).rejects.toMatchObject({
      code: "unauthorized",
    });
    const meeting = await createMeeting(db(), { actor: secretariat, ...args });
    const now = new Date("2017-08-08T00:00:00Z");
    await expect(
      saveSummary(db(), { actor: member, meetingId: meeting.id, summary: "x", now }),
    ).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(
      addAction(db(), { actor: member, meetingId: meeting.id, input: { text: "Do it" } }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      replaceAttendance(db(), { actor: lead, meetingId: meeting.id, lines: "Someone" }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      createPoll(db(), {
        actor: member,
        forumId: forum.id,
        cycleId: cycle2017.id,
        input: { kind: "virtual", duration_minutes: 60, time_zone: "UTC", slots: ["2017-09-18 14:00"] },
        now: new Date("2017-09-01T00:00:00Z"),
        publicUrl: "https://bpf.example.org",
      }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      setOwnAttendance(db(), { actor: anonymous, meetingId: meeting.id, present: true }),
    ).rejects.toMatchObject({ code: "unauthorized" });
  });

  it("shows the join link and recording password to members only; drafts to editors only", async () => {
    const meeting = await createMeeting(db(), {
      actor: secretariat,
      forumId: forum.id,
      cycleId: cycle2017.id,
      input: { ...meetingInput, number: 4, date: "2017-09-18" },
    });
    await saveSummary(db(), {
      actor: secretariat,
      meetingId: meeting.id,
      summary: "A draft paragraph.",
      now: new Date("2017-09-19T00:00:00Z"),
    });
    const ref = { forumId: forum.id, cycleId: cycle2017.id, ref: meeting.slug };
    const asPublic = await viewMeeting(db(), { actor: anonymous, ...ref });
    expect(asPublic.meeting.join_url).toBe("");
    expect(asPublic.meeting.recording_password).toBe("");
    expect(asPublic.meeting.recording_stream_url).toBe("https://rec.example.org/stream/3");
    expect(asPublic.meeting.summary).toBe("");
    const asMember = await viewMeeting(db(), { actor: member, ...ref });
    expect(asMember.meeting.join_url).toBe("https://meet.example.org/bpf");
    expect(asMember.meeting.recording_password).toBe("s3cret");
    expect(asMember.meeting.summary).toBe("");
    const asEditor = await viewMeeting(db(), { actor: secretariat, ...ref });
    expect(asEditor.meeting.summary).toBe("A draft paragraph.");
    const list = await listMeetings(db(), { actor: anonymous, forumId: forum.id, cycleId: cycle2017.id });
    expect(list.meetings.every((m) => m.join_url === "" && m.recording_password === "")).toBe(true);
    // The meeting's instants come from its wall-clock time in Geneva (UTC+2 in September).
    expect(meeting.starts_at?.toISOString()).toBe("2017-09-18T12:00:00.000Z");
  });

  it("refuses an API change that changes nothing to those who may not edit, showing no members-only detail", async () => {
    const meeting = await createMeeting(db(), {
      actor: secretariat,
      forumId: forum.id,
      cycleId: cycle2017.id,
      input: { ...meetingInput, number: 5, date: "2017-10-02" },
    });
    await saveSummary(db(), {
      actor: secretariat,
      meetingId: meeting.id,
      summary: "An unpublished draft.",
      now: new Date("2017-10-03T00:00:00Z"),
    });
    const res = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/forums/${forum.slug}/meetings/${meeting.id}`,
      headers: { "content-type": "application/json" },
      payload: "{}",
    });
    expect(res.statusCode).toBe(401);
    for (const secret of ["https://meet.example.org/bpf", "s3cret", "An unpublished draft."])
      expect(res.body).not.toContain(secret);
  });

  it("lets members tick themselves and the secretariat correct the annex", async () => {
    const meeting = await createMeeting(db(), {
      actor: secretariat,
      forumId: forum.id,
      cycleId: cycle2017.id,
      input: { kind: "informal", number: 1, date: "2017-12-20", time_zone: "Europe/Zurich" },
    });
    await setOwnAttendance(db(), { actor: member, meetingId: meeting.id, present: true });
    await setOwnAttendance(db(), { actor: member, meetingId: meeting.id, present: true });
    await setOwnAttendance(db(), { actor: lead, meetingId: meeting.id, present: true });
    await setOwnAttendance(db(), { actor: lead, meetingId: meeting.id, present: false });
    const ref = { forumId: forum.id, cycleId: cycle2017.id, ref: meeting.id };
    let view = await viewMeeting(db(), { actor: member, ...ref });
    expect(view.attendance.map((a) => a.name)).toEqual(["Mia Member"]);
    expect(view.viewerAttended).toBe(true);
    await replaceAttendance(db(), {
      actor: secretariat,
      meetingId: meeting.id,
      lines: "Markus Kummer (Facilitator)\nMia Member\nEleonora Mazzucchi (IGF Secretariat)",
    });
    view = await viewMeeting(db(), { actor: member, ...ref });
    expect(view.attendance.map((a) => [a.name, a.role])).toEqual([
      ["Markus Kummer", "Facilitator"],
      ["Mia Member", ""],
      ["Eleonora Mazzucchi", "IGF Secretariat"],
    ]);
    // The corrected line naming Mia keeps her tick linked to her account.
    expect(view.viewerAttended).toBe(true);
  });

  it("carries open next steps onto later meetings' agendas until they are done", async () => {
    const first = await createMeeting(db(), {
      actor: secretariat,
      forumId: forum.id,
      cycleId: cycle2016.id,
      input: { kind: "virtual", number: 7, date: "2016-10-27", time_zone: "Europe/Zurich" },
    });
    const later = await createMeeting(db(), {
      actor: secretariat,
      forumId: forum.id,
      cycleId: cycle2017.id,
      input: { kind: "virtual", number: 1, date: "2017-05-02", time_zone: "Europe/Zurich" },
    });
    const step = await addAction(db(), {
      actor: secretariat,
      meetingId: first.id,
      input: {
        text: "Send the draft to the review platform",
        owner_user_id: member.userId,
        due_text: "before 1 November",
        due_date: "2016-11-01",
        due_precision: "before",
      },
    });
    await addAction(db(), {
      actor: secretariat,
      meetingId: first.id,
      input: { text: "Plan the sessions", owner_text: "the Secretariat" },
    });
    const ref = { forumId: forum.id, cycleId: cycle2017.id, ref: later.slug };
    let view = await viewMeeting(db(), { actor: member, ...ref });
    expect(view.carried.map((a) => a.text)).toEqual([
      "Send the draft to the review platform",
      "Plan the sessions",
    ]);
    expect((await myOpenActions(db(), member.userId)).map((a) => a.text)).toContain(
      "Send the draft to the review platform",
    );
    // Another member may not close someone else's step; the owner may.
    await expect(
      updateAction(db(), { actor: lead, actionId: step.id, input: { status: "done" } }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      updateAction(db(), { actor: member, actionId: step.id, input: { text: "Changed" } }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await updateAction(db(), { actor: member, actionId: step.id, input: { status: "done" } });
    view = await viewMeeting(db(), { actor: member, ...ref });
    expect(view.carried.map((a) => a.text)).toEqual(["Plan the sessions"]);
    expect((await myOpenActions(db(), member.userId)).map((a) => a.text)).not.toContain(
      "Send the draft to the review platform",
    );
    // The public sees neither carried steps nor an unpublished meeting's next steps.
    const asPublic = await viewMeeting(db(), {
      actor: anonymous,
      forumId: forum.id,
      cycleId: cycle2016.id,
      ref: first.slug,
    });
    expect(asPublic.actions).toEqual([]);
  });

  it("suggests the slot with most yes, then fewest no, then most if-need-be", () => {
    const slot = (id: string, hour: number) => ({
      id,
      poll_id: "p",
      starts_at: new Date(Date.UTC(2017, 8, 18, hour)),
    });
    expect(
      bestSlot([
        { slot: slot("a", 8), yes: 2, no: 1, ifNeedBe: 0 },
        { slot: slot("b", 9), yes: 2, no: 0, ifNeedBe: 0 },
        { slot: slot("c", 10), yes: 2, no: 0, ifNeedBe: 1 },
        { slot: slot("d", 11), yes: 1, no: 0, ifNeedBe: 3 },
      ])?.slot.id,
    ).toBe("c");
  });

  it("runs a poll, closes it on the best slot and sends .ics invitations at the right instant", async () => {
    const poll = await createPoll(db(), {
      actor: secretariat,
      forumId: forum.id,
      cycleId: cycle2017.id,
      input: {
        kind: "virtual",
        number: 5,
        purpose: "Review the first draft.",
        duration_minutes: 90,
        time_zone: "Europe/Zurich",
        slots: ["2017-10-10 14:00", "2017-10-11 09:00"],
      },
      now: new Date("2017-10-01T00:00:00Z"),
      publicUrl: "https://bpf.example.org",
    });
    await expect(
      viewPoll(db(), { actor: anonymous, forumId: forum.id, pollId: poll.id }),
    ).rejects.toMatchObject({
      code: "unauthorized",
    });
    const view = await viewPoll(db(), { actor: member, forumId: forum.id, pollId: poll.id });
    const [tuesday, wednesday] = view.slots;
    expect(tuesday!.starts_at.toISOString()).toBe("2017-10-10T12:00:00.000Z");
    await answerPoll(db(), {
      actor: member,
      pollId: poll.id,
      answers: { [tuesday!.id]: "no", [wednesday!.id]: "yes" },
      now: new Date("2017-10-01T00:00:00Z"),
    });
    await answerPoll(db(), {
      actor: lead,
      pollId: poll.id,
      answers: { [tuesday!.id]: "yes", [wednesday!.id]: "if_need_be" },
      now: new Date("2017-10-01T00:00:00Z"),
    });
    const after = await viewPoll(db(), { actor: member, forumId: forum.id, pollId: poll.id });
    expect(after.best?.slot.id).toBe(wednesday!.id);
    expect(after.myAnswers[wednesday!.id]).toBe("yes");
    await expect(
      closePoll(db(), {
        actor: member,
        pollId: poll.id,
        now: new Date("2017-10-01T00:00:00Z"),
        publicUrl: "https://bpf.example.org",
        mailFrom: "BPF <bpf@example.org>",
        forum,
        year: 2017,
      }),
    ).rejects.toMatchObject({ code: "forbidden" });
    const { meeting, invited } = await closePoll(db(), {
      actor: secretariat,
      pollId: poll.id,
      now: new Date("2017-10-01T00:00:00Z"),
      publicUrl: "https://bpf.example.org",
      mailFrom: "BPF <bpf@example.org>",
      forum,
      year: 2017,
    });
    expect(meeting.date).toBe("2017-10-11");
    expect(meeting.start_time).toBe("09:00");
    expect(invited).toBe(3);
    const mails = await listOutbox(db(), { to: "lead@example.org" });
    const invitation = mails.find((m) => m.kind === "meeting.invitation");
    expect(invitation?.subject).toContain("Réunion virtuelle V");
    // Lee reads French and lives in Tokyo: 09:00 in Geneva is 16:00 there.
    expect(invitation?.text_body).toContain("16:00");
    const attachment = invitation!.attachments[0]!;
    const ics = Buffer.from(attachment.contentBase64, "base64").toString("utf8");
    expect(ics).toContain("METHOD:REQUEST");
    expect(ics).toContain("X-WR-TIMEZONE:Europe/Zurich");
    const event = new ICAL.Event(new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent("vevent")!);
    expect(event.startDate.toJSDate().toISOString()).toBe("2017-10-11T07:00:00.000Z");
    expect(event.endDate.toJSDate().toISOString()).toBe("2017-10-11T08:30:00.000Z");
    await expect(
      answerPoll(db(), {
        actor: member,
        pollId: poll.id,
        answers: {},
        now: new Date("2017-10-01T00:00:00Z"),
      }),
    ).rejects.toMatchObject({
      code: "conflict",
    });
  });

  it("mails owners of overdue next steps once a week, and schedules tomorrow's run", async () => {
    const meeting = await createMeeting(db(), {
      actor: secretariat,
      forumId: forum.id,
      cycleId: cycle2017.id,
      input: { kind: "virtual", number: 9, date: "2017-11-01", time_zone: "Europe/Zurich" },
    });
    await addAction(db(), {
      actor: secretariat,
      meetingId: meeting.id,
      input: { text: "Circulate the notes", owner_user_id: lead.userId, due_date: "2017-11-05" },
    });
    const count = await remindOverdueActions(db(), {
      now: new Date("2017-11-10T06:00:00Z"),
      publicUrl: "https://x",
    });
    expect(count).toBe(1);
    const again = await remindOverdueActions(db(), {
      now: new Date("2017-11-11T06:00:00Z"),
      publicUrl: "https://x",
    });
    expect(again).toBe(0);
    const weekLater = await remindOverdueActions(db(), {
      now: new Date("2017-11-17T06:00:00Z"),
      publicUrl: "https://x",
    });
    expect(weekLater).toBe(1);
    const reminders = (await listOutbox(db(), { to: "lead@example.org" })).filter(
      (m) => m.kind === "meeting.action.reminder",
    );
    expect(reminders).toHaveLength(2);
    expect(reminders[0]?.text_body).toContain("Circulate the notes");
  });

  it("keeps a next step's due date in the summary .docx when it was entered only as a date", async () => {
    const meeting = await createMeeting(db(), {
      actor: secretariat,
      forumId: forum.id,
      cycleId: cycle2017.id,
      input: { kind: "virtual", number: 12, date: "2017-08-07", time_zone: "Europe/Zurich" },
    });
    await saveSummary(db(), {
      actor: secretariat,
      meetingId: meeting.id,
      summary: "Members agreed the outline.",
      publish: true,
      now: new Date("2017-08-08T10:00:00Z"),
    });
    await addAction(db(), {
      actor: secretariat,
      meetingId: meeting.id,
      input: {
        text: "Send the call",
        owner_text: "the Secretariat",
        due_date: "2017-08-15",
        due_precision: "on_or_around",
      },
    });
    await addAction(db(), {
      actor: secretariat,
      meetingId: meeting.id,
      input: { text: "Circulate the notes", owner_user_id: lead.userId, due_date: "2017-08-10" },
    });
    const docx = await t.app.inject({
      method: "GET",
      url: `/f/bpf-cyber/2017/meetings/${meeting.slug}/summary.docx`,
    });
    expect(docx.statusCode).toBe(200);
    const { value } = await mammoth.extractRawText({ buffer: docx.rawPayload });
    expect(value).toContain("Send the call — the Secretariat — on or around August 15, 2017");
    expect(value).toContain("Circulate the notes — Lee Lead — on August 10, 2017");
  });

  it("seeds the demo meetings and lists them as calendar events", async () => {
    const { forum: demo, cycle2016: c16, cycle2017: c17 } = await testForum(db(), "demo-bpf");
    await seedMeetingsDemo(db(), { forumId: demo.id, cycleId2016: c16.id, cycleId2017: c17.id, people: {} });
    const events = await meetingCalendarEvents(db(), demo);
    expect(events).toHaveLength(7);
    const substantive = events.find((e) => e.summary.startsWith("Substantive session"));
    // 09:00 in Guadalajara (UTC−6 in December) is 15:00 UTC.
    expect(substantive?.start.toISOString()).toBe("2016-12-08T15:00:00.000Z");
    expect(substantive?.location).toBe("Workshop Room 9");
    expect(events.map((e) => e.summary)).toContain("Virtual Meeting VII");
    expect(events.find((e) => e.summary === "Virtual Meeting III")?.url).toBe(
      "/f/demo-bpf/2017/meetings/virtual-meeting-3",
    );
    // In the feed's language: a translated title, and the numbered ones named in that language.
    const id = substantive?.uid.replace(/^meeting-|@intersession$/g, "") ?? "";
    await saveContentTranslations(db(), {
      actor: setUpActor,
      forum: demo,
      t: translator("en"),
      locale: "es",
      fields: { [`meeting__${id}__title`]: "Sesión sustantiva del Foro" },
    });
    const spanish = (await meetingCalendarEvents(db(), demo, "es")).map((e) => e.summary);
    expect(spanish).toContain("Sesión sustantiva del Foro");
    expect(spanish).toContain("Reunión virtual VII");
  });
});
