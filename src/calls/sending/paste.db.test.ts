// Recipients pasted the way people copy them: a mail program's address line (several people, separated by
// semicolons or commas), a spreadsheet's rows (tabs, Windows line ends). Every person pasted is added, each
// with their own name; none is lost inside another's name.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../../auth/sessions.js";
import { TestAgent } from "../../test-support/agent.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { testEngines } from "../../test-support/databases.js";
import { saveCall } from "../call/service.js";
import { addQuestion, addSection, createQuestionnaire, publishVariant } from "../questionnaire/service.js";
import { personWithRole, seedForum } from "../test-fixtures.js";

describe.each(testEngines)("recipients pasted from a mail program or a spreadsheet on %s", (engine) => {
  let t: TestApp;
  let agent: TestAgent;
  const now = new Date("2017-08-10T12:00:00Z");
  const recipients = async () =>
    (
      await t.database.db.selectFrom("call_recipients").select(["email", "name"]).orderBy("email").execute()
    ).map((r) => `${r.name} <${r.email}>`);

  beforeAll(async () => {
    t = await createTestApp(engine);
    t.setNow(now);
    const scope = await seedForum(t.database.db);
    const secretariat = await personWithRole(
      t.database.db,
      scope.forum.id,
      "secretariat",
      "sec@example.org",
      "Eleni Sec",
    );
    const as = { actor: secretariat, forum: scope.forum, cycle: scope.cycle, now };
    await createQuestionnaire(t.database.db, { ...as, input: { originalLanguage: "en" } });
    await addSection(t.database.db, { ...as, input: { title: "Cybersecurity and the SDGs" } });
    await addQuestion(t.database.db, {
      ...as,
      sectionId: "s_cybersecurity_and_the_sdgs",
      input: { type: "long_text", label: "How does good security help?" },
    });
    await publishVariant(t.database.db, as);
    await saveCall(t.database.db, {
      ...as,
      input: { message: "Please contribute.", overview: "", reading: "" },
    });
    agent = new TestAgent(t.app);
    const { cookieValue } = await createSession(t.database.db, { userId: secretariat.userId, now });
    agent.cookies.set("session", cookieValue);
  });
  afterAll(async () => {
    await t?.close();
  });

  it("adds each person of an address line copied from Outlook, and each row copied from a spreadsheet", async () => {
    const res = await agent.post("/f/bpf-cyber/2017/call/recipients", {
      recipients: [
        'Amina Diallo <amina@example.org>; "Mensah, Kofi" <kofi@example.org>; leila@example.org',
        "ana@example.org, bob@example.org",
        "Wanjiru Kamau\twanjiru@example.org\tKICTANet\tKE",
        "Olga Petrova\tolga@example.org",
      ].join("\r\n"),
    });
    expect(res.statusCode).toBe(303);
    expect(await recipients()).toEqual([
      "Amina Diallo <amina@example.org>",
      " <ana@example.org>",
      " <bob@example.org>",
      "Mensah, Kofi <kofi@example.org>",
      " <leila@example.org>",
      "Olga Petrova <olga@example.org>",
      "Wanjiru Kamau <wanjiru@example.org>",
    ]);
  });

  it("still refuses a line whose last words are nobody's address, naming the line", async () => {
    const res = await agent.post("/f/bpf-cyber/2017/call/recipients", {
      recipients: "Tom Tester <tom@example.org>; Someone without an address",
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain("Someone without an address");
    expect(await recipients()).not.toContain("Tom Tester <tom@example.org>");
  });
});
