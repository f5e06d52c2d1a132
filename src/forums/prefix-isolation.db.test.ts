// Two forums whose addresses start alike: "bpf-cyber" beside the demo's "bpf-cybersecurity". Walking every page,
// feed and API list of one (as its secretariat, who sees the most), nothing of the other shows: not its people,
// its contributions, its meetings nor a link into it. Prefix matching (LIKE 'x%', startsWith on paths, cache
// keys) would let the shorter slug see the longer one's rows.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../auth/sessions.js";
import { tokenFor } from "../contributions/test-support.js";
import { TestAgent } from "../test-support/agent.js";
import { createTestApp, type TestApp } from "../test-support/app.js";
import { testEngines } from "../test-support/databases.js";
import { makeCycle, makeForum, makePerson, makePublishedContribution } from "../test-support/factories.js";
import { seedDemoForum } from "./demo.js";

/** Addresses inside one forum found in a page or a JSON body (links, form actions, API urls). */
function forumLinks(body: string, slug: string): string[] {
  const found = new Set<string>();
  for (const m of body.matchAll(/"(\/(?:f|api\/v1\/forums)\/[^"\s<>]*)"/g)) {
    const url = (m[1] ?? "").replace(/&amp;/g, "&").split("#")[0] ?? "";
    const path = url.split("?")[0] ?? "";
    if (path === `/f/${slug}` || path.startsWith(`/f/${slug}/`) || path.startsWith(`/api/v1/forums/${slug}`))
      found.add(url);
  }
  return [...found];
}

