// Answering the published questionnaire end to end: the Spanish form, answers kept through the form and
// the API, shown on the public page under their questions, and comparable by question id.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../auth/actor.js";
import { seedCallsDemoFor } from "../../calls/demo.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { testEngines } from "../../test-support/databases.js";
import { publishContribution } from "../moderation/service.js";
import { completeFields, FormVisitor, multipart, seedTestForum } from "../test-support.js";
import { answerField } from "./answers.js";

describe.each(testEngines)("answering the questionnaire (%s)", (engine) => {
  let t: TestApp;
  const secretariat: Actor = { kind: "token", tokenId: "t", name: "sec", role: "secretariat", forumId: null };

  beforeAll(async () => {
    t = await createTestApp(engine);
    const ids = await seedTestForum(t.database.db);
    const forum = await t.database.db
      .updateTable("forums")
      .set({ languages: ["en", "es"] })
      .where("id", "=", ids.forum.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await seedCallsDemoFor(t.database.db, { forum, cycle: ids.cycle2017, secretariatUserId: undefined });
    t.setNow(new Date("2017-09-10T10:00:00Z"));
  });
  afterAll(async () => {
    await t?.close();
  });

  const publishedRow = async (reference: string) => {
    const row = await t.database.db
      .selectFrom("contributions")
      .selectAll()
      .where("reference", "=", reference)
      .executeTakeFirstOrThrow();
    await publishContribution(
      {
        db: t.database.db,
        now: new Date("2017-09-11T00:00:00Z"),
        secret: t.app.services.secret,
        publicUrl: "",
      },
      { actor: secretariat, contributionId: row.id },
    );
    return row;
  };

  it("saves nothing from an empty form, and names each missing answer in the form's order", async () => {
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
    const visitor = new FormVisitor(t.app);
    const form = await visitor.get("/f/bpf-cyber/2017/contribute");
    const key = form.body.match(/name="idempotency_key" value="([^"]+)"/)?.[1] ?? "";
    const res = await visitor.postForm("/f/bpf-cyber/2017/contribute", [
      ["idempotency_key", key],
      ["variant", "base"],
      ["lang", "en"],
      ["licence", "cc_by_4_0"],
      ["action", "submit"],
    ]);
    expect(res.statusCode).toBe(422);
    expect(await count()).toBe(before);
    expect(res.body).not.toContain("your draft is saved");
    expect(res.body).not.toContain("/c/");
    const summary = res.body.match(/<div class="error-summary"[\s\S]*?<\/div>/)?.[0] ?? "";
    const items = [...summary.matchAll(/<a href="#([^"]+)">([^<]+)<\/a>/g)].map((m) => [m[1], m[2]]);
    // Every error names its field, and they come in the order the fields appear on the page.
    expect(items.length).toBeGreaterThan(3);
    // A label's own question mark or full stop is not followed by a second mark ("belong to?: Answer…").
    for (const [, text] of items) {
      expect(text).toMatch(/^[^:?]+(: |\? |\. )\S/);
      expect(text).not.toMatch(/[?.:]: /);
    }
    expect(items.filter(([, text]) => text === "Answer this question.")).toEqual([]);
    const positions = items.map(([id]) => res.body.indexOf(`id="${id}"`));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(items.map(([id]) => id)).toContain("field-contributor_name");
  });

  it("takes answers in Spanish through the form and shows them under their questions", async () => {
    const visitor = new FormVisitor(t.app);
    const form = await visitor.get("/f/bpf-cyber/2017/contribute?lang=es");
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain("¿De qué manera una ciberseguridad sólida ayuda");
    const key = form.body.match(/name="idempotency_key" value="([^"]+)"/)?.[1] ?? "";
    // A required question left blank is named, and what was typed comes back.
    const partial = await visitor.postForm("/f/bpf-cyber/2017/contribute?lang=es", [
      ["idempotency_key", key],
      ["variant", "base"],
      ["lang", "es"],
      ...completeFields({ email: "lucia@example.org", body_text: "" }),
      [answerField("q_good_security_helps"), "La seguridad genera confianza en los servicios digitales."],
    ]);
    expect(partial.statusCode).toBe(422);
    expect(partial.body).toContain("La seguridad genera confianza en los servicios digitales.");
    // The form comes back as the kept draft's: it is sent where the page now points.
    const action =
      partial.body.match(/<form method="post" action="([^"]+)" enctype="multipart\/form-data"/)?.[1] ?? "";
    expect(action).toMatch(/^\/c\//);
    const sent = await visitor.postForm(action, [
      ["idempotency_key", key],
      ["variant", "base"],
      ["lang", "es"],
      ...completeFields({ email: "lucia@example.org", body_text: "" }),
      [answerField("q_good_security_helps"), "La seguridad genera confianza en los servicios digitales."],
      [answerField("q_poor_security_hinders"), "Los incidentes frenan la adopción de la banca móvil."],
      [answerField("q_critical_issue"), "La cooperación entre equipos de respuesta."],
    ]);
    expect(sent.statusCode, sent.body.slice(0, 300)).toBe(303);
    const receipt = await visitor.get(String(sent.headers.location));
    const reference = receipt.body.match(/BPF-2017-\d{4}/)?.[0] ?? "";
    const row = await publishedRow(reference);
    expect(row.form_language).toBe("es");
    expect(row.answers).toMatchObject({
      q_good_security_helps: "La seguridad genera confianza en los servicios digitales.",
      q_critical_issue: "La cooperación entre equipos de respuesta.",
    });
    const page = await t.app.inject({ method: "GET", url: `/f/bpf-cyber/2017/contributions/${reference}` });
    expect(page.body).toContain("Los incidentes frenan la adopción de la banca móvil.");
    expect(page.body).toContain("In what ways does weak cybersecurity hold that growth back");
    const api = (await t.app.inject({ method: "GET", url: `/api/v1/contributions/${row.id}` })).json();
    expect(api.answers.q_poor_security_hinders).toBe("Los incidentes frenan la adopción de la banca móvil.");
  });

  it("takes the same answers by question id through the API, and refuses answers that are not an object", async () => {
    const send = (answers: string) => {
      const body = multipart([
        ...completeFields({ email: "api-answers@example.org", body_text: "" }).map(
          ([k, v]) => [k === "body_text" ? "text" : k, v] as [string, string],
        ),
        ["language", "es"],
        ["answers", answers],
      ]);
      return t.app.inject({
        method: "POST",
        url: "/api/v1/forums/bpf-cyber/cycles/2017/contributions",
        payload: body.payload,
        headers: body.headers,
      });
    };
    expect((await send("[1,2]")).statusCode).toBe(422);
    const created = await send(
      JSON.stringify({
        q_good_security_helps: "Confianza.",
        q_poor_security_hinders: "Fraude.",
        q_critical_issue: "Cooperación.",
      }),
    );
    expect(created.statusCode, created.body).toBe(201);
    const row = await publishedRow(created.json().reference);
    expect(row.answers).toMatchObject({ q_poor_security_hinders: "Fraude." });
  });
});
