// The authorization matrix: every route Fastify has registered × every kind of reader and writer answers as
// authorization-matrix.json says, and no page, feed, export, search or API answer shows anything unpublished,
// hidden, withdrawn, a draft, an anonymous contributor's name, an e-mail address, a meeting's join link or its
// recording password to someone who may not see it. Each actor gets a world of its own, since what it may
// change (publish, delete, sign out) would otherwise change what the next actor sees.
import { readFileSync, writeFileSync } from "node:fs";
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestAgent } from "../../src/test-support/agent.js";
import { createTestApp, type TestApp } from "../../src/test-support/app.js";
import {
  ACTORS,
  type ActorName,
  ADDRESSES,
  JOIN_URL,
  RECORDING_PASSWORD,
  routeTable,
  seedWorld,
  WORDS,
  type World,
} from "./world.js";

const MATRIX_FILE = new URL("./authorization-matrix.json", import.meta.url);
interface Matrix {
  columns: string;
  legend: Record<string, string>;
  routes: Record<string, string>;
}
const matrix = JSON.parse(readFileSync(MATRIX_FILE, "utf8")) as Matrix;
const FAKE_ID = "00000000-0000-4000-8000-000000000000";

/** What an answer means to the person who gets it, in one letter. */
function classify(res: LightMyRequestResponse): string {
  const s = res.statusCode;
  if (s >= 500) return "!";
  if (s >= 300 && s < 400) return String(res.headers.location ?? "").startsWith("/sign-in") ? "S" : "A";
  if (s < 300) return "A";
  if (s === 401 || s === 403) return "D";
  if (s === 404 || s === 410) return "N";
  if (s === 429) return "L";
  return "I";
}

/** The address a route is asked at (its parameters filled with the world's records), then others it shows. */
function addresses(url: string, w: World, actor: ActorName): { primary: string; more: string[] } {
  const c = w.contributions;
  const all = [c.published, c.anonymous, c.unpublished, c.hidden, c.withdrawn, c.otherForum];
  if (url.startsWith("/c/:id/:token")) {
    const own = actor === "contributor" ? w.ownPath : w.ownPath.replace(/[^/]+$/, "wrongtokenwrongtoken");
    return { primary: url.replace("/c/:id/:token", own), more: [] };
  }
  let filled = url
    .replace(":forum", "bpf-cyber")
    .replace(":year", "2017")
    .replace(":locale", "en")
    .replace("assets/:name", "assets/style.css")
    .replace("milestones/:id", `milestones/${w.milestoneId}`)
    .replace("meetings/:ref", `meetings/${w.meeting.slug}`)
    .replace("meetings/:id", `meetings/${w.meeting.id}`)
    .replace("manage/:id/:action", `manage/${c.unpublished.id}/publish`)
    .replace("translations/:lang", "translations/es");
  const more: string[] = [];
  if (filled.includes(":reference")) {
    more.push(...all.map((x) => filled.replace(":reference", x.reference)));
    filled = filled.replace(":reference", c.published.reference);
  }
  if (/manage\/:id|contributions\/:id/.test(filled)) {
    more.push(...[...all.map((x) => x.id), w.draft.id].map((id) => filled.replace(":id", id)));
    filled = filled.replace(":id", c.published.id);
  }
  return {
    primary: filled.replace(/:[a-zA-Z]+/g, FAKE_ID),
    more: more.map((u) => u.replace(/:[a-zA-Z]+/g, FAKE_ID)),
  };
}

/** Searches with each secret word, on every list, feed and export that takes a query. */
function searches(): { url: string; q: string }[] {
  const lists = [
    "/f/bpf-cyber/2017/contributions",
    "/f/bpf-cyber/2017/contributions.csv",
    "/f/bpf-cyber/2017/contributions.json",
    "/f/bpf-cyber/2017/contributions.atom",
    "/f/bpf-cyber/2017/contributions/annex",
    "/f/bpf-cyber/2017/contributions/manage",
    "/f/bpf-other/2017/contributions",
    "/f/bpf-other/2017/contributions.csv",
    "/api/v1/forums/bpf-cyber/cycles/2017/contributions",
    "/api/v1/forums/bpf-cyber/cycles/2017/contributions?status=all",
    "/api/v1/forums/bpf-other/cycles/2017/contributions?status=all",
  ];
  const words = [...Object.values(WORDS), "sender", "example.org"];
  return lists.flatMap((l) =>
    words.map((q) => ({ url: `${l}${l.includes("?") ? "&" : "?"}q=${encodeURIComponent(q)}`, q })),
  );
}

