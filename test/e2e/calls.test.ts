import mammoth from "mammoth";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../../src/auth/sessions.js";
import { getPublishedQuestionnaire } from "../../src/calls/published.js";
import { pickText } from "../../src/calls/questionnaire-model.js";
import { personWithRole, seedForum } from "../../src/calls/test-fixtures.js";
import {
  browserAvailable,
  launchBrowser,
  newJourney,
  screenshotDir,
  startTestServer,
  type TestServer,
} from "./support.js";

const QUESTIONS: { type: string; label: string; options?: string; items?: string }[] = [
  { type: "short_text", label: "Which initiative or organisation do you represent?" },
  { type: "long_text", label: "How does good cybersecurity help ICTs support development?" },
  {
    type: "single_choice",
    label: "Is your answer personal or institutional?",
    options: "Personal\nInstitutional",
  },
  {
    type: "multiple_choice",
    label: "Which stakeholder groups did you consult?",
    options: "Government\nCivil society\nPrivate sector",
  },
  {
    type: "item_list",
    label: "Which policy options would address each threat?",
    items: "Denial of service\nMobile device security\nShared critical services such as DNS and IXPs",
  },
  { type: "link_list", label: "Links to relevant examples and good practices" },
  { type: "file_upload", label: "Your main document" },
  { type: "contributor_details", label: "About the contributor" },
  { type: "consent", label: "May we publish your contribution?" },
];

