import { describe, expect, it } from "vitest";
import { browserAvailable, newJourney, screenshotDir, serverAndBrowser } from "./support.js";

describe.skipIf(!browserAvailable)("signing in by e-mail link, in Chromium without JavaScript", () => {
  const env = serverAndBrowser();

  it("requests a link, opens it from the outbox, lands signed in, turns Arabic, signs out", async () => {
    // The site administrator signs in with the link printed on the console at first start.
    const admin = await newJourney(env.browser);
    const member = await newJourney(env.browser);
    try {
      await admin.page.goto(env.server.adminLink());
      await admin.audit();
      await admin.page.getByRole("button", { name: "Sign in" }).click();
      expect(new URL(admin.page.url()).pathname).toBe("/admin");
      await admin.audit();

      // A newcomer asks for a link.
      await member.page.goto(`${env.server.url}/sign-in`);
      await member.audit();
      await member.page.getByLabel("E-mail address").fill("amina@example.org");
      await member.page.getByRole("button", { name: "Send me a sign-in link" }).click();
      expect(await member.page.locator("h1").textContent()).toBe("Check your mail");
      await member.audit();

      // No SMTP server here: the administrator reads the message in the outbox.
      await admin.page.getByRole("link", { name: "Outbox" }).click();
      await admin.audit();
      await env.server.app.services.jobs.runUntilIdle();
      await admin.page.reload();
      await admin.audit();
      await admin.page
        .getByRole("link", { name: /Confirm your address/ })
        .first()
        .click();
      await admin.audit();
      const link = await admin.page.locator("pre a").first().getAttribute("href");
      expect(link).toContain("/sign-in/link/");

      // The newcomer opens the link, registers, and lands signed in.
      await member.page.goto(link!);
      await member.page.getByLabel("Name").fill("Amina Diallo");
      await member.page.getByLabel("Organisation").fill("Example Civil Society Network");
      await member.audit();
      await member.page.getByRole("button", { name: "Create my account" }).click();
      await expect(member.page.getByRole("link", { name: "Amina Diallo" }).isVisible()).resolves.toBe(true);
      await member.audit();

      // The profile: switch the language to Arabic; the page turns right to left.
      await member.page.getByRole("link", { name: "Amina Diallo" }).click();
      await member.audit();
      await member.page.getByLabel("Language of the interface and of mail").selectOption("ar");
      await member.page.getByRole("button", { name: "Save profile" }).click();
      expect(await member.page.getAttribute("html", "dir")).toBe("rtl");
      expect(await member.page.getAttribute("html", "lang")).toBe("ar");
      await member.page.screenshot({ path: `${screenshotDir}/profile-ar.png`, fullPage: true });
      await member.audit();

      await member.page.getByRole("button", { name: "تسجيل الخروج" }).first().click();
      expect(await member.page.getByRole("link", { name: "تسجيل الدخول" }).isVisible()).toBe(true);
      await member.audit();
      // The session is really gone: the profile now asks to sign in.
      await member.page.goto(`${env.server.url}/me`);
      expect(new URL(member.page.url()).pathname).toBe("/sign-in");
      await member.audit();
    } finally {
      await admin.close();
      await member.close();
    }
  });
});
