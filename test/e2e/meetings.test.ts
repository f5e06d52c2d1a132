// A forum's meeting cycle in Chromium without JavaScript: a scheduling poll across three time zones, the
// invitation's .ics, a published summary with next steps, "my actions", and the next meeting's agenda.
import ICAL from "ical.js";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { createSession } from "../../src/auth/sessions.js";
import { insertForumRole, insertUser, updateUser } from "../../src/auth/users.js";
import { listOutbox } from "../../src/mail/outbox.js";
import { testForum } from "../../src/meetings/test-fixtures.js";
import { browserAvailable, newJourney, screenshotDir, serverAndBrowser } from "./support.js";

describe.skipIf(!browserAvailable)("meetings in Chromium without JavaScript", () => {
  const env = serverAndBrowser();

  async function participant(
    forumId: string,
    input: { email: string; name: string; zone: string; language: string },
  ) {
    const db = env.server.database.db;
    const user = await insertUser(db, {
      email: input.email,
      name: input.name,
      preferredLanguage: input.language,
    });
    await updateUser(db, user.id, { time_zone: input.zone });
    await insertForumRole(db, { forumId, userId: user.id, role: "member", grantedBy: null });
    const { cookieValue } = await createSession(db, { userId: user.id, now: new Date() });
    const journey = await newJourney(env.browser);
    await journey.page.context().addCookies([{ name: "session", value: cookieValue, url: env.server.url }]);
    return { user, journey };
  }

  async function answer(page: Page, slotIndex: number, label: string) {
    await page.locator("fieldset.poll-slot").nth(slotIndex).getByLabel(label, { exact: true }).check();
  }

  it("schedules across three zones, invites with .ics, publishes a summary and carries next steps", async () => {
    const { forum } = await testForum(env.server.database.db);
    const base = `${env.server.url}/f/${forum.slug}/2017`;
    const admin = await newJourney(env.browser);
    const tokyo = await participant(forum.id, {
      email: "aiko@example.org",
      name: "Aiko Tanaka",
      zone: "Asia/Tokyo",
      language: "en",
    });
    const lima = await participant(forum.id, {
      email: "rosa@example.org",
      name: "Rosa Quispe",
      zone: "America/Lima",
      language: "es",
    });
    const zurich = await participant(forum.id, {
      email: "luc@example.org",
      name: "Luc Meier",
      zone: "Europe/Zurich",
      language: "fr",
    });
    try {
      await admin.page.goto(env.server.adminLink());
      await admin.page.getByRole("button", { name: "Sign in" }).click();

      // The secretariat proposes two slots, read in Zurich time.
      await admin.page.goto(`${base}/polls/new`);
      await admin.audit();
      await admin.page.getByLabel("Number within the cycle").fill("5");
      await admin.page.getByLabel("Purpose").fill("Review the first draft of the output.");
      await admin.page.getByLabel("Time zone").fill("Europe/Zurich");
      await admin.page.getByLabel("Proposed start times").fill("2017-10-10 14:00\n2017-10-11 09:00");
      await admin.page.getByRole("button", { name: "Ask the members" }).click();
      expect(await admin.page.locator("h1").textContent()).toBe("Virtual Meeting V");
      await admin.audit();
      const pollUrl = admin.page.url();
      // Nobody has answered: no best time is claimed, and the secretariat can remind those asked.
      expect(await admin.page.locator("#no-answers").textContent()).toContain("Nobody has answered yet");
      expect(await admin.page.locator("#best-slot").count()).toBe(0);

      // Those asked are told: the poll waits under "my next steps", and its invitation is in the outbox.
      await tokyo.journey.page.goto(`${env.server.url}/me/actions`);
      expect(await tokyo.journey.page.locator(".my-polls").textContent()).toContain("Virtual Meeting V");
      await tokyo.journey.audit();
      const asked = await listOutbox(env.server.database.db, { to: "aiko@example.org" });
      expect(asked.find((m) => m.kind === "meeting.poll.invitation")?.text_body).toContain(
        "Times are in your time zone: Japan Standard Time (Asia/Tokyo, UTC+09:00).",
      );

      // Each participant sees the slots in their own zone and their locale's clock.
      await tokyo.journey.page.goto(pollUrl);
      await tokyo.journey.audit();
      expect(await tokyo.journey.page.locator("#zone-note").textContent()).toContain("Asia/Tokyo");
      const tokyoTimes = await tokyo.journey.page.locator("fieldset.poll-slot legend").allTextContents();
      expect(tokyoTimes[0]).toMatch(/^9:00\sPM/);
      expect(tokyoTimes[1]).toMatch(/^4:00\sPM/);
      await answer(tokyo.journey.page, 0, "No");
      await answer(tokyo.journey.page, 1, "Yes");
      await tokyo.journey.page.getByRole("button", { name: "Save my answers" }).click();
      expect(await tokyo.journey.page.getByRole("status").textContent()).toContain("saved");

      await lima.journey.page.goto(pollUrl);
      await lima.journey.audit();
      expect(await lima.journey.page.locator("#zone-note").textContent()).toContain("America/Lima");
      const limaTimes = await lima.journey.page.locator("fieldset.poll-slot legend").allTextContents();
      expect(limaTimes[0]).toMatch(/^7:00\s/);
      expect(limaTimes[1]).toMatch(/^2:00\s/);
      // Grouped by date in Lima: the two slots fall on two days.
      expect(await lima.journey.page.locator("main h2").count()).toBe(2);
      await answer(lima.journey.page, 0, "Sí");
      await answer(lima.journey.page, 1, "Si hace falta");
      await lima.journey.page.getByRole("button", { name: "Guardar mis respuestas" }).click();

      await zurich.journey.page.goto(pollUrl);
      await zurich.journey.audit();
      const zurichTimes = await zurich.journey.page.locator("fieldset.poll-slot legend").allTextContents();
      expect(zurichTimes[0]).toMatch(/^14:00\s/);
      await answer(zurich.journey.page, 0, "Non");
      await answer(zurich.journey.page, 1, "Oui");
      await zurich.journey.page.getByRole("button", { name: "Enregistrer mes réponses" }).click();

      // The second slot wins (two yes, one if need be); closing it schedules the meeting.
      await admin.page.goto(pollUrl);
      expect(await admin.page.locator("#best-slot").textContent()).toContain("October 11, 2017");
      await admin.audit();
      await admin.page.getByRole("button", { name: "Close the poll and send invitations" }).click();
      expect(await admin.page.locator("h1").textContent()).toBe("Virtual Meeting V");
      await admin.audit();
      const meetingUrl = admin.page.url().split("?")[0]!;

      // The invitation's calendar file places the meeting at 07:00 UTC (09:00 in Zurich).
      const mails = await listOutbox(env.server.database.db, { to: "aiko@example.org" });
      const invitation = mails.find((m) => m.kind === "meeting.invitation");
      expect(invitation?.text_body).toContain("4:00");
      const ics = Buffer.from(invitation!.attachments[0]!.contentBase64, "base64").toString("utf8");
      const event = new ICAL.Event(new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent("vevent")!);
      expect(event.startDate.toJSDate().toISOString()).toBe("2017-10-11T07:00:00.000Z");
      expect(ics).toContain("METHOD:REQUEST");
      expect(ics).toContain("Europe/Zurich");

      // Members tick their attendance.
      await tokyo.journey.page.goto(meetingUrl);
      await tokyo.journey.page.getByRole("button", { name: "I attended this meeting" }).click();
      expect(await tokyo.journey.page.locator(".participants").textContent()).toContain("Aiko Tanaka");
      await tokyo.journey.audit();

      // The secretariat writes and publishes the summary, then records two next steps.
      await admin.page.goto(meetingUrl);
      await admin.page.getByRole("link", { name: "Write the summary report" }).click();
      await admin.audit();
      await admin.page
        .getByLabel("Summary text")
        .fill(
          "Members reviewed the first draft [1].\n\nThe lead expert will restructure the section on critical infrastructure.\n\n[1]: Draft https://example.org/draft",
        );
      await admin.page.getByRole("button", { name: "Save and publish" }).click();
      expect(await admin.page.getByRole("status").textContent()).toContain("published");
      expect(await admin.page.locator(".summary-paragraphs > li").count()).toBe(2);
      await admin.page
        .getByLabel("What is to be done")
        .fill("Restructure the critical infrastructure section");
      await admin.page.getByLabel("Owner (a person)").selectOption({ label: "Aiko Tanaka" });
      await admin.page.getByLabel("Due, as worded").fill("before 1 November");
      await admin.page.getByLabel("Due date").fill("2017-11-01");
      await admin.page.getByLabel("How exact the date is").selectOption("before");
      await admin.page.getByRole("button", { name: "Add the next step" }).click();
      await admin.page.getByLabel("What is to be done").fill("Move the draft to the review platform");
      await admin.page.getByLabel("Or an owner in words").fill("the Secretariat");
      await admin.page.getByLabel("Due, as worded").fill("on or around 1 November");
      await admin.page.getByRole("button", { name: "Add the next step" }).click();
      expect(await admin.page.locator(".next-steps > li").count()).toBe(2);
      await admin.audit();

      // The owner finds the step under "my next steps".
      await tokyo.journey.page.goto(`${env.server.url}/me/actions`);
      await tokyo.journey.audit();
      expect(await tokyo.journey.page.locator(".my-actions").textContent()).toContain(
        "Restructure the critical infrastructure section",
      );

      // The next meeting's agenda carries both open steps.
      await admin.page.goto(`${base}/meetings/new`);
      await admin.audit();
      await admin.page.getByLabel("Number within the cycle").fill("6");
      await admin.page.getByLabel("Date").fill("2017-11-06");
      await admin.page.getByRole("button", { name: "Save the meeting" }).click();
      expect(await admin.page.locator("h1").textContent()).toBe("Virtual Meeting VI");
      const carried = await admin.page.locator(".carried-actions").textContent();
      expect(carried).toContain("Restructure the critical infrastructure section");
      expect(carried).toContain("Move the draft to the review platform");
      await admin.page.screenshot({ path: `${screenshotDir}/meeting-next.png`, fullPage: true });
      await admin.audit();
      const nextMeetingUrl = admin.page.url();

      // Once its owner marks it done, a step leaves "my next steps" and the next agenda.
      await tokyo.journey.page.goto(`${env.server.url}/me/actions`);
      await tokyo.journey.page.getByRole("button", { name: "Mark as done" }).click();
      expect(await tokyo.journey.page.locator("main").textContent()).toContain(
        "You have no open next steps.",
      );
      await admin.page.goto(nextMeetingUrl);
      const remaining = await admin.page.locator(".carried-actions").textContent();
      expect(remaining).not.toContain("Restructure the critical infrastructure section");
      expect(remaining).toContain("Move the draft to the review platform");

      // The public sees the published summary but neither join link nor password; the list and feed work.
      const visitor = await newJourney(env.browser);
      try {
        await visitor.page.goto(meetingUrl);
        expect(await visitor.page.locator("main").textContent()).toContain(
          "Members reviewed the first draft",
        );
        expect(await visitor.page.locator("main").textContent()).toContain(
          "shown to members of the forum once they have signed in",
        );
        await visitor.audit();
        await visitor.page.goto(`${base}/meetings`);
        await visitor.audit();
        expect(await visitor.page.locator("table").textContent()).toContain("Virtual Meeting VI");
      } finally {
        await visitor.close();
      }
    } finally {
      await admin.close();
      await tokyo.journey.close();
      await lima.journey.close();
      await zurich.journey.close();
    }
  }, 180_000);
});
