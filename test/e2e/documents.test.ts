// The output document in Chromium, as the "done when" tells it: the secretariat drafts a section from
// coded excerpts (no JavaScript) and publishes version 1 for public review; one reader comments on a quote
// selected with the keyboard, another on a whole paragraph with JavaScript off; the secretariat inserts a
// paragraph above, rewrites the sentence around the first quote, deletes the second paragraph and publishes
// version 2: the first comment is still on its quote, the second shows as a comment on version 1. The
// secretariat's dispositions appear on the public report, the .docx export has real footnotes and the annex,
// and the contribution's page says where it was used. Every page passes axe.
import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { createCode } from "../../src/analysis/codebook/service.js";
import { codeExcerpts } from "../../src/analysis/coding/service.js";
import type { Actor } from "../../src/auth/index.js";
import { createSession } from "../../src/auth/sessions.js";
import { insertForumRole, insertUser } from "../../src/auth/users.js";
import { browserAvailable, newJourney, screenshotDir, serverAndBrowser } from "./support.js";

const FIRST =
  "Trusted channels between response teams matter. They let incidents be shared before they spread.";
const SECOND = "Regional meetings help newcomers join the community and learn the informal rules.";
const QUOTE = "incidents be shared";
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe.skipIf(!browserAvailable)("the output document in Chromium", () => {
  const env = serverAndBrowser({ demo: true });

  /** A person signed in, in a journey with or without JavaScript; a role in the demo forum when given. */
  async function person(email: string, name: string, role: "secretariat" | null, javaScript: boolean) {
    const db = env.server.database.db;
    const forum = await db
      .selectFrom("forums")
      .select("id")
      .where("slug", "=", "bpf-cybersecurity")
      .executeTakeFirstOrThrow();
    const user = await insertUser(db, { email, name });
    if (role) await insertForumRole(db, { forumId: forum.id, userId: user.id, role, grantedBy: null });
    const { cookieValue } = await createSession(db, { userId: user.id, now: new Date() });
    const journey = await newJourney(env.browser, { javaScript });
    await journey.page.context().addCookies([{ name: "session", value: cookieValue, url: env.server.url }]);
    const actor: Actor = { kind: "user", userId: user.id, name, email, isSiteAdmin: false };
    return { ...journey, actor, forumId: forum.id };
  }

  it("drafts from coded excerpts, takes comments that survive version 2, answers them and exports", async () => {
    const sam = await person("sam@example.org", "Sam Secretariat", "secretariat", false);
    const rea = await person("rea@example.org", "Rea Reader", null, true);
    const nod = await person("nod@example.org", "Nod Nojs", null, false);
    const anyone = await newJourney(env.browser, { javaScript: false });
    try {
      // The analysis: an output section with an excerpt of a published demo contribution coded to it.
      const db = env.server.database.db;
      const cycle = await db
        .selectFrom("cycles")
        .select("id")
        .where("forum_id", "=", sam.forumId)
        .where("year", "=", 2017)
        .executeTakeFirstOrThrow();
      const contribution = await db
        .selectFrom("contributions")
        .select(["id", "reference", "body_text", "contributor_name"])
        .where("cycle_id", "=", cycle.id)
        .where("status", "=", "published")
        .where("consent", "=", "with_name")
        .orderBy("received_at")
        .executeTakeFirstOrThrow();
      const scope = { db, actor: sam.actor, forumId: sam.forumId, cycleId: cycle.id, now: new Date() };
      const section = await createCode(scope, { name: "Capacity building", kind: "section" });
      const body = contribution.body_text ?? "";
      const sentence = body.split(/(?<=\.)\s/)[0] ?? body.slice(0, 80);
      await codeExcerpts({ db, actor: sam.actor, now: new Date(), cycleId: cycle.id }, contribution.id, {
        source: "body",
        key: "",
        start: body.indexOf(sentence),
        end: body.indexOf(sentence) + sentence.length,
        quote: sentence,
        sections: [section.id],
      });
      const reference = contribution.reference ?? "";

      // The secretariat drafts the section from the excerpt, without JavaScript.
      const { page } = sam;
      await page.goto(`${env.server.url}/f/bpf-cybersecurity/2017/documents/new`);
      await sam.audit();
      await page.getByLabel("Title").fill("Output document 2017");
      await page.getByLabel("Text (Markdown)").fill(`# Capacity building\n\n${FIRST}\n\n${SECOND}\n`);
      await page.getByLabel("Public review opens (YYYY-MM-DD)").fill(day(-1));
      await page.getByLabel("Public review closes (YYYY-MM-DD)").fill(day(30));
      expect(await page.locator(".drafting-panel").textContent()).toContain(sentence);
      await page.getByRole("button", { name: "Insert with a footnote" }).click();
      await expect
        .poll(() => page.getByRole("status").textContent())
        .toContain("The excerpt and its footnote");
      const drafted = await page.getByLabel("Text (Markdown)").inputValue();
      expect(drafted).toContain(`“${sentence}”[^${reference}]`);
      expect(drafted).toContain(`[^${reference}]: Contribution [${reference}](`);
      expect(await page.locator(".drafting-panel").textContent()).toContain(`draws on ${reference}`);
      await page.screenshot({ path: `${screenshotDir}/document-drafting.png`, fullPage: true });
      await sam.audit();
      await page.getByRole("button", { name: "Create the document" }).click();
      const documentUrl = page.url().split("?")[0] as string;
      await page.getByLabel("Publish this version to").selectOption("public");
      await page.getByRole("button", { name: "Publish" }).click();
      expect(await page.locator(".section-cites").textContent()).toContain(reference);
      expect(await page.locator(".footnotes-list").textContent()).toContain(`Contribution ${reference}`);
      await sam.audit();

      // A reader selects the quote with the keyboard and comments on it.
      await rea.page.goto(documentUrl);
      await rea.page.getByRole("button", { name: "Select words with the keyboard" }).focus();
      await rea.page.keyboard.press("Enter");
      await expect.poll(() => rea.page.evaluate(() => document.activeElement?.tagName)).toBe("TEXTAREA");
      await rea.page.keyboard.press("Control+Home");
      for (let i = 0; i < FIRST.indexOf(QUOTE); i++) await rea.page.keyboard.press("ArrowRight");
      for (let i = 0; i < QUOTE.length; i++) await rea.page.keyboard.press("Shift+ArrowRight");
      await rea.page.keyboard.press("Tab");
      await expect
        .poll(() => rea.page.evaluate(() => document.activeElement?.textContent))
        .toBe("Comment on selection");
      await rea.page.keyboard.press("Enter");
      await expect.poll(() => rea.page.locator("[data-selection-quote]").textContent()).toBe(QUOTE);
      await rea.page.screenshot({ path: `${screenshotDir}/document-keyboard-selection.png`, fullPage: true });
      await rea.page.keyboard.type("Say which incidents, and with whom.");
      await rea.page.keyboard.press("Tab");
      await rea.page.keyboard.press("Enter");
      await rea.page.waitForURL(/#comment-/);
      expect(await rea.page.locator(".comments").first().textContent()).toContain(`On the words “${QUOTE}”`);
      await rea.audit();

      // Another reader, without JavaScript, comments on the second paragraph as a whole.
      await nod.page.goto(documentUrl);
      const second = nod.page.locator(".document-block").filter({ hasText: "Regional meetings help" });
      await second.getByText("Comment on this paragraph").click();
      await second.getByLabel("Your comment").fill("Name the regional meetings.");
      await second.getByRole("button", { name: "Send the comment" }).click();
      expect(
        await nod.page.locator(".document-block").filter({ hasText: "Regional meetings help" }).textContent(),
      ).toContain("Name the regional meetings.");
      await nod.audit();

      // Version 2: a paragraph inserted above, the sentence around the quote rewritten, the second paragraph gone.
      await page.goto(`${documentUrl}/edit`);
      await sam.audit();
      const v1 = await page.getByLabel("Text (Markdown)").inputValue();
      const rewritten =
        "Trusted channels between response teams matter. Thanks to them, incidents be shared well before any damage spreads.";
      const v2 = v1
        .replace(
          "# Capacity building\n",
          "# Capacity building\n\nFunding for small teams is the first concern this year.\n",
        )
        .replace(FIRST, rewritten)
        .replace(`${SECOND}\n\n`, "");
      expect(v2).not.toContain(SECOND);
      await page.getByLabel("Text (Markdown)").fill(v2);
      await page.getByLabel("What changed in this version").fill("Comments of the public review taken in");
      await page.getByLabel("Publish this version to").selectOption("public");
      await page.getByRole("button", { name: "Save a version" }).click();

      await anyone.page.goto(documentUrl);
      expect(await anyone.page.locator("main > p").first().textContent()).toContain("Version 2");
      const first = anyone.page.locator(".document-block").filter({ hasText: "Thanks to them" });
      expect(await first.locator(".comments").textContent()).toContain(`On the words “${QUOTE}”`);
      expect(await first.locator(".comments").textContent()).toContain("Say which incidents");
      const orphans = anyone.page.locator("section", {
        has: anyone.page.getByRole("heading", { name: "Comments on earlier versions" }),
      });
      expect(await orphans.textContent()).toContain("A comment on version 1");
      expect(await orphans.textContent()).toContain("Name the regional meetings.");
      await anyone.page.screenshot({ path: `${screenshotDir}/document-version-2.png`, fullPage: true });
      await anyone.audit();

      // The secretariat answers both comments; the public report shows what happened, with counts.
      await page.goto(documentUrl);
      await page.getByRole("link", { name: "What happened to the comments" }).click();
      for (const [text, outcome, note] of [
        ["Say which incidents", "Incorporated", "Named in version 2."],
        ["Name the regional meetings", "Not incorporated", "The paragraph was cut."],
      ] as const) {
        const entry = page.locator("ol.report > li").filter({ hasText: text });
        await entry.getByText("Answer this comment").click();
        await entry.getByLabel("What was done").selectOption({ label: outcome });
        await entry.getByLabel("Version that addressed it").selectOption({ label: "Version 2" });
        await entry.getByLabel("Note").fill(note);
        await entry.getByRole("button", { name: "Save the answer" }).click();
        await expect.poll(() => page.getByRole("status").textContent()).toBe("The answer was saved.");
      }
      await sam.audit();
      await anyone.page.goto(`${documentUrl}/comments-report`);
      const report = (await anyone.page.locator("main").textContent()) ?? "";
      expect(report).toContain("Incorporated (1)");
      expect(report).toContain("Not incorporated (1)");
      expect(report).toContain("Named in version 2.");
      await anyone.page.screenshot({ path: `${screenshotDir}/document-report.png`, fullPage: true });
      await anyone.page.getByRole("link", { name: "Not incorporated (1)" }).click();
      expect(await anyone.page.locator("ol.report > li").count()).toBe(1);
      expect(await anyone.page.locator("ol.report").textContent()).toContain("The paragraph was cut.");
      await anyone.audit();

      // The .docx, read back: headings, real footnotes citing the contribution, the annex of contributions.
      const docx = await anyone.page.request.get(`${documentUrl}/export.docx`);
      expect(docx.status()).toBe(200);
      const files = unzipSync(new Uint8Array(await docx.body()));
      const documentXml = strFromU8(files["word/document.xml"] as Uint8Array);
      const footnotesXml = strFromU8(files["word/footnotes.xml"] as Uint8Array);
      expect(documentXml).toContain('w:val="Heading1"');
      expect(documentXml).toContain("<w:footnoteReference");
      expect(documentXml).toContain("Thanks to them, incidents be shared");
      expect(documentXml).toContain("Contributions as of");
      expect(documentXml).toContain(contribution.contributor_name ?? "");
      expect(footnotesXml).toContain(`Contribution `);
      expect(footnotesXml).toContain(reference);

      // The print page, and the contribution's page saying where it was used.
      await anyone.page.goto(`${documentUrl}/print`);
      expect(await anyone.page.locator(".print-annex h2").textContent()).toContain("Contributions as of");
      await anyone.page.emulateMedia({ media: "print" });
      await anyone.page.screenshot({ path: `${screenshotDir}/document-print.png`, fullPage: true });
      await anyone.page.emulateMedia({ media: "screen" });
      await anyone.audit();
      await anyone.page.goto(`${env.server.url}/f/bpf-cybersecurity/2017/contributions/${reference}`);
      const used = anyone.page.locator("section", {
        has: anyone.page.getByRole("heading", { name: "Used in" }),
      });
      expect(await used.getByRole("link").textContent()).toBe("Output document 2017 § Capacity building");
      await anyone.audit();
    } finally {
      await sam.close();
      await rea.close();
      await nod.close();
      await anyone.close();
    }
  }, 240_000);
});
