import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "../../auth/actor.js";
import { createApiToken } from "../../auth/api-tokens.js";
import { createSession } from "../../auth/sessions.js";
import { markDelivery } from "../../mail/outbox.js";
import { TestAgent } from "../../test-support/agent.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { testEngines } from "../../test-support/databases.js";
import { saveCall } from "../call/service.js";
import { listComments } from "../comments/service.js";
import { seedCallsDemoFor } from "../demo.js";
import { getPublishedQuestionnaire, listPublishedQuestionnaires } from "../published.js";
import { pickText } from "../questionnaire-model.js";
import {
  addRecipients,
  CALL_REMINDER_JOB,
  callRecipientsWithStatus,
  scheduleReminder,
  sendCall,
} from "../sending/service.js";
import { personWithRole, seedForum } from "../test-fixtures.js";
import {
  addQuestion,
  addSection,
  commentOnQuestion,
  createQuestionnaire,
  createVariant,
  loadQuestionnaire,
  publishVariant,
  removeQuestion,
  saveTranslations,
  translationState,
  updateQuestion,
} from "./service.js";

// The contributions room owns who has contributed; here two addresses have.
vi.mock("../../contributions/contributors.js", () => ({
  contributorEmailsForCycle: async () => new Set(["already@example.org", "nri-done@example.org"]),
}));

