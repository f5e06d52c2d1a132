// A reader who chose a language by the address (?lang=ru) keeps it while following the links of the pages'
// bodies, not only the header's: the cycle, the call, contributions, meetings, the calendar and the zone link.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoForum } from "../forums/demo.js";
import { createTestApp, type TestApp } from "../test-support/app.js";

// Links that offer the page in another language on purpose (the call's "read the call in", with hreflang) are
// left out: they change the language, as the reader asked.
const hrefs = (html: string) =>
  [...html.matchAll(/<a\b([^>]*?)\shref="([^"]*)"([^>]*)>/g)]
    .filter((m) => !/\shreflang=/.test(`${m[1]} ${m[3]}`) || (m[2] ?? "").startsWith("/lang/"))
    .map((m) => (m[2] ?? "").replaceAll("&amp;", "&"));

describe("?lang= through the links of a page's body", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp("pglite");
    await seedDemoForum(t.database.db, new Date("2026-11-23T12:00:00Z"));
  });
  afterAll(async () => {
    await t?.close();
  });

  it("keeps a reader who came with ?lang=ru in Russian on every public page they follow a link to", async () => {
    const queue = ["/?lang=ru", "/f/bpf-cybersecurity?lang=ru"];
    const seen = new Set(queue);
    const pages: string[] = [];
    const dropped: string[] = [];
    while (queue.length > 0 && pages.length < 40) {
      const url = queue.shift() as string;
      const res = await t.app.inject({ method: "GET", url, headers: { "accept-language": "en" } });
      if (!String(res.headers["content-type"]).startsWith("text/html") || res.statusCode !== 200) continue;
      pages.push(url);
      expect(res.body, url).toContain('<html lang="ru"');
      const main = res.body.slice(res.body.indexOf("<main"));
      for (const href of hrefs(main)) {
        if (!href.startsWith("/") || href.startsWith("//")) continue;
        if (!/[?&]lang=ru(&|#|$)/.test(href)) dropped.push(`${url} → ${href}`);
        const path = href.split("#")[0] ?? href;
        if (!seen.has(path) && !path.startsWith("/api")) {
          seen.add(path);
          queue.push(path);
        }
      }
    }
    expect(dropped).toEqual([]);
    expect(pages.length).toBeGreaterThan(15);
    expect(pages.some((p) => /\/f\/bpf-cybersecurity\/\d{4}\?/.test(p))).toBe(true);
  });

  it("keeps it on the calendar feed and the time-zone link, and not on the language switcher", async () => {
    const res = await t.app.inject({ method: "GET", url: "/f/bpf-cybersecurity?lang=ru" });
    const links = hrefs(res.body);
    expect(links.filter((h) => h.includes("calendar.ics"))).not.toEqual([]);
    expect(links.filter((h) => h.includes("calendar.ics") && !h.includes("lang=ru"))).toEqual([]);
    const zone = links.find((h) => h.startsWith("/tz?"));
    expect(zone).toMatch(/[?&]lang=ru$/);
    expect(links.filter((h) => h.startsWith("/lang/")).every((h) => !h.includes("lang=ru"))).toBe(true);
    // A reader who chose the language otherwise (cookie, profile, browser) gets plain links.
    const plain = await t.app.inject({
      method: "GET",
      url: "/f/bpf-cybersecurity",
      headers: { "accept-language": "ru" },
    });
    expect(plain.body).toContain('<html lang="ru"');
    expect(plain.body).not.toContain("lang=ru");
  });
});