/** What each actor must never be shown, anywhere. */
function secretsFor(actor: ActorName): string[] {
  const group = {
    unpublished: [WORDS.unpublished, ADDRESSES.unpublished, "Uma Unpublished"],
    hidden: [WORDS.hidden, ADDRESSES.hidden, "Hugo Hidden"],
    withdrawn: [WORDS.withdrawn, ADDRESSES.withdrawn, "Wanda Withdrawn"],
    draft: [WORDS.draft, ADDRESSES.draft, "Dora Draft"],
    anonymous: [WORDS.anonymousName, ADDRESSES.anonymous, "Secretive Org"],
    published: [ADDRESSES.published],
    other: [WORDS.otherForum, ADDRESSES.otherForum, "Olga Other"],
    meeting: [JOIN_URL, RECORDING_PASSWORD],
  };
  const allowed: Record<ActorName, (keyof typeof group)[]> = {
    anonymous: [],
    contributor: ["unpublished"],
    member: ["meeting"],
    facilitator: ["meeting"],
    "member-token": ["meeting"],
    secretariat: ["unpublished", "hidden", "withdrawn", "anonymous", "published", "meeting"],
    "secretariat-token": ["unpublished", "hidden", "withdrawn", "anonymous", "published", "meeting"],
    "other-secretariat": ["other"],
    "other-token": ["other"],
    "site-admin": ["unpublished", "hidden", "withdrawn", "anonymous", "published", "meeting", "other"],
    "admin-token": ["unpublished", "hidden", "withdrawn", "anonymous", "published", "meeting", "other"],
  };
  return Object.entries(group)
    .filter(([name]) => !allowed[actor].includes(name as keyof typeof group))
    .flatMap(([, s]) => s);
}

const observed: Record<string, string[]> = {};
const figures = { routes: 0, requests: 0, searches: 0 };

