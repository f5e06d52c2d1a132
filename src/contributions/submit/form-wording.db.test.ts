// What the pages say must be true for the contribution in front of the reader: the deadline story told the
// same way on the call page, the form and the receipt; receipts of late contributions; the hiding reason's
// audience; the secretariat's own wording of the questionnaire; a fixed licence; a link list on a phone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../auth/actor.js";
import { seedCallsDemoFor } from "../../calls/demo.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { testEngines } from "../../test-support/databases.js";
import { messagesOf } from "../../ui/i18n/catalogue.js";
import { privatePath } from "../links.js";
import { hideContribution, setAutoPublish } from "../moderation/service.js";
import { completeFields, FormVisitor, seedTestForum } from "../test-support.js";
import { answerField } from "./answers.js";

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, " ");

describe.each(testEngines)("what the contribution pages say (%s)", (engine) => {
  let t: TestApp;
  let ids: Awaited<ReturnType<typeof seedTestForum>>;
  const secretariat: Actor = { kind: "token", tokenId: "t", name: "sec", role: "secretariat", forumId: null };
  const deps = () => ({
    db: t.database.db,
    now: new Date("2017-10-06T00:00:00Z"),
    secret: t.app.services.secret,
    publicUrl: "http://localhost",
  });

  beforeAll(async () => {
    t = await createTestApp(engine);
    ids = await seedTestForum(t.database.db);
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A contribution through the web form at an instant (no questionnaire yet: the free-text form). */
  async function submitAt(at: string, email: string) {
    t.setNow(new Date(at));
    const visitor = new FormVisitor(t.app);
    const res = await visitor.postForm("/f/bpf-cyber/2017/contribute", completeFields({ email }));
    expect(res.statusCode, res.body.slice(0, 500)).toBe(303);
    const receipt = await visitor.get(String(res.headers.location));
    const row = await t.database.db
      .selectFrom("contributions")
      .selectAll()
      .where("email", "=", email)
      .executeTakeFirstOrThrow();
    return { visitor, receipt, row };
  }
  const mailTo = (email: string) =>
    t.database.db
      .selectFrom("mail_outbox")
      .selectAll()
      .where("to_address", "=", email)
      .executeTakeFirstOrThrow();

  describe("receipts", () => {
    it("tells a late contributor what is true: no edits promised past a passed deadline, no publication promised", async () => {
      const { receipt } = await submitAt("2017-10-05T10:00:00Z", "late-sender@example.org");
      const body = text(receipt.body);
      expect(body).not.toContain("until the inclusion deadline");
      expect(body).toContain("The period for changes ended on September 30, 2017");
      expect(body).toContain("bpf-cyber@example.org");
      // Moderation is manual here: the receipt says the secretariat checks it first, not that it is published.
      expect(body).not.toMatch(/accepted and published/);
      expect(body).toContain("The secretariat checks each contribution before publishing it");
      const mail = await mailTo("late-sender@example.org");
      expect(mail.text_body).not.toContain("until the inclusion deadline");
      expect(mail.text_body).not.toContain("accepted and published");
      expect(mail.text_body).toContain("The period for changes ended on September 30, 2017");
    });

    it("promises edits until the real date to a contributor who can still make them", async () => {
      const { receipt } = await submitAt("2017-09-10T10:00:00Z", "early-sender@example.org");
      expect(text(receipt.body)).toContain("until September 30, 2017");
      const mail = await mailTo("early-sender@example.org");
      expect(mail.text_body).toContain("until September 30, 2017");
    });

    it("says publication follows the address check when the cycle publishes by itself", async () => {
      await setAutoPublish(deps(), {
        actor: secretariat,
        forumId: ids.forum.id,
        cycleId: ids.cycle2017.id,
        on: true,
      });
      try {
        const { receipt } = await submitAt("2017-09-10T10:00:00Z", "auto-sender@example.org");
        expect(text(receipt.body)).toContain("It will be published as soon as you confirm your address");
      } finally {
        await setAutoPublish(deps(), {
          actor: secretariat,
          forumId: ids.forum.id,
          cycleId: ids.cycle2017.id,
          on: false,
        });
      }
    });
  });

  describe("the hiding reason", () => {
    it("is labelled for whom it really is shown, and the contributor sees it", async () => {
      const { row, visitor } = await submitAt("2017-09-10T10:00:00Z", "hidden-one@example.org");
      await hideContribution(deps(), {
        actor: secretariat,
        contributionId: row.id,
        reason: "Personal data inside",
      });
      const publicPage = await t.app.inject({
        method: "GET",
        url: `/f/bpf-cyber/2017/contributions/${row.reference}`,
      });
      expect(publicPage.statusCode).toBe(404);
      const own = await visitor.get(privatePath(t.app.services.secret, row.id));
      expect(text(own.body)).toContain("Personal data inside");
      const messages = messagesOf("contributions");
      for (const locale of ["en", "es", "fr", "ar"] as const) {
        const label = messages[locale]?.["contributions.manage.reasonFor"] ?? "";
        expect(label, locale).not.toMatch(/public|público|public|للجمهور/i);
      }
    });
  });

  describe("with the secretariat's questionnaire", () => {
    beforeAll(async () => {
      await seedCallsDemoFor(t.database.db, {
        forum: ids.forum,
        cycle: ids.cycle2017,
        secretariatUserId: undefined,
      });
    });

    it("tells the same deadline story on the call page, the form and a guaranteed receipt", async () => {
      t.setNow(new Date("2017-09-20T10:00:00Z"));
      const visitor = new FormVisitor(t.app);
      const call = text((await visitor.get("/f/bpf-cyber/2017/call")).body);
      const form = text((await visitor.get("/f/bpf-cyber/2017/contribute")).body);
      expect(call).not.toContain("are marked as late");
      for (const page of [call, form]) {
        expect(page).toContain("Inclusion guaranteed");
        expect(page).toMatch(/After that and by September 30, 2017[^.]*: marked “Inclusion guaranteed”/);
        expect(page).toMatch(/until the call closes on November 30, 2017[^.]*: accepted, marked “Late”/);
      }
      // A contribution sent now gets the receipt the call page promised.
      const sent = await visitor.postForm("/f/bpf-cyber/2017/contribute", [
        ["variant", "base"],
        [answerField("q_good_security_helps"), "Helps."],
        [answerField("q_poor_security_hinders"), "Hinders."],
        [answerField("q_critical_issue"), "Critical."],
        ...completeFields({ email: "guaranteed@example.org" }),
      ]);
      expect(sent.statusCode, sent.body.slice(0, 1000)).toBe(303);
      const receipt = text((await visitor.get(String(sent.headers.location))).body);
      expect(receipt).toContain("Inclusion guaranteed");
      expect(receipt).toContain("its inclusion is still guaranteed");
      expect(receipt).not.toContain("Late");
    });

    it("uses the secretariat's wording for the details, consent and file questions, with one 'About you'", async () => {
      t.setNow(new Date("2017-09-10T10:00:00Z"));
      const form = await new FormVisitor(t.app).get("/f/bpf-cyber/2017/contribute");
      const body = text(form.body);
      expect(body).toContain("Who is contributing?");
      expect(body).toContain("May we publish your contribution on the forum's pages?");
      expect(body).toContain(
        "Your contribution as a document (2 to 3 pages, Word or another editable format)",
      );
      expect(body).toContain("Appendices with detailed examples or proposals");
      expect(body.match(/About you/g)).toHaveLength(1);
      // Each where the questionnaire asks for it: the details in "About you", the documents after the links.
      expect(body.indexOf("Who is contributing?")).toBeGreaterThan(body.indexOf("About you"));
      expect(body.indexOf("Who is contributing?")).toBeLessThan(body.indexOf("In what ways does strong"));
      expect(body.indexOf("Your contribution as a document")).toBeGreaterThan(
        body.indexOf("Links to relevant information"),
      );
    });

    it("states a fixed licence instead of offering a choice, and applies it", async () => {
      t.setNow(new Date("2017-09-10T10:00:00Z"));
      const visitor = new FormVisitor(t.app);
      const form = await visitor.get("/f/bpf-cyber/2017/contribute");
      expect(form.body).not.toContain('name="licence"');
      expect(text(form.body)).toContain("Creative Commons Attribution 4.0 (CC BY 4.0)");
      const res = await visitor.postForm("/f/bpf-cyber/2017/contribute", [
        ["variant", "base"],
        [answerField("q_good_security_helps"), "Helps."],
        [answerField("q_poor_security_hinders"), "Hinders."],
        [answerField("q_critical_issue"), "Critical."],
        ...completeFields({ email: "fixed-licence@example.org", licence: "cc0" }),
      ]);
      expect(res.statusCode, res.body.slice(0, 1500)).toBe(303);
      const row = await t.database.db
        .selectFrom("contributions")
        .select("licence")
        .where("email", "=", "fixed-licence@example.org")
        .executeTakeFirstOrThrow();
      expect(row.licence).toBe("cc_by_4_0");
    });

    it("shows one link field and adds one at a time, without JavaScript, keeping what was typed", async () => {
      t.setNow(new Date("2017-09-10T10:00:00Z"));
      const visitor = new FormVisitor(t.app);
      const form = await visitor.get("/f/bpf-cyber/2017/contribute");
      const urlFields = (html: string) => html.match(/name="a\.q_links\.url\.\d+"/g) ?? [];
      expect(urlFields(form.body)).toHaveLength(1);
      expect(form.body).toContain('value="add_link:q_links"');
      const count = async () =>
        Number(
          (
            await t.database.db
              .selectFrom("contributions")
              .select((eb) => eb.fn.countAll().as("n"))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const before = await count();
      const added = await visitor.postForm("/f/bpf-cyber/2017/contribute", [
        ["variant", "base"],
        [answerField("q_links", "url", 0), "https://example.org/first"],
        [answerField("q_critical_issue"), "Typed before adding a link."],
        // The button pressed is the one action a browser sends.
        ...completeFields({ email: "links@example.org", action: "add_link:q_links" }),
      ]);
      expect(added.statusCode).toBe(200);
      expect(urlFields(added.body)).toHaveLength(2);
      expect(added.body).toContain('value="https://example.org/first"');
      expect(added.body).toContain("Typed before adding a link.");
      expect(added.body).toContain('value="links@example.org"');
      expect(await count()).toBe(before);
      // Focus lands on the new field for keyboard and screen-reader users.
      expect(added.body).toMatch(/name="a\.q_links\.url\.1"[^>]*autofocus/);
    });
  });
});
