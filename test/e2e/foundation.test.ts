import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../src/server/start.js";
import { browserAvailable, launchBrowser, newJourney, screenshotDir, startTestServer } from "./support.js";

describe.skipIf(!browserAvailable)("foundation pages in Chromium", () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("shows the home page, the API reference and a not-found page without JavaScript, accessibly", async () => {
    const j = await newJourney(browser);
    try {
      const home = await j.page.goto(server.url);
      expect(home?.status()).toBe(200);
      expect(await j.page.locator("h1").textContent()).toBe("Forums");
      await j.audit();
      await j.page.getByRole("link", { name: "API" }).first().click();
      expect(await j.page.locator("h1").textContent()).toBe("Intersession API");
      await j.audit();
      const missing = await j.page.goto(`${server.url}/nowhere`);
      expect(missing?.status()).toBe(404);
      expect(await j.page.locator("h1").textContent()).toBe("Page not found");
      await j.audit();
    } finally {
      await j.close();
    }
  });

  it("switches to Arabic, right to left, with the skip link first", async () => {
    const j = await newJourney(browser, { viewport: { width: 390, height: 844 } });
    try {
      await j.page.goto(server.url);
      await j.page.getByRole("link", { name: "العربية" }).click();
      expect(await j.page.getAttribute("html", "dir")).toBe("rtl");
      expect(await j.page.locator("h1").textContent()).toBe("المنتديات");
      await j.page.keyboard.press("Tab");
      expect(await j.page.evaluate(() => document.activeElement?.className)).toBe("skip-link");
      await j.page.screenshot({ path: `${screenshotDir}/home-ar-phone.png`, fullPage: true });
      await j.audit();
    } finally {
      await j.close();
    }
  });
});
