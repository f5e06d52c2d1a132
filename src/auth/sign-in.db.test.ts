import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { listOutbox } from "../mail/outbox.js";
import { linkIn, TestAgent } from "../test-support/agent.js";
import { createTestApp, type TestApp } from "../test-support/app.js";
import { testEngines } from "../test-support/databases.js";
import { MAX_LINKS_PER_IP } from "./sign-in.js";
import { insertUser } from "./users.js";

describe.each(testEngines)("sign-in by e-mail link on %s", (engine) => {
  let t: TestApp;
  let n = 0;
  const fresh = () => `person${++n}@example.org`;

  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => {
    await t?.close();
  });
  beforeEach(() => t.setNow(undefined));

  async function latestMail(to: string) {
    const [message] = await listOutbox(t.database.db, { to, limit: 1 });
    if (!message) throw new Error(`no mail to ${to}`);
    return message;
  }

  it("answers the same for known and unknown addresses, and mails each the right link", async () => {
    const known = fresh();
    await insertUser(t.database.db, { email: known, name: "Known Person" });
    const unknown = fresh();
    const a = await new TestAgent(t.app).post("/sign-in", { email: known, next: "/" });
    const b = await new TestAgent(t.app).post("/sign-in", { email: unknown, next: "/" });
    expect(a.statusCode).toBe(200);
    expect(b.statusCode).toBe(200);
    const normalise = (html: string, email: string) =>
      html
        .replaceAll(email, "EMAIL")
        .replace(/value="[A-Za-z0-9_-]{32}"/g, 'value="CSRF"')
        .replace(/[0-9a-f-]{36}/g, "ID");
    expect(normalise(a.body, known)).toBe(normalise(b.body, unknown));
    expect((await latestMail(known)).kind).toBe("sign_in");
    expect((await latestMail(unknown)).kind).toBe("register");
    expect((await latestMail(unknown)).subject).toContain("Confirm your address");
  });

  it("signs in once with a link; the second use is refused with an offer of a new link", async () => {
    const email = fresh();
    await insertUser(t.database.db, { email, name: "Ana Pérez" });
    const agent = new TestAgent(t.app);
    await agent.post("/sign-in", { email, next: "/me" });
    const link = linkIn((await latestMail(email)).text_body, t.config.publicUrl);
    const path = new URL(link).pathname;
    const confirm = await agent.get(path);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain(email);
    const before = agent.cookies.get("session");
    const signedIn = await agent.post(path, {});
    expect(signedIn.statusCode).toBe(303);
    expect(signedIn.headers.location).toBe("/me");
    const cookie = signedIn.cookies.find((c) => c.name === "session");
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe("Lax");
    expect(agent.cookies.get("session")).not.toBe(before);
    const me = await agent.get("/me");
    expect(me.body).toContain("Ana Pérez");
    const again = await new TestAgent(t.app).post(path, {});
    expect(again.statusCode).toBe(410);
    expect(again.body).toContain("already been used");
    expect(again.body).toContain('href="/sign-in"');
    // Signing in again from the same browser gives a new session id; the old one no longer works.
    const first = agent.cookies.get("session");
    expect(first).toBeTruthy();
    await agent.post("/sign-in", { email, next: "/me" });
    const second = new URL(linkIn((await latestMail(email)).text_body, t.config.publicUrl)).pathname;
    await agent.post(second, {});
    const renewed = agent.cookies.get("session");
    expect(renewed).toBeTruthy();
    expect(renewed).not.toBe(first);
    const stale = new TestAgent(t.app);
    stale.cookies.set("session", first ?? "");
    expect((await stale.get("/me")).statusCode).not.toBe(200);
  });

  it("refuses a link after 15 minutes and says so", async () => {
    const email = fresh();
    await insertUser(t.database.db, { email, name: "Late Reader" });
    const agent = new TestAgent(t.app);
    const start = new Date();
    t.setNow(start);
    await agent.post("/sign-in", { email, next: "/" });
    const path = new URL(linkIn((await latestMail(email)).text_body, t.config.publicUrl)).pathname;
    t.setNow(new Date(start.getTime() + 14 * 60_000 + 59_000));
    expect((await agent.get(path)).statusCode).toBe(200);
    t.setNow(new Date(start.getTime() + 15 * 60_000 + 1_000));
    const late = await agent.post(path, {});
    expect(late.statusCode).toBe(410);
    expect(late.body).toContain("This link has expired");
  });

  it("registers an unknown address with name and organisation", async () => {
    const email = fresh();
    const agent = new TestAgent(t.app);
    await agent.post("/sign-in", { email, next: "/" });
    const path = new URL(linkIn((await latestMail(email)).text_body, t.config.publicUrl)).pathname;
    const form = await agent.get(path);
    expect(form.body).toContain("Create your account");
    const missing = await agent.post(path, { name: "  ", organisation: "Access Example" });
    expect(missing.statusCode).toBe(422);
    expect(missing.body).toContain("Enter your name.");
    expect(missing.body).toContain('value="Access Example"');
    const done = await agent.post(path, { name: "Kofi Mensah", organisation: "Access Example" });
    expect(done.statusCode).toBe(303);
    expect((await agent.get("/me")).body).toContain("Kofi Mensah");
    const row = await t.database.db
      .selectFrom("users")
      .selectAll()
      .where("email", "=", email)
      .executeTakeFirstOrThrow();
    expect(row.email_verified_at).not.toBeNull();
  });

  it("signs in with the six-digit code and kills the link after five wrong codes", async () => {
    const email = fresh();
    await insertUser(t.database.db, { email, name: "Code Reader" });
    const agent = new TestAgent(t.app);
    await agent.post("/sign-in", { email, next: "/me" });
    const code = /: (\d{6})$/m.exec((await latestMail(email)).text_body)?.[1];
    expect(code).toMatch(/^\d{6}$/);
    const wrong = code === "000000" ? "111111" : "000000";
    const bad = await agent.post("/sign-in/code", { email, code: wrong });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain("does not match");
    const good = await agent.post("/sign-in/code", { email, code: code! });
    expect(good.statusCode).toBe(303);
    expect((await agent.get("/me")).body).toContain("Code Reader");

    const other = fresh();
    await insertUser(t.database.db, { email: other, name: "Guessed At" });
    const attacker = new TestAgent(t.app);
    await attacker.post("/sign-in", { email: other, next: "/" });
    const realCode = /: (\d{6})$/m.exec((await latestMail(other)).text_body)?.[1] ?? "";
    const guess = realCode === "000000" ? "111111" : "000000";
    for (let i = 0; i < 5; i++) await attacker.post("/sign-in/code", { email: other, code: guess });
    const tooLate = await attacker.post("/sign-in/code", { email: other, code: realCode });
    expect(tooLate.statusCode).toBe(422);
    expect(tooLate.body).toContain("tried too often");
  });

  it("spends one attempt per guess even when guesses arrive in parallel", async () => {
    const email = fresh();
    await insertUser(t.database.db, { email, name: "Parallel Target" });
    await new TestAgent(t.app).post("/sign-in", { email, next: "/" });
    const realCode = /: (\d{6})$/m.exec((await latestMail(email)).text_body)?.[1] ?? "";
    const guesses = Array.from({ length: 40 }, (_, i) => String(i).padStart(6, "0")).filter(
      (g) => g !== realCode,
    );
    const attacker = new TestAgent(t.app);
    await attacker.get("/healthz");
    await Promise.all(guesses.map((code) => attacker.post("/sign-in/code", { email, code })));
    const row = await t.database.db
      .selectFrom("sign_in_links")
      .select("code_attempts")
      .where("email", "=", email)
      .executeTakeFirstOrThrow();
    expect(row.code_attempts).toBe(5);
    const late = await attacker.post("/sign-in/code", { email, code: realCode });
    expect(late.statusCode).toBe(422);
  });

  it("limits links per address with a clear message", async () => {
    const email = fresh();
    const agent = new TestAgent(t.app);
    for (let i = 0; i < 5; i++)
      expect((await agent.post("/sign-in", { email, next: "/" })).statusCode).toBe(200);
    const limited = await agent.post("/sign-in", { email, next: "/" });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers["retry-after"]).toBe("900");
    expect(limited.body).toContain("Wait 15 minutes");
    expect(limited.body).toContain(`value="${email}"`);
  });

  it("mails no more links than the limit when one address is asked for many times at once", async () => {
    const email = fresh();
    const agent = new TestAgent(t.app);
    await agent.get("/healthz");
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => agent.post("/sign-in", { email, next: "/" })),
    );
    expect(answers.filter((r) => r.statusCode === 200)).toHaveLength(5);
    expect(answers.filter((r) => r.statusCode === 429)).toHaveLength(15);
    expect(await listOutbox(t.database.db, { to: email, limit: 50 })).toHaveLength(5);
  });

  it("keeps an invalid address and explains it beside the field", async () => {
    const res = await new TestAgent(t.app).post("/sign-in", { email: "not-an-address", next: "/" });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain("Enter an e-mail address like name@example.org.");
    expect(res.body).toContain('value="not-an-address"');
    expect(res.body).toContain('href="#field-email"');
  });

  it("refuses forged state-changing requests", async () => {
    const agent = new TestAgent(t.app);
    const noToken = await agent.post("/sign-in", { email: fresh(), next: "/" }, { csrf: false });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.body).toContain("expired or was sent from another site");
    const wrongToken = await agent.post("/sign-in", { email: fresh(), _csrf: "x".repeat(32) });
    expect(wrongToken.statusCode).toBe(403);
    const crossSite = await agent.post(
      "/sign-in",
      { email: fresh() },
      { headers: { origin: "https://evil.example" } },
    );
    expect(crossSite.statusCode).toBe(403);
    const count = await t.database.db
      .selectFrom("mail_outbox")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("to_address", "like", "%evil%")
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it("signs out, and signs out everywhere", async () => {
    const email = fresh();
    await insertUser(t.database.db, { email, name: "Two Browsers" });
    const signIn = async () => {
      const agent = new TestAgent(t.app);
      await agent.post("/sign-in", { email, next: "/" });
      const path = new URL(linkIn((await latestMail(email)).text_body, t.config.publicUrl)).pathname;
      await agent.post(path, {});
      return agent;
    };
    const laptop = await signIn();
    const phone = await signIn();
    expect((await laptop.get("/me")).statusCode).toBe(200);
    expect((await laptop.get("/me")).body).toContain("2 devices");
    await laptop.post("/sign-out", {});
    expect((await laptop.get("/me")).statusCode).toBe(303);
    expect((await phone.get("/me")).statusCode).toBe(200);
    const tablet = await signIn();
    await tablet.post("/sign-out/everywhere", {});
    expect((await phone.get("/me")).statusCode).toBe(303);
    expect((await tablet.get("/me")).statusCode).toBe(303);
  });

  it("ends a session after a week without use", async () => {
    const email = fresh();
    await insertUser(t.database.db, { email, name: "Idle" });
    const agent = new TestAgent(t.app);
    const start = new Date();
    t.setNow(start);
    await agent.post("/sign-in", { email, next: "/" });
    await agent.post(new URL(linkIn((await latestMail(email)).text_body, t.config.publicUrl)).pathname, {});
    t.setNow(new Date(start.getTime() + 6 * 24 * 3600_000));
    expect((await agent.get("/me")).statusCode).toBe(200);
    t.setNow(new Date(start.getTime() + 13 * 24 * 3600_000 + 3600_000));
    expect((await agent.get("/me")).statusCode).toBe(303);
  });

  it("ends a session after 30 days however often it is used", async () => {
    const email = fresh();
    await insertUser(t.database.db, { email, name: "Busy" });
    const agent = new TestAgent(t.app);
    const start = new Date();
    t.setNow(start);
    await agent.post("/sign-in", { email, next: "/" });
    await agent.post(new URL(linkIn((await latestMail(email)).text_body, t.config.publicUrl)).pathname, {});
    // Used every five days: never idle, still signed in on day 29…
    for (let day = 5; day <= 29; day += 5) {
      t.setNow(new Date(start.getTime() + day * 24 * 3600_000));
      expect((await agent.get("/me")).statusCode, `day ${day}`).toBe(200);
    }
    // …and signed out once the thirty days are up.
    t.setNow(new Date(start.getTime() + 30 * 24 * 3600_000 + 60_000));
    expect((await agent.get("/me")).statusCode).toBe(303);
    t.setNow(undefined);
  });
});

