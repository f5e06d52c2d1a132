import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../auth/actor.js";
import { createApiToken } from "../../auth/api-tokens.js";
import { createSession } from "../../auth/sessions.js";
import { setSubscription } from "../../forums/index.js";
import { TestAgent } from "../../test-support/agent.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { testEngines } from "../../test-support/databases.js";
import { saveCall } from "../call/service.js";
import { addQuestion, addSection, createQuestionnaire, publishVariant } from "../questionnaire/service.js";
import { personWithRole, seedForum } from "../test-fixtures.js";

describe.each(testEngines)("the secretariat's builder and send pages on %s", (engine) => {
  let t: TestApp;
  let agent: TestAgent;
  let secretariatId: string;
  let scope: Awaited<ReturnType<typeof seedForum>>;
  const now = new Date("2017-08-10T12:00:00Z");
  const page = "/f/bpf-cyber/2017/call/send";
  const invitations = async () =>
    (
      await t.database.db
        .selectFrom("mail_outbox")
        .select("to_address")
        .where("kind", "=", "call.invitation")
        .orderBy("to_address")
        .execute()
    ).map((r) => r.to_address);

  beforeAll(async () => {
    t = await createTestApp(engine);
    t.setNow(now);
    const db = t.database.db;
    scope = await seedForum(db);
    const secretariat = await personWithRole(
      db,
      scope.forum.id,
      "secretariat",
      "sec@example.org",
      "Eleni Sec",
    );
    const as = { actor: secretariat as Actor, forum: scope.forum, cycle: scope.cycle, now };
    await createQuestionnaire(db, { ...as, input: { originalLanguage: "en" } });
    await addSection(db, { ...as, input: { title: "Cybersecurity and the SDGs" } });
    await addQuestion(db, {
      ...as,
      sectionId: "s_cybersecurity_and_the_sdgs",
      input: { type: "long_text", label: "How does good security help?" },
    });
    await publishVariant(db, as);
    await saveCall(db, { ...as, input: { message: "Please contribute.", overview: "", reading: "" } });
    secretariatId = secretariat.userId;
    agent = new TestAgent(t.app);
    const { cookieValue } = await createSession(db, { userId: secretariat.userId, now });
    agent.cookies.set("session", cookieValue);
  });
  afterAll(async () => {
    await t?.close();
  });

  it("asks for the kind of question first, then shows only that kind's settings", async () => {
    const first = await agent.get("/f/bpf-cyber/2017/questionnaire");
    expect(first.body).toContain('<form method="get" action="/f/bpf-cyber/2017/questionnaire#add-question">');
    expect(first.body).not.toContain('name="options"');
    expect(first.body).not.toContain('name="licence"');
    const choice = await agent.get("/f/bpf-cyber/2017/questionnaire?variant=base&type=single_choice");
    expect(choice.body).toContain('name="options"');
    expect(choice.body).not.toContain('name="items"');
    expect(choice.body).not.toContain('name="allow_other"');
    expect(choice.body).toContain('<input type="hidden" name="type" value="single_choice"/>');
    const consent = await agent.get("/f/bpf-cyber/2017/questionnaire?variant=base&type=consent");
    expect(consent.body).toContain('name="licence"');
    expect(consent.body).not.toContain('name="options"');
    // A refused question comes back with its kind's form, what was typed kept.
    const refused = await agent.post("/f/bpf-cyber/2017/questionnaire/questions", {
      variant: "base",
      section_id: "s_cybersecurity_and_the_sdgs",
      type: "multiple_choice",
      label: "Which groups?",
      options: "Only one",
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('name="allow_other"');
    expect(refused.body).toContain("Which groups?</textarea>");
    expect(refused.body).not.toContain("changes will make a new version");
    // An existing question's edit form sent back without its fields keeps the question's kind (it made the
    // page fail with a 500 before).
    const builder = await agent.get("/f/bpf-cyber/2017/questionnaire");
    const edit = /\/questionnaire\/questions\/([^/"?]+)\/edit/.exec(builder.body)?.[1];
    expect(edit).toBeDefined();
    const empty = await agent.post(`/f/bpf-cyber/2017/questionnaire/questions/${edit}`, {});
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain("Long text");
  });

  it("says there is nobody to send it to when there is nobody, and offers no button", async () => {
    const res = await agent.get(page);
    expect(res.body).toContain("There is nobody to send it to yet: add recipients above.");
    expect(res.body).not.toContain("Send the call to");
    const post = await agent.post(page, { confirm: "1" });
    expect(post.statusCode).toBe(422);
    expect(post.body).toContain("There is nobody to send it to yet");
    expect(post.body).not.toContain("already had the call");
  });

  it("counts the mailing list's subscribers before sending, and sends only once the recipients are confirmed", async () => {
    const db = t.database.db;
    for (const [email, name] of [
      ["lea@example.org", "Lea List"],
      ["omar@example.org", "Omar List"],
    ] as const) {
      const person = await personWithRole(db, scope.forum.id, "member", email, name);
      await setSubscription(db, { actor: person, forum: scope.forum, subscribed: true });
    }
    await agent.post("/f/bpf-cyber/2017/call/recipients", { recipients: "Amina Diallo <amina@example.org>" });
    const before = await agent.get(page);
    expect(before.body).toContain(
      "3 people will receive the call: 1 added here and 2 from the forum’s mailing list.",
    );
    expect(before.body).toContain("Send the call to 3 people");
    expect(before.body).toContain("Omar List &lt;omar@example.org>");
    expect(before.body).toContain('name="confirm"');

    const unconfirmed = await agent.post(page, { expected: "3" });
    expect(unconfirmed.statusCode).toBe(422);
    expect(unconfirmed.body).toContain("Tick “I have checked the recipients” to send the call.");
    const stale = await agent.post(page, { expected: "2", confirm: "1" });
    expect(stale.statusCode).toBe(422);
    expect(stale.body).toContain("The recipients changed since this page was shown");
    expect(await invitations()).toEqual([]);

    const sent = await agent.post(page, { expected: "3", confirm: "1" });
    expect(sent.statusCode).toBe(303);
    expect(await invitations()).toEqual(["amina@example.org", "lea@example.org", "omar@example.org"]);
    const after = await agent.get(page);
    expect(after.body).toContain("Everyone here has already had the call");
    expect(after.body).not.toContain("Send the call to");
  });

  it("warns that the call has closed and sends after the close only with a second confirmation", async () => {
    const later = new Date("2018-01-10T12:00:00Z");
    t.setNow(later);
    try {
      // A session of August has expired by January: sign in again.
      const { cookieValue } = await createSession(t.database.db, { userId: secretariatId, now: later });
      agent.cookies.set("session", cookieValue);
      await agent.post("/f/bpf-cyber/2017/call/recipients", { recipients: "Late Larry <larry@example.org>" });
      const res = await agent.get(page);
      expect(res.body).toContain("This call closed on December 17, 2017, Anywhere on Earth (AoE, UTC−12:00)");
      expect(res.body).toContain("Send the call to 1 person");
      // The API refuses too, unless asked in so many words.
      const { token } = await createApiToken(t.database.db, {
        name: "ci",
        role: "secretariat",
        forumId: scope.forum.id,
      });
      const api = await t.app.inject({
        method: "POST",
        url: "/api/v1/forums/bpf-cyber/cycles/2017/call/send",
        headers: { authorization: `Bearer ${token}` },
      });
      expect(api.statusCode).toBe(422);
      const once = await agent.post(page, { expected: "1", confirm: "1" });
      expect(once.statusCode).toBe(422);
      expect(once.body).toContain("The call has closed: tick “Send it anyway");
      expect(await invitations()).not.toContain("larry@example.org");
      const twice = await agent.post(page, { expected: "1", confirm: "1", confirm_closed: "1" });
      expect(twice.statusCode).toBe(303);
      expect(await invitations()).toContain("larry@example.org");
      // The builder warns that changing a closed call's questionnaire asks nobody to answer it.
      const builder = await agent.get("/f/bpf-cyber/2017/questionnaire");
      expect(builder.body).toContain(
        "This call closed on December 17, 2017, Anywhere on Earth (AoE, UTC−12:00); changes will make a new version nobody is asked to answer.",
      );
    } finally {
      t.setNow(now);
    }
  });
});
