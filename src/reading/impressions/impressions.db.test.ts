// Impressions on a contribution: a private note is its author's alone; a shared one reaches the forum's
// members, threaded, and mails the members it mentions (once each, in their language, in the same
// transaction); authors edit and delete their own notes, and nobody else's.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../../auth/sessions.js";
import { updateUser } from "../../auth/users.js";
import { listOutbox } from "../../mail/outbox.js";
import { TestAgent } from "../../test-support/agent.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { testEngines } from "../../test-support/databases.js";
import { makeCycle, makeForum, makePerson, makePublishedContribution } from "../../test-support/factories.js";

describe.each(testEngines)("impressions on %s", (engine) => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof seed>>;
  const now = "2017-10-02T09:00:00Z";

  async function seed() {
    const db = t.database.db;
    const forum = await makeForum(db);
    const cycle = await makeCycle(db, forum, { year: 2017 });
    const other = await makeForum(db, { slug: "bpf-other", name: "Another forum" });
    const person = (
      email: string,
      name: string,
      forumId: string,
      role: "member" | "secretariat" = "member",
    ) => makePerson(db, { email, name, role, forumId });
    const mia = await person("mia@example.org", "Mia Member", forum.id);
    const sam = await person("sam@example.org", "Sam Secretariat", forum.id, "secretariat");
    const pat = await person("pat@example.org", "Pat Lee", forum.id);
    const olga = await person("olga@example.org", "Olga Other", other.id);
    await updateUser(db, sam.user.id, { preferred_language: "es" });
    const c = await makePublishedContribution(db, {
      forum,
      cycle,
      name: "Amina Diallo",
      stakeholderGroup: "civil_society",
      country: "SN",
      text: "Trusted channels between CERTs matter.",
      receivedAt: "2017-09-01T10:00:00Z",
    });
    return { forum, cycle, mia, sam, pat, olga, c, page: `/f/bpf-cyber/2017/reading/${c.reference}` };
  }

  async function agentFor(userId: string) {
    const { cookieValue } = await createSession(t.database.db, { userId, now: new Date(now) });
    const agent = new TestAgent(t.app);
    agent.cookies.set("session", cookieValue);
    return agent;
  }
  const mentionMails = async () =>
    (await listOutbox(t.database.db, {})).filter((m) => m.kind === "reading.mention");
  const idIn = (location: string | string[] | number | undefined) =>
    String(location).split("#impression-")[1] ?? "";

  beforeAll(async () => {
    t = await createTestApp(engine);
    t.setNow(new Date(now));
    w = await seed();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("keeps a private note from every other member, the secretariat included, and from the audit log", async () => {
    const mia = await agentFor(w.mia.user.id);
    const saved = await mia.post(`${w.page}/impressions`, {
      body: "My private doubt about @Sam Secretariat's reading.",
      visibility: "private",
    });
    expect(saved.statusCode).toBe(303);
    const mine = await mia.get(w.page);
    expect(mine.body).toContain("My private doubt");
    expect(mine.body).toContain("Private: only you see it");

    const sam = await agentFor(w.sam.user.id);
    const samsView = await sam.get(w.page);
    expect(samsView.statusCode).toBe(200);
    expect(samsView.body).not.toContain("My private doubt");
    const pat = await agentFor(w.pat.user.id);
    expect((await pat.get(w.page)).body).not.toContain("My private doubt");
    // Nor can another member reach it by its address, or reply to it.
    const id = idIn(saved.headers.location);
    expect((await sam.get(`${w.page}/impressions/${id}/edit`)).statusCode).toBe(404);
    expect(
      (await pat.post(`${w.page}/impressions`, { body: "Sneaky reply", parent_id: id })).statusCode,
    ).toBe(404);
    // A private note mentions nobody: no mail went out.
    expect(await mentionMails()).toEqual([]);
    const audit = await t.database.db
      .selectFrom("audit_log")
      .select(["action", "after"])
      .where("subject_id", "=", id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["impression.create"]);
    expect(JSON.stringify(audit)).not.toContain("private doubt");
  });

  it("shares a note with the members, threads the replies and mails each member mentioned once", async () => {
    const mia = await agentFor(w.mia.user.id);
    const saved = await mia.post(`${w.page}/impressions`, {
      body: "Good point on CERTs, @sam secretariat — and @Olga Other?",
      visibility: "shared",
    });
    expect(saved.statusCode).toBe(303);
    const id = idIn(saved.headers.location);
    let mails = await mentionMails();
    // Sam is mentioned (in Spanish, as his profile asks); Olga is no member of this forum.
    expect(mails.map((m) => m.to_address)).toEqual(["sam@example.org"]);
    expect(mails[0]?.subject).toBe(`Mia Member le mencionó en ${w.c.reference}`);
    expect(mails[0]?.text_body).toContain("Good point on CERTs");
    expect(mails[0]?.text_body).toContain(`/f/bpf-cyber/2017/reading/${w.c.reference}#impression-${id}`);

    const sam = await agentFor(w.sam.user.id);
    const samsView = await sam.get(w.page);
    expect(samsView.body).toContain("Good point on CERTs");
    expect(samsView.body).toMatch(/<strong class="mention"><bdi>@sam secretariat<\/bdi><\/strong>/);
    const reply = await sam.post(`${w.page}/impressions`, {
      body: "Agreed, @Pat Lee should see this.",
      parent_id: id,
    });
    expect(reply.statusCode).toBe(303);
    const replyId = idIn(reply.headers.location);
    const threaded = await (await agentFor(w.pat.user.id)).get(w.page);
    // The reply sits in the list under the note it answers.
    const note = threaded.body.indexOf(`id="impression-${id}"`);
    const replies = threaded.body.indexOf('<ol class="impression-replies">', note);
    expect(note).toBeGreaterThan(0);
    expect(replies).toBeGreaterThan(note);
    expect(threaded.body.indexOf(`id="impression-${replyId}"`)).toBeGreaterThan(replies);
    mails = await mentionMails();
    expect(mails.map((m) => m.to_address).sort()).toEqual(["pat@example.org", "sam@example.org"]);

    // Editing the note mails only whom it newly mentions.
    const edited = await mia.post(`${w.page}/impressions/${id}`, {
      body: "Good point on CERTs, @Sam Secretariat; @Pat Lee, yours too.",
    });
    expect(edited.statusCode).toBe(303);
    mails = await mentionMails();
    expect(mails.filter((m) => m.to_address === "sam@example.org")).toHaveLength(1);
    expect(mails.filter((m) => m.to_address === "pat@example.org")).toHaveLength(2);
    expect((await mia.get(w.page)).body).toContain("yours too.");

    // With a reply beneath it, the note cannot turn private.
    const privatise = await mia.post(`${w.page}/impressions/${id}`, {
      body: "Now private",
      visibility: "private",
    });
    expect(privatise.statusCode).toBe(422);
    expect(privatise.body).toContain("Members have replied to this impression");
    expect(privatise.body).toContain("Now private");

    // Only its author changes or deletes a note.
    expect((await sam.post(`${w.page}/impressions/${id}`, { body: "Hijacked" })).statusCode).toBe(403);
    expect((await sam.post(`${w.page}/impressions/${id}/delete`, {})).statusCode).toBe(403);
    expect((await sam.get(`${w.page}/impressions/${id}/edit`)).statusCode).toBe(403);

    // Deleting it leaves a placeholder above the reply, without its text.
    const deleted = await mia.post(`${w.page}/impressions/${id}/delete`, {});
    expect(deleted.statusCode).toBe(303);
    const after = await (await agentFor(w.pat.user.id)).get(w.page);
    expect(after.body).not.toContain("yours too.");
    expect(after.body).toContain("This impression was deleted by its author.");
    expect(after.body).toContain("Agreed,");
    const actions = await t.database.db
      .selectFrom("audit_log")
      .select("action")
      .where("action", "like", "impression.%")
      .orderBy("id")
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      "impression.create",
      "impression.create",
      "impression.reply",
      "impression.edit",
      "impression.delete",
    ]);
  });

  it("keeps what was typed when a note is incomplete, and refuses anyone outside the forum", async () => {
    const mia = await agentFor(w.mia.user.id);
    const empty = await mia.post(`${w.page}/impressions`, { body: "   ", visibility: "shared" });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain("Write your impression.");
    const noChoice = await mia.post(`${w.page}/impressions`, { body: "Kept text", visibility: "everyone" });
    expect(noChoice.statusCode).toBe(422);
    expect(noChoice.body).toContain("Kept text");
    expect(noChoice.body).toContain("Choose who sees the impression.");

    const olga = await agentFor(w.olga.user.id);
    expect(
      (await olga.post(`${w.page}/impressions`, { body: "Outsider", visibility: "shared" })).statusCode,
    ).toBe(403);
    const anonymous = new TestAgent(t.app);
    const refused = await anonymous.post(`${w.page}/impressions`, {
      body: "Anonymous",
      visibility: "shared",
    });
    expect(refused.statusCode).toBeGreaterThanOrEqual(400);
    const bodies = await t.database.db.selectFrom("impressions").select("body").execute();
    expect(
      bodies.map((b) => b.body).filter((b) => ["Outsider", "Anonymous", "Kept text"].includes(b)),
    ).toEqual([]);
  });
});
