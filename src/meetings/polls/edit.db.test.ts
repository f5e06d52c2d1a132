// Who a scheduling poll asks (groups and people), and changing an open poll: its title and purpose, its
// times, the people asked, deleting it; refused to members and once the poll is closed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "../../audit/record.js";
import type { Actor } from "../../auth/actor.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { testEngines } from "../../test-support/databases.js";
import { selectPoll } from "../queries.js";
import { person, testForum } from "../test-fixtures.js";
import { addPollSlots, deletePoll, removePollSlot, updatePoll } from "./edit-service.js";
import {
  answerPoll,
  chooseParticipants,
  closePoll,
  createPoll,
  type PollInput,
  viewPoll,
} from "./service.js";

describe("choosing who a poll asks", () => {
  const people = [
    { id: "sam", roles: ["secretariat"] as const },
    { id: "fay", roles: ["facilitator"] as const },
    { id: "lee", roles: ["lead_expert", "member"] as const },
    { id: "nia", roles: ["nri_focal_point"] as const },
    { id: "mia", roles: ["member"] as const },
  ];

  it("asks everyone when nothing is chosen, and the union of groups and people otherwise", () => {
    const fields = {};
    expect(chooseParticipants(people, {}, fields)).toEqual(["sam", "fay", "lee", "nia", "mia"]);
    expect(chooseParticipants(people, { participant_groups: ["all"] }, fields)).toHaveLength(5);
    expect(chooseParticipants(people, { participant_groups: ["facilitators"] }, fields)).toEqual([
      "fay",
      "lee",
    ]);
    expect(
      chooseParticipants(
        people,
        { participant_groups: ["secretariat", "nri"], participant_ids: ["mia"] },
        fields,
      ),
    ).toEqual(["sam", "nia", "mia"]);
    expect(fields).toEqual({});
  });

  it("says so when the choice asks no one or names an unknown group", () => {
    for (const choice of [
      { participant_groups: [], participant_ids: [] },
      { participant_ids: ["stranger"] },
      { participant_groups: ["everyone"] },
    ]) {
      const fields: Record<string, string> = {};
      expect(chooseParticipants(people, choice, fields)).toEqual([]);
      expect(fields.participants).toBe("meetings.error.participants");
    }
  });
});

