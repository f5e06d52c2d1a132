// What the call and its reminders say about deadlines, read from the outbox as the recipient would: every
// deadline still ahead, each in its own zone, and never a passed one first.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../auth/actor.js";
import { startOfDayInZone } from "../../forums/index.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { testEngines } from "../../test-support/databases.js";
import { saveCall } from "../call/service.js";
import { addQuestion, addSection, createQuestionnaire, publishVariant } from "../questionnaire/service.js";
import { personWithRole, seedForum } from "../test-fixtures.js";
import { addRecipients, runReminder, scheduleReminder, sendCall } from "./service.js";

const AOE = "Anywhere on Earth (AoE, UTC−12:00)";
const SOFT = `Soft deadline: September 15, 2017, end of the day, ${AOE}.`;
const CUTOFF = `Guaranteed inclusion in the output: September 30, 2017, end of the day, ${AOE}.`;
const CLOSES = `The call closes: December 17, 2017, end of the day, ${AOE}.`;
const settings = { publicUrl: "https://bpf.example.org", secret: "s".repeat(32) };

/** The lines of a mail's text that name a deadline, in their order. */
function deadlineLines(text: string): string[] {
  return text
    .split("\n")
    .filter((line) =>
      /^(Soft deadline|Guaranteed inclusion|The call closes|Plazo|Inclusión|Cierre)/.test(line),
    );
}

