// Floods: one address asking for sign-in links over and over, and one network sending contributions through
// the API and the form as fast as it can, all at once. Each meets its limit with 429, Retry-After and a message
// saying what happened, nothing beyond the limit is stored or mailed, and meanwhile other people's reading,
// signing in and contributing keep answering as usual.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { completeFields, multipart, seedTestForum } from "../../src/contributions/test-support.js";
import { createTestApp, type TestApp } from "../../src/test-support/app.js";
import { testEngines } from "../../src/test-support/databases.js";
import { report } from "./figures.js";

const FLOOD = Number(process.env.RELIABILITY_FLOOD ?? 120);
const LIMIT_PER_IP = 5;

describe.each(testEngines)("floods (%s)", (engine) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(engine, {
      contributionLimitPerIp: LIMIT_PER_IP,
      contributionLimitPerAddress: 3,
      contributionLimitWindowSeconds: 600,
    });
    await seedTestForum(t.database.db);
    t.setNow(new Date("2017-09-10T10:00:00Z"));
  });
  afterAll(async () => {
    await t?.close();
  });

  const from = (ip: string) => ({ remoteAddress: ip });
  const read = async (ip: string, i: number) => {
    const url = ["/", "/f/bpf-cyber", "/f/bpf-cyber/2017/contributions", "/healthz"][i % 4] as string;
    const res = await t.app.inject({ method: "GET", url, ...from(ip) });
    return { url, status: res.statusCode };
  };
  const signIn = async (ip: string, email: string) => {
    const first = await t.app.inject({ method: "GET", url: "/sign-in", ...from(ip) });
    const csrf = first.cookies.find((c) => c.name === "csrf")?.value ?? "";
    return t.app.inject({
      method: "POST",
      url: "/sign-in",
      ...from(ip),
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: `csrf=${csrf}` },
      payload: new URLSearchParams({ _csrf: csrf, email, next: "/" }).toString(),
    });
  };
  const contributeApi = (
    ip: string,
    i: number,
    email = `flood${i}@example.org`,
    text = `Flooded sending ${i}`,
  ) => {
    const body = multipart(
      completeFields({ email, body_text: text }).map(([k, v]) => [k === "body_text" ? "text" : k, v]),
    );
    return t.app.inject({
      method: "POST",
      url: "/api/v1/forums/bpf-cyber/cycles/2017/contributions",
      ...from(ip),
      payload: body.payload,
      headers: body.headers,
    });
  };
  const contributeForm = async (ip: string, i: number) => {
    const first = await t.app.inject({ method: "GET", url: "/f/bpf-cyber/2017/contribute", ...from(ip) });
    const csrf = first.cookies.find((c) => c.name === "csrf")?.value ?? "";
    const body = multipart([
      ["_csrf", csrf],
      ...completeFields({ email: `formflood${i}@example.org`, body_text: `Typed by hand, flood ${i}` }),
    ]);
    return t.app.inject({
      method: "POST",
      url: "/f/bpf-cyber/2017/contribute",
      ...from(ip),
      payload: body.payload,
      headers: { ...body.headers, cookie: `csrf=${csrf}` },
    });
  };
  const stored = async (like: string) =>
    Number(
      (
        await t.database.db
          .selectFrom("contributions")
          .select((eb) => eb.fn.countAll().as("n"))
          .where("body_text", "like", like)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it("limits a flood of sign-in requests while others read and sign in", async () => {
    const [flood, readers, other] = await Promise.all([
      Promise.all(
        Array.from({ length: FLOOD }, (_, i) =>
          signIn("203.0.113.7", i % 2 ? "victim@example.org" : `sprayed${i}@example.org`),
        ),
      ),
      Promise.all(Array.from({ length: FLOOD }, (_, i) => read("198.51.100.20", i))),
      signIn("198.51.100.21", "someone.else@example.org"),
    ]);
    const limited = flood.filter((r) => r.statusCode === 429);
    const sent = flood.filter((r) => r.statusCode === 200);
    report(
      "abuse: floods",
      `sign-in flood (${engine}): ${FLOOD} requests, ${sent.length} links sent, ${limited.length} refused with 429; ${readers.filter((r) => r.status === 200).length}/${readers.length} readers' requests answered 200`,
    );
    expect(
      flood.filter((r) => r.statusCode !== 200 && r.statusCode !== 429).map((r) => r.statusCode),
    ).toEqual([]);
    expect(limited.length).toBeGreaterThan(0);
    for (const r of limited) {
      expect(Number(r.headers["retry-after"])).toBeGreaterThan(0);
      expect(r.body).toMatch(/Wait (\d+ minutes|an hour), then try again/);
    }
    // The address asked for repeatedly gets no more links than its limit, whatever the timing.
    const mails = await t.database.db
      .selectFrom("sign_in_links")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("email", "=", "victim@example.org")
      .executeTakeFirstOrThrow();
    expect(Number(mails.n)).toBeLessThanOrEqual(5);
    expect(readers.filter((r) => r.status !== 200)).toEqual([]);
    expect(other.statusCode, "someone else signing in meanwhile").toBe(200);
  });

  it("limits a flood of contributions through the API and the form while others read and contribute", async () => {
    const [api, form, readers, other] = await Promise.all([
      Promise.all(Array.from({ length: FLOOD / 2 }, (_, i) => contributeApi("203.0.113.9", i))),
      Promise.all(Array.from({ length: FLOOD / 2 }, (_, i) => contributeForm("203.0.113.10", i))),
      Promise.all(Array.from({ length: FLOOD }, (_, i) => read("198.51.100.30", i))),
      contributeApi("198.51.100.31", 0, "honest@example.org", "An honest sending meanwhile"),
    ]);
    const apiLimited = api.filter((r) => r.statusCode === 429);
    const formLimited = form.filter((r) => r.statusCode === 429);
    report(
      "abuse: floods",
      `submission flood (${engine}): API ${api.length} sent, ${api.filter((r) => r.statusCode === 201).length} accepted, ${apiLimited.length} refused with 429; form ${form.length} sent, ${form.filter((r) => r.statusCode === 303).length} accepted, ${formLimited.length} refused with 429; ${readers.filter((r) => r.status === 200).length}/${readers.length} readers' requests answered 200`,
    );
    expect(api.filter((r) => r.statusCode !== 201 && r.statusCode !== 429).map((r) => r.statusCode)).toEqual(
      [],
    );
    expect(form.filter((r) => r.statusCode !== 303 && r.statusCode !== 429).map((r) => r.statusCode)).toEqual(
      [],
    );
    expect(apiLimited.length).toBe(api.length - LIMIT_PER_IP);
    expect(formLimited.length).toBe(form.length - LIMIT_PER_IP);
    for (const r of apiLimited) {
      expect(Number(r.headers["retry-after"])).toBeGreaterThan(0);
      expect(r.json().error.code).toBe("rate_limited");
    }
    for (const r of formLimited) {
      expect(Number(r.headers["retry-after"])).toBeGreaterThan(0);
      // The form comes back with what was typed.
      expect(r.body).toMatch(/Typed by hand, flood \d+/);
    }
    // Nothing beyond the limit was stored.
    expect(await stored("Flooded sending %")).toBe(LIMIT_PER_IP);
    expect(await stored("Typed by hand, flood %")).toBe(LIMIT_PER_IP);
    expect(readers.filter((r) => r.status !== 200)).toEqual([]);
    expect(other.statusCode, "someone else contributing meanwhile").toBe(201);
  });
});
