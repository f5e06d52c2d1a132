// A contributor on a phone, without JavaScript, answers in Spanish, uploads a Word document, saves a draft,
// resumes it, submits, gets the receipt mail, confirms the address and edits once; the secretariat publishes;
// the public list shows it with its timeliness and the annex .docx lists it.
import mammoth from "mammoth";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../../src/auth/sessions.js";
import { seedCallsDemoFor } from "../../src/calls/demo.js";
import { buildDocx } from "../../src/files/test-fixtures.js";
import { ANYWHERE_ON_EARTH } from "../../src/forums/index.js";
import {
  browserAvailable,
  launchBrowser,
  newJourney,
  screenshotDir,
  startTestServer,
  type TestServer,
} from "./support.js";

const day = 86_400_000;

describe.skipIf(!browserAvailable)("contributing on a phone, in Spanish, without JavaScript", () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    // The lead's forum pages will create forums; here the journey's forum is written directly.
    const db = server.database.db;
    const forum = await db
      .insertInto("forums")
      .values({
        slug: "bpf-cyber",
        name: "Best Practice Forum on Cybersecurity",
        time_zone: "UTC",
        mailing_list: "bpf@example.org",
        updated_at: new Date(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const cycle = await db
      .insertInto("cycles")
      .values({ forum_id: forum.id, year: 2017, previous_cycle_id: null })
      .returningAll()
      .executeTakeFirstOrThrow();
    const now = Date.now();
    const milestones = {
      call_opens: now - 10 * day,
      soft_deadline: now + 10 * day,
      inclusion_cutoff: now + 20 * day,
      call_closes: now + 60 * day,
    };
    for (const [kind, at] of Object.entries(milestones))
      await db
        .insertInto("milestones")
        .values({ cycle_id: cycle.id, kind, at: new Date(at), time_zone: ANYWHERE_ON_EARTH })
        .execute();
    // A second forum named like the first, with the secretariat's questionnaire, in four languages.
    const gender = await db
      .insertInto("forums")
      .values({
        slug: "bpf-gender",
        name: "Best Practice Forum on Gender and Access",
        time_zone: "UTC",
        mailing_list: "bpf-gender@example.org",
        languages: ["en", "es", "fr", "ar"],
        updated_at: new Date(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const genderCycle = await db
      .insertInto("cycles")
      .values({ forum_id: gender.id, year: 2017, previous_cycle_id: null })
      .returningAll()
      .executeTakeFirstOrThrow();
    for (const [kind, at] of Object.entries(milestones))
      await db
        .insertInto("milestones")
        .values({ cycle_id: genderCycle.id, kind, at: new Date(at), time_zone: ANYWHERE_ON_EARTH })
        .execute();
    await seedCallsDemoFor(db, { forum: gender, cycle: genderCycle, secretariatUserId: undefined });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("drafts, resumes, submits, confirms, edits; the secretariat publishes; list and annex show it", async () => {
    const phone = await newJourney(browser, { viewport: { width: 390, height: 844 }, javaScript: false });
    const admin = await newJourney(browser);
    try {
      const page = phone.page;
      await page.goto(`${server.url}/f/bpf-cyber/2017/contribute?variant=base&lang=es`);
      expect(await page.getAttribute("html", "lang")).toBe("es");
      await phone.audit();
      await page
        .getByLabel("Su contribución como texto")
        .fill("La cooperación entre equipos de respuesta necesita canales de confianza.");
      const docx = await buildDocx(
        [
          "Las redes eléctricas y de transporte son infraestructura crítica, y su protección depende de la cooperación entre operadores, gobiernos y la comunidad técnica.",
          "Proponemos que los equipos nacionales compartan información sobre incidentes a través de canales de confianza.",
        ],
        { heading: "Contribución sobre infraestructura crítica" },
      );
      await page.getByLabel("Documento principal").setInputFiles({
        name: "contribucion.docx",
        mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        buffer: docx,
      });
      await page.getByLabel("Tratamiento (por ejemplo Sra., Sr., Dra.)").fill("Sra.");
      await page.getByLabel("Su nombre", { exact: true }).fill("Lucía Ejemplo");
      await page.getByLabel("Organización", { exact: true }).fill("Red Ejemplo de Sociedad Civil");
      await page.getByLabel("Grupo de partes interesadas").selectOption("civil_society");
      await page.getByLabel("País", { exact: true }).selectOption("AR");
      await page.getByLabel("Correo electrónico").fill("lucia@example.org");
      await page.getByLabel("Publicar mi contribución con mi nombre y mi organización").check();

      // Save a draft: the private link comes back, with the document attached.
      const saveStarted = Date.now();
      await page.getByRole("button", { name: "Guardar borrador" }).click();
      const saveMs = Date.now() - saveStarted;
      const draftUrl = page.url().replace(/\?.*$/, "");
      expect(draftUrl).toMatch(/\/c\/[0-9a-f-]{36}\/[A-Za-z0-9_-]{32}$/);
      await expect(page.getByText("Su borrador está guardado").isVisible()).resolves.toBe(true);
      expect(await page.locator("body").textContent()).toContain("contribucion.docx");
      await phone.audit();

      // Leave, come back from the private link, and submit.
      await page.goto(`${server.url}/f/bpf-cyber/2017/contributions`);
      await page.goto(draftUrl);
      expect(await page.getByLabel("Su nombre", { exact: true }).inputValue()).toBe("Lucía Ejemplo");
      const submitStarted = Date.now();
      await page.getByRole("button", { name: "Enviar contribución" }).click();
      const submitMs = Date.now() - submitStarted;
      expect(await page.locator("h1").textContent()).toBe("Gracias: hemos recibido su contribución");
      const reference = (await page.locator("[data-reference]").textContent())?.trim() ?? "";
      expect(reference).toBe("BPF-2017-0001");
      await expect(page.getByText("A tiempo").first().isVisible()).resolves.toBe(true);
      await page.screenshot({ path: `${screenshotDir}/contribution-receipt-es.png`, fullPage: true });
      // The private link stays within the phone's width.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(await page.getByLabel("Enlace privado").inputValue()).toMatch(/\/c\/[0-9a-f-]{36}\//);
      await phone.audit();

      // The receipt mail, in Spanish, carries the reference and the link that confirms the address.
      await server.app.services.jobs.runUntilIdle();
      const mail = await server.database.db
        .selectFrom("mail_outbox")
        .selectAll()
        .where("to_address", "=", "lucia@example.org")
        .executeTakeFirstOrThrow();
      expect(mail.subject).toBe(`Contribución ${reference} recibida: Best Practice Forum on Cybersecurity`);
      const verify = mail.text_body.match(/https?:\/\/\S+\?v=\S+/)?.[0] ?? "";
      expect(verify).not.toBe("");
      await page.goto(verify);
      await expect(page.getByText("su dirección está confirmada").isVisible()).resolves.toBe(true);
      await phone.audit();

      // One edit.
      await page.getByRole("link", { name: "Cambiar mi contribución" }).click();
      await phone.audit();
      await page
        .getByLabel("Su contribución como texto")
        .fill("Texto revisado: la cooperación necesita canales de confianza y formación.");
      await page.getByRole("button", { name: "Guardar cambios" }).click();
      await expect(page.getByText("Sus cambios están guardados.").isVisible()).resolves.toBe(true);

      // The secretariat (the site administrator) publishes it.
      await admin.page.goto(server.adminLink());
      await admin.page.getByRole("button", { name: "Sign in" }).click();
      // On a phone, every row's actions are on screen without scrolling sideways.
      await admin.page.setViewportSize({ width: 390, height: 844 });
      await admin.page.goto(`${server.url}/f/bpf-cyber/2017/contributions/manage`);
      await admin.audit();
      const publishButton = admin.page.getByRole("button", { name: `Publish ${reference}` });
      const box = await publishButton.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
      expect(await admin.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await admin.page.screenshot({ path: `${screenshotDir}/moderation-phone.png`, fullPage: true });
      await publishButton.click();
      await expect(admin.page.getByText("Published.").isVisible()).resolves.toBe(true);
      await admin.audit();

      // The public list (in Spanish, chosen with the language switcher) shows it with its timeliness.
      await page.goto(`${server.url}/lang/es?next=${encodeURIComponent("/f/bpf-cyber/2017/contributions")}`);
      const row = page.locator("tr", { hasText: reference });
      expect(await row.textContent()).toContain("Sra. Lucía Ejemplo / Red Ejemplo de Sociedad Civil");
      expect(await row.textContent()).toContain("A tiempo");
      await phone.audit();
      await page.getByRole("link", { name: reference }).click();
      expect(await page.locator("main").textContent()).toContain("Texto revisado");
      await phone.audit();

      // The annex as .docx lists it, as the records do.
      const annex = await fetch(`${server.url}/f/bpf-cyber/2017/contributions/annex.docx`);
      const { value } = await mammoth.extractRawText({ buffer: Buffer.from(await annex.arrayBuffer()) });
      expect(value).toContain("1. Sra. Lucía Ejemplo / Red Ejemplo de Sociedad Civil");
      console.log(`draft save ${saveMs} ms, submission ${submitMs} ms (browser click to receipt page)`);
    } finally {
      await phone.close();
      await admin.close();
    }
  }, 120_000);

  it("withdraws after a confirmation, says so and when; moderators see why; long addresses stay on screen", async () => {
    const phone = await newJourney(browser, { viewport: { width: 390, height: 844 }, javaScript: false });
    const admin = await newJourney(browser, { viewport: { width: 1280, height: 900 } });
    const long =
      "a.very.long.address.for.someone.at.an.organisation@ministry-of-information-and-communications.example.gov";
    try {
      const page = phone.page;
      await page.goto(`${server.url}/f/bpf-cyber/2017/contribute`);
      await page.getByLabel("Your contribution as text").fill("First paragraph.\n\nSecond paragraph.");
      await page
        .getByLabel("Your name", { exact: true })
        .fill("Maximiliana Konstantinopoulou-Featherstonehaugh");
      await page
        .getByLabel("Organisation", { exact: true })
        .fill("Coordination Secretariat for Small Island States");
      await page.getByLabel("Stakeholder group").selectOption("government");
      await page.getByLabel("Country", { exact: true }).selectOption("MU");
      await page.getByLabel("E-mail address").fill(long);
      await page.getByLabel("Publish my contribution with my name and organisation").check();
      await page.getByRole("button", { name: "Submit contribution" }).click();
      const reference = (await page.locator("[data-reference]").textContent())?.trim() ?? "";
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await phone.audit();
      await page.getByRole("link", { name: "Open my private page" }).click();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      // Two paragraphs typed in the browser stay two.
      expect(await page.locator("main p", { hasText: "Second paragraph." }).count()).toBe(1);
      const privateUrl = page.url();

      await page.getByRole("link", { name: "Withdraw my contribution…" }).click();
      await expect(page.getByText("This cannot be undone.").isVisible()).resolves.toBe(true);
      await phone.audit();
      await page.getByLabel(/Why are you withdrawing it/).fill("Sent by mistake.");
      await page.getByRole("button", { name: "Yes, withdraw my contribution" }).click();
      await expect(page.getByText("Your contribution has been withdrawn.").isVisible()).resolves.toBe(true);
      await expect(page.getByText(/You withdrew this contribution on/).isVisible()).resolves.toBe(true);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await page.screenshot({ path: `${screenshotDir}/contribution-withdrawn.png`, fullPage: true });
      await phone.audit();
      const edit = await page.goto(`${privateUrl}/edit`);
      expect(edit?.status()).toBe(410);
      expect(await page.locator("main").textContent()).not.toContain("deadline");
      await phone.audit();

      // The secretariat's card says who withdrew it and when, offers no publish, and keeps within its column.
      // The administrator's one-time link was used by the first journey: a session of their own instead.
      const administrator = await server.database.db
        .selectFrom("users")
        .select("id")
        .where("is_site_admin", "=", true)
        .executeTakeFirstOrThrow();
      const { cookieValue } = await createSession(server.database.db, {
        userId: administrator.id,
        now: new Date(),
      });
      await admin.page.context().addCookies([{ name: "session", value: cookieValue, url: server.url }]);
      await admin.page.goto(`${server.url}/f/bpf-cyber/2017/contributions/manage`);
      const card = admin.page.locator(`li.card[data-contribution="${reference}"]`);
      expect(await card.textContent()).toContain("Withdrawn by its author on");
      expect(await card.getByRole("button", { name: `Publish ${reference}` }).count()).toBe(0);
      const overflowing = await admin.page
        .locator(".card")
        .evaluateAll((cards) => cards.filter((c) => c.scrollWidth > c.clientWidth + 1).length);
      expect(overflowing).toBe(0);
      await admin.page.screenshot({ path: `${screenshotDir}/moderation-withdrawn-1280.png`, fullPage: true });
      await admin.audit();
    } finally {
      await phone.close();
      await admin.close();
    }
  }, 120_000);

  it("shows the questionnaire in the secretariat's words on a 360 px phone in Arabic, links one at a time", async () => {
    const phone = await newJourney(browser, { viewport: { width: 360, height: 780 }, javaScript: false });
    const withScript = await newJourney(browser, { viewport: { width: 360, height: 780 }, javaScript: true });
    try {
      const page = phone.page;
      await page.goto(`${server.url}/f/bpf-gender/2017/contribute?lang=ar`);
      expect(await page.getAttribute("html", "dir")).toBe("rtl");
      expect(await page.locator('input[type="url"]').count()).toBe(1);
      expect(await page.locator('select[name="licence"]').count()).toBe(0);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await phone.audit();
      // Without JavaScript: the button brings the form back with one more field and what was typed.
      await page.locator('input[name="a.q_links.url.0"]').fill("https://example.org/one");
      await page.getByRole("button", { name: "أضف رابطًا آخر" }).click();
      expect(await page.locator('input[type="url"]').count()).toBe(2);
      expect(await page.locator('input[name="a.q_links.url.0"]').inputValue()).toBe(
        "https://example.org/one",
      );
      await page.screenshot({ path: `${screenshotDir}/contribution-form-ar-360.png`, fullPage: true });
      await phone.audit();
      // With it: the field appears in place, focused, without a round trip.
      await withScript.page.goto(`${server.url}/f/bpf-gender/2017/contribute?lang=ar`);
      await withScript.page.getByRole("button", { name: "أضف رابطًا آخر" }).click();
      expect(await withScript.page.locator('input[type="url"]').count()).toBe(2);
      expect(await withScript.page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe(
        "a.q_links.url.1",
      );
    } finally {
      await phone.close();
      await withScript.close();
    }
  }, 120_000);
});