describe.each(testEngines)("the deadlines the call mail states on %s", (engine) => {
  let t: TestApp;
  let scope: Awaited<ReturnType<typeof seedForum>>;
  let secretariat: Actor;
  const as = (now: Date) => ({ actor: secretariat, forum: scope.forum, cycle: scope.cycle, now });
  const mailTo = async (to: string, kind = "call.invitation") =>
    t.database.db
      .selectFrom("mail_outbox")
      .select(["text_body", "html_body"])
      .where("to_address", "=", to)
      .where("kind", "=", kind)
      .executeTakeFirstOrThrow();
  const sendAt = async (iso: string, email: string, language?: string) => {
    const now = new Date(iso);
    await addRecipients(t.database.db, {
      ...as(now),
      recipients: [{ email, name: "Recipient", ...(language ? { language } : {}) }],
    });
    await sendCall(t.database.db, { ...as(now), settings, confirm: { checkedRecipients: true } });
    return mailTo(email);
  };

  beforeAll(async () => {
    t = await createTestApp(engine);
    const db = t.database.db;
    scope = await seedForum(db);
    secretariat = await personWithRole(db, scope.forum.id, "secretariat", "sec@example.org", "Eleni Sec");
    const at = as(new Date("2017-08-01T12:00:00Z"));
    await createQuestionnaire(db, { ...at, input: { originalLanguage: "en" } });
    await addSection(db, { ...at, input: { title: "Cybersecurity and the SDGs" } });
    await addQuestion(db, {
      ...at,
      sectionId: "s_cybersecurity_and_the_sdgs",
      input: { type: "long_text", label: "How does good security help?" },
    });
    await publishVariant(db, at);
    await saveCall(db, { ...at, input: { message: "Please contribute.", overview: "", reading: "" } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("states all three deadlines, soft deadline first, when sent before the soft deadline", async () => {
    const mail = await sendAt("2017-08-10T12:00:00Z", "before@example.org");
    expect(deadlineLines(mail.text_body)).toEqual([SOFT, CUTOFF, CLOSES]);
    expect(mail.html_body).toContain("Soft deadline: September 15, 2017");
  });

  it("leads with the guaranteed-inclusion cutoff once the soft deadline has passed", async () => {
    const mail = await sendAt("2017-09-20T12:00:00Z", "between@example.org");
    expect(deadlineLines(mail.text_body)).toEqual([CUTOFF, CLOSES]);
    expect(mail.text_body).toContain("The soft deadline has passed; contributions are still welcome.");
    expect(mail.text_body.indexOf(CUTOFF)).toBeLessThan(mail.text_body.indexOf("soft deadline has passed"));
    // In Spanish, the same deadlines on their own clock, the zone named in Spanish.
    const es = await sendAt("2017-09-20T12:00:00Z", "entre@example.org", "es");
    expect(deadlineLines(es.text_body)).toEqual([
      "Inclusión garantizada en el documento final: 30 de septiembre de 2017, al final del día, En cualquier lugar de la Tierra (AoE, UTC−12:00).",
      "Cierre de la convocatoria: 17 de diciembre de 2017, al final del día, En cualquier lugar de la Tierra (AoE, UTC−12:00).",
    ]);
  });

  it("names only the close of the call after the cutoff, and says late contributions are still taken", async () => {
    const mail = await sendAt("2017-10-10T12:00:00Z", "after@example.org");
    expect(deadlineLines(mail.text_body)).toEqual([CLOSES]);
    expect(mail.text_body).toContain(
      "Inclusion in the output is no longer guaranteed, but contributions are still welcome until the call closes; they are marked as late.",
    );
    expect(mail.text_body).not.toContain("September");
  });

  it("says the same in reminders, as of the moment the reminder goes out", async () => {
    const db = t.database.db;
    const reminder = await scheduleReminder(db, {
      ...as(new Date("2017-10-01T00:00:00Z")),
      input: { runAt: new Date("2017-10-05T09:00:00Z") },
    });
    await runReminder(db, {
      reminderId: reminder.id,
      forumSlug: scope.forum.slug,
      year: scope.cycle.year,
      settings,
      now: new Date("2017-10-05T09:00:00Z"),
    });
    const mail = await mailTo("before@example.org", "call.reminder");
    expect(deadlineLines(mail.text_body)).toEqual([CLOSES]);
    expect(mail.text_body).toContain("no longer guaranteed");
  });

  it("offers rolling acceptance until the annual meeting when the call has no closing date", async () => {
    const db = t.database.db;
    const other = await seedForum(db, "bpf-rolling");
    await db
      .deleteFrom("milestones")
      .where("cycle_id", "=", other.cycle.id)
      .where("kind", "=", "call_closes")
      .execute();
    await db
      .insertInto("milestones")
      .values({
        cycle_id: other.cycle.id,
        kind: "annual_meeting",
        at: startOfDayInZone("2017-12-18", "Europe/Zurich"),
        time_zone: "Europe/Zurich",
        all_day: true,
      })
      .execute();
    const sec = await personWithRole(db, other.forum.id, "secretariat", "sec2@example.org", "Sec Two");
    const at = (iso: string) => ({ actor: sec, forum: other.forum, cycle: other.cycle, now: new Date(iso) });
    await createQuestionnaire(db, { ...at("2017-08-01T00:00:00Z"), input: { originalLanguage: "en" } });
    await addSection(db, { ...at("2017-08-01T00:00:00Z"), input: { title: "Questions" } });
    await addQuestion(db, {
      ...at("2017-08-01T00:00:00Z"),
      sectionId: "s_questions",
      input: { type: "long_text", label: "What works?" },
    });
    await publishVariant(db, at("2017-08-01T00:00:00Z"));
    await saveCall(db, {
      ...at("2017-08-01T00:00:00Z"),
      input: { message: "Please contribute.", overview: "", reading: "" },
    });
    for (const [iso, email] of [
      ["2017-08-10T12:00:00Z", "early@example.org"],
      ["2017-10-10T12:00:00Z", "late@example.org"],
    ] as const) {
      await addRecipients(db, { ...at(iso), recipients: [{ email, name: "R" }] });
      await sendCall(db, { ...at(iso), settings, confirm: { checkedRecipients: true } });
    }
    const early = await mailTo("early@example.org");
    expect(deadlineLines(early.text_body)).toEqual([SOFT, CUTOFF]);
    const rolling =
      "After that, contributions remain welcome until the annual meeting on December 18, 2017, Central European Standard Time (Europe/Zurich, UTC+01:00); they are marked as late.";
    expect(early.text_body).toContain(rolling);
    const late = await mailTo("late@example.org");
    expect(deadlineLines(late.text_body)).toEqual([]);
    expect(late.text_body).toContain(
      "Inclusion in the output is no longer guaranteed, but contributions are still welcome until the annual meeting on December 18, 2017, Central European Standard Time (Europe/Zurich, UTC+01:00); they are marked as late.",
    );
  });
});
