import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../auth/actor.js";
import { createApiToken } from "../../auth/api-tokens.js";
import { createSession } from "../../auth/sessions.js";
import { TestAgent } from "../../test-support/agent.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { testEngines } from "../../test-support/databases.js";
import {
  addQuestion,
  addSection,
  createQuestionnaire,
  createVariant,
  loadQuestionnaire,
  removeQuestion,
  updateQuestion,
  updateVariantFromBase,
} from "../questionnaire/service.js";
import type { Question, QuestionnaireSection } from "../questionnaire-model.js";
import { personWithRole, seedForum } from "../test-fixtures.js";
import { applyDrift, variantDrift } from "./drift.js";

const q = (id: string, label: Record<string, string>, help?: Record<string, string>): Question => ({
  id,
  type: "short_text",
  required: false,
  label,
  ...(help ? { help } : {}),
});
const section = (id: string, questions: Question[]): QuestionnaireSection => ({
  id,
  title: { en: id },
  questions,
});

describe("drift between a variant and the questionnaire it was derived from", () => {
  it("keeps the variant's own translations of texts the base did not reword", () => {
    const snapshot = [section("s", [q("q_x", { en: "Which threats?" }, { en: "Name them." })])];
    const source = [section("s", [q("q_x", { en: "Which threats?" }, { en: "Name up to three." })])];
    const variant = [
      section("s", [q("q_x", { en: "Which threats?", es: "¿Qué amenazas?" }, { en: "Name them." })]),
    ];
    const drift = variantDrift({ source, snapshot, variant, original: "en" });
    // A translation is not a rewording: the variant still takes the base's new help.
    expect(drift).toEqual({ added: [], reworded: ["q_x"] });
    const [updated] = applyDrift({ source, variant, original: "en", drift })[0]!.questions;
    expect(updated).toMatchObject({
      label: { en: "Which threats?", es: "¿Qué amenazas?" },
      help: { en: "Name up to three." },
    });
  });

  it("reports nothing for a variant derived before drift was tracked", () => {
    const sections = [section("s", [q("q_x", { en: "X" })])];
    expect(variantDrift({ source: sections, snapshot: null, variant: [], original: "en" })).toEqual({
      added: [],
      reworded: [],
    });
  });
});