describe.each(testEngines)("forums whose addresses start alike on %s", (engine) => {
  let t: TestApp;
  let short: TestAgent;
  let long: TestAgent;
  let shortToken: string;
  let longToken: string;
  const now = new Date("2017-10-10T12:00:00Z");

  beforeAll(async () => {
    t = await createTestApp(engine);
    t.setNow(now);
    const db = t.database.db;
    const demo = await seedDemoForum(db, now);
    const forum = await makeForum(db, { slug: "bpf-cyber", name: "Best Practice Forum on Cyber Hygiene" });
    await makeCycle(db, forum, { year: 2016 });
    const cycle = await makeCycle(db, forum, { year: 2017, continueFromYear: 2016 });
    await makePublishedContribution(db, {
      forum,
      cycle,
      name: "Quentin Quokka",
      organisation: "Quokka Hygiene Collective",
      stakeholderGroup: "civil_society",
      country: "AU",
      text: "Quokkas recommend patching routers promptly and teaching hygiene in schools.",
      receivedAt: "2017-09-01T10:00:00Z",
    });
    const sam = await makePerson(db, {
      email: "sam@example.org",
      name: "Sam Secretariat",
      role: "secretariat",
      forumId: forum.id,
    });
    const eleonora = await db
      .selectFrom("users")
      .select("id")
      .where("email", "=", "eleonora.mazzucchi@demo.invalid")
      .executeTakeFirstOrThrow();
    const agentOf = async (userId: string) => {
      const agent = new TestAgent(t.app);
      agent.cookies.set("session", (await createSession(db, { userId, now })).cookieValue);
      return agent;
    };
    short = await agentOf(sam.user.id);
    long = await agentOf(eleonora.id);
    // Each forum gets a contact, a document, a theme and a shared note, named after it, through its pages.
    for (const [agent, slug, marker, forumId] of [
      [short, "bpf-cyber", "Quokka", forum.id],
      [long, "bpf-cybersecurity", "Pangolin", demo.id],
    ] as const) {
      const made = [
        await agent.post(`/f/${slug}/contacts`, {
          kind: "",
          name: `${marker} Contact`,
          email: `${marker.toLowerCase()}@example.org`,
        }),
        await agent.post(`/f/${slug}/2017/documents`, {
          kind: "output",
          title: `${marker} Output`,
          body: `# ${marker} findings\n\n${marker} paragraph about incident response.`,
        }),
        await agent.post(`/f/${slug}/2017/analysis/codebook`, { name: `${marker} theme`, kind: "theme" }),
      ];
      const { reference } = await db
        .selectFrom("contributions")
        .select("reference")
        .where("forum_id", "=", forumId)
        .where("status", "=", "published")
        .where("reference", "is not", null)
        .executeTakeFirstOrThrow();
      made.push(
        await agent.post(`/f/${slug}/2017/reading/${reference}/impressions`, {
          body: `${marker} note shared with members`,
          visibility: "shared",
        }),
      );
      expect(made.map((r) => r.statusCode)).toEqual([303, 303, 303, 303]);
    }
    shortToken = await tokenFor(db, "secretariat", forum.id);
    longToken = await tokenFor(db, "secretariat", demo.id);
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Every page reachable inside the forum from its home, its cycles and its API lists; up to `limit` of them. */
  async function walk(agent: TestAgent, token: string, slug: string, limit = 250) {
    const spec = (await t.app.inject({ method: "GET", url: "/api/openapi.json" })).json() as {
      paths: Record<string, { get?: unknown }>;
    };
    const apiLists = Object.entries(spec.paths)
      .filter(([path, ops]) => ops.get && path.startsWith("/api/v1/forums/{forum}"))
      .map(([path]) => path.replace("{forum}", slug).replace("{year}", "2017"))
      .filter((path) => !path.includes("{"));
    const searches = ["routers", "informal", "exchanges", "patching", "members"].flatMap((q) => [
      `/f/${slug}/2017/analysis/search?q=${q}`,
      `/f/${slug}/2017/contributions?q=${q}`,
      `/api/v1/forums/${slug}/cycles/2017/search?q=${q}`,
    ]);
    const queue = [
      ...searches,
      `/f/${slug}`,
      `/f/${slug}/2016`,
      `/f/${slug}/2017`,
      "/me/actions",
      ...apiLists,
    ];
    const seen = new Set<string>(queue);
    const perPath = new Map<string, number>();
    const pages: { url: string; status: number; body: string }[] = [];
    while (queue.length && pages.length < limit) {
      const url = queue.shift() as string;
      if (/\/(sign-out|lang)\b|\/unsubscribe|\/delete|\/erase/.test(url)) continue;
      const res = url.startsWith("/api/")
        ? await t.app.inject({ method: "GET", url, headers: { authorization: `Bearer ${token}` } })
        : await agent.get(url);
      pages.push({ url, status: res.statusCode, body: res.body });
      for (const next of forumLinks(res.body, slug)) {
        const path = next.split("?")[0] ?? next;
        const variants = perPath.get(path) ?? 0;
        if (seen.has(next) || (next.includes("?") && variants >= 2)) continue;
        seen.add(next);
        if (next.includes("?")) perPath.set(path, variants + 1);
        queue.push(next);
      }
    }
    return pages;
  }

  it("shows nothing of bpf-cybersecurity anywhere in bpf-cyber", async () => {
    const pages = await walk(short, shortToken, "bpf-cyber");
    expect(pages.length).toBeGreaterThan(15);
    expect(pages.filter((p) => p.status >= 500).map((p) => p.url)).toEqual([]);
    // The crawl reached the forum's own record, so an empty walk cannot pass.
    for (const own of ["Quentin Quokka", "Quokka Contact", "Quokka Output", "Quokka theme", "Quokka note"])
      expect(
        pages.some((p) => p.body.includes(own)),
        own,
      ).toBe(true);
    const leaks = pages.flatMap((p) =>
      [
        "bpf-cybersecurity",
        "Lena Sample",
        "Tomas Example",
        "Mazzucchi",
        "Kummer",
        "Virtual Meeting VII",
        "Pangolin",
      ]
        .filter((marker) => p.body.includes(marker))
        .map((marker) => `${p.url}: ${marker}`),
    );
    expect(leaks).toEqual([]);
  });

  it("shows nothing of bpf-cyber anywhere in bpf-cybersecurity", async () => {
    const pages = await walk(long, longToken, "bpf-cybersecurity");
    expect(pages.length).toBeGreaterThan(30);
    expect(pages.filter((p) => p.status >= 500).map((p) => p.url)).toEqual([]);
    for (const own of [
      "Lena Sample",
      "Pangolin Contact",
      "Pangolin Output",
      "Pangolin theme",
      "Pangolin note",
    ])
      expect(
        pages.some((p) => p.body.includes(own)),
        own,
      ).toBe(true);
    const leaks = pages.flatMap((p) =>
      ["Quokka", "Cyber Hygiene", "/f/bpf-cyber/", '/f/bpf-cyber"', "/forums/bpf-cyber/", "Sam Secretariat"]
        .filter((marker) => p.body.includes(marker))
        .map((marker) => `${p.url}: ${marker}`),
    );
    expect(leaks).toEqual([]);
  });
});
