// A large cycle keeps its list figures for a minute; publication forgets them; positions ride in the links.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../auth/actor.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { hideContribution, publishContribution } from "../moderation/service.js";
import { emptyDetails } from "../submit/details.js";
import { saveContribution } from "../submit/service.js";
import { seedTestForum } from "../test-support.js";
import {
  EXACT_BELOW,
  forgetListStats,
  LIST_PAGE_SIZE,
  listStats,
  publicState,
  settleListStats,
} from "./list-stats.js";

describe("list figures of a large cycle", () => {
  let t: TestApp;
  let ids: Awaited<ReturnType<typeof seedTestForum>>;
  const secretariat: Actor = { kind: "token", tokenId: "t", name: "sec", role: "secretariat", forumId: null };
  const deps = () => ({
    db: t.database.db,
    now: new Date("2017-09-20T00:00:00Z"),
    secret: t.app.services.secret,
    publicUrl: "http://localhost",
  });

  beforeAll(async () => {
    t = await createTestApp("pglite");
    ids = await seedTestForum(t.database.db);
    await sql`
      INSERT INTO contributions (forum_id, cycle_id, number, reference, status, channel, contributor_name,
        consent, received_at, timeliness, language)
      SELECT ${ids.forum.id}, ${ids.cycle2017.id}, n, 'BPF-2017-' || lpad(n::text, 5, '0'), 'published', 'import',
        'Contributor ' || n, 'with_name', timestamptz '2017-08-16 00:00:00+00' + n * interval '1 minute',
        'on_time', 'en'
      FROM generate_series(1, ${EXACT_BELOW}) AS n`.execute(t.database.db);
    await t.database.db
      .insertInto("contribution_sequences")
      .values({ cycle_id: ids.cycle2017.id, last_number: EXACT_BELOW })
      .execute();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("keeps the count for a minute, and counts again when something is published", async () => {
    const now = Date.now();
    expect((await listStats(t.database.db, ids.cycle2017.id, now)).total).toBe(EXACT_BELOW);
    const saved = await saveContribution(deps(), {
      actor: secretariat,
      forum: ids.forum,
      cycle: ids.cycle2017,
      details: {
        ...emptyDetails(),
        contributor_name: "One more",
        email: "more@example.org",
        stakeholder_group: "academia",
        country: "FR",
        consent: "with_name",
        licence: "cc_by_4_0",
        body_text:
          "Une contribution de plus, écrite en français pour que sa langue soit reconnue sans hésitation.",
      },
      uploads: [],
      action: "submit",
      channel: "import",
      receivedAt: new Date("2017-09-01T00:00:00Z"),
      keepDraftOnError: false,
    });
    // Submitted, not yet published: the figure stands (and was not counted again).
    expect((await listStats(t.database.db, ids.cycle2017.id, now + 1000)).total).toBe(EXACT_BELOW);
    // A row hidden behind the application's back is not seen until the minute has passed; then the old figure
    // is shown once more while it is counted again.
    await t.database.db
      .updateTable("contributions")
      .set({ status: "hidden" })
      .where("number", "=", 2)
      .execute();
    expect((await listStats(t.database.db, ids.cycle2017.id, now + 2000)).total).toBe(EXACT_BELOW);
    expect((await listStats(t.database.db, ids.cycle2017.id, now + 61_000)).total).toBe(EXACT_BELOW);
    await settleListStats();
    expect((await listStats(t.database.db, ids.cycle2017.id, now + 61_000)).total).toBe(EXACT_BELOW - 1);
    // Publication through the service is followed at once, without a recount: the figure and the new
    // contribution's language, among the filter's choices, are there for the very next reader.
    expect((await listStats(t.database.db, ids.cycle2017.id, now + 62_000)).languages).toEqual(["en"]);
    await publishContribution(deps(), { actor: secretariat, contributionId: saved.contribution.id });
    // (Were the figure only marked out of date, the old one, 9,999, would be shown while it is counted again.)
    const after = await listStats(t.database.db, ids.cycle2017.id, now + 62_000);
    expect(after.total).toBe(EXACT_BELOW);
    expect(after.languages).toEqual(["en", "fr"]);
    // Hidden through the service: one fewer at once.
    await hideContribution(deps(), {
      actor: secretariat,
      contributionId: saved.contribution.id,
      reason: "Spam.",
    });
    expect((await listStats(t.database.db, ids.cycle2017.id, now + 62_000)).total).toBe(EXACT_BELOW - 1);
    // And the recount a minute later agrees with the figure that followed the changes.
    expect((await listStats(t.database.db, ids.cycle2017.id, now + 123_000)).total).toBe(EXACT_BELOW - 1);
    await settleListStats();
    expect((await listStats(t.database.db, ids.cycle2017.id, now + 123_000)).total).toBe(EXACT_BELOW - 1);
    await publishContribution(deps(), { actor: secretariat, contributionId: saved.contribution.id });
    expect((await listStats(t.database.db, ids.cycle2017.id, now + 123_000)).total).toBe(EXACT_BELOW);
    forgetListStats(ids.cycle2017.id);
  });

  it("counts a figure again behind it in its last seconds, so under steady reading it never runs out", async () => {
    const db = t.database.db;
    const cycle = ids.cycle2017.id;
    const at = Date.now() + 1_000_000;
    await listStats(db, cycle, at);
    await settleListStats();
    const before = (await listStats(db, cycle, at)).total;
    const shownOutOfDate = publicState(cycle).outOfDateShown;
    // A contribution published behind the application's back (by another process): read 50 s into the
    // minute, the kept figure is still shown, and counted again behind it.
    await sql`
      INSERT INTO contributions (forum_id, cycle_id, number, reference, status, channel, contributor_name,
        consent, received_at, timeliness, language)
      VALUES (${ids.forum.id}, ${cycle}, 20001, 'BPF-2017-20001', 'published', 'import', 'Elsewhere',
        'with_name', timestamptz '2017-09-02 00:00:00+00', 'on_time', 'en')`.execute(db);
    expect((await listStats(db, cycle, at + 50_000)).total).toBe(before);
    await settleListStats();
    // The new figure is there before the minute is out and holds a minute from its refresh; nobody was shown
    // a figure known to be out of date.
    expect((await listStats(db, cycle, at + 51_000)).total).toBe(before + 1);
    expect((await listStats(db, cycle, at + 100_000)).total).toBe(before + 1);
    await settleListStats();
    expect(publicState(cycle).outOfDateShown).toBe(shownOutOfDate);

    // A publication while a refresh is under way is followed at once, and the refresh, counted before it,
    // does not bring the older figure back.
    await db.updateTable("contributions").set({ status: "submitted" }).where("number", "=", 3).execute();
    forgetListStats(cycle);
    await listStats(db, cycle, at + 101_000);
    await settleListStats();
    expect((await listStats(db, cycle, at + 102_000)).total).toBe(before);
    expect((await listStats(db, cycle, at + 150_000)).total).toBe(before);
    const third = await db
      .selectFrom("contributions")
      .select("id")
      .where("cycle_id", "=", cycle)
      .where("number", "=", 3)
      .executeTakeFirstOrThrow();
    await publishContribution(deps(), { actor: secretariat, contributionId: third.id });
    await settleListStats();
    expect((await listStats(db, cycle, at + 151_000)).total).toBe(before + 1);

    await db.deleteFrom("contributions").where("cycle_id", "=", cycle).where("number", "=", 20001).execute();
    forgetListStats(cycle);
    await listStats(db, cycle);
    await settleListStats();
  });

  it("carries the position of a page in its links instead of counting earlier rows", async () => {
    const first = await t.app.inject({ method: "GET", url: "/f/bpf-cyber/2017/contributions" });
    expect(first.body).toContain(`Showing 1–${LIST_PAGE_SIZE} of 10,000.`);
    const next = first.body.match(/href="([^"]+)" rel="next"/)?.[1]?.replace(/&amp;/g, "&") ?? "";
    expect(next).toContain(`at=${LIST_PAGE_SIZE}`);
    const second = await t.app.inject({ method: "GET", url: next });
    expect(second.body).toContain(`Showing ${LIST_PAGE_SIZE + 1}–${2 * LIST_PAGE_SIZE} of 10,000.`);
    // Without a position (a hand-made link), the page says how many it shows, not where it is.
    const bare = await t.app.inject({ method: "GET", url: next.replace(/&?at=\d+/, "") });
    expect(bare.body).toContain(`Showing ${LIST_PAGE_SIZE} of 10,000.`);
  });

  it("lists the first 300 contributors on the annex page and points to the CSV for the rest", async () => {
    const annex = await t.app.inject({ method: "GET", url: "/f/bpf-cyber/2017/contributions/annex" });
    expect(annex.statusCode).toBe(200);
    const list = annex.body.slice(annex.body.indexOf("<ol>"), annex.body.indexOf("</ol>"));
    expect(list.match(/<li>/g)?.length).toBe(300);
    expect(annex.body).toMatch(/lists the first 300 of 10,00[01] contributions/);
    expect(Buffer.byteLength(annex.body)).toBeLessThan(50_000);
  });
});
