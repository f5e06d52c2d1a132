import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { browserAvailable, newJourney, screenshotDir, serverAndBrowser } from "./support.js";

describe.skipIf(!browserAvailable)("forums and cycles in Chromium", () => {
  const env = serverAndBrowser({ demo: true });

  it("shows the demo forum with both cycles on a fresh start", async () => {
    const j = await newJourney(env.browser);
    try {
      await j.page.goto(env.server.url);
      await j.page.getByRole("link", { name: "IGF Best Practice Forum on Cybersecurity" }).click();
      expect(await j.page.locator("h1").textContent()).toBe("IGF Best Practice Forum on Cybersecurity");
      await expect(j.page.getByRole("link", { name: "Cycle 2017" }).first().isVisible()).resolves.toBe(true);
      await expect(j.page.getByRole("link", { name: "Cycle 2016" }).isVisible()).resolves.toBe(true);
      const html = await j.page.content();
      expect(html).toContain("Cybersecurity and the Sustainable Development Goals");
      expect(html).toContain("Last day for guaranteed inclusion");
      await j.page.screenshot({ path: `${screenshotDir}/demo-forum-home.png`, fullPage: true });
      await j.audit();
      await j.page.getByRole("link", { name: "Cycle 2016" }).click();
      expect(await j.page.locator("h1").textContent()).toBe("Cycle 2016");
      expect(await j.page.content()).toContain("Guadalajara");
      await j.audit();
    } finally {
      await j.close();
    }
  });

  it("lets the secretariat create a forum and a cycle with an AoE deadline that Tokyo and Lima read correctly", async () => {
    const sec = await newJourney(env.browser);
    try {
      await sec.page.goto(env.server.adminLink());
      await sec.page.getByRole("button", { name: "Sign in" }).click();
      await sec.page.goto(`${env.server.url}/admin/forums`);
      await sec.audit();
      await sec.page.getByLabel("Short name for the address").fill("bpf-trial");
      await sec.page.getByLabel("Name", { exact: true }).fill("BPF Trial");
      await sec.page.getByLabel("Español").check();
      await sec.page.getByLabel("The forum's time zone").selectOption("Europe/Zurich");
      await sec.page.getByRole("button", { name: "Create the forum" }).click();
      expect(await sec.page.locator("h1").textContent()).toBe("Manage the forum");
      await sec.audit();
      await sec.page.getByLabel("Year").fill("2017");
      await sec.page.getByLabel("Focus", { exact: true }).fill("Cybersecurity and development");
      await sec.page.getByRole("button", { name: "Start the cycle" }).click();
      expect(await sec.page.locator("h1").textContent()).toBe("Manage cycle 2017");
      // A mistyped date is explained and kept.
      await sec.page.getByLabel("Milestone").selectOption("soft_deadline");
      await sec.page.getByLabel("Date, or date and time").fill("2017-09-31");
      await sec.page.getByRole("button", { name: "Add the milestone" }).click();
      expect(await sec.page.locator(".error-summary").textContent()).toContain("This date does not exist");
      expect(await sec.page.getByLabel("Date, or date and time").inputValue()).toBe("2017-09-31");
      await sec.audit();
      await sec.page.getByLabel("Date, or date and time").fill("2017-09-15");
      await sec.page.getByRole("button", { name: "Add the milestone" }).click();
      expect(await sec.page.locator(".notice").first().textContent()).toContain("added");
      expect(await sec.page.content()).toContain("Anywhere on Earth (UTC−12)");
      await sec.audit();
      // The milestone's own form, without JavaScript: a mistake is explained beside the field and kept.
      await sec.page.getByRole("link", { name: "Change the milestone “Deadline for contributions”" }).click();
      expect(await sec.page.getByLabel("Date, or date and time").inputValue()).toBe("2017-09-15");
      await sec.audit();
      await sec.page.getByLabel("Date, or date and time").fill("2017-02-30");
      await sec.page.getByRole("button", { name: "Save the milestone" }).click();
      expect(await sec.page.locator("#field-at-error").textContent()).toContain("This date does not exist");
      expect(await sec.page.getByLabel("Date, or date and time").inputValue()).toBe("2017-02-30");
      await sec.audit();
      await sec.page.getByLabel("Date, or date and time").fill("2017-09-15");
      await sec.page.getByRole("button", { name: "Save the milestone" }).click();
      expect(await sec.page.locator(".notice").first().textContent()).toContain("changed");
      await sec.page.goto(`${env.server.url}/f/bpf-trial/2017/members`);
      await sec.audit();
    } finally {
      await sec.close();
    }

    for (const [zone, expected] of [
      ["Asia/Tokyo", /Anywhere on Earth \(UTC−12\) — September 16 at 8:59\s*PM for you/],
      ["America/Lima", /Anywhere on Earth \(UTC−12\) — September 16 at 6:59\s*AM for you/],
    ] as const) {
      // With JavaScript on, the page learns the reader's zone from the browser on the first visit.
      const reader = await newJourney(env.browser, { javaScript: true, timezoneId: zone });
      try {
        await reader.page.goto(`${env.server.url}/f/bpf-trial/2017`);
        await reader.page.reload();
        const text = await reader.page.locator("main").textContent();
        expect(text).toContain("Friday, September 15, 2017, end of the day");
        expect(text).toContain("Anywhere on Earth (UTC−12)");
        expect(text).toMatch(expected);
        await reader.page.screenshot({
          path: `${screenshotDir}/cycle-${zone.replace("/", "-")}.png`,
          fullPage: true,
        });
        await reader.audit();
      } finally {
        await reader.close();
      }
    }

    // A browser that only reports UTC has not been told its zone: no "for you" time in a default.
    const unset = await newJourney(env.browser, { javaScript: true, timezoneId: "UTC" });
    try {
      await unset.page.goto(`${env.server.url}/f/bpf-trial/2017`);
      await unset.page.reload();
      const text = await unset.page.locator("main").textContent();
      expect(text).toContain("Anywhere on Earth (UTC−12)");
      expect(text).not.toContain("for you");
    } finally {
      await unset.close();
    }

    // Without JavaScript, a reader chooses the zone by hand.
    const noJs = await newJourney(env.browser);
    try {
      await noJs.page.goto(`${env.server.url}/f/bpf-trial/2017`);
      await noJs.page.getByRole("link", { name: "Choose your time zone" }).click();
      await noJs.audit();
      await noJs.page.getByLabel("Your time zone").selectOption("America/Lima");
      await noJs.page.getByRole("button", { name: "Show times in this zone" }).click();
      expect(await noJs.page.locator("main").textContent()).toMatch(/September 16 at 6:59\s*AM for you/);
    } finally {
      await noJs.close();
    }

    const feed = await fetch(`${env.server.url}/f/bpf-trial/calendar.ics`).then((r) => r.text());
    const events = new ICAL.Component(ICAL.parse(feed))
      .getAllSubcomponents("vevent")
      .map((e) => new ICAL.Event(e));
    const api = (await fetch(`${env.server.url}/api/v1/forums/bpf-trial/cycles/2017/milestones`).then((r) =>
      r.json(),
    )) as { milestones: { at: string }[] };
    // The feed must carry the very instant the API stores. iCalendar writes times to the whole second
    // (RFC 5545 DATE-TIME has no fractions), so an end-of-day deadline stored as 23:59:59.999 reaches
    // calendars as 23:59:59: compare with the stored instant truncated to the second, not with a literal.
    const toWholeSecond = (iso: string) => new Date(Math.floor(Date.parse(iso) / 1000) * 1000).toISOString();
    expect(api.milestones.map((m) => m.at)).toEqual(["2017-09-16T11:59:59.999Z"]);
    expect(events.map((e) => e.startDate.toJSDate().toISOString())).toEqual(
      api.milestones.map((m) => toWholeSecond(m.at)),
    );
  });
});
