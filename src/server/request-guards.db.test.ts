// What every route gets from one place: personal pages are never stored by a cache, secrets in addresses never
// reach the log, control characters are taken out of a page's forms and refused in the API, out-of-range numbers
// are refused with a 4xx on every route (never a 500), and ?lang= sets the page's language wherever it is given.
import { Writable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../auth/sessions.js";
import { insertForumRole, insertUser } from "../auth/users.js";
import { privatePath } from "../contributions/links.js";
import { completeFields, FormVisitor, seedTestForum, tokenFor } from "../contributions/test-support.js";
import { createMeeting } from "../meetings/meetings/service.js";
import { TestAgent } from "../test-support/agent.js";
import { createTestApp, type TestApp, testConfig } from "../test-support/app.js";
import { testEngines } from "../test-support/databases.js";
import { buildApp } from "./app.js";

/** Every route of the app with its methods, read from Fastify's own route tree. */
function routeTable(app: FastifyInstance): { url: string; methods: string[] }[] {
  const out: { url: string; methods: string[] }[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split("\n")) {
    const m = /^([│ ]*)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = (m[1] ?? "").length / 4;
    stack.length = depth;
    const url = (stack[depth - 1] ?? "") + (m[2] ?? "");
    stack[depth] = url;
    if (m[3]) out.push({ url, methods: m[3].split(", ").filter((x) => x !== "HEAD" && x !== "OPTIONS") });
  }
  return out;
}

describe.each(testEngines)("request guards (%s)", (engine) => {
  let t: TestApp;
  let ids: Awaited<ReturnType<typeof seedTestForum>>;
  let ownPath: string;
  let desk: TestAgent;
  let deskCookie: string;
  let apiToken: string;
  let meetingRef: string;

  beforeAll(async () => {
    t = await createTestApp(engine);
    ids = await seedTestForum(t.database.db);
    apiToken = await tokenFor(t.database.db, "secretariat", ids.forum.id);
    t.setNow(new Date("2017-09-10T10:00:00Z"));
    const visitor = new FormVisitor(t.app);
    const sent = await visitor.postForm(
      "/f/bpf-cyber/2017/contribute",
      completeFields({ email: "guarded@example.org" }),
    );
    expect(sent.statusCode, sent.body.slice(0, 300)).toBe(303);
    const row = await t.database.db
      .selectFrom("contributions")
      .selectAll()
      .where("email", "=", "guarded@example.org")
      .executeTakeFirstOrThrow();
    ownPath = privatePath(t.app.services.secret, row.id);
    const user = await insertUser(t.database.db, { email: "desk@example.org", name: "Desk Person" });
    await insertForumRole(t.database.db, {
      forumId: ids.forum.id,
      userId: user.id,
      role: "secretariat",
      grantedBy: null,
    });
    const { cookieValue } = await createSession(t.database.db, { userId: user.id, now: new Date() });
    deskCookie = cookieValue;
    desk = new TestAgent(t.app);
    desk.cookies.set("session", cookieValue);
    await desk.get("/healthz");
    const meeting = await createMeeting(t.database.db, {
      actor: { kind: "user", userId: user.id, name: user.name, email: user.email, isSiteAdmin: false },
      forumId: ids.forum.id,
      cycleId: ids.cycle2017.id,
      input: { kind: "virtual", number: 2, date: "2017-08-07", time_zone: "UTC" } as never,
    });
    meetingRef = meeting.slug;
    t.setNow(undefined);
  });
  afterAll(async () => {
    await t?.close();
  });

  describe("caching", () => {
    it("sends no-store on every personal page and answer", async () => {
      const anonymousAgent = new TestAgent(t.app);
      await anonymousAgent.get("/healthz");
      const personal: [string, TestAgent, Record<string, string>?][] = [
        [ownPath, anonymousAgent],
        [`${ownPath}/receipt`, anonymousAgent],
        [`${ownPath}/edit`, anonymousAgent],
        [`${ownPath}/withdraw`, anonymousAgent],
        ["/sign-in/link/not-a-real-token-but-secret-shaped", anonymousAgent],
        ["/f/bpf-cyber/invitations/some-invitation-token", anonymousAgent],
        ["/f/bpf-cyber/unsubscribe?email=a%40example.org&sig=abc", anonymousAgent],
        ["/me", desk],
        ["/f/bpf-cyber/2017/contributions/manage", desk],
        ["/f/bpf-cyber/2017/contributions", desk],
        ["/", desk],
        ["/api/v1/me", anonymousAgent, { authorization: `Bearer ${apiToken}` }],
        ["/api/v1/forums/bpf-cyber/cycles", anonymousAgent, { authorization: `Bearer ${apiToken}` }],
      ];
      for (const [url, agent, headers] of personal) {
        const res = await agent.get(url, headers);
        expect(res.statusCode, url).toBeLessThan(500);
        expect(res.headers["cache-control"], url).toBe("no-store");
      }
    });

    it("leaves public pages cacheable for anonymous readers", async () => {
      const reader = new TestAgent(t.app);
      await reader.get("/healthz");
      for (const url of ["/", "/f/bpf-cyber", "/f/bpf-cyber/2017/contributions"]) {
        const res = await reader.get(url);
        expect(res.statusCode, url).toBe(200);
        expect(String(res.headers["cache-control"] ?? ""), url).not.toContain("no-store");
      }
    });
  });

  describe("the log", () => {
    it("never holds a private link's token, a sign-in token or an address from a link", async () => {
      const lines: string[] = [];
      const stream = new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk));
          done();
        },
      });
      const logged = await buildApp({
        config: testConfig(),
        database: t.database,
        logger: { level: "info", stream },
      });
      await logged.ready();
      try {
        const signInToken = "Zx9sEcReTsIgNiNtOkEn1234567890abcdefGHIJ";
        const privateToken = ownPath.split("/").at(-1) ?? "";
        expect(privateToken.length).toBeGreaterThan(10);
        for (const url of [
          `/sign-in/link/${signInToken}`,
          ownPath,
          `${ownPath}/receipt?lang=es`,
          "/f/bpf-cyber/invitations/InViTaTiOnToKeN42",
          "/f/bpf-cyber/unsubscribe?email=hidden.person%40example.org&sig=SiGnAtUrE77",
          "/no/such/page?token=QueryToken99&key=QueryKey88",
        ])
          await logged.inject({ method: "GET", url });
        const log = lines.join("");
        expect(log).toContain("/sign-in/link/");
        expect(log).toContain("[redacted]");
        for (const secret of [
          signInToken,
          privateToken,
          "InViTaTiOnToKeN42",
          "hidden.person",
          "SiGnAtUrE77",
          "QueryToken99",
          "QueryKey88",
        ])
          expect(log, secret).not.toContain(secret);
      } finally {
        await logged.close();
      }
    });
  });

  describe("bad input", () => {
    it("answers a NUL in the query, the path or a form field on every route with a 4xx, never a 500", async () => {
      const routes = routeTable(t.app);
      expect(routes.length).toBeGreaterThan(100);
      const fill = (url: string) =>
        url
          .replace(":forum", "bpf-cyber")
          .replace(":year", "2017")
          .replace(/:(id|fileId|token|reference|ref|[a-zA-Z]+)/g, "a%00b");
      const failures: string[] = [];
      for (const { url, methods } of routes) {
        for (const method of methods) {
          const target = `${fill(url)}${url.includes("?") ? "&" : "?"}q=a%00b&year=2017`;
          for (const [who, cookie, authorization] of [
            ["anonymous", "", undefined],
            ["desk", `session=${deskCookie}; csrf=${desk.cookies.get("csrf")}`, undefined],
            ["token", "", `Bearer ${apiToken}`],
          ] as const) {
            const res = await t.app.inject({
              method: method as "GET",
              url: target,
              headers: {
                cookie,
                ...(authorization ? { authorization } : {}),
                ...(method === "GET" || method === "DELETE"
                  ? {}
                  : url.startsWith("/api/")
                    ? { "content-type": "application/json" }
                    : { "content-type": "application/x-www-form-urlencoded" }),
              },
              payload:
                method === "GET" || method === "DELETE"
                  ? undefined
                  : url.startsWith("/api/")
                    ? JSON.stringify({ name: "a\u0000b", text: "a\u0000b" })
                    : new URLSearchParams({
                        _csrf: desk.cookies.get("csrf") ?? "",
                        name: "a\u0000b",
                        email: "a\u0000b@example.org",
                      }).toString(),
            });
            if (res.statusCode >= 500) failures.push(`${method} ${url} as ${who}: ${res.statusCode}`);
          }
        }
      }
      expect(failures).toEqual([]);
    });

    it("takes a NUL out of a page's search, sign-in and form fields, and refuses it in the API with a 400 naming the field", async () => {
      // Pasted from a PDF, the character is invisible: the page searches for what the person sees.
      const page = await desk.get("/f/bpf-cyber/2017/contributions?q=encr%00yption");
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('value="encryption"');
      const api = await t.app.inject({
        method: "GET",
        url: "/api/v1/forums/bpf-cyber/cycles/2017/contributions?q=a%00b",
      });
      expect(api.statusCode).toBe(400);
      expect(api.json().error).toMatchObject({
        code: "control_character",
        fields: { q: expect.any(String) },
      });
      const signIn = await new TestAgent(t.app).post("/sign-in", { email: "nul\u0000in@example.org" });
      expect(signIn.statusCode).toBeLessThan(400);
      const visitor = new FormVisitor(t.app);
      t.setNow(new Date("2017-09-10T10:00:00Z"));
      const form = await visitor.postForm(
        "/f/bpf-cyber/2017/contribute",
        completeFields({ email: "nul@example.org", organisation: "Pasted\u0000 Org\u0007" }),
      );
      t.setNow(undefined);
      expect(form.statusCode, form.body.slice(0, 300)).toBe(303);
      const saved = await t.database.db
        .selectFrom("contributions")
        .select("organisation")
        .where("email", "=", "nul@example.org")
        .executeTakeFirstOrThrow();
      expect(saved.organisation).toBe("Pasted Org");
      const json = await t.app.inject({
        method: "POST",
        url: "/api/v1/forums",
        headers: { authorization: `Bearer ${apiToken}`, "content-type": "application/json" },
        payload: JSON.stringify({ slug: "x", name: "Evil\u0000Name" }),
      });
      expect(json.statusCode).toBe(400);
      expect(json.json().error.fields).toHaveProperty("name");
    });

    it("lets tabs and line ends through", async () => {
      for (const q of ["a%09b", "a%0D%0Ab", "a%0Ab"]) {
        const res = await desk.get(`/f/bpf-cyber/2017/contributions?q=${q}`);
        expect(res.statusCode, q).toBe(200);
      }
    });

    it("refuses a year or number beyond what the database holds with a 4xx", async () => {
      for (const url of [
        "/api/v1/forums/bpf-cyber/meetings?year=99999999999",
        "/api/v1/forums/bpf-cyber/meetings?year=-99999999999",
        "/api/v1/forums/bpf-cyber/cycles/99999999999/milestones",
      ]) {
        const res = await t.app.inject({
          method: "GET",
          url,
          headers: { authorization: `Bearer ${apiToken}` },
        });
        expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
        expect(res.statusCode, url).toBeLessThan(500);
      }
    });
  });

  describe("?lang=", () => {
    it("sets the language of the forum home, the lists and a meeting page", async () => {
      const reader = new TestAgent(t.app);
      for (const url of [
        "/?lang=es",
        "/f/bpf-cyber?lang=es",
        "/f/bpf-cyber/2017/contributions?lang=es",
        `/f/bpf-cyber/2017/meetings/${meetingRef}?lang=es`,
      ]) {
        const res = await reader.get(url);
        expect(res.statusCode, url).toBe(200);
        expect(res.body, url).toContain('<html lang="es" dir="ltr">');
        expect(res.body, url).toContain(`aria-label="Idioma"`);
        // The switcher leads to a page without ?lang=, so choosing another language still works…
        expect(res.body, url).not.toMatch(/\/lang\/fr\?next=[^"]*lang%3Des/);
      }
      // …and the forum's navigation keeps the language the page was reached with.
      const home = await reader.get("/f/bpf-cyber/2017/contributions?lang=ar");
      expect(home.body).toContain('<html lang="ar" dir="rtl">');
      expect(home.body).toContain('href="/f/bpf-cyber?lang=ar"');
    });

    it("wins over the cookie, which still wins over the browser's language", async () => {
      const reader = new TestAgent(t.app, { "accept-language": "fr" });
      expect((await reader.get("/")).body).toContain('<html lang="fr"');
      await reader.get("/lang/ar?next=/");
      expect((await reader.get("/")).body).toContain('<html lang="ar"');
      expect((await reader.get("/?lang=es")).body).toContain('<html lang="es"');
      expect((await reader.get("/?lang=xx")).body).toContain('<html lang="ar"');
    });
  });
});
