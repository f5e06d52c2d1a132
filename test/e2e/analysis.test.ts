// The analysis workspace in Chromium: one member builds the codebook and codes a demo contribution's paragraph
// without JavaScript; another selects a passage with JavaScript on and codes it, widened to whole words; the .docx export
// holds each excerpt under its heading with the contributor's name; a Spanish search typed without accents
// finds the accented, inflected words; an excerpt of a document's text survives the document being extracted
// again. Every page passes axe.
import mammoth from "mammoth";
import { describe, expect, it } from "vitest";
import { createSession } from "../../src/auth/sessions.js";
import { insertForumRole, insertUser } from "../../src/auth/users.js";
import { fileStoreFor } from "../../src/contributions/storage.js";
import { findCycle } from "../../src/forums/index.js";
import { enqueueJob } from "../../src/jobs/queries.js";
import { makePublishedContribution } from "../../src/test-support/factories.js";
import { browserAvailable, newJourney, serverAndBrowser } from "./support.js";

/** The start of `text` up to `end`, carried on to the end of the word `end` falls inside. */
function wholeWords(text: string, end: number): string {
  const rest = text.slice(end).search(/[^\p{L}\p{N}]/u);
  return text.slice(0, rest < 0 ? text.length : end + rest);
}

describe.skipIf(!browserAvailable)("analysis workspace in Chromium", () => {
  const env = serverAndBrowser({ demo: true });

  /** A member of the demo forum, signed in, in a journey with or without JavaScript. */
  async function member(email: string, name: string, javaScript: boolean) {
    const db = env.server.database.db;
    const forum = await db
      .selectFrom("forums")
      .select("id")
      .where("slug", "=", "bpf-cybersecurity")
      .executeTakeFirstOrThrow();
    const user = await insertUser(db, { email, name });
    await insertForumRole(db, { forumId: forum.id, userId: user.id, role: "member", grantedBy: null });
    const { cookieValue } = await createSession(db, { userId: user.id, now: new Date() });
    const journey = await newJourney(env.browser, { javaScript });
    await journey.page.context().addCookies([{ name: "session", value: cookieValue, url: env.server.url }]);
    return journey;
  }

  it("codes demo contributions by paragraph without JavaScript and by selection with it, then exports them", async () => {
    const mia = await member("mia@example.org", "Mia Member", false);
    const lee = await member("lee@example.org", "Lee Lead", true);
    try {
      const { page } = mia;
      await page.goto(`${env.server.url}/f/bpf-cybersecurity/2017`);
      await page.getByRole("link", { name: "Analysis 2017" }).first().click();
      await mia.audit();
      await page.getByRole("link", { name: "Codebook" }).first().click();
      for (const [name, kind] of [
        ["Capacity building", "theme"],
        ["Recommendations", "section"],
      ] as const) {
        await page.getByLabel("Name", { exact: true }).fill(name);
        await page.getByLabel("Kind").selectOption(kind);
        await page.getByRole("button", { name: "Add a code" }).click();
        await expect.poll(() => page.getByRole("status").textContent()).toBe("The code was added.");
      }
      await mia.audit();

      await page.getByRole("link", { name: "Analysis 2017" }).click();
      await page.getByRole("link", { name: "Read and code" }).first().click();
      await mia.audit();
      const firstParagraph = page.locator(".coding-paragraph label").first();
      const paragraphText = (await firstParagraph.textContent()) ?? "";
      expect(paragraphText.length).toBeGreaterThan(20);
      await page.locator(".coding-paragraph input").first().check();
      await page.locator("[data-coding-form]").getByLabel("Capacity building").check();
      await page.getByRole("button", { name: "Code", exact: true }).click();
      expect(await page.getByRole("status").textContent()).toBe("Coded.");
      expect(await page.locator(".excerpts blockquote").first().textContent()).toBe(paragraphText);
      const codingUrl = page.url().split("?")[0]!;

      // With JavaScript, selecting a passage fills the selection fields.
      await lee.page.goto(codingUrl);
      const paragraph = await lee.page.evaluate(() => {
        const label = document.querySelectorAll(".coding-paragraph label")[0]!;
        const text = label.firstChild!;
        const range = document.createRange();
        range.setStart(text, 0);
        range.setEnd(text, 20);
        const selection = document.getSelection()!;
        selection.removeAllRanges();
        selection.addRange(range);
        return text.textContent ?? "";
      });
      // The drag stopped inside a word: the quote shown, and saved, runs to the word's end.
      const selected = wholeWords(paragraph, 20);
      expect(selected.length).toBeGreaterThanOrEqual(20);
      await expect.poll(() => lee.page.locator("[data-selection-quote]").textContent()).toBe(selected);
      await lee.page.locator("[data-coding-form]").getByLabel("Recommendations").check();
      await lee.page.locator("[data-coding-form]").getByLabel("Policy proposal").check();
      await lee.page.getByRole("button", { name: "Code", exact: true }).click();
      await expect.poll(() => lee.page.getByRole("status").textContent()).toBe("Coded.");
      const quotes = await lee.page.locator(".excerpts blockquote").allTextContents();
      expect(quotes).toContain(selected);

      // Keyboard only: the paragraph in a text box that refuses edits, Shift and the arrows select.
      await lee.page.getByRole("button", { name: "Select with the keyboard" }).first().click();
      const area = lee.page.locator("textarea.coding-keyboard").first();
      await expect.poll(() => lee.page.evaluate(() => document.activeElement?.tagName)).toBe("TEXTAREA");
      await lee.page.keyboard.press("Control+Home");
      for (let i = 0; i < 15; i++) await lee.page.keyboard.press("Shift+ArrowRight");
      const typed = wholeWords(await area.inputValue(), 15);
      await expect.poll(() => lee.page.locator("[data-selection-quote]").textContent()).toBe(typed);
      await lee.page.locator("[data-coding-form]").getByLabel("Capacity building").check();
      await lee.page.getByRole("button", { name: "Code", exact: true }).click();
      await expect.poll(() => lee.page.getByRole("status").textContent()).toBe("Coded.");
      expect(await lee.page.locator(".excerpts blockquote").allTextContents()).toContain(typed);
      expect(await area.count()).toBe(0); // a fresh page: the text is shown as text again
      await lee.audit();

      // The export, read back: each excerpt under its heading, with the contributor's name or "anonymous".
      const contributor = (await page.locator("main > p").nth(1).textContent()) ?? "";
      const docx = await page.request.get(
        `${env.server.url}/f/bpf-cybersecurity/2017/analysis/excerpts.docx?by=section`,
      );
      expect(docx.status()).toBe(200);
      const { value: text } = await mammoth.extractRawText({ buffer: await docx.body() });
      const heading = text.indexOf("Recommendations");
      expect(heading).toBeGreaterThan(-1);
      expect(text.indexOf(`“${selected}”`)).toBeGreaterThan(heading);
      expect(text).toContain(`— ${contributor}`);
      expect(text).toContain("Without a section");

      // A Spanish contribution with a document: searched without accents, coded, then extracted again.
      const db = env.server.database.db;
      const { forum, cycle } = await findCycle(db, "bpf-cybersecurity", 2017);
      const spanish = await makePublishedContribution(db, {
        forum: forum as never,
        cycle: cycle as never,
        name: "Lucía Fernández",
        stakeholderGroup: "civil_society",
        country: "AR",
        text: "La formación de los equipos técnicos es la primera necesidad de los pequeños Estados. Proponemos programas regionales de formación continua para los gobiernos y la sociedad civil.",
        receivedAt: "2017-09-05T10:00:00Z",
      });
      const store = fileStoreFor(env.server.app.services.config.dataDir);
      const annex =
        "Anexo.\n\nLa cooperación regional entre los equipos de respuesta es esencial.\n\nLos gobiernos deben financiar la formación técnica.";
      const extract = async (text: string, fileId?: string) => {
        const bytes = Buffer.from(text, "utf8");
        const sha256 = await store.put(bytes);
        const id = fileId
          ? (
              await db
                .updateTable("contribution_files")
                .set({ sha256, size: bytes.length, extraction_status: "pending", extracted_text: null })
                .where("id", "=", fileId)
                .returning("id")
                .executeTakeFirstOrThrow()
            ).id
          : (
              await db
                .insertInto("contribution_files")
                .values({
                  contribution_id: spanish.id,
                  role: "appendix",
                  position: 1,
                  file_name: "anexo.txt",
                  size: bytes.length,
                  detected_type: "txt",
                  media_type: "text/plain",
                  sha256,
                })
                .returning("id")
                .executeTakeFirstOrThrow()
            ).id;
        await enqueueJob(db, "contributions.extract", { fileId: id });
        await expect
          .poll(
            async () =>
              (
                await db
                  .selectFrom("contribution_files")
                  .select("extraction_status")
                  .where("id", "=", id)
                  .executeTakeFirstOrThrow()
              ).extraction_status,
            { timeout: 30_000, interval: 250 },
          )
          .toBe("done");
        return id;
      };
      const fileId = await extract(annex);

      await page.goto(`${env.server.url}/f/bpf-cybersecurity/2017/analysis`);
      await page.getByRole("link", { name: "Search the contributions" }).click();
      await page.getByLabel("Words to find").fill("formacion tecnica");
      await page.getByRole("button", { name: "Search", exact: true }).click();
      expect(await page.getByRole("status").textContent()).toBe("1 contribution matches.");
      const marked = await page.locator(".search-results mark").allTextContents();
      expect(marked).toContain("formación");
      expect(marked.some((m) => /^técnic/.test(m))).toBe(true);
      await mia.audit();
      await page
        .getByRole("link", { name: spanish.reference ?? "" })
        .first()
        .click();
      const sentence = "La cooperación regional entre los equipos de respuesta es esencial.";
      await page.locator(".coding-paragraph", { hasText: sentence }).locator("input").check();
      await page.locator("[data-coding-form]").getByLabel("Capacity building").check();
      await page.getByRole("button", { name: "Code", exact: true }).click();
      expect(await page.getByRole("status").textContent()).toBe("Coded.");

      // The document is extracted again with a preface: the excerpt is found where it now stands.
      await extract(`Anexo revisado.\n\nUn prefacio nuevo.\n\n${annex}`, fileId);
      await page.reload();
      const main = (await page.locator("main").textContent()) ?? "";
      expect(main).not.toContain("no longer found");
      expect(await page.locator(".excerpts blockquote").allTextContents()).toContain(sentence);
      const excerpt = await db
        .selectFrom("analysis_excerpts")
        .select(["anchor_status", "start_offset"])
        .where("contribution_id", "=", spanish.id)
        .executeTakeFirstOrThrow();
      expect(excerpt.anchor_status).not.toBe("orphan");
      expect(excerpt.start_offset).toBe(
        `Anexo revisado.\n\nUn prefacio nuevo.\n\n${annex}`.indexOf(sentence),
      );
      await mia.audit();
    } finally {
      await mia.close();
      await lee.close();
    }
  });
});
