// Mentions of names with accents typed as combining characters (a decomposed "é" from some keyboards, or text
// pasted from a PDF): "@José Pérez" reaches José whichever way the accent was typed, and "@Zoë" typed as
// "Zoe" plus a combining diaeresis is not a mention of the member called Zoe.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../../auth/sessions.js";
import { listOutbox } from "../../mail/index.js";
import { TestAgent } from "../../test-support/agent.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { testEngines } from "../../test-support/databases.js";
import { makeCycle, makeForum, makePerson, makePublishedContribution } from "../../test-support/factories.js";

describe.each(testEngines)("mentions of names with combining accents on %s", (engine) => {
  let t: TestApp;
  let mia: TestAgent;
  let page: string;
  const now = new Date("2017-09-10T08:00:00Z");

  beforeAll(async () => {
    t = await createTestApp(engine);
    t.setNow(now);
    const db = t.database.db;
    const forum = await makeForum(db);
    const cycle = await makeCycle(db, forum, { year: 2017 });
    const member = (email: string, name: string) =>
      makePerson(db, { email, name, role: "member", forumId: forum.id });
    const author = await member("mia@example.org", "Mia Member");
    await member("jose@example.org", "José Pérez".normalize("NFC"));
    await member("zoe@example.org", "Zoe");
    const c = await makePublishedContribution(db, {
      forum,
      cycle,
      name: "Amina Diallo",
      stakeholderGroup: "civil_society",
      country: "SN",
      text: "Trusted channels between CERTs matter.",
      receivedAt: "2017-09-01T10:00:00Z",
    });
    page = `/f/bpf-cyber/2017/reading/${c.reference}`;
    mia = new TestAgent(t.app);
    mia.cookies.set("session", (await createSession(db, { userId: author.user.id, now })).cookieValue);
  });
  afterAll(async () => {
    await t?.close();
  });

  it("mails José when his name is typed decomposed, and not Zoe for a Zoë who is no member", async () => {
    const saved = await mia.post(`${page}/impressions`, {
      body: `Thanks @${"José Pérez".normalize("NFD")}; the same point came from @${"Zoë Müller".normalize("NFD")}.`,
      visibility: "shared",
    });
    expect(saved.statusCode).toBe(303);
    const mails = (await listOutbox(t.database.db, {})).filter((m) => m.kind === "reading.mention");
    expect(mails.map((m) => m.to_address)).toEqual(["jose@example.org"]);
    const shown = (await mia.get(page)).body;
    expect(shown).toContain(`<strong class="mention"><bdi>@${"José Pérez".normalize("NFC")}</bdi></strong>`);
    expect(shown).not.toContain("<bdi>@Zoe</bdi>");
  });
});