describe.each(testEngines)("updating a variant from its base on %s", (engine) => {
  let t: TestApp;
  let scope: Awaited<ReturnType<typeof seedForum>>;
  let secretariat: Actor & { kind: "user" };
  let member: Actor;
  const now = new Date("2017-08-10T12:00:00Z");
  const as = (actor: Actor) => ({ actor, forum: scope.forum, cycle: scope.cycle, now });
  const nri = () => ({ ...as(secretariat), variantKey: "nri" });
  const short = (id: string, label: string) => ({ id, type: "short_text", label });
  const wordings = async (variantKey: string) =>
    (await loadQuestionnaire(t.database.db, { ...as(secretariat), variantKey })).variant.sections.map((s) => [
      s.id,
      s.questions.map((x) => x.label.en),
    ]);

  beforeAll(async () => {
    t = await createTestApp(engine);
    t.setNow(now);
    const db = t.database.db;
    scope = await seedForum(db);
    secretariat = await personWithRole(db, scope.forum.id, "secretariat", "sec@example.org", "Eleni Sec");
    member = await personWithRole(db, scope.forum.id, "member", "member@example.org", "Mo Member");
    const base = as(secretariat);
    await createQuestionnaire(db, { ...base, input: { originalLanguage: "en" } });
    await addSection(db, { ...base, input: { title: "Threats" } });
    for (const [id, label] of [
      ["q_a", "Which threats matter most?"],
      ["q_b", "Who is affected?"],
      ["q_c", "What has been tried?"],
    ] as const)
      await addQuestion(db, { ...base, sectionId: "s_threats", input: short(id, label) });
    await createVariant(db, { ...base, input: { key: "nri", name: "For NRIs" } });
    // The variant's own changes: a rewording, a drop and an addition.
    await updateQuestion(db, {
      ...nri(),
      questionId: "q_b",
      input: short("q_b", "Who in your region is affected?"),
    });
    await removeQuestion(db, { ...nri(), questionId: "q_c" });
    await addQuestion(db, {
      ...nri(),
      sectionId: "s_threats",
      input: short("q_nri", "Which initiative are you?"),
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("shows the base's later edits on the variant and brings them in, keeping the variant's own", async () => {
    const db = t.database.db;
    const base = as(secretariat);
    await updateQuestion(db, {
      ...base,
      questionId: "q_a",
      input: short("q_a", "Which threats matter most today?"),
    });
    await updateQuestion(db, { ...base, questionId: "q_b", input: short("q_b", "Who is hurt?") });
    await updateQuestion(db, {
      ...base,
      questionId: "q_c",
      input: short("q_c", "What has been tried, and where?"),
    });
    await addQuestion(db, { ...base, sectionId: "s_threats", input: short("q_d", "What is missing?") });
    await addSection(db, { ...base, input: { title: "Next steps" } });
    await addQuestion(db, {
      ...base,
      sectionId: "s_next_steps",
      input: short("q_e", "What should the IGF do?"),
    });

    const agent = new TestAgent(t.app);
    agent.cookies.set("session", (await createSession(db, { userId: secretariat.userId, now })).cookieValue);
    const page = await agent.get("/f/bpf-cyber/2017/questionnaire?variant=nri");
    expect(page.body).toContain(
      "The base questionnaire changed since this variant was derived (3 questions)",
    );
    expect(page.body).toContain("Which threats matter most today?");
    expect(page.body).toContain("Update from base");
    const list = await agent.get("/f/bpf-cyber/2017/questionnaire");
    expect(list.body).toContain(
      `href="/f/bpf-cyber/2017/questionnaire?variant=nri#drift">The base questionnaire changed since this variant was derived (3 questions)</a>`,
    );
    expect(list.body).not.toContain("Update from base");

    await expect(updateVariantFromBase(db, { ...as(member), variantKey: "nri" })).rejects.toMatchObject({
      code: "forbidden",
    });
    const res = await agent.post("/f/bpf-cyber/2017/questionnaire/update-from-base", { variant: "nri" });
    expect(res.statusCode).toBe(303);
    const after = await agent.get(res.headers.location as string);
    expect(after.body).toContain("The variant has been updated from the base questionnaire.");
    expect(after.body).not.toContain("changed since this variant was derived");
    expect(await wordings("nri")).toEqual([
      [
        "s_threats",
        [
          "Which threats matter most today?",
          "Who in your region is affected?",
          "What is missing?",
          "Which initiative are you?",
        ],
      ],
      ["s_next_steps", ["What should the IGF do?"]],
    ]);
    const audit = await db
      .selectFrom("audit_log")
      .select("after")
      .where("action", "=", "questionnaire.variant.update_from_base")
      .execute();
    expect(audit.map((a) => a.after)).toEqual([
      { variant: "nri", from: "base", added: ["q_d", "q_e"], reworded: ["q_a"] },
    ]);
  });

  it("updates through the API, which lists each variant's pending changes", async () => {
    const db = t.database.db;
    await updateQuestion(db, {
      ...as(secretariat),
      questionId: "q_d",
      input: short("q_d", "What is still missing?"),
    });
    const { token } = await createApiToken(db, { name: "ci", role: "secretariat", forumId: scope.forum.id });
    const headers = { authorization: `Bearer ${token}` };
    const read = await t.app.inject({
      method: "GET",
      url: "/api/v1/forums/bpf-cyber/cycles/2017/questionnaire",
      headers,
    });
    const variants = read.json().variants as { key: string; base_changes: unknown }[];
    expect(variants.map((v) => [v.key, v.base_changes])).toEqual([
      ["base", null],
      ["nri", { added: [], reworded: ["q_d"] }],
    ]);
    const url = "/api/v1/forums/bpf-cyber/cycles/2017/questionnaire/variants/nri/update-from-base";
    const res = await t.app.inject({ method: "POST", url, headers });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ added: [], reworded: ["q_d"] });
    expect((await wordings("nri"))[0]![1]).toContain("What is still missing?");
    const baseUpdate = await t.app.inject({
      method: "POST",
      url: url.replace("/nri/", "/base/"),
      headers,
    });
    expect(baseUpdate.statusCode).toBe(422);
  });
});
