// The contacts journey in Chromium without JavaScript, axe on every page: the secretariat registers two NRIs and
// imports 150 contacts of which five are bad (the report names them, the 145 others go in), a member volunteers
// for a gap and fills it without ever seeing an address, the coverage map changes when a contribution arrives,
// and a reminder picked by filter goes to every NRI none of whose focal points has contributed, through a real SMTP
// server started in-process.
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertForumRole, insertUser } from "../../src/auth/users.js";
import { saveCall } from "../../src/calls/call/service.js";
import { seedForum } from "../../src/calls/test-fixtures.js";
import { makePublishedContribution } from "../../src/test-support/factories.js";
import { browserAvailable, launchBrowser, newJourney, startTestServer, type TestServer } from "./support.js";

const GROUPS = ["government", "civil society", "private sector", "technical community", "academia"];
const COUNTRIES = ["KE", "BR", "FR", "IN", "FJ", "ML", "US", "DE", "NP", "CL"];

/** 150 contacts: every tenth without an address, three focal points of NRIs, five bad rows. */
function list(): string {
  const rows = ["name;stakeholder group;country;email;nri"];
  for (let i = 1; i <= 150; i++) {
    const email = i % 10 === 0 ? "" : `person${i}@example.org`;
    const nri = i === 25 || i === 75 ? "IGF Kenya" : i === 125 || i === 150 ? "African IGF" : "";
    rows.push(`Person ${i};${GROUPS[i % GROUPS.length]};${COUNTRIES[i % COUNTRIES.length]};${email};${nri}`);
  }
  // The focal point who will contribute (makePublishedContribution's address comes from the name).
  rows[25] = "Kamau Wanjiru;government;KE;kamau.wanjiru@example.org;IGF Kenya";
  // Five bad rows: no name, a bad address, an unknown country, an unknown group, an address used twice.
  rows[11] = ";government;KE;noname@example.org;";
  rows[22] = "Bad Address;government;KE;not-an-address;";
  rows[33] = "Bad Country;government;Atlantis;country@example.org;";
  rows[44] = "Bad Group;astronauts;KE;group@example.org;";
  rows[55] = "Twice;government;KE;person1@example.org;";
  return `\uFEFF${rows.join("\r\n")}\r\n`;
}

