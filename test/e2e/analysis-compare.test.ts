import { describe, expect, it } from "vitest";
import { createSession } from "../../src/auth/sessions.js";
import { insertForumRole, insertUser } from "../../src/auth/users.js";
import { browserAvailable, newJourney, serverAndBrowser } from "./support.js";

describe.skipIf(!browserAvailable)("compare and theme suggestions in Chromium", () => {
  const env = serverAndBrowser({ demo: true });

  it("compares a question's answers and adds a suggested theme, without JavaScript", async () => {
    const db = env.server.database.db;
    const forum = await db
      .selectFrom("forums")
      .select("id")
      .where("slug", "=", "bpf-cybersecurity")
      .executeTakeFirstOrThrow();
    const user = await insertUser(db, { email: "mia@example.org", name: "Mia Member" });
    await insertForumRole(db, { forumId: forum.id, userId: user.id, role: "member", grantedBy: null });
    const { cookieValue } = await createSession(db, { userId: user.id, now: new Date() });
    const journey = await newJourney(env.browser, { javaScript: false });
    await journey.page.context().addCookies([{ name: "session", value: cookieValue, url: env.server.url }]);
    const { page } = journey;
    try {
      await page.goto(`${env.server.url}/f/bpf-cybersecurity/2017/analysis`);
      await page.getByRole("link", { name: "Compare answers" }).click();
      await journey.audit();
      await page.locator("main ol a").first().click();
      expect(await page.getByRole("heading", { name: "Answers" }).count()).toBe(1);
      await journey.audit();

      await page.goto(`${env.server.url}/f/bpf-cybersecurity/2017/analysis`);
      await page.getByRole("link", { name: "Theme suggestions" }).click();
      await page.getByRole("button", { name: "Find suggestions" }).click();
      await journey.audit();
      await expect
        .poll(
          async () => {
            await page.reload();
            return page.getByRole("button", { name: /^Add “.+” to the codebook$/ }).count();
          },
          { timeout: 30_000, interval: 500 },
        )
        .toBeGreaterThan(0);
      await journey.audit();
      await page.getByRole("button", { name: "Add “capacity building” to the codebook" }).first().click();
      expect(await page.getByRole("status").first().textContent()).toBe(
        "The theme was added to the codebook.",
      );
      await journey.audit();
      await page.goto(`${env.server.url}/f/bpf-cybersecurity/2017/analysis/codebook`);
      expect(await page.locator("main").textContent()).toContain("capacity building");
    } finally {
      await journey.close();
    }
  });
});
