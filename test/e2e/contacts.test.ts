// Contacts in Chromium without JavaScript, axe on every page: the secretariat imports 150 contacts of which five
// are bad (the report names them, the 145 others go in), a member volunteers for a gap and fills it without ever
// seeing an address, and coverage names the empty cells beside its chart.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertForumRole, insertUser } from "../../src/auth/users.js";
import { testForum } from "../../src/meetings/test-fixtures.js";
import { browserAvailable, launchBrowser, newJourney, startTestServer, type TestServer } from "./support.js";

const GROUPS = ["government", "civil society", "private sector", "technical community", "academia"];
const COUNTRIES = ["KE", "BR", "FR", "IN", "FJ", "ML", "US", "DE", "NP", "CL"];

function list(): string {
  const rows = ["name;stakeholder group;country;email"];
  for (let i = 1; i <= 150; i++) {
    const email = i % 10 === 0 ? "" : `person${i}@example.org`;
    rows.push(`Person ${i};${GROUPS[i % GROUPS.length]};${COUNTRIES[i % COUNTRIES.length]};${email}`);
  }
  // Five bad rows: no name, a bad address, an unknown country, an unknown group, an address used twice.
  rows[11] = ";government;KE;noname@example.org";
  rows[22] = "Bad Address;government;KE;not-an-address";
  rows[33] = "Bad Country;government;Atlantis;country@example.org";
  rows[44] = "Bad Group;astronauts;KE;group@example.org";
  rows[55] = "Twice;government;KE;person1@example.org";
  return `\uFEFF${rows.join("\r\n")}\r\n`;
}

describe.skipIf(!browserAvailable)("contacts in Chromium without JavaScript", () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("imports 145 of 150 contacts, names the five bad rows, and a member fills a gap without seeing addresses", async () => {
    const db = server.database.db;
    const { forum } = await testForum(db);
    const mia = await insertUser(db, { email: "mia@example.org", name: "Mia Member" });
    await insertForumRole(db, { forumId: forum.id, userId: mia.id, role: "member", grantedBy: null });
    const base = `${server.url}/f/${forum.slug}/contacts`;
    const admin = await newJourney(browser);
    const page = admin.page;
    try {
      await page.goto(server.adminLink());
      await page.getByRole("button", { name: "Sign in" }).click();
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
      expect(report).toHaveLength(5);
      expect(report.map((r) => r.slice(0, 2))).toEqual(["12", "23", "34", "45", "56"]);
      expect(report[1]).toContain("This is not an e-mail address.");
      expect(report[4]).toContain("An earlier row has the same address.");
      await page.getByRole("button", { name: "Import the 145 good rows" }).click();
      expect(await page.getByRole("status").textContent()).toBe("145 contacts imported.");
      await page.goto(base);
      await admin.audit();
      expect(await page.getByText("145 contacts").count()).toBe(1);
      expect(await page.getByText("person2@example.org").count()).toBe(1);
      await page.goto(`${base}/coverage`);
      await admin.audit();
      expect(await page.locator("svg.coverage-chart").count()).toBe(1);
      expect(await page.getByText(/No Government contact in .*Western Africa/).count()).toBe(1);

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
    } finally {
      await admin.close();
    }
  }, 120_000);
});
