// Commenting on a quote on a phone (a touch screen, a mobile viewport): with words of a paragraph selected as a
// long press and a handle leave them, the reader taps "Comment on selection" (a finger-sized button right after
// the paragraph), writes and taps send, and the comment says which words it is on.
import { describe, expect, it } from "vitest";
import { createSession } from "../../src/auth/sessions.js";
import { createDocument, publishVersion } from "../../src/documents/service.js";
import { makeCycle, makeForum, makePerson } from "../../src/test-support/factories.js";
import { browserAvailable, expectAccessible, screenshotDir, serverAndBrowser } from "./support.js";

const PARAGRAPH =
  "Trusted channels between response teams matter. They let incidents be shared before they spread.";
const QUOTE = "incidents be shared";
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe.skipIf(!browserAvailable)("a quote selected on a touch screen", () => {
  const env = serverAndBrowser();

  it("comments on words selected with a finger", async () => {
    const db = env.server.database.db;
    const forum = await makeForum(db);
    const cycle = await makeCycle(db, forum, { year: 2019 });
    const sam = await makePerson(db, { email: "sam@example.org", role: "secretariat", forumId: forum.id });
    const tia = await makePerson(db, { email: "tia@example.org", name: "Tia Touch" });
    const place = { forum, cycle: { id: cycle.id, year: cycle.year } };
    const { document: created } = await createDocument(db, {
      actor: sam.actor,
      place,
      input: {
        title: "Output document 2019",
        body: `# Trust\n\n${PARAGRAPH}\n`,
        review_opens: day(-1),
        review_closes: day(30),
      },
      now: new Date(),
    });
    await publishVersion(db, {
      actor: sam.actor,
      documentId: created.id,
      number: 1,
      to: "public",
      now: new Date(),
    });

    const context = await env.browser.newContext({
      hasTouch: true,
      isMobile: true,
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
    });
    const audit = await env.browser.newContext({ bypassCSP: true, viewport: { width: 390, height: 844 } });
    try {
      const { cookieValue } = await createSession(db, { userId: tia.user.id, now: new Date() });
      await context.addCookies([{ name: "session", value: cookieValue, url: env.server.url }]);
      const page = await context.newPage();
      await page.goto(`${env.server.url}/f/${forum.slug}/2019/documents/${created.id}`);
      const paragraph = page.locator("p[data-paragraph]").filter({ hasText: "Trusted channels" });
      await expect.poll(() => page.locator("[data-selection-tools]").isVisible()).toBe(true);

      // A finger's selection: a long press selects a word, the handles then stretch it over the quote. Headless
      // Chromium makes no selection from a synthesised long press (tried: CDP tap gesture and touch events), so
      // the selection is made as the gesture leaves it, a word then extended.
      await paragraph.tap();
      await paragraph.evaluate((p, quote) => {
        const text = p.firstChild as Text;
        const start = (text.textContent ?? "").indexOf(quote);
        const range = document.createRange();
        range.setStart(text, start);
        range.setEnd(text, start + "incidents".length);
        document.getSelection()?.removeAllRanges();
        document.getSelection()?.addRange(range);
        // The handle dragged to the end of the quote: the same selection, extended.
        document.getSelection()?.extend(text, start + quote.length);
      }, QUOTE);

      const button = page.getByRole("button", { name: "Comment on selection" });
      await expect.poll(() => button.isVisible()).toBe(true);
      // Big enough for a finger (44 CSS pixels, WCAG 2.5.5), right after the paragraph.
      const box = await button.boundingBox();
      expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
      expect(
        await button.evaluate((b) => b.previousElementSibling?.textContent?.startsWith("Trusted channels")),
      ).toBe(true);
      await button.tap();
      await expect.poll(() => page.locator("[data-selection-quote]").textContent()).toBe(QUOTE);
      await page.locator("#selection-body").fill("Shared with which teams?");
      await page.screenshot({ path: `${screenshotDir}/document-touch-selection.png`, fullPage: true });
      await page.locator("[data-selection-form]").getByRole("button", { name: "Send the comment" }).tap();
      await page.waitForURL(/#comment-/);
      expect(await page.locator(".comments").first().textContent()).toContain(`On the words “${QUOTE}”`);
      expect(await page.locator(".comments").first().textContent()).toContain("Tia Touch");
      await expectAccessible(page, audit);
    } finally {
      await context.close();
      await audit.close();
    }
  });
});
