// The figures of a large cycle's list under a crowd: a submission awaiting moderation does not make the list
// count again, a publication is followed without a count, readers arriving together after a change the figures
// cannot follow cause one count between them (and are shown the figure they had meanwhile), a filter is counted once for everyone and only up to "more than 10,000", and a
// page does not wait for a count it cannot have at once.
import {
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  sql,
  type UnknownRow,
} from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../auth/actor.js";
import { BRIEF_KEEP_MS } from "../../server/page-cache.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { hideContribution } from "../moderation/service.js";
import { PUBLIC_STATUSES } from "../policy.js";
import { emptyDetails } from "../submit/details.js";
import { type SaveInput, saveContribution } from "../submit/service.js";
import { seedTestForum } from "../test-support.js";
import {
  CAP_COUNT,
  EXACT_BELOW,
  forgetListStats,
  listStats,
  matchCount,
  settleListStats,
} from "./list-stats.js";

/** Counts the COUNT queries that pass, and can hold their answers back until released. */
class CountWatch implements KyselyPlugin {
  counted = 0;
  private held = new Set<unknown>();
  private gate: Promise<void> | undefined;
  private open: (() => void) | undefined;

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (JSON.stringify(args.node).includes('"func":"count"')) {
      this.counted++;
      this.held.add(args.queryId);
    }
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    if (this.held.delete(args.queryId) && this.gate) await this.gate;
    return args.result;
  }

  hold(): void {
    this.gate = new Promise((resolve) => {
      this.open = resolve;
    });
  }

  release(): void {
    this.open?.();
    this.gate = undefined;
  }
}

