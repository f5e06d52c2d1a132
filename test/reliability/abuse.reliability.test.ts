// Floods: one address asking for sign-in links over and over, one network sending contributions through the
// API and the form as fast as it can, and one person and one network commenting on a document under public
// review, all at once. Each meets its limit with 429, Retry-After and a message saying what happened, nothing
// beyond the limit is stored or mailed, and meanwhile other people's reading, signing in, contributing and
// commenting keep answering as usual.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../../src/auth/sessions.js";
import { completeFields, multipart, seedTestForum } from "../../src/contributions/test-support.js";
import { COMMENT_LIMITS } from "../../src/documents/comment-limits.js";
import { createTestApp, type TestApp } from "../../src/test-support/app.js";
import { testEngines } from "../../src/test-support/databases.js";
import { makePerson } from "../../src/test-support/factories.js";
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

  it("limits a flood of comments from one person and from one network while others read and comment", async () => {
    const db = t.database.db;
    const { forum } = await db
      .selectFrom("forums")
      .select("id as forum")
      .where("slug", "=", "bpf-cyber")
      .executeTakeFirstOrThrow();
    const now = new Date("2017-09-10T10:00:00Z");
    /** A signed-in person's cookies (session and CSRF token) for posting from `ip`. */
    const signedIn = async (email: string, role?: "secretariat") => {
      const person = await makePerson(db, { email, name: email.split("@")[0], role, forumId: forum });
      const { cookieValue } = await createSession(db, { userId: person.user.id, now });
      // The CSRF token a page hands this browser, as a browser would get it before posting.
      const visit = await t.app.inject({ method: "GET", url: "/healthz", cookies: { session: cookieValue } });
      const csrf = visit.cookies.find((c) => c.name === "csrf")?.value ?? "";
      return { id: person.user.id, csrf, cookie: `session=${cookieValue}; csrf=${csrf}` };
    };
    const post = (
      who: { cookie: string; csrf: string },
      ip: string,
      url: string,
      form: Record<string, string>,
    ) =>
      t.app.inject({
        method: "POST",
        url,
        ...from(ip),
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: who.cookie },
        payload: new URLSearchParams({ _csrf: who.csrf, ...form }).toString(),
      });

    // The secretariat publishes a draft for public comment, open today.
    const sam = await signedIn("sam.flood@example.org", "secretariat");
    const created = await post(sam, "192.0.2.1", "/f/bpf-cyber/2017/documents", {
      kind: "output",
      title: "Draft under a flood",
      body: "# Findings\n\nTrusted channels between response teams matter.\n\nRegional meetings help newcomers.",
      review_opens: "2017-09-01",
      review_closes: "2017-09-30",
    });
    expect(created.statusCode, created.body.slice(0, 300)).toBe(303);
    const page = String(created.headers.location);
    expect((await post(sam, "192.0.2.1", `${page}/versions/1/publish`, { to: "public" })).statusCode).toBe(
      303,
    );
    const shown = await t.app.inject({ method: "GET", url: page, ...from("198.51.100.40") });
    const paragraph = /<p id="p-([^"]+)"/.exec(shown.body)?.[1] ?? "";
    expect(paragraph, "the published draft's first paragraph").not.toBe("");
    const comment = (who: { cookie: string; csrf: string }, ip: string, body: string) =>
      post(who, ip, `${page}/comments`, { version: "1", paragraph_id: paragraph, body });

    // One person sends three times their limit; thirty people of one network send three each (more than the
    // network's limit); meanwhile others read the draft and one more person comments from elsewhere.
    const fay = await signedIn("fay.flood@example.org");
    const crowd = await Promise.all(
      Array.from({ length: 30 }, (_, i) => signedIn(`crowd${i}.flood@example.org`)),
    );
    const honest = await signedIn("honest.commenter@example.org");
    const personFlood = COMMENT_LIMITS.perPerson * 3;
    const [own, network, readers, other] = await Promise.all([
      Promise.all(
        Array.from({ length: personFlood }, (_, i) => comment(fay, "203.0.113.20", `Fay's flood ${i}`)),
      ),
      Promise.all(
        crowd.flatMap((who, n) =>
          [0, 1, 2].map((k) => comment(who, "203.0.113.21", `Network flood ${n}.${k}`)),
        ),
      ),
      Promise.all(
        Array.from({ length: 60 }, () =>
          t.app.inject({ method: "GET", url: page, ...from("198.51.100.41") }).then((r) => r.statusCode),
        ),
      ),
      comment(honest, "198.51.100.42", "An honest comment meanwhile"),
    ]);
    const storedComments = async (like: string) =>
      Number(
        (
          await db
            .selectFrom("document_comments")
            .select((eb) => eb.fn.countAll().as("n"))
            .where("body", "like", like)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const ownLimited = own.filter((r) => r.statusCode === 429);
    const networkLimited = network.filter((r) => r.statusCode === 429);
    report(
      "abuse: floods",
      `comment flood (${engine}): one person ${own.length} sent, ${own.filter((r) => r.statusCode === 303).length} accepted, ${ownLimited.length} refused with 429; one network (30 people) ${network.length} sent, ${network.filter((r) => r.statusCode === 303).length} accepted, ${networkLimited.length} refused with 429; ${readers.filter((s) => s === 200).length}/${readers.length} readers' requests answered 200; someone else's comment ${other.statusCode}`,
    );
    expect(own.filter((r) => r.statusCode !== 303 && r.statusCode !== 429).map((r) => r.statusCode)).toEqual(
      [],
    );
    expect(
      network.filter((r) => r.statusCode !== 303 && r.statusCode !== 429).map((r) => r.statusCode),
    ).toEqual([]);
    expect(ownLimited.length).toBe(personFlood - COMMENT_LIMITS.perPerson);
    expect(networkLimited.length).toBe(network.length - COMMENT_LIMITS.perIp);
    for (const r of ownLimited) {
      expect(Number(r.headers["retry-after"])).toBeGreaterThan(0);
      expect(r.body).toContain("You have sent many comments in the last few minutes");
      // The form comes back with what was typed.
      expect(r.body).toMatch(/Fay&#39;s flood \d+<\/textarea>|Fay's flood \d+<\/textarea>/);
    }
    for (const r of networkLimited) {
      expect(Number(r.headers["retry-after"])).toBeGreaterThan(0);
      expect(r.body).toContain("Many comments have been sent from your network in the last few minutes");
    }
    // Nothing beyond the limits was stored.
    expect(await storedComments("Fay's flood %")).toBe(COMMENT_LIMITS.perPerson);
    expect(await storedComments("Network flood %")).toBe(COMMENT_LIMITS.perIp);
    expect(readers.filter((s) => s !== 200)).toEqual([]);
    expect(other.statusCode, "someone else commenting meanwhile").toBe(303);
    expect(await storedComments("An honest comment meanwhile")).toBe(1);
  });
});
