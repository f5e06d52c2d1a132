import { describe, expect, it } from "vitest";
import { insertForumRole, insertUser } from "../../src/auth/users.js";
import { testForum } from "../../src/meetings/test-fixtures.js";
import { browserAvailable, newJourney, serverAndBrowser } from "./support.js";

describe.skipIf(!browserAvailable)("editing a scheduling poll in Chromium without JavaScript", () => {
  const env = serverAndBrowser();

  it("asks chosen people, edits details, people and times, then deletes after confirming", async () => {
    const db = env.server.database.db;
    const { forum } = await testForum(db);
    const people = [
      { email: "sam@example.org", name: "Sam Secretariat", role: "secretariat" as const },
      { email: "nia@example.org", name: "Nia Focal", role: "nri_focal_point" as const },
      { email: "mia@example.org", name: "Mia Member", role: "member" as const },
    ];
    for (const p of people) {
      const user = await insertUser(db, { email: p.email, name: p.name });
      await insertForumRole(db, { forumId: forum.id, userId: user.id, role: p.role, grantedBy: null });
    }
    const base = `${env.server.url}/f/${forum.slug}/2017`;
    const admin = await newJourney(env.browser);
    const page = admin.page;
    try {
      await page.goto(env.server.adminLink());
      await page.getByRole("button", { name: "Sign in" }).click();

      await page.goto(`${base}/polls/new`);
      await admin.audit();
      expect(await page.getByLabel("All members").isChecked()).toBe(true);
      await page.getByLabel("Time zone").fill("Europe/Zurich");
      await page.getByLabel("Proposed start times").fill("2017-10-10 14:00\n2017-10-11 09:00");
      await page.getByLabel("All members").uncheck();
      await page.getByLabel("NRI focal points").check();
      await page.getByLabel("Mia Member").check();
      await page.getByRole("button", { name: "Ask the members" }).click();
      expect(await page.locator("#poll-asked").textContent()).toBe("2 people asked");
      await admin.audit();
      const pollUrl = page.url();

      await page.getByRole("link", { name: "Edit the poll" }).click();
      await admin.audit();
      expect(await page.getByLabel("Nia Focal").isChecked()).toBe(true);
      expect(await page.getByLabel("Sam Secretariat").isChecked()).toBe(false);
      await page.getByLabel("Title").fill("Outline review");
      await page.getByLabel("Mia Member").uncheck();
      await page.getByRole("button", { name: "Save changes" }).click();
      expect(await page.getByRole("status").textContent()).toBe("The poll has been changed.");
      await admin.audit();

      await page.getByLabel("Add times").fill("2017-10-12 16:00");
      await page.getByRole("button", { name: "Add these times" }).click();
      await page.getByRole("button", { name: /^Remove Oct 10, 2017/ }).click();
      const times = await page.locator(".poll-times time").allTextContents();
      expect(times).toHaveLength(2);
      expect(times.join(" ")).not.toContain("Oct 10");

      await page.goto(pollUrl);
      expect(await page.locator("h1").textContent()).toBe("Outline review");
      expect(await page.locator("#poll-asked").textContent()).toBe("1 person asked");
      expect(await page.locator("fieldset.poll-slot").count()).toBe(2);

      await page.getByRole("link", { name: "Delete the poll" }).click();
      expect(await page.locator("h1").textContent()).toBe("Delete this poll?");
      await admin.audit();
      await page.getByRole("button", { name: "Yes, delete the poll" }).click();
      expect(await page.getByRole("status").textContent()).toBe("The poll has been deleted.");
      await admin.audit();
      expect(await page.getByRole("link", { name: "Outline review" }).count()).toBe(0);
    } finally {
      await admin.close();
    }
  }, 180_000);
});