describe("a large cycle's list figures under a crowd", () => {
  let t: TestApp;
  let ids: Awaited<ReturnType<typeof seedTestForum>>;
  const secretariat: Actor = { kind: "token", tokenId: "t", name: "sec", role: "secretariat", forumId: null };
  const deps = () => ({
    db: t.database.db,
    now: new Date("2017-09-20T00:00:00Z"),
    secret: t.app.services.secret,
    publicUrl: "http://localhost",
  });
  const submission = (name: string, publish: boolean): SaveInput & { keepDraftOnError: boolean } => ({
    actor: secretariat,
    forum: ids.forum,
    cycle: ids.cycle2017,
    details: {
      ...emptyDetails(),
      contributor_name: name,
      email: `${name.toLowerCase().replace(/\W/g, "")}@example.org`,
      stakeholder_group: "academia",
      country: "FR",
      consent: "with_name",
      licence: "cc_by_4_0",
      body_text: "Encryption keeps people safe.",
    },
    uploads: [],
    action: "submit",
    channel: "import",
    receivedAt: new Date("2017-09-01T00:00:00Z"),
    publish,
    keepDraftOnError: false,
  });

  beforeAll(async () => {
    t = await createTestApp("pglite");
    ids = await seedTestForum(t.database.db);
    // One more than the cap, every one in English and about encryption.
    await sql`
      INSERT INTO contributions (forum_id, cycle_id, number, reference, status, channel, contributor_name,
        consent, received_at, timeliness, language, country, stakeholder_group, search_text)
      SELECT ${ids.forum.id}, ${ids.cycle2017.id}, n, 'BPF-2017-' || lpad(n::text, 5, '0'), 'published', 'import',
        'Contributor ' || n, 'with_name', timestamptz '2017-08-16 00:00:00+00' + n * interval '1 minute',
        'on_time', 'en', CASE WHEN n % 100 = 0 THEN 'KE' ELSE 'FR' END, 'academia', 'encryption matters'
      FROM generate_series(1, ${CAP_COUNT + 1}) AS n`.execute(t.database.db);
    await t.database.db
      .insertInto("contribution_sequences")
      .values({ cycle_id: ids.cycle2017.id, last_number: CAP_COUNT + 1 })
      .execute();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("does not count again for a submission awaiting moderation, nor for hiding one nobody saw", async () => {
    const watch = new CountWatch();
    const db = t.database.db.withPlugin(watch);
    const before = await listStats(db, ids.cycle2017.id);
    expect(before.total).toBe(CAP_COUNT + 1);
    expect(watch.counted).toBe(1);
    const waiting = await saveContribution(deps(), submission("Awaiting", false));
    expect(waiting.contribution.status).toBe("submitted");
    expect((await listStats(db, ids.cycle2017.id)).total).toBe(CAP_COUNT + 1);
    await hideContribution(deps(), {
      actor: secretariat,
      contributionId: waiting.contribution.id,
      reason: "spam",
    });
    expect((await listStats(db, ids.cycle2017.id)).total).toBe(CAP_COUNT + 1);
    await settleListStats();
    expect(watch.counted).toBe(1);
  });

  it("follows a publication without counting again, and counts once for a crowd after a change it cannot follow", async () => {
    const watch = new CountWatch();
    const db = t.database.db.withPlugin(watch);
    await listStats(db, ids.cycle2017.id);
    const counted = watch.counted;
    const published = await saveContribution(deps(), submission("Published", true));
    expect(published.contribution.status).toBe("published");
    // The figure follows the publication: ten readers see it at once, and nothing is counted.
    const crowd = await Promise.all(Array.from({ length: 10 }, () => listStats(db, ids.cycle2017.id)));
    expect(crowd.map((s) => s.total)).toEqual(Array(10).fill(CAP_COUNT + 2));
    await settleListStats();
    expect(watch.counted - counted).toBe(0);
    // A change described only as "something changed" (campaigns regrouped) is counted again, once, while the
    // crowd is shown the figure it had.
    forgetListStats(ids.cycle2017.id);
    watch.hold();
    const second = await Promise.all(Array.from({ length: 10 }, () => listStats(db, ids.cycle2017.id)));
    expect(second.map((s) => s.total)).toEqual(Array(10).fill(CAP_COUNT + 2));
    watch.release();
    await settleListStats();
    expect(watch.counted - counted).toBe(1);
    expect((await listStats(db, ids.cycle2017.id)).total).toBe(CAP_COUNT + 2);
    expect(watch.counted - counted).toBe(1);
  });

  it("counts a filter once for readers arriving together, however they spell it", async () => {
    const watch = new CountWatch();
    const db = t.database.db.withPlugin(watch);
    const filter = (q: string) => ({
      cycleId: ids.cycle2017.id,
      statuses: PUBLIC_STATUSES,
      country: "KE",
      q,
    });
    const counts = await Promise.all(
      ["encryption", " Encryption", "ENCRYPTION  "].flatMap((q) =>
        Array.from({ length: 4 }, () => matchCount(db, filter(q), { large: true })),
      ),
    );
    expect(counts.map((c) => c?.value)).toEqual(Array(12).fill(Math.floor((CAP_COUNT + 1) / 100)));
    expect(watch.counted).toBe(1);
    await matchCount(db, filter("encryption"), { large: true });
    expect(watch.counted).toBe(1);
  });

  it("does not keep a page waiting for a filter's count it does not have yet", async () => {
    const watch = new CountWatch();
    const db = t.database.db.withPlugin(watch);
    const filter = { cycleId: ids.cycle2017.id, statuses: PUBLIC_STATUSES, stakeholderGroup: "academia" };
    watch.hold();
    expect(await matchCount(db, filter, { large: true, waitMs: 0 })).toBeUndefined();
    watch.release();
    await settleListStats();
    expect(await matchCount(db, filter, { large: true, waitMs: 0 })).toEqual({
      value: CAP_COUNT,
      exact: false,
    });
    expect(watch.counted).toBe(1);
  });

  it("shows a publication's new count at once, and shares one page among readers arriving while a figure is counted again", async () => {
    const at = Date.parse("2017-10-10T12:00:00Z");
    t.setNow(new Date(at));
    try {
      const list = () => t.app.inject({ method: "GET", url: "/f/bpf-cyber/2017/contributions" });
      await list();
      await settleListStats();
      const before = (await listStats(t.database.db, ids.cycle2017.id)).total;
      const showing = (n: number) => `Showing 1–50 of ${n.toLocaleString("en")}.`;
      expect((await list()).body).toContain(showing(before));
      await saveContribution(deps(), submission("Shared Page", true));
      expect((await list()).body).toContain(showing(before + 1));
      // A change the figures cannot follow: the first reader after it is shown the figure from before while it
      // is counted again…
      forgetListStats(ids.cycle2017.id);
      const first = await list();
      expect(first.body).toContain(showing(before + 1));
      await settleListStats();
      // …and the readers of the next second get the same page, not a render each.
      const second = await list();
      expect(second.headers.etag).toBe(first.headers.etag);
      t.setNow(new Date(at + BRIEF_KEEP_MS + 1));
      expect((await list()).body).toContain(showing(before + 1));
    } finally {
      t.setNow(undefined);
    }
  });

  it("says 'more than 10,000' rather than counting every match", async () => {
    const at = Date.parse("2017-10-11T12:00:00Z");
    t.setNow(new Date(at));
    const page = await t.app.inject({ method: "GET", url: "/f/bpf-cyber/2017/contributions?q=encryption" });
    expect(page.statusCode).toBe(200);
    // The first time, the page may not wait for the count (and a page saying so is kept for a second); then it
    // knows it.
    await settleListStats();
    t.setNow(new Date(at + BRIEF_KEEP_MS + 1));
    const again = await t.app.inject({ method: "GET", url: "/f/bpf-cyber/2017/contributions?q=encryption" });
    expect(again.body).toContain("More than 10,000 contributions match.");
    expect(again.body).toContain("Showing 1–50 of more than 10,000.");
    const french = await t.app.inject({
      method: "GET",
      url: "/f/bpf-cyber/2017/contributions?q=encryption",
      headers: { "accept-language": "fr" },
    });
    expect(french.body).toContain("Plus de 10\u202f000 contributions correspondent.");
    expect(EXACT_BELOW).toBeLessThanOrEqual(CAP_COUNT);
    t.setNow(undefined);
  });
});
