import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../auth/actor.js";
import { createApiToken } from "../../auth/api-tokens.js";
import { createSession } from "../../auth/sessions.js";
import { TestAgent } from "../../test-support/agent.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { testEngines } from "../../test-support/databases.js";
import { addQuestion, addSection, createQuestionnaire, publishVariant } from "../questionnaire/service.js";
import { withoutLang } from "../routes.js";
import { personWithRole, seedForum } from "../test-fixtures.js";
import { saveCall } from "./service.js";

describe.each(testEngines)("the public call page on %s", (engine) => {
  let t: TestApp;
  let secretariat: Actor;
  let scope: Awaited<ReturnType<typeof seedForum>>;
  const now = new Date("2017-08-10T12:00:00Z");

  beforeAll(async () => {
    t = await createTestApp(engine);
    t.setNow(now);
    const db = t.database.db;
    scope = await seedForum(db);
    secretariat = await personWithRole(db, scope.forum.id, "secretariat", "sec@example.org", "Eleni Sec");
    const as = { actor: secretariat, forum: scope.forum, cycle: scope.cycle, now };
    await createQuestionnaire(db, { ...as, input: { originalLanguage: "en" } });
    await addSection(db, { ...as, input: { title: "Cybersecurity and the SDGs" } });
    await addQuestion(db, {
      ...as,
      sectionId: "s_cybersecurity_and_the_sdgs",
      input: { type: "long_text", label: "How does good security help?" },
    });
    await publishVariant(db, as);
    await saveCall(db, { ...as, input: { message: "Please contribute.", overview: "Why.", reading: "" } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("shows the whole page in Spanish for ?lang=es, without touching the reader's language cookie", async () => {
    const agent = new TestAgent(t.app);
    const es = await agent.get("/f/bpf-cyber/2017/call?lang=es");
    expect(es.statusCode).toBe(200);
    expect(es.body).toMatch(/<html[^>]* lang="es"/);
    expect(es.body).toContain(
      '<h1>Convocatoria de contribuciones: <bdi lang="en">BPF Cybersecurity</bdi> 2017</h1>',
    );
    expect(es.body).toContain("Plazos");
    expect(es.body).toContain("Enviar una contribución");
    // The header's switcher leads back to the call without ?lang=, so choosing English works.
    expect(es.body).toContain(`href="/lang/en?next=${encodeURIComponent("/f/bpf-cyber/2017/call")}"`);
    expect(es.headers["set-cookie"]?.toString() ?? "").not.toContain("lang=");
    const plain = await agent.get("/f/bpf-cyber/2017/call");
    expect(plain.body).toMatch(/<html[^>]* lang="en"/);
    expect(plain.body).toContain("<h1>Call for contributions: <bdi>BPF Cybersecurity</bdi> 2017</h1>");
  });

  it("shows the site's own words in any ?lang= the site speaks, even one the forum does not offer", async () => {
    // ?lang= is honoured on every page (server/app.ts); the call's text stays in the languages it was written in.
    const fr = await new TestAgent(t.app).get("/f/bpf-cyber/2017/call?lang=fr");
    expect(fr.statusCode).toBe(200);
    expect(fr.body).toMatch(/<html[^>]* lang="fr"/);
    expect(fr.body).toContain('<h1>Appel à contributions : <bdi lang="en">BPF Cybersecurity</bdi> 2017</h1>');
    const xx = await new TestAgent(t.app).get("/f/bpf-cyber/2017/call?lang=xx");
    expect(xx.body).toMatch(/<html[^>]* lang="en"/);
  });

  it("invites contributions only while the call is open: says when it opens, and when it closed and where to write", async () => {
    const db = t.database.db;
    await db
      .insertInto("milestones")
      .values({
        cycle_id: scope.cycle.id,
        kind: "call_opens",
        at: new Date("2017-08-01T07:00:00Z"),
        time_zone: "Europe/Zurich",
        all_day: false,
      })
      .execute();
    await db
      .updateTable("forums")
      .set({ mailing_list: "bpf-cyber@lists.example.org" })
      .where("id", "=", scope.forum.id)
      .execute();
    const agent = new TestAgent(t.app);
    try {
      t.setNow(new Date("2017-07-20T12:00:00Z"));
      const before = await agent.get("/f/bpf-cyber/2017/call");
      expect(before.body).toContain("The call opens on Aug 1, 2017, 9:00 AM");
      expect(before.body).not.toContain("Submit a contribution");
      expect(before.body).toContain("as a Word document");

      t.setNow(now);
      const open = await agent.get("/f/bpf-cyber/2017/call");
      expect(open.body).not.toContain("The call opens on");
      expect(open.body).not.toContain("The call closed");
      expect(open.body).toContain("Submit a contribution");
      // What each deadline means, told as the form and the receipt tell it.
      expect(open.body).toContain("marked “Inclusion guaranteed”, and still included in the output.");
      expect(open.body).toContain("accepted, marked “Late”");

      t.setNow(new Date("2018-01-10T12:00:00Z"));
      const after = await agent.get("/f/bpf-cyber/2017/call");
      expect(after.body).toContain(
        "The call closed on December 17, 2017, Anywhere on Earth (AoE, UTC−12:00). It no longer accepts contributions.",
      );
      expect(after.body).toContain('href="mailto:bpf-cyber@lists.example.org"');
      expect(after.body).not.toContain("Submit a contribution");
      expect(after.body).not.toContain("/contribute?");
      expect(after.body).not.toContain("accepted, marked “Late”");
    } finally {
      t.setNow(now);
      await db
        .deleteFrom("milestones")
        .where("cycle_id", "=", scope.cycle.id)
        .where("kind", "=", "call_opens")
        .execute();
    }
  });

  it("drops only lang from a URL", () => {
    expect(withoutLang("/f/x/2017/call?lang=es&variant=nri")).toBe("/f/x/2017/call?variant=nri");
    expect(withoutLang("/f/x/2017/call?lang=es")).toBe("/f/x/2017/call");
    expect(withoutLang("/f/x/2017/call")).toBe("/f/x/2017/call");
  });
  it("lets the secretariat retitle the call from its form and the API, checked and logged", async () => {
    const db = t.database.db;
    const agent = new TestAgent(t.app);
    agent.cookies.set(
      "session",
      (await createSession(db, { userId: secretariat.kind === "user" ? secretariat.userId : "", now }))
        .cookieValue,
    );
    const form = await agent.get("/f/bpf-cyber/2017/call/edit");
    expect(form.statusCode).toBe(200);
    // Empty until set: the page then uses the usual title, which the hint names.
    expect(form.body).toMatch(/<input[^>]*name="title"[^>]*>/);
    expect(form.body).toContain("Call for contributions: \u2068BPF Cybersecurity\u2069 2017");
    const fields = { message: "Please contribute.", overview: "Why.", reading: "" };

    const tooLong = await agent.post("/f/bpf-cyber/2017/call/edit", { ...fields, title: "x".repeat(201) });
    expect(tooLong.statusCode).toBe(422);
    expect(tooLong.body).toMatch(/id="field-title-error">[^<]*200 characters/);
    expect(tooLong.body).toMatch(/name="title" value="x{201}"/);

    const saved = await agent.post("/f/bpf-cyber/2017/call/edit", {
      ...fields,
      title: "  Share your experience:\n cybersecurity and the SDGs  ",
    });
    expect(saved.statusCode).toBe(303);
    const page = await agent.get("/f/bpf-cyber/2017/call");
    expect(page.body).toContain("<h1>Share your experience: cybersecurity and the SDGs</h1>");
    expect(page.body).toMatch(/<title>\u2068Share your experience: cybersecurity and the SDGs\u2069 · /);
    // A Spanish reader sees the original title, marked as English, until it is translated.
    const es = await agent.get("/f/bpf-cyber/2017/call?lang=es");
    expect(es.body).toContain('<h1 lang="en">Share your experience: cybersecurity and the SDGs</h1>');
    const audit = await db
      .selectFrom("audit_log")
      .select(["action", "before", "after"])
      .where("action", "=", "call.update")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(audit.before).toMatchObject({ title: null });
    expect(audit.after).toMatchObject({ title: "Share your experience: cybersecurity and the SDGs" });

    // The API changes it too, and refuses the same bad title with a clear 422.
    const apiFields = { message: "Please contribute.", overview: "Why." };
    const { token } = await createApiToken(db, { name: "ci", role: "secretariat", forumId: scope.forum.id });
    const put = (title: string) =>
      t.app.inject({
        method: "PUT",
        url: "/api/v1/forums/bpf-cyber/cycles/2017/call",
        headers: { authorization: `Bearer ${token}` },
        payload: { ...apiFields, title },
      });
    const refused = await put("y".repeat(201));
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.fields).toEqual({
      title: "Shorten the title to 200 characters or fewer.",
    });
    const renamed = await put("Cybersecurity and the SDGs: your experience");
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json().texts.title).toEqual({ en: "Cybersecurity and the SDGs: your experience" });
    // Leaving the title out keeps it; an empty one goes back to the usual title.
    expect(
      (
        await t.app.inject({
          method: "PUT",
          url: "/api/v1/forums/bpf-cyber/cycles/2017/call",
          headers: { authorization: `Bearer ${token}` },
          payload: apiFields,
        })
      ).json().texts.title,
    ).toEqual({ en: "Cybersecurity and the SDGs: your experience" });
    await put("");
    expect((await agent.get("/f/bpf-cyber/2017/call")).body).toContain(
      "<h1>Call for contributions: <bdi>BPF Cybersecurity</bdi> 2017</h1>",
    );
  });
});