describe.skipIf(!browserAvailable)(
  "building, translating and publishing a call, in Chromium without JavaScript",
  () => {
    let server: TestServer;
    let browser: Browser;
    let secretariatCookie: string;
    let memberCookie: string;

    beforeAll(async () => {
      server = await startTestServer();
      browser = await launchBrowser();
      const db = server.database.db;
      const { forum, cycle } = await seedForum(db);
      // This journey runs on the real clock: keep the 2017 call open (a closed call invites nobody).
      await db
        .updateTable("milestones")
        .set({ at: new Date("2099-12-18T11:59:59Z") })
        .where("cycle_id", "=", cycle.id)
        .where("kind", "=", "call_closes")
        .execute();
      const sec = await personWithRole(
        db,
        forum.id,
        "secretariat",
        "eleonora@example.org",
        "Eleonora Secretariat",
      );
      const member = await personWithRole(db, forum.id, "member", "wout@example.org", "Wout Member");
      secretariatCookie = (await createSession(db, { userId: sec.userId, now: new Date() })).cookieValue;
      memberCookie = (await createSession(db, { userId: member.userId, now: new Date() })).cookieValue;
    });
    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    async function signIn(page: Page, value: string) {
      await page.context().addCookies([{ name: "session", value, url: server.url }]);
    }

    it("builds every kind of question, translates, derives an NRI variant, takes a comment, publishes, and serves the call and its .docx", async () => {
      const sec = await newJourney(browser);
      const member = await newJourney(browser);
      const reader = await newJourney(browser);
      const base = `${server.url}/f/bpf-cyber/2017`;
      try {
        const p = sec.page;
        await signIn(p, secretariatCookie);
        await p.goto(`${base}/questionnaire`);
        await sec.audit();
        await p.getByRole("button", { name: "Create the questionnaire" }).click();
        expect(await p.getByRole("status").textContent()).toContain("questionnaire has been created");
        await p.getByLabel("Section title").fill("Cybersecurity and the SDGs");
        await p.getByRole("button", { name: "Add the section" }).click();
        await sec.audit();

        // A choice question with one option is refused beside its field, with what was typed kept.
        // The kind of question comes first; the form then shows only that kind's settings.
        await p.getByLabel("Kind of question").selectOption("single_choice");
        await p.getByRole("button", { name: "Continue" }).click();
        expect(await p.getByLabel("Items", { exact: true }).count()).toBe(0);
        expect(await p.getByLabel("Licence").count()).toBe(0);
        await sec.audit();
        await p.getByLabel(/^Question \(in \u2068?English\u2069?\)$/).fill("A question with a single option");
        await p.getByLabel("Options", { exact: true }).fill("Only one");
        await p.getByRole("button", { name: "Add the question" }).click();
        await expect(p.locator(".error-summary").textContent()).resolves.toContain("at least two options");
        expect(await p.getByLabel(/^Question \(in \u2068?English\u2069?\)$/).inputValue()).toBe(
          "A question with a single option",
        );
        expect(await p.locator("#field-options-error").textContent()).toContain("at least two options");
        await sec.audit();

        await p.getByRole("link", { name: "Choose another kind" }).click();
        for (const q of QUESTIONS) {
          await p.getByLabel("Kind of question").selectOption(q.type);
          await p.getByRole("button", { name: "Continue" }).click();
          await p.getByLabel(/^Question \(in \u2068?English\u2069?\)$/).fill(q.label);
          if (q.options) await p.getByLabel("Options", { exact: true }).fill(q.options);
          if (q.items) await p.getByLabel("Items", { exact: true }).fill(q.items);
          await p.getByRole("button", { name: "Add the question" }).click();
          expect(await p.getByRole("status").textContent()).toContain("question has been added");
        }
        await sec.audit();
        const headings = async () => (await p.locator("ol > li > h3").allTextContents()).map((s) => s.trim());
        expect(await headings()).toEqual(QUESTIONS.map((q) => q.label));

        // Reordering without JavaScript: a move-up button in its own form.
        await p.getByRole("button", { name: `Move up: “${QUESTIONS[1]!.label}”` }).click();
        expect((await headings()).slice(0, 2)).toEqual([QUESTIONS[1]!.label, QUESTIONS[0]!.label]);

        // Spanish, side by side: two texts translated, the rest counted as missing.
        await p.locator("dd").getByRole("link", { name: "Español" }).click();
        await sec.audit();
        // The translation gets as much room as the original beside it, not a sliver.
        const field = await p
          .getByLabel(/^Question in \u2068?Español\u2069?$/)
          .first()
          .boundingBox();
        const table = await p.locator("table").boundingBox();
        expect(field!.width).toBeGreaterThan(table!.width * 0.4);
        await p.screenshot({ path: `${screenshotDir}/translate-es.png` });
        await p
          .getByLabel(/^Question in \u2068?Español\u2069?$/)
          .first()
          .fill("¿Cómo ayuda una buena ciberseguridad a que las TIC apoyen el desarrollo?");
        await p
          .getByLabel(/^Item in \u2068?Español\u2069?$/)
          .first()
          .fill("Denegación de servicio");
        await p.getByRole("button", { name: "Save the translations" }).click();
        expect(await p.getByRole("status").textContent()).toContain("translations have been saved");
        expect(await p.locator("dd", { hasText: "Español" }).textContent()).toMatch(/\d+ texts missing/);

        // The call itself.
        await p.goto(`${base}/call/edit`);
        await p
          .getByLabel("Message to contributors")
          .fill("Everyone is invited to answer the questionnaire below.");
        await p
          .getByLabel("Overview")
          .fill("Cybersecurity affects how far ICTs can support the Sustainable Development Goals.");
        await p
          .getByLabel("Relevant reading")
          .fill("UN Sustainable Development Goals https://sdgs.un.org/goals");
        await p.getByRole("button", { name: "Save the call" }).click();
        expect(await p.getByRole("status").textContent()).toContain("call has been saved");
        await sec.audit();

        // Editing a question keeps its id; the edit page is audited too.
        await p.goto(`${base}/questionnaire`);
        await p.getByRole("link", { name: `Edit the question “${QUESTIONS[0]!.label}”` }).click();
        await sec.audit();
        await p
          .getByLabel(/^Question \(in \u2068?English\u2069?\)$/)
          .fill("Which organisation or initiative do you represent?");
        await p.getByRole("button", { name: "Save the question" }).click();
        expect(await p.getByRole("status").textContent()).toContain("question has been saved");

        // Recipients: a line that cannot be read is shown beside the field, the input kept.
        await p.goto(`${base}/call/send`);
        await sec.audit();
        await p
          .getByLabel("Recipients, one per line")
          .fill("Amina Diallo <amina@example.org>\nno address here");
        await p.getByRole("button", { name: "Add the recipients" }).click();
        expect(await p.locator("#field-recipients-problems").textContent()).toContain("Line 2");
        expect(await p.getByLabel("Recipients, one per line").inputValue()).toContain("no address here");
        await sec.audit();
        await p.getByLabel("Recipients, one per line").fill("Amina Diallo <amina@example.org>");
        await p.getByRole("button", { name: "Add the recipients" }).click();
        expect(await p.locator("table").textContent()).toContain("Not sent yet");

        // A member reads the draft and comments on a question.
        await signIn(member.page, memberCookie);
        await member.page.goto(`${base}/questionnaire`);
        await member.audit();
        const critical = QUESTIONS[4]!.label;
        await member.page.locator("li", { hasText: critical }).locator("summary").click();
        await member.page
          .getByLabel(`Your comment on “${critical}”`)
          .fill("Add ransomware to the list of threats.");
        await member.page.getByRole("button", { name: "Send the comment" }).click();
        expect(await member.page.getByRole("status").textContent()).toContain("comment has been added");
        await member.page.locator("li", { hasText: critical }).locator("summary").click();
        expect(await member.page.locator("li", { hasText: critical }).textContent()).toContain(
          "Add ransomware",
        );
        await member.audit();
        expect(await member.page.getByRole("button", { name: /Publish/ }).count()).toBe(0);

        // The secretariat derives an NRI variant, adds a question to it, and publishes both.
        await p.goto(`${base}/questionnaire`);
        await p.getByLabel("Short key").fill("nri");
        await p.locator("#field-variant_name").fill("Questionnaire for NRIs");
        await p.locator("#field-variant_audience").fill("National and regional IGF initiatives");
        await p.getByRole("button", { name: "Create the variant" }).click();
        expect(await p.getByRole("status").textContent()).toContain("variant has been created");
        await p.getByLabel("Kind of question").selectOption("short_text");
        await p.getByRole("button", { name: "Continue" }).click();
        await p
          .getByLabel(/^Question \(in \u2068?English\u2069?\)$/)
          .fill("Which national or regional initiative do you answer for?");
        await p.getByRole("button", { name: "Add the question" }).click();
        await p.getByRole("button", { name: "Publish as version 1" }).click();
        expect(await p.getByRole("status").textContent()).toContain("Published");
        await sec.audit();
        await p.getByRole("link", { name: "Questionnaire" }).first().click();
        await p.getByRole("button", { name: "Publish as version 1" }).click();
        expect(await p.getByRole("status").textContent()).toContain("Published");
        await p.goto(`${base}/call/send`);
        // The page says who will get the call before anything goes out, and asks for a confirmation.
        expect(await p.locator("section[aria-labelledby=send] form p").first().textContent()).toContain(
          "1 person will receive the call",
        );
        await p.getByRole("button", { name: "Send the call to 1 person" }).click();
        expect(await p.locator(".error-summary").textContent()).toContain("I have checked the recipients");
        await sec.audit();
        await p.locator("details", { hasText: "Show who" }).locator("summary").click();
        await p.screenshot({ path: `${screenshotDir}/call-send.png`, fullPage: true });
        await p.getByLabel("I have checked the recipients").check();
        await p.getByRole("button", { name: "Send the call to 1 person" }).click();
        // Queued, or already delivered to the outbox by the job runner: either way it went out once.
        expect(await p.locator("table").textContent()).toMatch(/Call: (Queued|Kept in the outbox)/);
        await sec.audit();
        const baseQ = await getPublishedQuestionnaire(server.database.db, (await cycleId()) as string);
        const nriQ = await getPublishedQuestionnaire(server.database.db, (await cycleId()) as string, "nri");
        const ids = (q: typeof baseQ) => q!.sections.flatMap((s) => s.questions.map((x) => x.id));
        expect(ids(nriQ)).toEqual(expect.arrayContaining(ids(baseQ)));

        // Anyone reads the call in Spanish, JavaScript off, from the link the call mail carries.
        const r = reader.page;
        await r.goto(`${server.url}/f/bpf-cyber/2017/call?lang=es`);
        expect(await r.getAttribute("html", "lang")).toBe("es");
        expect(await r.locator("h1").textContent()).toBe(
          "Convocatoria de contribuciones: BPF Cybersecurity 2017",
        );
        expect(await r.getByRole("heading", { name: "Plazos" }).count()).toBe(1);
        const html = await r.content();
        expect(Buffer.byteLength(html)).toBeLessThan(50_000);
        expect(
          await r.getByRole("link", { name: "Enviar una contribución", exact: true }).getAttribute("href"),
        ).toBe("/f/bpf-cyber/2017/contribute?variant=base&lang=es");
        expect(await r.locator("ul.deadlines").textContent()).toContain("AoE");
        await r.screenshot({ path: `${screenshotDir}/call-es.png`, fullPage: true });
        await reader.audit();

        // The .docx of the questionnaire, in Spanish with the English original where no translation exists.
        const href = await r.getByRole("link", { name: /^Descargar «Questionnaire»/ }).getAttribute("href");
        expect(href).toBe("/f/bpf-cyber/2017/call/questionnaire.docx?variant=base&lang=es");
        const response = await r.context().request.get(`${server.url}${href}`);
        expect(response.headers()["content-type"]).toContain("wordprocessingml");
        const { value: text } = await mammoth.extractRawText({ buffer: await response.body() });
        for (const q of baseQ!.sections.flatMap((s) => s.questions)) {
          expect(text).toContain(pickText(q.label, "es", "en"));
          if (q.type === "item_list")
            for (const i of q.items) expect(text).toContain(pickText(i.label, "es", "en"));
          if (q.type === "single_choice" || q.type === "multiple_choice")
            for (const o of q.options) expect(text).toContain(pickText(o.label, "es", "en"));
        }
        expect(text).toContain("¿Cómo ayuda una buena ciberseguridad a que las TIC apoyen el desarrollo?");
        expect(text).toContain("Denegación de servicio");
        expect(text).toContain("Mobile device security");

        // The base is reworded after the NRI variant was derived: the variant says so and takes the new wording.
        await p.goto(`${base}/questionnaire`);
        await p.getByRole("link", { name: `Edit the question “${QUESTIONS[5]!.label}”` }).click();
        await p
          .getByLabel(/^Question \(in \u2068?English\u2069?\)$/)
          .fill("Links to examples and good practices you know of");
        await p.getByRole("button", { name: "Save the question" }).click();
        await p.goto(`${base}/questionnaire?variant=nri`);
        expect(await p.locator("#drift-title").textContent()).toContain(
          "The base questionnaire changed since this variant was derived (1 question)",
        );
        await sec.audit();
        await p.getByRole("button", { name: "Update from base" }).click();
        expect(await p.getByRole("status").textContent()).toContain("updated from the base questionnaire");
        expect(await p.locator("main").textContent()).toContain(
          "Links to examples and good practices you know of",
        );
      } finally {
        await sec.close();
        await member.close();
        await reader.close();
      }
    }, 240_000);

    async function cycleId() {
      const row = await server.database.db
        .selectFrom("cycles")
        .select("id")
        .where("year", "=", 2017)
        .executeTakeFirst();
      return row?.id;
    }
  },
);
