// Compare: every published answer to one question side by side, across variants (which share question ids),
// filtered by who answered, 50 to a page, with a choice question's options counted; members only.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../auth/actor.js";
import { createSession } from "../../auth/sessions.js";
import { listPublishedQuestionnaires } from "../../calls/index.js";
import {
  addQuestion,
  addSection,
  createQuestionnaire,
  createVariant,
  publishVariant,
} from "../../calls/questionnaire/service.js";
import { personWithRole, seedForum } from "../../calls/test-fixtures.js";
import { TestAgent } from "../../test-support/agent.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { testEngines } from "../../test-support/databases.js";
import { makeForum, makePublishedContribution } from "../../test-support/factories.js";
import { compareQuestion, countChoices, KEPT_FROM } from "./service.js";

describe.each(testEngines)("compare on %s", (engine) => {
  let t: TestApp;
  let scope: Awaited<ReturnType<typeof seedForum>>;
  let member: Actor;
  let stranger: Actor;
  let secretariat: Actor;
  let options: string[] = [];
  const ids: Record<string, string> = {};
  const db = () => t.database.db;
  const at = () => ({ db: db(), actor: member, forumId: scope.forum.id, cycleId: scope.cycle.id });
  const agentFor = async (actor: Actor) => {
    const agent = new TestAgent(t.app);
    if (actor.kind === "user")
      agent.cookies.set(
        "session",
        (await createSession(db(), { userId: actor.userId, now: new Date() })).cookieValue,
      );
    return agent;
  };

  beforeAll(async () => {
    t = await createTestApp(engine);
    const now = new Date("2017-08-10T12:00:00Z");
    t.setNow(now);
    scope = await seedForum(db());
    const sec = await personWithRole(db(), scope.forum.id, "secretariat", "sec@example.org", "Eleni Sec");
    secretariat = sec;
    member = await personWithRole(db(), scope.forum.id, "member", "mo@example.org", "Mo Member");
    const other = await makeForum(db(), { slug: "bpf-other" });
    stranger = await personWithRole(db(), other.id, "secretariat", "olga@example.org", "Olga Other");
    const s = { actor: sec, forum: scope.forum, cycle: scope.cycle, now };
    await createQuestionnaire(db(), { ...s, input: { originalLanguage: "en" } });
    const section = await addSection(db(), { ...s, input: { title: "Priorities" } });
    await addQuestion(db(), {
      ...s,
      sectionId: section,
      input: {
        id: "q_priority",
        type: "single_choice",
        label: "Which need comes first?",
        options: ["Capacity building", "Incident response", "Legislation"],
      },
    });
    await addQuestion(db(), {
      ...s,
      sectionId: section,
      input: { id: "q_critical_issue", type: "long_text", label: "What is the critical issue?" },
    });
    await publishVariant(db(), s);
    await createVariant(db(), { ...s, input: { key: "nri", name: "For NRIs", from: "base" } });
    await addQuestion(db(), {
      ...s,
      variantKey: "nri",
      sectionId: section,
      input: { id: "q_nri_initiative", type: "short_text", label: "Which initiative?" },
    });
    await publishVariant(db(), { ...s, variantKey: "nri" });
    const [base] = await listPublishedQuestionnaires(db(), scope.cycle.id);
    const priority = base!.sections.flatMap((x) => x.questions).find((q) => q.id === "q_priority");
    options = priority?.type === "single_choice" ? priority.options.map((o) => o.id) : [];

    const make = async (
      key: string,
      args: {
        group: string;
        country: string;
        variant?: string;
        answers: Record<string, unknown>;
        at: string;
      },
    ) => {
      const c = await makePublishedContribution(db(), {
        forum: scope.forum,
        cycle: scope.cycle,
        name: `Person ${key}`,
        stakeholderGroup: args.group,
        country: args.country,
        text: `Contribution ${key} on cybersecurity.`,
        receivedAt: args.at,
      });
      await db()
        .updateTable("contributions")
        .set({ answers: JSON.stringify(args.answers), variant_key: args.variant ?? "base" })
        .where("id", "=", c.id)
        .execute();
      ids[key] = c.id;
    };
    await make("gov", {
      group: "government",
      country: "SN",
      answers: { q_priority: options[0], q_critical_issue: "Capacity building for small states." },
      at: "2017-09-01T10:00:00Z",
    });
    await make("nri", {
      group: "civil_society",
      country: "FR",
      variant: "nri",
      answers: { q_priority: options[1], q_critical_issue: "Our NRI asks for incident response teams." },
      at: "2017-09-02T10:00:00Z",
    });
    await make("silent", {
      group: "civil_society",
      country: "BR",
      answers: { q_priority: options[0] },
      at: "2017-09-03T10:00:00Z",
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("lists every answer to a question across variants, and passes over contributions that did not answer", async () => {
    const r = await compareQuestion(at(), "q_critical_issue", {});
    expect(r.variants).toEqual(["base", "nri"]);
    expect(r.answers.map((a) => a.answer)).toEqual([
      "Capacity building for small states.",
      "Our NRI asks for incident response teams.",
    ]);
    expect(r.next).toBeUndefined();
    expect(r.counts).toBeUndefined();
    const nriOnly = await compareQuestion(at(), "q_nri_initiative", {});
    expect(nriOnly.variants).toEqual(["nri"]);
  });

  it("filters by stakeholder group, region and country", async () => {
    const civil = await compareQuestion(at(), "q_critical_issue", { stakeholderGroup: "civil_society" });
    expect(civil.answers.map((a) => a.contribution.id)).toEqual([ids.nri]);
    const africa = await compareQuestion(at(), "q_critical_issue", { region: "africa" });
    expect(africa.answers.map((a) => a.contribution.id)).toEqual([ids.gov]);
    const brazil = await compareQuestion(at(), "q_critical_issue", { country: "BR" });
    expect(brazil.answers).toEqual([]);
  });

  it("counts a choice question's options over every matching contribution, and under a filter", async () => {
    const all = await compareQuestion(at(), "q_priority", {});
    expect(all.counts?.answered).toBe(3);
    expect(options.map((o) => all.counts?.counts.get(o) ?? 0)).toEqual([2, 1, 0]);
    const civil = await compareQuestion(at(), "q_priority", { stakeholderGroup: "civil_society" });
    expect(options.map((o) => civil.counts?.counts.get(o) ?? 0)).toEqual([1, 1, 0]);
  });

  it("pages 50 answers at a time by keyset, without repeating or skipping one", async () => {
    for (let i = 0; i < 55; i++) {
      const c = await makePublishedContribution(db(), {
        forum: scope.forum,
        cycle: scope.cycle,
        name: `Many ${i}`,
        stakeholderGroup: "technical_community",
        country: "DE",
        text: "A short contribution.",
        receivedAt: new Date(Date.UTC(2017, 8, 10, 0, i)).toISOString(),
      });
      await db()
        .updateTable("contributions")
        .set({ answers: JSON.stringify({ q_critical_issue: `Answer number ${i}` }) })
        .where("id", "=", c.id)
        .execute();
    }
    const first = await compareQuestion(at(), "q_critical_issue", {});
    expect(first.answers).toHaveLength(50);
    expect(first.next).toBeDefined();
    const second = await compareQuestion(at(), "q_critical_issue", {}, first.next);
    expect(second.answers).toHaveLength(7);
    expect(second.next).toBeUndefined();
    const seen = new Set([...first.answers, ...second.answers].map((a) => a.contribution.id));
    expect(seen.size).toBe(57);
  });

  it("shows members the page with a chart and a table, and nobody else", async () => {
    const path = "/f/bpf-cyber/2017/analysis/compare/q_priority";
    const page = await (await agentFor(member)).get(`${path}?stakeholder_group=civil_society`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("<svg");
    expect(page.body).toContain("Capacity building");
    expect(page.body).toContain("Incident response");
    const index = await (await agentFor(member)).get("/f/bpf-cyber/2017/analysis/compare");
    expect(index.body).toContain("/analysis/compare/q_critical_issue");
    // Which variants ask each question, by their names rather than their keys.
    expect(index.body).toContain("For NRIs");
    expect(index.body).not.toContain("base, nri");
    const home = await (await agentFor(member)).get("/f/bpf-cyber/2017/analysis");
    expect(home.body).toContain("/analysis/compare");
    expect((await (await agentFor(member)).get("/f/bpf-cyber/2017/analysis/compare/q_nope")).statusCode).toBe(
      404,
    );
    for (const url of [path, "/f/bpf-cyber/2017/analysis/compare"]) {
      const anon = await new TestAgent(t.app).get(url);
      expect(anon.statusCode).toBe(303);
      expect(String(anon.headers.location)).toMatch(/^\/sign-in/);
      const other = await (await agentFor(stranger)).get(url);
      expect(other.statusCode).toBe(403);
      expect(other.body).not.toContain("Capacity building for small states");
    }
  });

  it("counts a confirmed campaign once when asked, still listing every copy's answer", async () => {
    const letter =
      "We ask the forum to make legislation on cybercrime its first priority, with safeguards for human rights and a review every two years.";
    const copies: string[] = [];
    for (let i = 0; i < 3; i++) {
      const c = await makePublishedContribution(db(), {
        forum: scope.forum,
        cycle: scope.cycle,
        name: `Letter ${i}`,
        stakeholderGroup: "private_sector",
        country: "US",
        text: letter,
        receivedAt: new Date(Date.UTC(2017, 8, 20, 0, i)).toISOString(),
      });
      await db()
        .updateTable("contributions")
        .set({
          answers: JSON.stringify({ q_priority: options[2], q_critical_issue: `Law, says copy ${i}.` }),
        })
        .where("id", "=", c.id)
        .execute();
      copies.push(c.id);
    }
    const campaign = await db()
      .selectFrom("campaigns")
      .select("id")
      .where("representative_id", "=", copies[0]!)
      .executeTakeFirstOrThrow();
    const agent = await agentFor(secretariat);
    const decided = await agent.post(`/f/bpf-cyber/2017/campaigns/${campaign.id}/decision`, {
      decision: "confirmed",
    });
    expect(decided.statusCode).toBe(303);
    const every = await compareQuestion(at(), "q_priority", {});
    expect(every.counts?.counts.get(options[2]!)).toBe(3);
    const once = await compareQuestion(at(), "q_priority", { groupCampaigns: true });
    expect(once.counts?.counts.get(options[2]!)).toBe(1);
    expect(once.counts?.answered).toBe(4);
    const answers = await compareQuestion(at(), "q_critical_issue", { groupCampaigns: true }, undefined);
    const later = await compareQuestion(at(), "q_critical_issue", { groupCampaigns: true }, answers.next);
    const listed = [...answers.answers, ...later.answers].map((a) => a.contribution.id);
    for (const id of copies) expect(listed).toContain(id);
    const page = await (await agentFor(member)).get(
      "/f/bpf-cyber/2017/analysis/compare/q_priority?campaigns=grouped",
    );
    expect(page.body).toContain("each campaign the secretariat confirmed counted once");
  });
});

describe("compare on a large cycle", () => {
  let t: TestApp;
  let scope: Awaited<ReturnType<typeof seedForum>>;
  let member: Actor;
  let firstOption = "";
  const at = () => ({ db: t.database.db, actor: member, forumId: scope.forum.id, cycleId: scope.cycle.id });

  beforeAll(async () => {
    t = await createTestApp("pglite");
    const now = new Date("2017-08-10T12:00:00Z");
    t.setNow(now);
    const db = t.database.db;
    scope = await seedForum(db);
    const sec = await personWithRole(db, scope.forum.id, "secretariat", "sec@example.org", "Eleni Sec");
    member = await personWithRole(db, scope.forum.id, "member", "mo@example.org", "Mo Member");
    const s = { actor: sec, forum: scope.forum, cycle: scope.cycle, now };
    await createQuestionnaire(db, { ...s, input: { originalLanguage: "en" } });
    const section = await addSection(db, { ...s, input: { title: "Priorities" } });
    await addQuestion(db, {
      ...s,
      sectionId: section,
      input: {
        id: "q_priority",
        type: "single_choice",
        label: "Which need comes first?",
        options: ["Capacity building", "Incident response"],
      },
    });
    await publishVariant(db, s);
    const [base] = await listPublishedQuestionnaires(db, scope.cycle.id);
    const priority = base!.sections.flatMap((x) => x.questions).find((q) => q.id === "q_priority");
    firstOption = priority?.type === "single_choice" ? priority.options[0]!.id : "";
    // As many published contributions as make a cycle large, every one choosing the first option.
    await sql`
      INSERT INTO contributions (forum_id, cycle_id, number, reference, status, channel, contributor_name,
        consent, received_at, timeliness, language, country, stakeholder_group, search_text, answers)
      SELECT ${scope.forum.id}, ${scope.cycle.id}, n, 'BPF-2017-' || lpad(n::text, 5, '0'), 'published',
        'import', 'Contributor ' || n, 'with_name', timestamptz '2017-08-16 00:00:00+00' + n * interval '1 minute',
        'on_time', 'en', 'FR', 'academia', 'capacity', jsonb_build_object('q_priority', ${firstOption}::text)
      FROM generate_series(1, ${KEPT_FROM}) AS n`.execute(db);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it("shows the answers at once while a large cycle's choices are counted, and the counts on the next view", async () => {
    const first = await compareQuestion(at(), "q_priority", {}, undefined, { countsWaitMs: 0 });
    expect(first.answers).toHaveLength(50);
    expect(first.counts).toBeUndefined();
    expect(first.counting).toBe(true);
    // The count goes on after the page; the next view is given it.
    const counted = await countChoices(at(), "q_priority", {});
    expect(counted?.answered).toBe(KEPT_FROM);
    const next = await compareQuestion(at(), "q_priority", {}, undefined, { countsWaitMs: 0 });
    expect(next.counting).toBe(false);
    expect(next.counts?.counts.get(firstOption)).toBe(KEPT_FROM);
  });
});
