import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../auth/actor.js";
import { createApiToken } from "../../auth/api-tokens.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { testEngines } from "../../test-support/databases.js";
import { getPublishedQuestionnaire } from "../published.js";
import { personWithRole, seedForum } from "../test-fixtures.js";
import {
  addQuestion,
  addSection,
  createQuestionnaire,
  createVariant,
  loadQuestionnaire,
  publishVariant,
} from "./service.js";

describe.each(testEngines)("removing questions and sections through the API on %s", (engine) => {
  let t: TestApp;
  let scope: Awaited<ReturnType<typeof seedForum>>;
  let secretariat: Actor;
  let headers: Record<string, string>;
  let memberHeaders: Record<string, string>;
  const now = new Date("2017-08-10T12:00:00Z");
  const as = (actor: Actor) => ({ actor, forum: scope.forum, cycle: scope.cycle, now });
  const api = "/api/v1/forums/bpf-cyber/cycles/2017/questionnaire";
  const draftIds = async (variantKey = "base") =>
    (await loadQuestionnaire(t.database.db, { ...as(secretariat), variantKey })).variant.sections.map((s) => [
      s.id,
      s.questions.map((q) => q.id),
    ]);

  beforeAll(async () => {
    t = await createTestApp(engine);
    t.setNow(now);
    const db = t.database.db;
    scope = await seedForum(db);
    secretariat = await personWithRole(db, scope.forum.id, "secretariat", "sec@example.org", "Eleni Sec");
    await createQuestionnaire(db, { ...as(secretariat), input: { originalLanguage: "en" } });
    await addSection(db, { ...as(secretariat), input: { title: "About you" } });
    await addSection(db, { ...as(secretariat), input: { title: "Threats" } });
    for (const [sectionId, label] of [
      ["s_about_you", "Your organisation"],
      ["s_threats", "Which threats matter most?"],
      ["s_threats", "What would help?"],
    ] as const)
      await addQuestion(db, { ...as(secretariat), sectionId, input: { type: "short_text", label } });
    await publishVariant(db, as(secretariat));
    await createVariant(db, { ...as(secretariat), input: { key: "nri", name: "For NRIs" } });
    headers = {
      authorization: `Bearer ${(await createApiToken(db, { name: "ci", role: "secretariat", forumId: scope.forum.id })).token}`,
    };
    memberHeaders = {
      authorization: `Bearer ${(await createApiToken(db, { name: "m", role: "member", forumId: scope.forum.id })).token}`,
    };
  });
  afterAll(async () => {
    await t?.close();
  });

  it("removes a question from the draft only, refusing those who may not edit", async () => {
    const url = `${api}/questions/q_what_would_help`;
    expect((await t.app.inject({ method: "DELETE", url })).statusCode).toBe(401);
    expect((await t.app.inject({ method: "DELETE", url, headers: memberHeaders })).statusCode).toBe(403);
    const res = await t.app.inject({ method: "DELETE", url, headers });
    expect(res.statusCode).toBe(204);
    expect(await draftIds()).toEqual([
      ["s_about_you", ["q_your_organisation"]],
      ["s_threats", ["q_which_threats_matter_most"]],
    ]);
    // The NRI variant and the published version keep it.
    expect((await draftIds("nri"))[1]).toEqual([
      "s_threats",
      ["q_which_threats_matter_most", "q_what_would_help"],
    ]);
    const published = await getPublishedQuestionnaire(t.database.db, scope.cycle.id);
    expect(published!.sections[1]!.questions.map((q) => q.id)).toContain("q_what_would_help");
    expect((await t.app.inject({ method: "DELETE", url, headers })).statusCode).toBe(404);
    const nri = await t.app.inject({ method: "DELETE", url: `${url}?variant=nri`, headers });
    expect(nri.statusCode).toBe(204);
    expect((await draftIds("nri"))[1]).toEqual(["s_threats", ["q_which_threats_matter_most"]]);
    const audit = await t.database.db
      .selectFrom("audit_log")
      .select(["actor_label", "after"])
      .where("action", "=", "questionnaire.question.remove")
      .execute();
    expect(audit.map((a) => [a.actor_label, (a.after as { variant: string }).variant])).toEqual([
      ["API token “ci”", "base"],
      ["API token “ci”", "nri"],
    ]);
  });

  it("removes a section once it is empty, and says why it will not before", async () => {
    const url = `${api}/sections/s_threats`;
    expect((await t.app.inject({ method: "DELETE", url, headers: memberHeaders })).statusCode).toBe(403);
    const full = await t.app.inject({ method: "DELETE", url, headers });
    expect(full.statusCode).toBe(422);
    expect(Object.keys(full.json().error.fields)).toEqual(["sectionId"]);
    await t.app.inject({ method: "DELETE", url: `${api}/questions/q_which_threats_matter_most`, headers });
    const empty = await t.app.inject({ method: "DELETE", url, headers });
    expect(empty.statusCode).toBe(204);
    expect(await draftIds()).toEqual([["s_about_you", ["q_your_organisation"]]]);
    expect((await t.app.inject({ method: "DELETE", url, headers })).statusCode).toBe(404);
    expect((await draftIds("nri")).map(([id]) => id)).toEqual(["s_about_you", "s_threats"]);
  });

  it("documents both in the OpenAPI document", async () => {
    const openapi = (await t.app.inject({ method: "GET", url: "/api/openapi.json" })).json();
    const paths = openapi.paths as Record<string, Record<string, { tags?: string[] }>>;
    const prefix = "/api/v1/forums/{forum}/cycles/{year}/questionnaire";
    expect(paths[`${prefix}/questions/{question}`]?.delete?.tags).toEqual(["calls"]);
    expect(paths[`${prefix}/sections/{section}`]?.delete?.tags).toEqual(["calls"]);
  });
});
