// The authorization matrix: every route Fastify has registered × every kind of reader and writer answers as
// authorization-matrix.json says, and no page, feed, export, search or API answer shows anything unpublished,
// hidden, withdrawn, a draft, an anonymous contributor's name, an e-mail address, a meeting's join link or its
// recording password to someone who may not see it. Each actor gets a world of its own, since what it may
// change (publish, delete, sign out) would otherwise change what the next actor sees.
import { readFileSync, writeFileSync } from "node:fs";
import type { LightMyRequestResponse } from "fastify";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestAgent } from "../../src/test-support/agent.js";
import { createTestApp, type TestApp } from "../../src/test-support/app.js";
import {
  ACTORS,
  type ActorName,
  ADDRESSES,
  JOIN_URL,
  PUBLIC_DOCUMENT,
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

/** The world's record behind each route parameter, by the path segment before it (the first wins). */
function parameters(w: World): [RegExp, string][] {
  const c = w.contributions;
  return [
    [/:forum/, "bpf-cyber"],
    [/:year/, "2017"],
    [/:locale/, "en"],
    [/assets\/:name/, "assets/style.css"],
    [/milestones\/:id/, `milestones/${w.milestoneId}`],
    [/meetings\/:ref/, `meetings/${w.meeting.slug}`],
    [/meetings\/:id/, `meetings/${w.meeting.id}`],
    [/manage\/:id\/:action/, `manage/${c.unpublished.id}/publish`],
    [/translations\/:lang/, "translations/es"],
    [/files\/:fileId/, `files/${w.files.published}`],
    [/documents\/:id/, `documents/${w.documents.public}`],
    [/versions\/:number/, "versions/1"],
    [/comments\/:comment/, `comments/${w.comments.public}`],
    [/polls\/:(id|poll)/, `polls/${w.poll.id}`],
    [/slots\/:(slotId|slot)/, `slots/${w.poll.slot}`],
    [/contacts\/:id/, `contacts/${w.contactId}`],
    [/actions\/:(id|action)/, `actions/${w.actionId}`],
    [/impressions\/:impression/, `impressions/${w.impressions.shared}`],
    [/excerpts\/:excerpt/, `excerpts/${w.excerptId}`],
    [/codebook\/:code/, `codebook/${w.themeId}`],
    [/campaigns\/:campaign/, `campaigns/${w.campaignId}`],
    [/(questions|compare)\/:question/, `$1/${w.questionId}`],
    [/sections\/:section/, `sections/${w.sectionId}`],
    [/members\/:user/, `members/${w.people.member.user.id}`],
  ];
}

/** Extra query a route needs to be asked at all (the API's meetings list is by year). */
const QUERIES: Record<string, string> = { "/api/v1/forums/:forum/meetings": "?year=2017" };

/** The address a route is asked at (its parameters filled with the world's records), then others it shows. */
function addresses(url: string, w: World, actor: ActorName): { primary: string; more: string[] } {
  const c = w.contributions;
  const all = [c.published, c.anonymous, c.unpublished, c.hidden, c.withdrawn, c.otherForum];
  if (url.startsWith("/c/:id/:token")) {
    const own = actor === "contributor" ? w.ownPath : w.ownPath.replace(/[^/]+$/, "wrongtokenwrongtoken");
    return { primary: url.replace("/c/:id/:token", own), more: [] };
  }
  let filled = url;
  for (const [pattern, value] of parameters(w)) filled = filled.replace(pattern, value);
  filled += QUERIES[url] ?? "";
  const more: string[] = [];
  if (url.includes("files/:fileId")) {
    // The unpublished contribution's file, under its own reference.
    more.push(
      url
        .replace(":forum", "bpf-cyber")
        .replace(":year", "2017")
        .replace(":reference", c.unpublished.reference)
        .replace(":fileId", w.files.unpublished),
    );
  }
  if (url.includes("documents/:id"))
    for (const id of [w.documents.members, w.documents.draft])
      more.push(filled.replace(w.documents.public, id).replace(w.comments.public, w.comments.members));
  if (url.includes("impressions/:impression"))
    more.push(filled.replace(w.impressions.shared, w.impressions.private));
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
    // The members' search, on the page and through the API, over contributions, files, notes and excerpts.
    "/f/bpf-cyber/2017/analysis/search",
    "/f/bpf-other/2017/analysis/search",
    "/api/v1/forums/bpf-cyber/cycles/2017/search",
    "/api/v1/forums/bpf-other/cycles/2017/search",
    "/f/bpf-cyber/2017/analysis/excerpts",
    "/f/bpf-cyber/2017/documents",
    "/f/bpf-cyber/contacts",
    "/f/bpf-cyber/2017/reading",
  ];
  const words = [...Object.values(WORDS), ...Object.values(ADDRESSES), "sender", "example.org", "contact"];
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
    unpublishedFile: [WORDS.unpublishedFile],
    members: [WORDS.documentDraft, WORDS.documentMembers, WORDS.documentComment, WORDS.excerptNote],
    sharedNote: [WORDS.sharedNote],
    privateNote: [WORDS.privateNote],
    summaryDraft: [WORDS.summaryDraft],
    contact: [ADDRESSES.contact],
  };
  const secretariat: (keyof typeof group)[] = [
    "unpublished",
    "unpublishedFile",
    "hidden",
    "withdrawn",
    "anonymous",
    "published",
    "meeting",
    "members",
    "sharedNote",
    "summaryDraft",
    "contact",
  ];
  const allowed: Record<ActorName, (keyof typeof group)[]> = {
    anonymous: [],
    contributor: ["unpublished", "unpublishedFile"],
    member: ["meeting", "members", "sharedNote", "privateNote"],
    facilitator: ["meeting", "members", "sharedNote", "summaryDraft"],
    "member-token": ["meeting", "members", "sharedNote"],
    "facilitator-token": ["meeting", "members", "sharedNote", "summaryDraft"],
    secretariat,
    "secretariat-token": secretariat,
    "other-secretariat": ["other"],
    "other-token": ["other"],
    "site-admin": [...secretariat, "other"],
    "admin-token": [...secretariat, "other"],
  };
  return Object.entries(group)
    .filter(([name]) => !allowed[actor].includes(name as keyof typeof group))
    .flatMap(([, s]) => s);
}

