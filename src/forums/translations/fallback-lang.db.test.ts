// What the secretariat wrote and nobody translated still shows, but in its own language: a Chinese page shows
// the demo forum's English name and focus marked lang="en", so screen readers and fonts follow the text.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { translator } from "../../ui/i18n/translate.js";
import { DEMO_SLUG, seedDemoForum } from "../demo.js";
import { forumBySlug } from "../lookup.js";
import { saveContentTranslations } from "./service.js";

const mainOf = (html: string) => html.slice(html.indexOf("<main"), html.indexOf("</main>"));

describe("untranslated texts marked with their language", () => {
  let t: TestApp;
  let name: string;
  let focus: string;
  beforeAll(async () => {
    t = await createTestApp("pglite");
    const forum = await seedDemoForum(t.database.db, new Date("2026-11-23T12:00:00Z"));
    name = forum.name;
    const cycle = await t.database.db
      .selectFrom("cycles")
      .select(["focus"])
      .where("forum_id", "=", forum.id)
      .where("year", "=", 2017)
      .executeTakeFirstOrThrow();
    focus = cycle.focus;
  });
  afterAll(async () => {
    await t?.close();
  });

  const get = async (url: string) => {
    const res = await t.app.inject({ method: "GET", url });
    expect(res.statusCode, url).toBe(200);
    return mainOf(res.body);
  };

  it("marks the forum's name on the site's home page", async () => {
    expect(await get("/?lang=zh")).toContain(`<bdi lang="en">${name}</bdi>`);
    // In the forum's own language nothing needs marking.
    expect(await get("/?lang=en")).not.toContain('lang="en"');
  });

  it("marks the forum's name and the cycle's focus on the call page", async () => {
    const main = await get(`/f/${DEMO_SLUG}/2017/call?lang=zh`);
    expect(main).toMatch(new RegExp(`<h1>[\\s\\S]*?<bdi lang="en">${name}</bdi>[\\s\\S]*?</h1>`));
    expect(main).toContain(`<p class="lead" lang="en" dir="ltr">${focus}</p>`);
  });

  it("marks the forum's name in the contribution form's heading", async () => {
    // The 2017 call reopened around today, as the browser tests do.
    const db = t.database.db;
    const cycle = await db
      .selectFrom("cycles")
      .innerJoin("forums", "forums.id", "cycles.forum_id")
      .select("cycles.id")
      .where("forums.slug", "=", DEMO_SLUG)
      .where("cycles.year", "=", 2017)
      .executeTakeFirstOrThrow();
    const days = {
      call_opens: -10,
      soft_deadline: 10,
      inclusion_cutoff: 20,
      call_closes: 60,
      annual_meeting: 70,
    };
    for (const [kind, n] of Object.entries(days))
      await db
        .updateTable("milestones")
        .set({ at: new Date(Date.now() + n * 86_400_000) })
        .where("cycle_id", "=", cycle.id)
        .where("kind", "=", kind)
        .execute();
    await db.updateTable("cycles").set({ status: "call_open" }).where("id", "=", cycle.id).execute();
    const main = await get(`/f/${DEMO_SLUG}/2017/contribute?lang=ru`);
    expect(main).toMatch(new RegExp(`<h1>[^<]*<bdi lang="en">${name}</bdi>[^<]*</h1>`));
  });

  it("shows a translation, unmarked, once the secretariat gives one", async () => {
    const forum = await forumBySlug(t.database.db, DEMO_SLUG);
    if (!forum) throw new Error("no demo forum");
    await saveContentTranslations(t.database.db, {
      actor: { kind: "system", label: "test" },
      forum,
      t: translator("fr"),
      locale: "fr",
      fields: { [`forum__${forum.id}__name`]: "Forum sur les bonnes pratiques en cybersécurité" },
    });
    const main = await get("/?lang=fr");
    expect(main).toContain("<bdi>Forum sur les bonnes pratiques en cybersécurité</bdi>");
    expect(main).not.toContain(`<bdi lang="en">${name}</bdi>`);
  });

  it("marks a meeting's own title on the cycle's card", async () => {
    // The demo's 2016 sessions at the annual meeting have their own English titles; publish their summaries
    // so they are the card's latest entries.
    const published = await t.database.db
      .updateTable("meetings")
      .set({ summary_published_at: new Date() })
      .where("title", "<>", "")
      .returning("title")
      .execute();
    expect(published.length).toBeGreaterThan(0);
    const main = await get(`/f/${DEMO_SLUG}/2016?lang=es`);
    const items = [...main.matchAll(/<ul class="card__items">([\s\S]*?)<\/ul>/g)].map((m) => m[1]).join("");
    const titled = [...items.matchAll(/<a href="[^"]*"( lang="en")?>([^<]+)<\/a>/g)];
    expect(titled.filter(([, lang]) => lang).length).toBeGreaterThan(0);
    // Titles the page writes itself ("Reunión virtual VII") are Spanish; the secretariat's own are marked.
    for (const [, lang, text] of titled) expect(Boolean(lang), text).toBe(!/^Reunión/.test(text ?? ""));
  });
});
