import { describe, expect, it } from "vitest";
import { createSession } from "../../src/auth/sessions.js";
import { listOutbox } from "../../src/mail/outbox.js";
import {
  makeCycle,
  makeForum,
  makePerson,
  makePublishedContribution,
} from "../../src/test-support/factories.js";
import { browserAvailable, newJourney, serverAndBrowser } from "./support.js";

describe.skipIf(!browserAvailable)("the reading workspace in Chromium without JavaScript", () => {
  const env = serverAndBrowser();

  async function member(
    forumId: string,
    email: string,
    name: string,
    role: "member" | "secretariat" = "member",
  ) {
    const { user } = await makePerson(env.server.database.db, { email, name, role, forumId });
    const { cookieValue } = await createSession(env.server.database.db, { userId: user.id, now: new Date() });
    const journey = await newJourney(env.browser);
    await journey.page.context().addCookies([{ name: "session", value: cookieValue, url: env.server.url }]);
    return journey;
  }

  it("lets two members read and annotate, keeps a private note private and shows the statistics", async () => {
    const db = env.server.database.db;
    const forum = await makeForum(db);
    await makeCycle(db, forum, { year: 2016 });
    const cycle = await makeCycle(db, forum, { year: 2017, continueFromYear: 2016 });
    const first = await makePublishedContribution(db, {
      forum,
      cycle,
      name: "Amina Diallo",
      stakeholderGroup: "civil_society",
      country: "SN",
      text: "Trusted channels between CERTs matter.\n\nCapacity building comes first.",
      receivedAt: "2017-09-01T10:00:00Z",
    });
    await makePublishedContribution(db, {
      forum,
      cycle,
      name: "Claire Martin",
      stakeholderGroup: "government",
      country: "FR",
      text: "Critical infrastructure needs shared incident reporting.",
      receivedAt: "2017-09-20T10:00:00Z",
    });
    const base = `${env.server.url}/f/bpf-cyber/2017/reading`;
    const mia = await member(forum.id, "mia@example.org", "Mia Member");
    const pat = await member(forum.id, "pat@example.org", "Pat Lee");
    const sam = await member(forum.id, "sam@example.org", "Sam Secretariat", "secretariat");

    await mia.page.goto(base);
    expect(await mia.page.locator("#reading-progress").textContent()).toBe("0 of 2 read");
    await mia.audit();
    await mia.page.getByRole("link", { name: first.reference ?? "" }).click();
    expect(await mia.page.locator("h1").textContent()).toContain("Amina Diallo");
    await mia.audit();
    await mia.page.getByLabel("Your impression").fill("Private: check this against the 2016 output.");
    await mia.page.getByLabel("Only me (a private note)").check();
    await mia.page.getByRole("button", { name: "Save the impression" }).click();
    expect(await mia.page.locator(".notice").textContent()).toBe("Your impression is saved.");
    await mia.page.locator("#field-body").fill("Strong point on CERTs, @Pat Lee what do you think?");
    await mia.page.getByLabel("The forum's members").check();
    await mia.page.getByRole("button", { name: "Save the impression" }).click();
    await mia.audit();
    const mails = (await listOutbox(db, { to: "pat@example.org" })).filter(
      (m) => m.kind === "reading.mention",
    );
    expect(mails).toHaveLength(1);

    await pat.page.goto(`${base}/${first.reference}`);
    const patsView = await pat.page.locator("main").textContent();
    expect(patsView).toContain("Strong point on CERTs");
    expect(patsView).not.toContain("check this against the 2016 output");
    // A reply, from the form that opens under the note (a <details>, no script needed).
    await pat.page.getByText("Reply", { exact: true }).click();
    await pat.page.locator("details[open] textarea").fill("Agreed, and capacity building too.");
    await pat.page.getByRole("button", { name: "Send the reply" }).click();
    expect(await pat.page.locator(".impression-replies").textContent()).toContain(
      "Agreed, and capacity building too.",
    );
    await pat.audit();
    await pat.page.goto(base);
    expect(await pat.page.locator("#reading-progress").textContent()).toBe("1 of 2 read");
    await pat.page
      .getByRole("button", { name: /Mark as read/ })
      .first()
      .click();
    expect(await pat.page.locator("#reading-progress").textContent()).toBe("2 of 2 read");
    await pat.audit();

    await sam.page.goto(`${base}/who`);
    expect(await sam.page.locator("main").textContent()).toContain("Pat Lee");
    await sam.audit();

    const visitor = await newJourney(env.browser);
    await visitor.page.goto(`${env.server.url}/f/bpf-cyber/2017/statistics`);
    expect(await visitor.page.locator("svg.bar-chart").count()).toBe(7);
    await visitor.audit();
    await visitor.page.goto(`${env.server.url}/f/bpf-cyber/2017/statistics?lang=ar`);
    await visitor.audit();
    for (const j of [mia, pat, sam, visitor]) await j.close();
  });
});