/** What a person downloading the answer reads: the text of every part of a .docx, .xlsx or .zip, else the body. */
function readable(res: LightMyRequestResponse): string {
  const raw = res.rawPayload;
  if (raw.length < 4 || raw[0] !== 0x50 || raw[1] !== 0x4b || raw[2] !== 0x03 || raw[3] !== 0x04)
    return res.body;
  const parts = unzipSync(new Uint8Array(raw));
  return Object.values(parts)
    .map((bytes) => strFromU8(bytes))
    .join("\n");
}

type Schema = Record<string, unknown> & {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  minItems?: number;
  minLength?: number;
  minimum?: number;
  default?: unknown;
};

/** Values the world gives a field of that name, where a made-up one would not do. */
function fieldValues(w: World): Record<string, unknown> {
  return {
    year: 2017,
    time_zone: "UTC",
    date: "2017-09-20",
    email: "new.person@example.org",
    url: "https://example.org/",
    country: "SN",
    slots: ["2017-10-10T14:00"],
    slot_id: w.poll.slot,
    version: 1,
    user_id: w.people.member.user.id,
    themes: [w.themeId],
    quote: "trusted channels",
  };
}

/**
 * A body its route's schema (from the API's own OpenAPI description) accepts: every required field with a
 * value of its type, so that what answers is the route's authorization, not its validation.
 */
function bodyFor(doc: Schema, schema: Schema | undefined, w: World, name = ""): unknown {
  if (!schema) return undefined;
  if (schema.$ref) {
    const target = schema.$ref
      .replace(/^#\//, "")
      .split("/")
      .reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], doc);
    return bodyFor(doc, target as Schema, w, name);
  }
  const known = fieldValues(w);
  if (name in known) return known[name];
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices) return bodyFor(doc, choices.find((c) => c.type !== "null") ?? choices[0], w, name);
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((s) => bodyFor(doc, s, w, name)));
  const type = Array.isArray(schema.type) ? schema.type.find((x) => x !== "null") : schema.type;
  switch (type) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const key of schema.required ?? []) out[key] = bodyFor(doc, schema.properties?.[key], w, key);
      return out;
    }
    case "array":
      return Array.from({ length: schema.minItems ?? 0 }, () => bodyFor(doc, schema.items, w));
    case "integer":
    case "number":
      return schema.minimum ?? 1;
    case "boolean":
      return false;
    case "null":
      return null;
    default:
      if (schema.format === "uuid") return FAKE_ID;
      if (schema.format === "date") return "2017-09-20";
      if (schema.format === "date-time") return "2017-09-20T10:00:00Z";
      if (schema.format === "email") return "new.person@example.org";
      if (schema.format === "uri") return "https://example.org/";
      return "Text".padEnd(schema.minLength ?? 4, "x");
  }
}

/** The JSON body each API write is sent with, by "METHOD /route". */
function apiBodies(openapi: Schema, w: World): Map<string, string> {
  const out = new Map<string, string>();
  const paths = (openapi.paths ?? {}) as Record<string, Record<string, Schema>>;
  for (const [path, operations] of Object.entries(paths))
    for (const [method, op] of Object.entries(operations)) {
      const content = (op.requestBody as Schema | undefined)?.content as
        | Record<string, { schema?: Schema }>
        | undefined;
      const schema = content?.["application/json"]?.schema;
      if (!schema) continue;
      const route = path.replace(/\{([^}]+)\}/g, ":$1");
      out.set(`${method.toUpperCase()} ${route}`, JSON.stringify(bodyFor(openapi, schema, w)));
    }
  return out;
}

