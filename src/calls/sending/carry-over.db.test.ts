import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../auth/actor.js";
import { createCycle } from "../../forums/index.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { testEngines } from "../../test-support/databases.js";
import { getCall, saveCall } from "../call/service.js";
import { addQuestion, addSection, createQuestionnaire, publishVariant } from "../questionnaire/service.js";
import { personWithRole, seedForum } from "../test-fixtures.js";
import {
  addRecipients,
  callRecipientsWithStatus,
  sendCall,
  unsubscribeFromCalls,
  unsubscribeSignature,
} from "./service.js";

describe.each(testEngines)("a new cycle offers last cycle's call recipients on %s", (engine) => {
  let t: TestApp;
  let scope: Awaited<ReturnType<typeof seedForum>>;
  let secretariat: Actor;
  const now = new Date("2017-08-10T12:00:00Z");

  beforeAll(async () => {
    t = await createTestApp(engine);
    t.setNow(now);
    const db = t.database.db;
    scope = await seedForum(db);
    secretariat = await personWithRole(db, scope.forum.id, "secretariat", "sec@example.org", "Eleni Sec");
    const as = { actor: secretariat, forum: scope.forum, cycle: scope.cycle, now };
    await createQuestionnaire(db, { ...as, input: { originalLanguage: "en" } });
    await addSection(db, { ...as, input: { title: "About you" } });
    await addQuestion(db, { ...as, sectionId: "s_about_you", input: { type: "short_text", label: "Who?" } });
    await publishVariant(db, as);
    await saveCall(db, {
      ...as,
      input: { message: "Please contribute.", overview: "", reading: "", pagesMin: 4, pagesMax: 6 },
    });
    await addRecipients(db, {
      ...as,
      recipients: [
        {
          email: "ana@example.org",
          name: "Ana Ruiz",
          organisation: "Red Abierta",
          country: "ES",
          language: "es",
        },
        { email: "bob@example.org", name: "Bob Gone" },
      ],
      tags: ["nri"],
    });
    // Added by the mailing list when the call went out, once alone and once beside a tag of their own.
    await addRecipients(db, {
      ...as,
      recipients: [{ email: "lister@example.org", name: "Lis Ter" }],
      tags: ["list"],
    });
    await addRecipients(db, {
      ...as,
      recipients: [{ email: "dora@example.org", name: "Dora Both" }],
      tags: ["list", "africa"],
    });
    await sendCall(db, {
      ...as,
      settings: { publicUrl: "http://intersession.test", secret: "s" },
      confirm: { checkedRecipients: true },
    });
    await unsubscribeFromCalls(db, {
      forum: scope.forum,
      email: "bob@example.org",
      sig: unsubscribeSignature("s", scope.forum.id, "bob@example.org"),
      secret: "s",
      now,
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("copies them into the new cycle's call, not yet sent, without those who unsubscribed", async () => {
    const db = t.database.db;
    const cycle2018 = await createCycle(db, {
      actor: secretariat,
      forum: scope.forum,
      input: { year: 2018 },
    });
    const call = await getCall(db, cycle2018.id);
    // The new call is an empty draft that keeps last year's guidance.
    expect(call?.texts).toEqual({});
    expect(call?.guidance).toMatchObject({ pagesMin: 4, pagesMax: 6 });
    const { recipients } = await callRecipientsWithStatus(db, {
      actor: secretariat,
      forum: scope.forum,
      cycle: cycle2018,
    });
    expect(
      recipients.map(({ recipient: r, last }) => [r.email, r.name, r.tags, r.language, r.country, last]),
    ).toEqual([
      ["ana@example.org", "Ana Ruiz", ["nri"], "es", "ES", undefined],
      ["dora@example.org", "Dora Both", ["africa"], null, "", undefined],
    ]);
    // Last year's list is untouched.
    const last = await callRecipientsWithStatus(db, {
      actor: secretariat,
      forum: scope.forum,
      cycle: scope.cycle,
    });
    expect(last.recipients).toHaveLength(4);
    const audit = await db
      .selectFrom("audit_log")
      .select(["after"])
      .where("action", "=", "call.recipients.carry_over")
      .execute();
    expect(audit.map((a) => a.after)).toEqual([{ from_year: 2017, to_year: 2018, recipients: 2 }]);
  });

  it("carries nothing into a cycle that starts afresh", async () => {
    const db = t.database.db;
    const fresh = await createCycle(db, {
      actor: secretariat,
      forum: scope.forum,
      input: { year: 2019 },
      continueFromYear: null,
    });
    expect(await getCall(db, fresh.id)).toBeUndefined();
  });
});