describe.each(testEngines)("changing a scheduling poll on %s", (engine) => {
  let t: TestApp;
  let forum: Awaited<ReturnType<typeof testForum>>["forum"];
  let cycle2017: Awaited<ReturnType<typeof testForum>>["cycle2017"];
  let secretariat: Actor & { kind: "user" };
  let facilitator: Actor & { kind: "user" };
  let member: Actor & { kind: "user" };
  let nri: Actor & { kind: "user" };
  const db = () => t.database.db;
  const mailing = { now: new Date("2017-10-01T00:00:00Z"), publicUrl: "https://bpf.example.org" };
  const pollInput: PollInput = {
    kind: "virtual",
    title: "Drafting call",
    duration_minutes: 60,
    time_zone: "Europe/Zurich",
    slots: ["2017-10-10 14:00", "2017-10-11 09:00"],
  };
  const newPoll = (input: Partial<PollInput> = {}) =>
    createPoll(db(), {
      actor: secretariat,
      forumId: forum.id,
      cycleId: cycle2017.id,
      input: { ...pollInput, ...input },
      ...mailing,
    });
  const ref = (pollId: string) => ({ forumId: forum.id, pollId, ...mailing });
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
  const actions = async (pollId: string) =>
    (await listAudit(db(), { forumId: forum.id, actionPrefix: "meeting.poll", limit: 1000 }))
      .filter((a) => a.subject_id === pollId)
      .map((a) => a.action);

  beforeAll(async () => {
    t = await createTestApp(engine);
    ({ forum, cycle2017 } = await testForum(db()));
    secretariat = await person(db(), forum.id, {
      email: "sec@example.org",
      name: "Sam Secretariat",
      role: "secretariat",
    });
    facilitator = await person(db(), forum.id, {
      email: "fay@example.org",
      name: "Fay Facilitator",
      role: "facilitator",
    });
    member = await person(db(), forum.id, { email: "mia@example.org", name: "Mia Member", role: "member" });
    nri = await person(db(), forum.id, {
      email: "nia@example.org",
      name: "Nia Focal",
      role: "nri_focal_point",
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("asks only the groups and people chosen, and invites only them when closed", async () => {
    const poll = await newPoll({ participant_groups: ["secretariat"], participant_ids: [nri.userId] });
    const view = await viewPoll(db(), { actor: secretariat, ...ref(poll.id) });
    expect(view.participants.map((p) => p.name)).toEqual(["Nia Focal", "Sam Secretariat"]);
    const { invited } = await close(poll.id);
    expect(invited).toBe(2);
    await expect(newPoll({ participant_groups: [], participant_ids: [] })).rejects.toMatchObject({
      code: "invalid",
      fields: { participants: "meetings.error.participants" },
    });
  });

  it("changes the title, purpose and people asked; those no longer asked lose their answers", async () => {
    const poll = await newPoll();
    const [first] = (await viewPoll(db(), { actor: member, ...ref(poll.id) })).slots;
    await answerPoll(db(), {
      actor: member,
      pollId: poll.id,
      answers: { [first!.id]: "no" },
      now: mailing.now,
    });
    await answerPoll(db(), {
      actor: nri,
      pollId: poll.id,
      answers: { [first!.id]: "yes" },
      now: mailing.now,
    });
    await updatePoll(db(), {
      actor: facilitator,
      ...ref(poll.id),
      input: {
        title: "  Second drafting call ",
        purpose: "Agree the outline.",
        participant_groups: ["nri", "secretariat"],
      },
    });
    const view = await viewPoll(db(), { actor: secretariat, ...ref(poll.id) });
    expect([view.poll.title, view.poll.purpose]).toEqual(["Second drafting call", "Agree the outline."]);
    expect(view.participants.map((p) => p.name)).toEqual(["Nia Focal", "Sam Secretariat"]);
    expect(view.tallies[0]).toMatchObject({ yes: 1, no: 0 });
    expect(view.answeredCount).toBe(1);
    // Leaving the people out keeps them as they are.
    await updatePoll(db(), { actor: secretariat, ...ref(poll.id), input: { title: "Third" } });
    const again = await viewPoll(db(), { actor: secretariat, ...ref(poll.id) });
    expect([again.poll.title, again.poll.purpose, again.participants.length]).toEqual([
      "Third",
      "Agree the outline.",
      2,
    ]);
    expect(await actions(poll.id)).toContain("meeting.poll.update");
  });

  it("adds times in the poll's zone, refuses a time already proposed, removes a time with its answers", async () => {
    const poll = await newPoll();
    const added = await addPollSlots(db(), {
      actor: secretariat,
      ...ref(poll.id),
      slots: ["2017-10-12 16:30"],
    });
    expect(added.map((s) => s.starts_at.toISOString())).toEqual(["2017-10-12T14:30:00.000Z"]);
    await expect(
      addPollSlots(db(), { actor: secretariat, ...ref(poll.id), slots: ["2017-10-10 14:00"] }),
    ).rejects.toMatchObject({ code: "invalid", fields: { slots: "meetings.error.slotTaken" } });
    await expect(
      addPollSlots(db(), { actor: secretariat, ...ref(poll.id), slots: ["next Tuesday"] }),
    ).rejects.toMatchObject({ code: "invalid", fields: { slots: "meetings.error.slots" } });
    const before = await viewPoll(db(), { actor: member, ...ref(poll.id) });
    expect(before.slots).toHaveLength(3);
    const tuesday = before.slots[0]!;
    await answerPoll(db(), {
      actor: member,
      pollId: poll.id,
      answers: { [tuesday.id]: "yes" },
      now: mailing.now,
    });
    expect((await viewPoll(db(), { actor: member, ...ref(poll.id) })).best?.slot.id).toBe(tuesday.id);
    const outbox = await db().selectFrom("mail_outbox").select("id").execute();
    await removePollSlot(db(), { actor: secretariat, ...ref(poll.id), slotId: tuesday.id });
    const after = await viewPoll(db(), { actor: member, ...ref(poll.id) });
    expect(after.slots.map((s) => s.starts_at.toISOString())).toEqual([
      "2017-10-11T07:00:00.000Z",
      "2017-10-12T14:30:00.000Z",
    ]);
    expect(after.myAnswers).toEqual({});
    expect(after.answeredCount).toBe(0);
    // Participants are told nothing.
    expect(await db().selectFrom("mail_outbox").select("id").execute()).toHaveLength(outbox.length);
    await removePollSlot(db(), { actor: secretariat, ...ref(poll.id), slotId: after.slots[0]!.id });
    await expect(
      removePollSlot(db(), { actor: secretariat, ...ref(poll.id), slotId: after.slots[1]!.id }),
    ).rejects.toMatchObject({ code: "conflict", messageKey: "meetings.error.lastSlot" });
    expect(await actions(poll.id)).toEqual(
      expect.arrayContaining(["meeting.poll.slot.add", "meeting.poll.slot.remove"]),
    );
  });

  it("deletes an open poll with its times and answers, and audits it", async () => {
    const poll = await newPoll();
    const [first] = (await viewPoll(db(), { actor: member, ...ref(poll.id) })).slots;
    await answerPoll(db(), {
      actor: member,
      pollId: poll.id,
      answers: { [first!.id]: "yes" },
      now: mailing.now,
    });
    await deletePoll(db(), { actor: secretariat, ...ref(poll.id) });
    expect(await selectPoll(db(), poll.id)).toBeUndefined();
    expect(await db().selectFrom("poll_slots").where("poll_id", "=", poll.id).selectAll().execute()).toEqual(
      [],
    );
    expect(await actions(poll.id)).toContain("meeting.poll.delete");
  });

  it("refuses every change to a member, and to anyone once the poll is closed", async () => {
    const poll = await newPoll();
    const [slot] = (await viewPoll(db(), { actor: member, ...ref(poll.id) })).slots;
    const changes = (actor: Actor) => [
      () => updatePoll(db(), { actor, ...ref(poll.id), input: { title: "Mine now" } }),
      () => addPollSlots(db(), { actor, ...ref(poll.id), slots: ["2017-10-20 10:00"] }),
      () => removePollSlot(db(), { actor, ...ref(poll.id), slotId: slot!.id }),
      () => deletePoll(db(), { actor, ...ref(poll.id) }),
    ];
    for (const attempt of changes(member))
      await expect(attempt()).rejects.toMatchObject({ code: "forbidden" });
    for (const attempt of changes({ kind: "anonymous" }))
      await expect(attempt()).rejects.toMatchObject({ code: "unauthorized" });
    await close(poll.id);
    for (const attempt of changes(secretariat))
      await expect(attempt()).rejects.toMatchObject({
        code: "conflict",
        messageKey: "meetings.error.pollClosed",
      });
    const view = await viewPoll(db(), { actor: secretariat, ...ref(poll.id) });
    expect([view.poll.title, view.slots.length]).toEqual(["Drafting call", 2]);
  });
});
