// Publishing the call moves a cycle out of scoping: the cycle's page and the forum's home say the call is open,
// the change is in the audit log, and databases from before this rule catch up when they are migrated.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../auth/actor.js";
import { moveScopingCyclesWithPublishedCalls } from "../db/migrations/2026-11-24T1100_cycle_phase_after_call.js";
import { createTestApp, type TestApp } from "../test-support/app.js";
import { testEngines } from "../test-support/databases.js";
import { addQuestion, addSection, createQuestionnaire, publishVariant } from "./questionnaire/service.js";
import { personWithRole, seedForum } from "./test-fixtures.js";

describe.each(testEngines)("the cycle's phase when its call is published (%s)", (engine) => {
  let t: TestApp;
  let secretariat: Actor;
  const now = new Date("2017-08-10T12:00:00Z");

  beforeAll(async () => {
    t = await createTestApp(engine);
    t.setNow(now);
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A forum whose 2017 cycle has a questionnaire ready to publish, in the given status. */
  async function readyCycle(slug: string, status: "scoping" | "closed" = "scoping") {
    const db = t.database.db;
    const scope = await seedForum(db, slug);
    await db.updateTable("cycles").set({ status }).where("id", "=", scope.cycle.id).execute();
    const cycle = await db
      .selectFrom("cycles")
      .selectAll()
      .where("id", "=", scope.cycle.id)
      .executeTakeFirstOrThrow();
    secretariat = await personWithRole(db, scope.forum.id, "secretariat", `sec@${slug}.org`, "Eleni Sec");
    const as = { actor: secretariat, forum: scope.forum, cycle, now };
    await createQuestionnaire(db, { ...as, input: { originalLanguage: "en" } });
    await addSection(db, { ...as, input: { title: "Cybersecurity and the SDGs" } });
    await addQuestion(db, {
      ...as,
      sectionId: "s_cybersecurity_and_the_sdgs",
      input: { type: "long_text", label: "How does good security help?" },
    });
    return as;
  }

  const statusOf = async (cycleId: string) =>
    (
      await t.database.db
        .selectFrom("cycles")
        .select("status")
        .where("id", "=", cycleId)
        .executeTakeFirstOrThrow()
    ).status;

  it("moves a scoping cycle into its call phase, logged, once", async () => {
    const as = await readyCycle("bpf-phase");
    const home = async () => (await t.app.inject({ method: "GET", url: "/f/bpf-phase/2017" })).body;
    expect(await home()).toContain('<span class="badge">Scoping</span>');
    await publishVariant(t.database.db, as);
    expect(await statusOf(as.cycle.id)).toBe("call_open");
    expect(await home()).toContain('<span class="badge">Call for contributions open</span>');
    const log = await t.database.db
      .selectFrom("audit_log")
      .select(["action", "before", "after", "actor_label"])
      .where("subject_id", "=", as.cycle.id)
      .where("action", "like", "cycle.phase%")
      .execute();
    expect(log).toEqual([
      {
        action: "cycle.phase",
        before: { status: "scoping" },
        after: { status: "call_open", because: "questionnaire.publish" },
        actor_label: "Eleni Sec <sec@bpf-phase.org>",
      },
    ]);
    // Publishing again (a corrected version) changes nothing more.
    await publishVariant(t.database.db, { ...as, cycle: { ...as.cycle, status: "call_open" } });
    const again = await t.database.db
      .selectFrom("audit_log")
      .select("action")
      .where("subject_id", "=", as.cycle.id)
      .where("action", "like", "cycle.phase%")
      .execute();
    expect(again).toHaveLength(1);
  });

  it("leaves a cycle the secretariat has moved on (or closed) where it is", async () => {
    const as = await readyCycle("bpf-closed", "closed");
    await publishVariant(t.database.db, as);
    expect(await statusOf(as.cycle.id)).toBe("closed");
  });

  it("catches up databases whose call was published while the cycle stayed in scoping", async () => {
    const db = t.database.db;
    const published = await readyCycle("bpf-old");
    await publishVariant(db, published);
    const unpublished = await readyCycle("bpf-draft");
    // As the product left them before: published, yet still scoping.
    await db.updateTable("cycles").set({ status: "scoping" }).where("id", "=", published.cycle.id).execute();
    await moveScopingCyclesWithPublishedCalls(db);
    expect(await statusOf(published.cycle.id)).toBe("call_open");
    expect(await statusOf(unpublished.cycle.id)).toBe("scoping");
    const rows = await db
      .selectFrom("audit_log")
      .select(["action", "actor_label"])
      .where("subject_id", "=", published.cycle.id)
      .where("actor_kind", "=", "system")
      .where("action", "=", "cycle.phase")
      .execute();
    expect(rows).toEqual([{ action: "cycle.phase", actor_label: "migration" }]);
  });
});