describe("session cookie behind HTTPS", () => {
  it("is __Host- prefixed and Secure", async () => {
    const t = await createTestApp("pglite", { publicUrl: "https://bpf.example.org" });
    try {
      const email = "secure@example.org";
      await insertUser(t.database.db, { email, name: "Secure" });
      const agent = new TestAgent(t.app);
      await agent.post("/sign-in", { email, next: "/" });
      const [mail] = await listOutbox(t.database.db, { to: email, limit: 1 });
      const path = new URL(linkIn(mail!.text_body, "https://bpf.example.org")).pathname;
      const res = await agent.post(path, {});
      const cookie = res.cookies.find((c) => c.name === "__Host-session");
      expect(cookie?.secure).toBe(true);
      expect(cookie?.path).toBe("/");
      expect(cookie?.domain).toBeUndefined();
      // Signing out removes it: browsers ignore an unset of a __Host- cookie that is not Secure.
      const out = await agent.post("/sign-out", {});
      const removal = out.cookies.find((c) => c.name === "__Host-session");
      expect(removal).toMatchObject({ value: "", secure: true, path: "/" });
    } finally {
      await t.close();
    }
  });
});

describe("sign-in links per IP address", () => {
  it("stops one machine asking for links to many addresses (30 an hour)", async () => {
    const t = await createTestApp("pglite");
    try {
      const agent = new TestAgent(t.app);
      for (let i = 0; i < MAX_LINKS_PER_IP; i++)
        expect(
          (await agent.post("/sign-in", { email: `someone${i}@example.org`, next: "/" })).statusCode,
        ).toBe(200);
      const limited = await agent.post("/sign-in", { email: "one-more@example.org", next: "/" });
      expect(limited.statusCode).toBe(429);
      expect(limited.headers["retry-after"]).toBeTruthy();
      expect(limited.body).toContain('value="one-more@example.org"');
    } finally {
      await t.close();
    }
  });
});