describe.skipIf(!browserAvailable)("contacts in Chromium without JavaScript", () => {
  let server: TestServer;
  let browser: Browser;
  let smtp: SMTPServer;
  const received: { to: string[]; raw: string }[] = [];
  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          received.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString("utf8"),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
    const port = (smtp.server.address() as AddressInfo).port;
    server = await startTestServer({
      smtpUrl: `smtp://127.0.0.1:${port}`,
      mailFrom: "BPF <bpf@example.org>",
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  });

  it("imports 145 of 150 contacts, a member fills a gap, the map follows a contribution, and every NRI that has not contributed is reminded", async () => {
    const db = server.database.db;
    const { forum, cycle } = await seedForum(db);
    const mia = await insertUser(db, { email: "mia@example.org", name: "Mia Member" });
    await insertForumRole(db, { forumId: forum.id, userId: mia.id, role: "member", grantedBy: null });
    const system = { kind: "system" as const, label: "test" };
    await saveCall(db, {
      actor: system,
      forum,
      cycle,
      now: new Date(),
      input: { message: "Please contribute.", overview: "", reading: "" },
    });
    const base = `${server.url}/f/${forum.slug}/contacts`;
    const admin = await newJourney(browser);
    const page = admin.page;
    try {
      await page.goto(server.adminLink());
      await page.getByRole("button", { name: "Sign in" }).click();

      // The NRI registry first, so the list can name focal points.
      await page.goto(`${base}/nris`);
      await admin.audit();
      for (const [name, scope, country] of [
        ["IGF Kenya", "National", "Kenya"],
        ["African IGF", "Regional", ""],
      ] as const) {
        await page.goto(`${base}/nris`);
        const form = page.getByRole("region", { name: "Add an initiative" });
        await form.getByLabel("Name of the initiative").fill(name);
        await form.getByLabel("Kind").selectOption({ label: scope });
        if (country) await form.getByLabel("Country").selectOption({ label: country });
        await form.getByRole("button", { name: "Add an initiative" }).click();
        expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(name);
      }

      await page.goto(`${base}/import`);
      await admin.audit();
      await page
        .getByLabel("File")
        .setInputFiles({ name: "contacts.csv", mimeType: "text/csv", buffer: Buffer.from(list()) });
      await page.getByRole("button", { name: "Check the list" }).click();
      expect(await page.getByRole("status").textContent()).toBe(
        "150 rows read: 145 good, 5 with problems. Nothing is imported yet.",
      );
      await admin.audit();
      const report = await page.locator("tbody tr").allTextContents();
      expect(report.map((r) => r.slice(0, 2))).toEqual(["12", "23", "34", "45", "56"]);
      expect(report[1]).toContain("This is not an e-mail address.");
      expect(report[4]).toContain("An earlier row has the same address.");
      await page.getByRole("button", { name: "Import the 145 good rows" }).click();
      expect(await page.getByRole("status").textContent()).toBe("145 contacts imported.");
      await page.goto(`${base}?nri=any`);
      await admin.audit();
      expect(await page.getByText("4 contacts").count()).toBe(1);

      // Coverage before any contribution: government contacts are in Eastern and Western Africa only, and
      // Eastern Africa has no contribution yet.
      const tile = (subregion: string) =>
        page.locator(`svg.coverage-map g[data-subregion="${subregion}"] text`).last();
      await page.goto(`${base}/coverage?group=government`);
      await admin.audit();
      expect(await page.getByText(/No Government contact in .*Northern America/).count()).toBe(1);
      expect(await tile("northern_america").textContent()).toBe("None / 0");
      expect(await tile("eastern_africa").textContent()).toMatch(/^\d+ \/ 0$/);

      const member = await newJourney(browser);
      try {
        const { createSession } = await import("../../src/auth/sessions.js");
        const { cookieValue } = await createSession(db, { userId: mia.id, now: new Date() });
        await member.page.context().addCookies([{ name: "session", value: cookieValue, url: server.url }]);
        await member.page.goto(base);
        await member.audit();
        expect(await member.page.getByText("person2@example.org").count()).toBe(0);
        await member.page.goto(`${base}/gaps`);
        await member.audit();
        const row = member.page.locator("li", { hasText: "Person 10 —" });
        await row.getByLabel("By").fill("2026-12-20");
        await row.getByRole("button", { name: "I will find it" }).click();
        expect(await member.page.getByRole("status").textContent()).toContain("Noted");
        await member.page.getByRole("link", { name: "Person 10", exact: true }).click();
        await member.audit();
        await member.page.getByLabel("New e-mail address").fill("ten@example.org");
        await member.page.getByRole("button", { name: "Give the address" }).click();
        expect(await member.page.getByRole("status").textContent()).toContain("the secretariat is told");
        expect(await member.page.getByText("ten@example.org").count()).toBe(0);
      } finally {
        await member.close();
      }

      // A contribution arrives from the Kenyan focal point: the map's tile counts it at once.
      await makePublishedContribution(db, {
        forum,
        cycle,
        name: "Kamau Wanjiru",
        stakeholderGroup: "government",
        country: "KE",
        text: "Our national initiative's answers on cybersecurity and development.",
        receivedAt: new Date().toISOString(),
      });
      await page.goto(`${base}/coverage?group=government`);
      expect(await tile("eastern_africa").textContent()).toMatch(/^\d+ \/ 1$/);
      expect(
        await page
          .getByRole("table", { name: "Government: contacts and published contributions by sub-region" })
          .getByRole("row", { name: /Eastern Africa/ })
          .textContent(),
      ).toMatch(/1$/);

      // A reminder to every NRI that has not contributed: IGF Kenya has (through Kamau Wanjiru), so neither of its
      // focal points is reminded; the African IGF's one focal point with an address is.
      await page.goto(`${server.url}/f/${forum.slug}/2017/call/send`);
      await admin.audit();
      await page
        .getByRole("group", { name: "Or remind contacts by filter" })
        .getByLabel("NRI focal point of")
        .selectOption({ label: "Any NRI" });
      await page.getByRole("button", { name: "Send the reminder now" }).click();
      expect(await page.getByRole("status").first().textContent()).toContain("The reminder is on its way.");
      const deadline = Date.now() + 30_000;
      while (received.length < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      const to = received.flatMap((m) => m.to).sort();
      expect(to).toEqual(["person125@example.org"]);
      expect(received[0]?.raw).toContain("List-Unsubscribe:");
      await page.goto(`${base}?nri=any`);
      await page.getByRole("link", { name: "Person 125", exact: true }).click();
      await admin.audit();
      expect(await page.getByText("Reminded of the 2017 call").count()).toBe(1);
      // Nothing was queued for IGF Kenya's other focal point (history is written when a message is queued).
      await page.goto(`${base}?nri=any`);
      await page.getByRole("link", { name: "Person 75", exact: true }).click();
      expect(await page.getByText("Reminded of the 2017 call").count()).toBe(0);
    } finally {
      await admin.close();
    }
  }, 180_000);
});