/**
 * Server errors this test found and reported, not yet fixed (fixing them is outside the matrix's brief): each
 * is written `!` in the table and set aside here instead of failing every run; the last test fails once one no
 * longer happens, so the entry (and its `!`) is removed with the fix.
 */
const KNOWN_SERVER_ERRORS: Record<string, string> = {};
const knownSeen = new Set<string>();

const observed: Record<string, string[]> = {};
const figures = { routes: 0, requests: 0, searches: 0, unzipped: 0 };

describe("authorization matrix", () => {
  afterAll(() => {
    const rows = Object.keys(observed).sort();
    if (process.env.RELIABILITY_WRITE_MATRIX && rows.length) {
      const routes: Record<string, string> = {};
      for (const key of rows) routes[key] = (observed[key] ?? []).join(" ");
      writeFileSync(MATRIX_FILE, `${JSON.stringify({ ...matrix, routes }, null, 2)}\n`);
    }
    console.log(
      `authorization matrix: ${figures.routes} route-methods × ${ACTORS.length} actors = ${figures.routes * ACTORS.length} cells; ${figures.requests} requests (${figures.searches} of them searches, ${figures.unzipped} zipped answers read inside) checked for leaks`,
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
      check(url: string, res: LightMyRequestResponse, searched?: string, route?: string) {
        figures.requests += 1;
        if (res.statusCode >= 500 && route && route in KNOWN_SERVER_ERRORS) knownSeen.add(route);
        else if (res.statusCode >= 500) errors.push(`${url}: ${res.statusCode}`);
        // A search page repeats the words searched for; what it finds is what matters.
        const text = readable(res);
        if (text !== res.body) figures.unzipped += 1;
        for (const s of secrets) if (s !== searched && text.includes(s)) leaks.push(`${url} shows “${s}”`);
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

    it("is asked with real records: a public document, a published file, the secretariat's view of a hidden file", async () => {
      const c = w.contributions;
      const anonymous = new TestAgent(t.app);
      const doc = await anonymous.get(`/f/bpf-cyber/2017/documents/${w.documents.public}`);
      expect(doc.statusCode).toBe(200);
      expect(doc.body).toContain(PUBLIC_DOCUMENT);
      const file = await anonymous.get(
        `/f/bpf-cyber/2017/contributions/${c.published.reference}/files/${w.files.published}`,
      );
      expect(file.statusCode).toBe(200);
      expect(file.body).toContain("An annex anyone may read.");
      const secretariat = new TestAgent(t.app, { authorization: `Bearer ${w.tokens["secretariat-token"]}` });
      const hidden = await secretariat.get(
        `/f/bpf-cyber/2017/contributions/${c.unpublished.reference}/files/${w.files.unpublished}`,
      );
      expect(hidden.statusCode).toBe(200);
      expect(hidden.body).toContain(WORDS.unpublishedFile);
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

    it.each(ACTORS)("%s meets the table's answer on every write, with a valid body", async (actor) => {
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
        const bodies = apiBodies((await t.app.inject({ url: "/api/openapi.json" })).json() as Schema, w);
        // What removes or closes a record the other writes need goes last, and signing out after everything.
        const rank = (method: string, url: string) =>
          url.startsWith("/sign-out")
            ? 2
            : method === "DELETE" || /\/(delete|remove|close|merge)$/.test(url)
              ? 1
              : 0;
        const writes = routeTable(t.app)
          .flatMap(({ url, methods }) => methods.filter((m) => m !== "GET").map((m) => ({ url, method: m })))
          .sort((x, y) => rank(x.method, x.url) - rank(y.method, y.url));
        for (const { url, method } of writes) {
          const { primary } = addresses(url, w, actor);
          const api = url.startsWith("/api/");
          const json = bodies.get(`${method} ${url}`) ?? "{}";
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
            payload: method === "DELETE" ? undefined : api ? json : `_csrf=${encodeURIComponent(csrf)}`,
          });
          look.check(`${method} ${primary}`, res, undefined, `${method} ${url}`);
          look.answer(`${method} ${url}`, res);
        }
        look.verdict();
      } finally {
        if (own) await t.close();
      }
    });

    it("still meets each known server error it lists (remove an entry, and its `!`, once fixed)", () => {
      expect([...knownSeen].sort()).toEqual(Object.keys(KNOWN_SERVER_ERRORS).sort());
    });
  });
});
