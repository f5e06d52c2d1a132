// The public list at a size no single page can hold: keyset pages with their position, filters kept
// across pages, the page weight, and exports that carry every row.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../auth/actor.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { testEngines } from "../../test-support/databases.js";
import { PUBLIC_STATUSES } from "../policy.js";
import { type ContributionRow, exportBatches } from "../queries.js";
import { contributionListPage } from "../service.js";
import { emptyDetails } from "../submit/details.js";
import { saveContribution } from "../submit/service.js";
import { seedTestForum } from "../test-support.js";
import { csvFeed, jsonFeed } from "./feeds.js";
import { LIST_PAGE_SIZE } from "./list-stats.js";

const TOTAL = 2 * LIST_PAGE_SIZE + 20;

/** References in the order a page lists them. */
const referencesOn = (html: string) => [...html.matchAll(/>(BPF-2017-\d{4})</g)].map((m) => m[1]);
const link = (html: string, rel: "next" | "prev") =>
  html.match(new RegExp(`href="([^"]+)" rel="${rel}"`))?.[1]?.replace(/&amp;/g, "&");

describe.each(testEngines)("the public list in pages (%s)", (engine) => {
  let t: TestApp;
  let cycleId: string;
  const secretariat: Actor = { kind: "token", tokenId: "t", name: "sec", role: "secretariat", forumId: null };

  beforeAll(async () => {
    t = await createTestApp(engine);
    const ids = await seedTestForum(t.database.db);
    cycleId = ids.cycle2017.id;
    const deps = {
      db: t.database.db,
      now: new Date("2017-09-20T00:00:00Z"),
      secret: t.app.services.secret,
      publicUrl: "http://localhost",
    };
    for (let i = 0; i < TOTAL; i++) {
      // Every third one from government; pairs share a second of arrival so the id breaks the tie.
      await saveContribution(deps, {
        actor: secretariat,
        forum: ids.forum,
        cycle: ids.cycle2017,
        details: {
          ...emptyDetails(),
          contributor_name: `Contributor ${i + 1}`,
          email: `c${i + 1}@example.org`,
          stakeholder_group: i % 3 === 0 ? "government" : "civil_society",
          country: "SN",
          consent: "with_name",
          licence: "cc_by_4_0",
          body_text: `Contribution number ${i + 1}.`,
        },
        uploads: [],
        action: "submit",
        channel: "import",
        receivedAt: new Date(Date.UTC(2017, 8, 1, 0, 0, Math.floor(i / 2))),
        publish: true,
        keepDraftOnError: false,
      });
    }
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it("walks forward and back through every contribution, each page light and in arrival order", async () => {
    const get = (url: string) => t.app.inject({ method: "GET", url });
    const first = await get("/f/bpf-cyber/2017/contributions");
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain(`${TOTAL} contributions published.`);
    expect(first.body).toContain(`Showing 1–${LIST_PAGE_SIZE} of ${TOTAL}.`);
    expect(Buffer.byteLength(first.body)).toBeLessThan(50_000);
    expect(link(first.body, "prev")).toBeUndefined();
    const pages = [referencesOn(first.body)];
    let body = first.body;
    for (let next = link(body, "next"); next; next = link(body, "next")) {
      body = (await get(next)).body;
      pages.push(referencesOn(body));
    }
    expect(pages.map((p) => p.length)).toEqual([LIST_PAGE_SIZE, LIST_PAGE_SIZE, 20]);
    expect(body).toContain(`Showing ${2 * LIST_PAGE_SIZE + 1}–${TOTAL} of ${TOTAL}.`);
    const all = pages.flat();
    expect(new Set(all).size).toBe(TOTAL);
    // Arrival order, ties broken the same way as the export's.
    const exported = (await get("/f/bpf-cyber/2017/contributions.json")).json();
    expect(all).toEqual(exported.contributions.map((c: { reference: string }) => c.reference));
    // Back from the last page: the same middle page as on the way forward.
    const back = (await get(link(body, "prev") ?? "")).body;
    expect(referencesOn(back)).toEqual(pages[1]);
    expect(back).toContain(`Showing ${LIST_PAGE_SIZE + 1}–${2 * LIST_PAGE_SIZE} of ${TOTAL}.`);
    const start = (await get(link(back, "prev") ?? "")).body;
    expect(referencesOn(start)).toEqual(pages[0]);
    expect(link(start, "prev")).toBeUndefined();
  });

  it("keeps the filters on every page and counts what matches", async () => {
    const get = (url: string) => t.app.inject({ method: "GET", url });
    const civil = TOTAL - Math.ceil(TOTAL / 3);
    const first = (await get("/f/bpf-cyber/2017/contributions?stakeholder_group=civil_society")).body;
    expect(first).toContain(`${civil} contributions match.`);
    const next = link(first, "next");
    expect(next).toContain("stakeholder_group=civil_society");
    const second = (await get(next ?? "")).body;
    expect(referencesOn(second)).toHaveLength(civil - LIST_PAGE_SIZE);
    expect(second).toContain(`Showing ${LIST_PAGE_SIZE + 1}–${civil} of ${civil}.`);
    expect(second).not.toContain("Contributor 1<");
  });

  it("says once that nothing matches, with a way back, and offers only the countries present", async () => {
    const res = await t.app.inject({ method: "GET", url: "/f/bpf-cyber/2017/contributions?q=zzzz-nothing" });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("No contribution matches.");
    expect(res.body).not.toContain("There is nothing to show.");
    expect(res.body).toMatch(/<a href="\/f\/bpf-cyber\/2017\/contributions">Clear the filters<\/a>/);
    const countrySelect = res.body.match(/<select id="filter-country"[\s\S]*?<\/select>/)?.[0] ?? "";
    const values = [...countrySelect.matchAll(/<option value="([^"]*)"/g)].map((m) => m[1]);
    expect(values.filter(Boolean)).toEqual(["SN"]);
    // A country chosen by hand stays selectable, so the form shows what was asked.
    const other = await t.app.inject({ method: "GET", url: "/f/bpf-cyber/2017/contributions?country=FR" });
    expect(other.body).toMatch(/<option value="FR" selected/);
    expect(other.body).toContain("Clear the filters");
  });

  it("shows the first page for a position token it did not make", async () => {
    const res = await t.app.inject({
      method: "GET",
      url: "/f/bpf-cyber/2017/contributions?after=bm90LWEtY3Vyc29y",
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`Showing 1–${LIST_PAGE_SIZE} of ${TOTAL}.`);
  });

  it("exports every contribution as CSV and JSON, and the newest hundred as Atom", async () => {
    const csv = await t.app.inject({ method: "GET", url: "/f/bpf-cyber/2017/contributions.csv" });
    const lines = csv.body.trimEnd().split("\r\n");
    expect(lines).toHaveLength(TOTAL + 1);
    expect(lines[1]).toMatch(/^BPF-2017-000[12],/);
    const json = (await t.app.inject({ method: "GET", url: "/f/bpf-cyber/2017/contributions.json" })).json();
    expect(json.count).toBe(TOTAL);
    expect(json.contributions).toHaveLength(TOTAL);
    const atom = (await t.app.inject({ method: "GET", url: "/f/bpf-cyber/2017/contributions.atom" })).body;
    const titles = [...atom.matchAll(/<title>(BPF-2017-\d{4})/g)].map((m) => m[1]);
    expect(titles).toHaveLength(100);
    const arrival = json.contributions.map((c: { reference: string }) => c.reference);
    expect(titles).toEqual(arrival.slice(-100).reverse());
  });
  it("reads an export in batches of its own columns, without anyone's text, answers or files' text", async () => {
    const seen: string[] = [];
    const db = t.database.db.withPlugin({
      transformQuery: (args) => {
        seen.push(JSON.stringify(args.node));
        return args.node;
      },
      transformResult: async (args) => args.result,
    });
    const filter = { cycleId, statuses: PUBLIC_STATUSES };
    let rows = 0;
    for await (const batch of exportBatches(db, filter, 50)) {
      rows += batch.length;
      expect(batch[0]).not.toHaveProperty("search_text");
      expect(batch[0]).not.toHaveProperty("body_text");
    }
    expect(rows).toBe(TOTAL);
    expect(seen).toHaveLength(3);
    for (const query of seen) {
      expect(query).not.toContain("SelectAllNode");
      for (const column of ["search_text", "body_text", "answers"])
        expect(query).not.toContain(`"${column}"`);
    }
  });

  it("reads a list page's rows without anyone's text, answers or searched text", async () => {
    const seen: string[] = [];
    const db = t.database.db.withPlugin({
      transformQuery: (args) => {
        seen.push(JSON.stringify(args.node));
        return args.node;
      },
      transformResult: async (args) => args.result,
    });
    const rows = await contributionListPage(db, {
      cycleId,
      statuses: PUBLIC_STATUSES,
      limit: LIST_PAGE_SIZE + 1,
    });
    expect(rows).toHaveLength(LIST_PAGE_SIZE + 1);
    expect(rows[0]).toHaveProperty("reference");
    expect(rows[0]).not.toHaveProperty("body_text");
    expect(seen).toHaveLength(1);
    expect(seen[0]).not.toContain("SelectAllNode");
    for (const column of ["search_text", "body_text", "answers"])
      expect(seen[0]).not.toContain(`"${column}"`);
  });
});

describe("exports written batch by batch", () => {
  const context = {
    forum: { slug: "f" } as never,
    cycle: { year: 2017 } as never,
    publicUrl: "http://localhost",
    t: ((key: string) => key) as never,
    locale: "en" as const,
  };
  const row = (n: number) =>
    ({
      id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
      reference: `BPF-2017-${String(n).padStart(4, "0")}`,
      consent: "with_name",
      contributor_name: `Name ${n}`,
      honorific: "",
      organisation: n === 2 ? '=HYPERLINK("x")' : "Org, Inc.",
      received_at: new Date(Date.UTC(2017, 8, n)),
    }) as unknown as ContributionRow;
  async function* batches() {
    yield [row(1), row(2)];
    yield [row(3)];
  }
  const collect = async (parts: AsyncIterable<string>) => {
    let out = "";
    for await (const part of parts) out += part;
    return out;
  };

  it("joins the batches into one valid JSON document with the count", async () => {
    const json = JSON.parse(await collect(jsonFeed(context, batches())));
    expect(json.count).toBe(3);
    expect(json.contributions.map((c: { reference: string }) => c.reference)).toEqual([
      "BPF-2017-0001",
      "BPF-2017-0002",
      "BPF-2017-0003",
    ]);
  });

  it("writes one CSV line per row, quoting commas and defusing formulas", async () => {
    const lines = (await collect(csvFeed(context, batches()))).trimEnd().split("\r\n");
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain('"Org, Inc."');
    expect(lines[2]).toContain(`"'=HYPERLINK(""x"")"`);
  });
});
