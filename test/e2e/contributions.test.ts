// A contributor on a phone, without JavaScript, answers in Spanish, uploads a Word document, saves a draft,
// resumes it, submits, gets the receipt mail, confirms the address and edits once; the secretariat publishes;
// the public list shows it with its timeliness and the annex .docx lists it.
import mammoth from "mammoth";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDocx } from "../../src/files/test-fixtures.js";
import { ANYWHERE_ON_EARTH } from "../../src/forums/time/zones.js";
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
});