describe("authorization matrix", () => {
  afterAll(() => {
    const rows = Object.keys(observed).sort();
    if (process.env.RELIABILITY_WRITE_MATRIX && rows.length) {
      const routes: Record<string, string> = {};
      for (const key of rows) routes[key] = (observed[key] ?? []).join(" ");
      writeFileSync(MATRIX_FILE, `${JSON.stringify({ ...matrix, routes }, null, 2)}\n`);
    }
    console.log(
      `authorization matrix: ${figures.routes} route-methods × ${ACTORS.length} actors = ${figures.routes * ACTORS.length} cells; ${figures.requests} requests (${figures.searches} of them searches) checked for leaks`,
    );
  });

  /** A client acting as the actor on the world: a token, a session cookie, or nothing. */
  async function actAs(t: TestApp, w: World, actor: ActorName) {
    const token = w.tokens[actor];
    const agent = new TestAgent(t.app, token ? { authorization: `Bearer ${token}` } : {});
    const session = w.sessions[actor];
    if (session) agent.cookies.set("session", session);
    await agent.get("/healthz");
    return { agent, token, csrf: agent.cookies.get("csrf") ?? "" };
  }

  /** Checks each answer for server errors and secrets, and notes its class in the actor's column. */
  function inspector(actor: ActorName) {
    const secrets = secretsFor(actor);
    const leaks: string[] = [];
    const errors: string[] = [];
    const column = ACTORS.indexOf(actor);
    const keys: string[] = [];
    return {
      check(url: string, res: LightMyRequestResponse, searched?: string) {
        figures.requests += 1;
        if (res.statusCode >= 500) errors.push(`${url}: ${res.statusCode}`);
        // A search page repeats the words searched for; what it finds is what matters.
        for (const s of secrets)
          if (s !== searched && res.body.includes(s)) leaks.push(`${url} shows “${s}”`);
      },
      answer(key: string, res: LightMyRequestResponse) {
        keys.push(key);
        observed[key] ??= ACTORS.map(() => "?");
        (observed[key] as string[])[column] = classify(res);
      },
      verdict() {
        expect(errors, "no route answers with a server error").toEqual([]);
        expect(leaks, `${actor} must not be shown these`).toEqual([]);
        if (process.env.RELIABILITY_WRITE_MATRIX) return;
        const differ: string[] = [];
        for (const key of keys) {
          const expected = matrix.routes[key]?.split(" ")[column];
          const got = observed[key]?.[column] ?? "?";
          if (expected !== undefined && expected !== got)
            differ.push(`${key}: expected ${matrix.legend[expected]}, got ${matrix.legend[got] ?? got}`);
        }
        expect(differ, `what ${actor} gets differs from authorization-matrix.json`).toEqual([]);
      },
    };
  }

  describe("reading", () => {
    let t: TestApp;
    let w: World;
    beforeAll(async () => {
      t = await createTestApp("pglite");
      w = await seedWorld(t);
    });
    afterAll(async () => {
      await t?.close();
    });

    it("has a row for every route, and none for a route that is gone", () => {
      const keys = routeTable(t.app).flatMap(({ url, methods }) => methods.map((m) => `${m} ${url}`));
      const missing = keys.filter((k) => !(k in matrix.routes));
      const gone = Object.keys(matrix.routes).filter((k) => !keys.includes(k));
      expect(
        missing,
        `These routes have no row in test/reliability/authorization-matrix.json. Add one saying what each actor (${matrix.columns}) should get; RELIABILITY_WRITE_MATRIX=1 npm run test:reliability -- authorization writes what they get now, for you to check line by line.`,
      ).toEqual([]);
      expect(gone, "These rows name routes that no longer exist: remove them.").toEqual([]);
      figures.routes = keys.length;
    });

    it.each(ACTORS)("%s reads what the table says on every page, feed, export and search", async (actor) => {
      const { agent } = await actAs(t, w, actor);
      const look = inspector(actor);
      for (const { url, methods } of routeTable(t.app)) {
        if (!methods.includes("GET")) continue;
        const { primary, more } = addresses(url, w, actor);
        const res = await agent.get(primary);
        look.check(primary, res);
        look.answer(`GET ${url}`, res);
        for (const u of more) look.check(u, await agent.get(u));
      }
      for (const { url, q } of searches()) {
        figures.searches += 1;
        look.check(url, await agent.get(url), q);
      }
      look.verdict();
    });
  });

  // Whoever may change what others find (publish, delete a milestone or a meeting) writes on a world of its
  // own; the rest change at most their own things (their session, attendance, their own contribution) and
  // share one, to keep the run short.
  const OUTSIDERS: ActorName[] = [
    "anonymous",
    "contributor",
    "member",
    "other-secretariat",
    "member-token",
    "other-token",
  ];
  describe("writing", () => {
    let shared: { t: TestApp; w: World } | undefined;
    afterAll(async () => {
      await shared?.t.close();
    });

    it.each(ACTORS)("%s meets the table's answer on every write, with an empty form", async (actor) => {
      const own = !OUTSIDERS.includes(actor);
      if (!own && !shared) {
        const t = await createTestApp("pglite");
        shared = { t, w: await seedWorld(t) };
      }
      const t = own ? await createTestApp("pglite") : (shared as { t: TestApp }).t;
      try {
        const w = own ? await seedWorld(t) : (shared as { w: World }).w;
        const { agent, token, csrf } = await actAs(t, w, actor);
        const look = inspector(actor);
        const writes = routeTable(t.app)
          .flatMap(({ url, methods }) => methods.filter((m) => m !== "GET").map((m) => ({ url, method: m })))
          .sort((x, y) => Number(x.url.startsWith("/sign-out")) - Number(y.url.startsWith("/sign-out")));
        for (const { url, method } of writes) {
          const { primary } = addresses(url, w, actor);
          const api = url.startsWith("/api/");
          const res = await t.app.inject({
            method: method as "POST",
            url: primary,
            headers: {
              ...(token ? { authorization: `Bearer ${token}` } : {}),
              cookie: [...agent.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
              ...(method === "DELETE"
                ? {}
                : { "content-type": api ? "application/json" : "application/x-www-form-urlencoded" }),
            },
            payload: method === "DELETE" ? undefined : api ? "{}" : `_csrf=${encodeURIComponent(csrf)}`,
          });
          look.check(`${method} ${primary}`, res);
          look.answer(`${method} ${url}`, res);
        }
        look.verdict();
      } finally {
        if (own) await t.close();
      }
    });
  });
});