describe.each(testEngines)("calls and questionnaires on %s", (engine) => {
  let t: TestApp;
  let scope: Awaited<ReturnType<typeof seedForum>>;
  let secretariat: Actor;
  let member: Actor;
  let outsider: Actor;
  const now = () => new Date("2017-08-10T12:00:00Z");
  const as = (actor: Actor) => ({ actor, forum: scope.forum, cycle: scope.cycle, now: now() });

  beforeAll(async () => {
    t = await createTestApp(engine);
    t.setNow(now());
    const db = t.database.db;
    scope = await seedForum(db);
    secretariat = await personWithRole(db, scope.forum.id, "secretariat", "sec@example.org", "Eleni Sec");
    member = await personWithRole(db, scope.forum.id, "member", "member@example.org", "Mo Member");
    outsider = await personWithRole(db, scope.forum.id, null, "outsider@example.org", "Olga Outside");
    await createQuestionnaire(db, { ...as(secretariat), input: { originalLanguage: "en" } });
    await addSection(db, { ...as(secretariat), input: { title: "Cybersecurity and the SDGs" } });
    await addQuestion(db, {
      ...as(secretariat),
      sectionId: "s_cybersecurity_and_the_sdgs",
      input: {
        id: "q_helps",
        type: "long_text",
        label: "How does good security help?",
        guidanceUnit: "words",
        guidanceMax: 500,
      },
    });
    await addQuestion(db, {
      ...as(secretariat),
      sectionId: "s_cybersecurity_and_the_sdgs",
      input: {
        id: "q_threats",
        type: "item_list",
        label: "Policy options per threat",
        items: ["Denial of service", "Mobile devices"],
      },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("refuses members and outsiders as editors, and anonymous readers of a draft", async () => {
    const db = t.database.db;
    const input = { type: "short_text", label: "Sneaky" };
    await expect(
      addQuestion(db, { ...as(member), sectionId: "s_cybersecurity_and_the_sdgs", input }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(publishVariant(db, as(member))).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      saveCall(db, { ...as(member), input: { message: "x", overview: "", reading: "" } }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      sendCall(db, {
        ...as(member),
        settings: { publicUrl: "http://x", secret: "s" },
        confirm: { checkedRecipients: true },
      }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(loadQuestionnaire(db, as({ kind: "anonymous" }))).rejects.toMatchObject({
      code: "unauthorized",
    });
    await expect(loadQuestionnaire(db, as(outsider))).rejects.toMatchObject({ code: "forbidden" });
    // A member reads the draft and comments on a question.
    const draft = await loadQuestionnaire(db, as(member));
    expect(draft.permissions.edit).toBe(false);
    const comment = await commentOnQuestion(db, {
      ...as(member),
      questionId: "q_helps",
      body: "Say which goals.",
    });
    const anHourLater = { ...as(secretariat), now: new Date("2017-08-10T13:00:00Z") };
    await commentOnQuestion(db, {
      ...anHourLater,
      questionId: "q_helps",
      body: "Done.",
      parentId: comment.id,
    });
    const rows = await listComments(
      db,
      { forumId: scope.forum.id, type: "questionnaire_variant", id: draft.variant.id },
      "q_helps",
    );
    expect(rows.map((r) => [r.author_label, r.parent_id === comment.id])).toEqual([
      ["Mo Member", false],
      ["Eleni Sec", true],
    ]);
    await expect(
      commentOnQuestion(db, { ...as(member), questionId: "q_helps", body: "  " }),
    ).rejects.toMatchObject({
      fields: { body: "calls.comment.empty" },
    });
    // The HTTP face: anonymous is sent to sign in, the draft is not public.
    const anonymous = await new TestAgent(t.app).get("/f/bpf-cyber/2017/questionnaire");
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toContain("/sign-in");
  });

  it("freezes a version on publish; later edits wait for the next version", async () => {
    const db = t.database.db;
    const v1 = await publishVariant(db, as(secretariat));
    expect(v1.version).toBe(1);
    await updateQuestion(db, {
      ...as(secretariat),
      questionId: "q_helps",
      input: { type: "long_text", label: "How does good cybersecurity help development?" },
    });
    const stillV1 = await getPublishedQuestionnaire(db, scope.cycle.id);
    expect(stillV1?.versionId).toBe(v1.versionId);
    expect(stillV1?.sections[0]?.questions[0]?.label.en).toBe("How does good security help?");
    const v2 = await publishVariant(db, as(secretariat));
    expect(v2.version).toBe(2);
    expect(v2.versionId).not.toBe(v1.versionId);
    expect(v2.sections[0]?.questions[0]).toMatchObject({
      id: "q_helps",
      label: { en: "How does good cybersecurity help development?" },
    });
  });

  it("counts missing translations and falls back to the original where one is missing", async () => {
    const db = t.database.db;
    const before = await translationState(db, as(secretariat));
    expect(before.missing.es).toBeGreaterThan(0);
    await saveTranslations(db, {
      ...as(secretariat),
      lang: "es",
      values: {
        "q:q_helps:label": "¿Cómo ayuda una buena ciberseguridad al desarrollo?",
        "q:q_threats:i:i_denial_of_service": "Denegación de servicio",
      },
    });
    const after = await translationState(db, as(secretariat));
    expect(after.missing.es).toBe((before.missing.es ?? 0) - 2);
    const pq = await publishVariant(db, as(secretariat));
    const [helps, threats] = pq.sections[0]!.questions;
    expect(pickText(helps!.label, "es", pq.originalLanguage)).toBe(
      "¿Cómo ayuda una buena ciberseguridad al desarrollo?",
    );
    expect(pickText(threats!.label, "es", pq.originalLanguage)).toBe("Policy options per threat");
    if (threats?.type !== "item_list") throw new Error("expected an item list");
    expect(threats.items.map((i) => pickText(i.label, "es", "en"))).toEqual([
      "Denegación de servicio",
      "Mobile devices",
    ]);
    await expect(saveTranslations(db, { ...as(secretariat), lang: "en", values: {} })).rejects.toMatchObject({
      code: "invalid",
    });
  });

  it("derives a variant that shares question ids, and rewords, adds and drops without touching the base", async () => {
    const db = t.database.db;
    await createVariant(db, {
      ...as(secretariat),
      input: { key: "nri", name: "For NRIs", audience: "National and regional initiatives" },
    });
    const nri = { ...as(secretariat), variantKey: "nri" };
    await updateQuestion(db, {
      ...nri,
      questionId: "q_helps",
      input: { type: "long_text", label: "How does good cybersecurity help development in your region?" },
    });
    const added = await addQuestion(db, {
      ...nri,
      sectionId: "s_cybersecurity_and_the_sdgs",
      input: { type: "short_text", label: "Name of your initiative" },
    });
    await removeQuestion(db, { ...nri, questionId: "q_threats" });
    await publishVariant(db, nri);
    const base = await getPublishedQuestionnaire(db, scope.cycle.id);
    const variant = await getPublishedQuestionnaire(db, scope.cycle.id, "nri");
    const ids = (pq: typeof base) => pq!.sections.flatMap((s) => s.questions.map((q) => q.id));
    expect(ids(base)).toEqual(["q_helps", "q_threats"]);
    expect(ids(variant)).toEqual(["q_helps", added.id]);
    expect(ids(base)).not.toContain(added.id);
    // The reworded question keeps its Spanish translation only where its text did not change.
    expect(variant!.sections[0]!.questions[0]!.label.es).toBeUndefined();
    expect(base!.sections[0]!.questions[0]!.label.es).toBeDefined();
    expect((await listPublishedQuestionnaires(db, scope.cycle.id)).map((p) => p.variantKey)).toEqual([
      "base",
      "nri",
    ]);
    await expect(
      createVariant(db, { ...as(secretariat), input: { key: "nri", name: "Again" } }),
    ).rejects.toMatchObject({ fields: { key: "calls.variant.keyTaken" } });
  });

  it("shows recipient lines that cannot be read beside the field, keeping the input", async () => {
    const db = t.database.db;
    await saveCall(db, {
      ...as(secretariat),
      input: {
        message: "Please contribute.",
        overview: "Why it matters.",
        reading: "UN SDGs https://sdgs.un.org/goals",
      },
    });
    const agent = new TestAgent(t.app);
    const { cookieValue } = await createSession(db, {
      userId: (secretariat as { userId: string }).userId,
      now: now(),
    });
    agent.cookies.set("session", cookieValue);
    const pasted = "Amina Diallo <amina@example.org>\nnot an address at all\nBob <bob@@example>";
    const res = await agent.post("/f/bpf-cyber/2017/call/recipients", { recipients: pasted, tags: "" });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain("Line 2");
    expect(res.body).toContain("Line 3");
    expect(res.body).toContain("Line 2 (“not an address at all”): no e-mail address found");
    expect(res.body).toMatch(/<textarea[^>]*name="recipients"[^>]*>Amina Diallo &lt;amina@example.org>/);
    expect(res.body).toContain('class="error-summary"');
    const ok = await agent.post("/f/bpf-cyber/2017/call/recipients", {
      recipients: "Amina Diallo <amina@example.org>",
      tags: "",
    });
    expect(ok.statusCode).toBe(303);
  });

  it("sends one personalised message per recipient and shows each one's status from the outbox", async () => {
    const db = t.database.db;
    await addRecipients(db, {
      ...as(secretariat),
      recipients: [
        { email: "ana@example.org", name: "Ana Ruiz", language: "es" },
        { email: "already@example.org", name: "Already Done" },
      ],
    });
    await addRecipients(db, {
      ...as(secretariat),
      recipients: [
        { email: "nri-done@example.org", name: "NRI Done" },
        { email: "nri-open@example.org", name: "NRI Open" },
      ],
      tags: ["nri"],
    });
    const settings = { publicUrl: "http://intersession.test", secret: "s3cret" };
    // Nothing goes out until the sender confirms the recipients, and only the recipients they were shown.
    await expect(
      sendCall(db, { ...as(secretariat), settings, confirm: { checkedRecipients: false } }),
    ).rejects.toMatchObject({ fields: { confirm: "calls.send.confirmRequired" } });
    await expect(
      sendCall(db, { ...as(secretariat), settings, confirm: { checkedRecipients: true, expected: 4 } }),
    ).rejects.toMatchObject({ fields: { send: "calls.send.changed" } });
    expect(
      await db.selectFrom("mail_outbox").select("id").where("kind", "=", "call.invitation").execute(),
    ).toEqual([]);
    const sent = await sendCall(db, {
      ...as(secretariat),
      settings,
      confirm: { checkedRecipients: true, expected: 5 },
    });
    expect(sent).toBe(5);
    const ana = await db
      .selectFrom("mail_outbox")
      .selectAll()
      .where("to_address", "=", "ana@example.org")
      .executeTakeFirstOrThrow();
    expect(ana.subject).toBe("Convocatoria de contribuciones: BPF Cybersecurity 2017");
    expect(ana.text_body).toContain("Estimado/a Ana Ruiz");
    // The deadline's zone is not a bracket inside a bracket, and the mail says where the questions are.
    expect(ana.text_body).toContain(", En cualquier lugar de la Tierra (AoE, UTC−12:00).");
    expect(ana.text_body).not.toContain("(En cualquier lugar");
    expect(ana.text_body).toContain("Las preguntas están en la página de la convocatoria");
    expect(ana.bulk).toBe(true);
    expect(ana.headers["List-Unsubscribe"]).toMatch(
      /^<http:\/\/intersession\.test\/f\/bpf-cyber\/calls\/unsubscribe\?email=ana%40example\.org&sig=/,
    );
    let status = await callRecipientsWithStatus(db, as(secretariat));
    expect(status.recipients.map((r) => r.last?.status)).toEqual([
      "queued",
      "queued",
      "queued",
      "queued",
      "queued",
    ]);
    // Delivery jobs are due at the database's own "now"; run them on real time.
    t.setNow(undefined);
    await t.app.services.jobs.runUntilIdle();
    t.setNow(now());
    await markDelivery(db, ana.id, { status: "failed", at: now(), error: "550 mailbox unavailable" });
    status = await callRecipientsWithStatus(db, as(secretariat));
    const byEmail = Object.fromEntries(status.recipients.map((r) => [r.recipient.email, r.last?.status]));
    expect(byEmail["ana@example.org"]).toBe("failed");
    expect(byEmail["amina@example.org"]).toBe("outbox");
    // Sending again reaches nobody new.
    await expect(
      sendCall(db, {
        ...as(secretariat),
        settings: { publicUrl: "http://x", secret: "s" },
        confirm: { checkedRecipients: true },
      }),
    ).rejects.toMatchObject({ fields: { send: "calls.send.allSent" } });
    // The secretariat's page shows the statuses.
    const agent = new TestAgent(t.app);
    const { cookieValue } = await createSession(db, {
      userId: (secretariat as { userId: string }).userId,
      now: now(),
    });
    agent.cookies.set("session", cookieValue);
    const page = await agent.get("/f/bpf-cyber/2017/call/send");
    expect(page.body).toContain("Call: Failed (550 mailbox unavailable)");
    expect(page.body).toContain("Call: Kept in the outbox");
    // One-click unsubscribe (RFC 8058): the mail program POSTs to the signed link, without cookies.
    const link = ana.headers["List-Unsubscribe"]!.slice(1, -1).replace("http://intersession.test", "");
    expect(ana.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    const forged = await t.app.inject({
      method: "POST",
      url: link.replace(/sig=[^&]+/, "sig=forged"),
      payload: "List-Unsubscribe=One-Click",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(forged.statusCode).toBe(404);
    // The link was signed with another secret here (the test's "s3cret"); sign it with the app's own.
    const { unsubscribeUrl } = await import("../sending/service.js");
    const real = unsubscribeUrl(
      { publicUrl: "", secret: t.app.services.secret },
      scope.forum,
      "ana@example.org",
    );
    const oneClick = await t.app.inject({
      method: "POST",
      url: real,
      payload: "List-Unsubscribe=One-Click",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(oneClick.statusCode).toBe(200);
    status = await callRecipientsWithStatus(db, as(secretariat));
    expect(
      status.recipients.find((r) => r.recipient.email === "ana@example.org")?.recipient.unsubscribed_at,
    ).toBeTruthy();
  });

  it("reminds only those who have not contributed, and only the chosen group", async () => {
    const db = t.database.db;
    const count = async () =>
      (await db.selectFrom("mail_outbox").select("to_address").where("kind", "=", "call.reminder").execute())
        .map((r) => r.to_address)
        .sort();
    await expect(
      scheduleReminder(db, { ...as(secretariat), input: { runAt: "2017-08-01T09:00" } }),
    ).rejects.toMatchObject({ fields: { runAt: "calls.reminder.past" } });
    await scheduleReminder(db, { ...as(secretariat), input: { runAt: "2017-09-10T09:00", tag: "nri" } });
    const job = await db
      .selectFrom("jobs")
      .selectAll()
      .where("kind", "=", CALL_REMINDER_JOB)
      .executeTakeFirstOrThrow();
    // 09:00 in the forum's zone (Zurich, summer time) is 07:00 UTC.
    expect(job.run_at.toISOString()).toBe("2017-09-10T07:00:00.000Z");
    await t.app.services.jobs.runUntilIdle();
    expect(await count()).toEqual([]);
    t.setNow(new Date("2017-09-10T08:00:00Z"));
    await t.app.services.jobs.runUntilIdle();
    expect(await count()).toEqual(["nri-open@example.org"]);
    await scheduleReminder(db, {
      ...as(secretariat),
      now: new Date("2017-09-10T08:00:00Z"),
      input: { runAt: new Date("2017-09-11T00:00:00Z") },
    });
    t.setNow(new Date("2017-09-12T00:00:00Z"));
    await t.app.services.jobs.runUntilIdle();
    // Ana unsubscribed with the one-click link above, so she gets no reminder.
    expect(await count()).toEqual(["amina@example.org", "nri-open@example.org", "nri-open@example.org"]);
    t.setNow(now());
  });

  it("serves the calls API with a Bearer token, listed in the OpenAPI document", async () => {
    const { token } = await createApiToken(t.database.db, {
      name: "ci",
      role: "secretariat",
      forumId: scope.forum.id,
    });
    const headers = { authorization: `Bearer ${token}` };
    const added = await t.app.inject({
      method: "POST",
      url: "/api/v1/forums/bpf-cyber/cycles/2017/questionnaire/questions",
      headers,
      payload: {
        section_id: "s_cybersecurity_and_the_sdgs",
        question: {
          type: "multiple_choice",
          label: "Which groups?",
          options: ["Government", "Civil society"],
          allow_other: true,
        },
      },
    });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ type: "multiple_choice", allowOther: true });
    const bad = await t.app.inject({
      method: "POST",
      url: "/api/v1/forums/bpf-cyber/cycles/2017/questionnaire/questions",
      headers,
      payload: {
        section_id: "s_cybersecurity_and_the_sdgs",
        question: { type: "single_choice", label: "Only one option", options: ["A"] },
      },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.fields).toEqual({ options: "Give at least two options, one per line." });
    const order = await t.app.inject({
      method: "PUT",
      url: "/api/v1/forums/bpf-cyber/cycles/2017/questionnaire/sections/s_cybersecurity_and_the_sdgs/order",
      headers,
      payload: { question_ids: ["q_threats", "q_which_groups", "q_helps"] },
    });
    expect(order.statusCode).toBe(200);
    const published = await t.app.inject({
      method: "POST",
      url: "/api/v1/forums/bpf-cyber/cycles/2017/questionnaire/publish",
      headers,
      payload: {},
    });
    expect(published.statusCode).toBe(201);
    expect(published.json().sections[0].questions.map((q: { id: string }) => q.id)).toEqual([
      "q_threats",
      "q_which_groups",
      "q_helps",
    ]);
    const anonymousDraft = await t.app.inject({
      method: "GET",
      url: "/api/v1/forums/bpf-cyber/cycles/2017/questionnaire",
    });
    expect(anonymousDraft.statusCode).toBe(401);
    const openapi = (await t.app.inject({ method: "GET", url: "/api/openapi.json" })).json();
    const tagged = Object.values(openapi.paths as Record<string, Record<string, { tags?: string[] }>>)
      .flatMap((p) => Object.values(p))
      .filter((op) => op.tags?.includes("calls"));
    expect(tagged.length).toBeGreaterThanOrEqual(15);
  });
});

describe.each(testEngines)("the demo call on %s", (engine) => {
  let t: TestApp;
  afterAll(async () => {
    await t?.close();
  });

  it("seeds the 2017 call: base and NRI variants, published, translated into Spanish", async () => {
    t = await createTestApp(engine);
    const db = t.database.db;
    const { forum, cycle } = await seedForum(db, "bpf-demo");
    const sec = await personWithRole(db, forum.id, "secretariat", "demo-sec@example.org", "Demo Secretariat");
    await seedCallsDemoFor(db, { forum, cycle, secretariatUserId: sec.userId });
    await seedCallsDemoFor(db, { forum, cycle, secretariatUserId: sec.userId });
    const published = await listPublishedQuestionnaires(db, cycle.id);
    expect(published.map((p) => [p.variantKey, p.version])).toEqual([
      ["base", 1],
      ["nri", 1],
    ]);
    const [base, nri] = published;
    const threats = base!.sections
      .flatMap((s) => s.questions)
      .find((q) => q.id === "q_threat_policy_options");
    expect(threats?.type === "item_list" && threats.items.length).toBe(10);
    expect(threats?.type === "item_list" && threats.items.every((i) => i.label.es)).toBe(true);
    const nriIds = nri!.sections.flatMap((s) => s.questions.map((q) => q.id));
    expect(nriIds).toEqual(
      expect.arrayContaining(["q_critical_issue", "q_nri_initiative", "q_nri_government_views"]),
    );
    const state = await translationState(db, { actor: sec, forum, cycle });
    expect(state.missing.es).toBe(0);
  });
});
