// Content translations over HTTP: the secretariat enters a language's texts, readers of that language get them,
// readers of a language still missing get the original marked with its own `lang`, and the status page says
// what is missing.
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../../auth/sessions.js";
import { TestAgent } from "../../test-support/agent.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { testEngines } from "../../test-support/databases.js";
import { makeCycle, makeForum, makePerson, setUpActor } from "../../test-support/factories.js";
import { addMilestone } from "../cycles/service.js";

describe.each(testEngines)("content translations on %s", (engine) => {
  let t: TestApp;
  let secretariat: TestAgent;
  let member: TestAgent;

  beforeAll(async () => {
    t = await createTestApp(engine);
    const db = t.database.db;
    const forum = await makeForum(db, { languages: ["en", "es"] });
    const cycle = await makeCycle(db, forum, { year: 2017, focus: "Cybersecurity and the SDGs" });
    await addMilestone(db, {
      actor: setUpActor,
      forum,
      cycle,
      input: { kind: "custom", at: "2017-10-09", time_zone: "UTC", label: "Virtual meeting week" },
    });
    const agent = async (role: "secretariat" | "member", email: string) => {
      const { user } = await makePerson(db, { email, role, forumId: forum.id });
      const a = new TestAgent(t.app);
      a.cookies.set("session", (await createSession(db, { userId: user.id, now: new Date() })).cookieValue);
      return a;
    };
    secretariat = await agent("secretariat", "sec@example.org");
    member = await agent("member", "member@example.org");
  });
  afterAll(async () => {
    await t?.close();
  });

  it("shows a language's translations to its readers and the original, marked, to the others", async () => {
    const status = await secretariat.get("/f/bpf-cyber/translations");
    expect(status.statusCode).toBe(200);
    // Five languages besides the original, each missing the forum's name, its cycle's focus and the label.
    expect(status.body.match(/3 of 3 missing/g)).toHaveLength(5);
    expect((await member.get("/f/bpf-cyber/translations")).statusCode).toBe(403);

    const form = await secretariat.get("/f/bpf-cyber/translations/es");
    const fieldNames = [...form.body.matchAll(/<textarea[^>]* name="([^"]+)"/g)].map((m) => m[1] ?? "");
    expect(fieldNames).toHaveLength(3);
    const [name, focus, label] = fieldNames as [string, string, string];
    expect(form.body).toContain('lang="es"');
    const saved = await secretariat.post("/f/bpf-cyber/translations/es", {
      [name]: "Foro de Mejores Prácticas sobre Ciberseguridad",
      [focus]: "La ciberseguridad y los ODS",
      [label]: "Semana de la reunión virtual",
    });
    expect(saved.statusCode).toBe(303);
    const after = await secretariat.get("/f/bpf-cyber/translations");
    expect(after.body.match(/3 of 3 missing/g)).toHaveLength(4);
    expect(after.body).toContain("Every text is translated.");

    const spanish = await new TestAgent(t.app).get("/f/bpf-cyber?lang=es");
    expect(spanish.body).toContain("<h1><bdi>Foro de Mejores Prácticas sobre Ciberseguridad</bdi></h1>");
    expect(spanish.body).toContain("La ciberseguridad y los ODS");
    expect(spanish.body).toContain("Semana de la reunión virtual");
    expect(spanish.body).not.toContain("Cybersecurity and the SDGs");

    // Arabic has no translation yet: the original shows, in English and saying so.
    const arabic = await new TestAgent(t.app).get("/f/bpf-cyber?lang=ar");
    expect(arabic.body).toContain('<html lang="ar" dir="rtl">');
    expect(arabic.body).toContain('<h1><bdi lang="en">Best Practice Forum on Cybersecurity</bdi></h1>');
    expect(arabic.body).toContain('<bdi lang="en">Cybersecurity and the SDGs</bdi>');
    expect(arabic.body).toContain('<bdi lang="en">Virtual meeting week</bdi>');
    // Every page of the forum heads with the translated name, and the calendar feed names events in Spanish.
    const members = await new TestAgent(t.app).get("/f/bpf-cyber/2017/meetings?lang=es");
    expect(members.body).toMatch(
      /class="brand"[^>]*><bdi>Foro de Mejores Prácticas sobre Ciberseguridad<\/bdi>/,
    );
    const arabicMeetings = await new TestAgent(t.app).get("/f/bpf-cyber/2017/meetings?lang=ar");
    expect(arabicMeetings.body).toMatch(
      /class="brand"[^>]*><bdi lang="en">Best Practice Forum on Cybersecurity/,
    );
    const feed = await new TestAgent(t.app).get("/f/bpf-cyber/calendar.ics?lang=es");
    expect(feed.body.replace(/\r\n /g, "")).toContain(
      "Foro de Mejores Prácticas sobre Ciberseguridad 2017: Semana de la reunión virtual",
    );
    // The English page marks nothing: it is the original.
    const english = await new TestAgent(t.app).get("/f/bpf-cyber/2017?lang=en");
    expect(english.body).not.toContain('lang="en">Virtual');

    // Emptying a field removes its translation: the original comes back, marked.
    await secretariat.post("/f/bpf-cyber/translations/es", { [label]: "" });
    const again = await new TestAgent(t.app).get("/f/bpf-cyber/2017?lang=es");
    expect(again.body).toContain('<bdi lang="en">Virtual meeting week</bdi>');
    expect((await secretariat.get("/f/bpf-cyber/translations")).body).toContain("1 of 3 missing");
  });

  it("writes calendars and Word files in the reader's language, and says which", async () => {
    const ics = await new TestAgent(t.app).get("/f/bpf-cyber/calendar.ics?lang=ru");
    expect(ics.body).toContain("PRODID:-//Intersession//Intersession//RU-RU");
    expect(ics.body).toMatch(/^SUMMARY;LANGUAGE=ru-RU:Best Practice Forum on Cybersecurity 2017: /m);
    expect(ics.body).not.toMatch(/^(SUMMARY|DESCRIPTION):/m);

    const docx = await new TestAgent(t.app).get("/f/bpf-cyber/2017/contributions/annex.docx?lang=zh");
    expect(docx.statusCode).toBe(200);
    const styles = strFromU8(
      unzipSync(new Uint8Array(docx.rawPayload))["word/styles.xml"] ?? new Uint8Array(),
    );
    expect(styles).toMatch(/<w:lang w:val="zh-CN" w:eastAsia="zh-CN" w:bidi="ar-SA"\/>/);
  });
});
