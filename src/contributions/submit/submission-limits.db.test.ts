// Anonymous sending is limited per network and per e-mail address: the form comes back with what was typed
// and a message saying when to try again, the API answers 429 with Retry-After, and the secretariat's own
// imports are never limited.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { testEngines } from "../../test-support/databases.js";
import { completeFields, multipart, seedTestForum, tokenFor } from "../test-support.js";

describe.each(testEngines)("submission limits (%s)", (engine) => {
  let t: TestApp;
  let secretariatToken: string;

  beforeAll(async () => {
    t = await createTestApp(engine, {
      contributionLimitPerIp: 3,
      contributionLimitPerAddress: 2,
      contributionLimitWindowSeconds: 600,
    });
    const ids = await seedTestForum(t.database.db);
    secretariatToken = await tokenFor(t.database.db, "secretariat", ids.forum.id);
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A browser on one network sending the web form. */
  async function sendForm(remoteAddress: string, overrides: Record<string, string>) {
    const first = await t.app.inject({ method: "GET", url: "/healthz", remoteAddress });
    const csrf = first.cookies.find((c) => c.name === "csrf")?.value ?? "";
    const body = multipart([["_csrf", csrf], ...completeFields(overrides)]);
    return t.app.inject({
      method: "POST",
      url: "/f/bpf-cyber/2017/contribute",
      remoteAddress,
      payload: body.payload,
      headers: { ...body.headers, cookie: `csrf=${csrf}` },
    });
  }

  function sendApi(remoteAddress: string, email: string, headers: Record<string, string> = {}) {
    const body = multipart(
      completeFields({ email }).map(([k, v]) => [k === "body_text" ? "text" : k, v] as [string, string]),
    );
    return t.app.inject({
      method: "POST",
      url: "/api/v1/forums/bpf-cyber/cycles/2017/contributions",
      remoteAddress,
      payload: body.payload,
      headers: { ...body.headers, ...headers },
    });
  }

  it("turns away a flood from one address or one network on the form, keeping what was typed", async () => {
    t.setNow(new Date("2017-09-10T10:00:00Z"));
    const net = "198.51.100.7";
    expect((await sendForm(net, { email: "same@example.org" })).statusCode).toBe(303);
    expect((await sendForm(net, { email: "same@example.org" })).statusCode).toBe(303);
    const sameAddress = await sendForm(net, {
      email: "same@example.org",
      organisation: "Typed Organisation Kept",
    });
    expect(sameAddress.statusCode).toBe(429);
    expect(Number(sameAddress.headers["retry-after"])).toBeGreaterThan(0);
    expect(Number(sameAddress.headers["retry-after"])).toBeLessThanOrEqual(600);
    expect(sameAddress.body).toContain("with this e-mail address");
    expect(sameAddress.body).toContain("in 10 minutes");
    expect(sameAddress.body).toContain('value="Typed Organisation Kept"');
    // Another person on the same network still gets through, up to the network's limit.
    expect((await sendForm(net, { email: "colleague@example.org" })).statusCode).toBe(303);
    const network = await sendForm(net, { email: "third@example.org", lang: "es" });
    expect(network.statusCode).toBe(429);
    expect(network.body).toContain("Desde su red se han enviado muchas contribuciones");
    // Another network is not affected, and the window moves on.
    expect((await sendForm("203.0.113.9", { email: "elsewhere@example.org" })).statusCode).toBe(303);
    t.setNow(new Date("2017-09-10T10:10:01Z"));
    expect((await sendForm(net, { email: "third@example.org" })).statusCode).toBe(303);
    const stored = await t.database.db
      .selectFrom("contributions")
      .select("email")
      .where("email", "=", "same@example.org")
      .execute();
    expect(stored).toHaveLength(2);
  });

  it("answers the API with 429, a problem body and Retry-After, and never limits the secretariat", async () => {
    t.setNow(new Date("2017-09-12T10:00:00Z"));
    const net = "192.0.2.44";
    expect((await sendApi(net, "api-person@example.org")).statusCode).toBe(201);
    expect((await sendApi(net, "api-person@example.org")).statusCode).toBe(201);
    const refused = await sendApi(net, "api-person@example.org");
    expect(refused.statusCode).toBe(429);
    expect(refused.headers["retry-after"]).toBeTruthy();
    expect(refused.json().error).toMatchObject({ code: "rate_limited" });
    expect(refused.json().error.message).toContain("try again");
    for (let i = 0; i < 5; i++) {
      const imported = await sendApi(net, "api-person@example.org", {
        authorization: `Bearer ${secretariatToken}`,
      });
      expect(imported.statusCode, imported.body).toBe(201);
    }
  });
});
