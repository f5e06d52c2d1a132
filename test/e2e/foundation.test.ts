import { describe, expect, it } from "vitest";
import { browserAvailable, newJourney, screenshotDir, serverAndBrowser } from "./support.js";

describe.skipIf(!browserAvailable)("foundation pages in Chromium", () => {
  const env = serverAndBrowser();

  it("shows the home page, the API reference and a not-found page without JavaScript, accessibly", async () => {
    const j = await newJourney(env.browser);
    try {
      const home = await j.page.goto(env.server.url);
      expect(home?.status()).toBe(200);
      expect(await j.page.locator("h1").textContent()).toBe("Forums");
      await j.audit();
      await j.page.getByRole("link", { name: "API" }).first().click();
      expect(await j.page.locator("h1").textContent()).toBe("Intersession API");
      await j.audit();
      const missing = await j.page.goto(`${env.server.url}/nowhere`);
      expect(missing?.status()).toBe(404);
      expect(await j.page.locator("h1").textContent()).toBe("Page not found");
      await j.audit();
    } finally {
      await j.close();
    }
  });

  it("switches to Arabic, right to left, with the skip link first", async () => {
    const j = await newJourney(env.browser, { viewport: { width: 390, height: 844 } });
    try {
      await j.page.goto(env.server.url);
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
