// Two journeys done with the keyboard alone (Tab, Space, Enter and typing; no mouse), on a 360 px phone without
// JavaScript, in English and in Arabic: a member answers a scheduling poll, and a reader comments on a paragraph
// of a document under public review.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../../src/auth/sessions.js";
import { createDocument, publishVersion } from "../../src/documents/service.js";
import { createPoll } from "../../src/meetings/polls/service.js";
import { makeCycle, makeForum, makePerson } from "../../src/test-support/factories.js";
import { browserAvailable, launchBrowser, startTestServer, type TestServer } from "./support.js";

const phone = { width: 360, height: 740 };
const day = 86_400_000;
const isoDay = (at: number) => new Date(at).toISOString().slice(0, 10);

interface Focus {
  tag: string;
  type: string;
  name: string;
  text: string;
  checked: boolean;
}

async function focused(page: Page): Promise<Focus> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLInputElement | null;
    return {
      tag: el?.tagName.toLowerCase() ?? "",
      type: el?.getAttribute("type") ?? "",
      name: el?.getAttribute("name") ?? "",
      text: (el?.textContent ?? "").trim(),
      checked: Boolean(el?.checked),
    };
  });
}

/** Presses Tab until the focus is on what `wanted` accepts (at most 80 presses); false if it never is. */
async function tabTo(page: Page, wanted: (f: Focus) => boolean): Promise<Focus | undefined> {
  for (let presses = 0; presses < 80; presses++) {
    await page.keyboard.press("Tab");
    const focus = await focused(page);
    if (wanted(focus)) return focus;
  }
  return undefined;
}

describe.skipIf(!browserAvailable)("keyboard-only journeys on a phone without JavaScript", () => {
  let server: TestServer;
  let browser: Browser;
  let pollPath = "";
  let documentPath = "";
  const cookies: Record<"member" | "reader", string> = { member: "", reader: "" };

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    const db = server.database.db;
    const forum = await makeForum(db);
    const cycle = await makeCycle(db, forum, { year: 2017 });
    const sam = await makePerson(db, { email: "sam@example.org", role: "secretariat", forumId: forum.id });
    const mia = await makePerson(db, {
      email: "mia@example.org",
      name: "Mia",
      role: "member",
      forumId: forum.id,
    });
    const pia = await makePerson(db, { email: "pia@example.org", name: "Pia" });
    const now = new Date();
    const poll = await createPoll(db, {
      actor: sam.actor,
      forumId: forum.id,
      cycleId: cycle.id,
      now,
      publicUrl: server.url,
      input: {
        kind: "virtual",
        title: "Planning call",
        duration_minutes: 60,
        time_zone: "UTC",
        slots: [`${isoDay(now.getTime() + 20 * day)} 10:00`, `${isoDay(now.getTime() + 21 * day)} 14:00`],
      },
    });
    pollPath = `/f/${forum.slug}/2017/polls/${poll.id}`;
    const place = {
      forum: { id: forum.id, slug: forum.slug, name: forum.name },
      cycle: { id: cycle.id, year: 2017 },
    };
    const { document } = await createDocument(db, {
      actor: sam.actor,
      place,
      now,
      input: {
        kind: "output",
        title: "Output document 2017",
        body: "# Trust\n\nTrusted channels between response teams matter.\n\nRegional meetings help newcomers.",
        review_opens: isoDay(now.getTime() - day),
        review_closes: isoDay(now.getTime() + 10 * day),
      },
    });
    await publishVersion(db, { actor: sam.actor, documentId: document.id, number: 1, to: "public", now });
    documentPath = `/f/${forum.slug}/2017/documents/${document.id}`;
    for (const [who, person] of [
      ["member", mia],
      ["reader", pia],
    ] as const)
      cookies[who] = (await createSession(db, { userId: person.user.id, now })).cookieValue;
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** A phone signed in, its reader's language chosen once (the switcher's cookie, which forms keep). */
  async function phoneAs(who: "member" | "reader", path: string, lang: string) {
    const context = await browser.newContext({ viewport: phone, javaScriptEnabled: false });
    await context.addCookies([
      { name: "session", value: cookies[who], url: server.url },
      { name: "lang", value: lang, url: server.url },
    ]);
    const page = await context.newPage();
    await page.goto(`${server.url}${path}`);
    return { page, close: () => context.close() };
  }

  it.each(["en", "ar"])(
    "answers a scheduling poll with the keyboard alone (%s)",
    async (lang) => {
      const { page, close } = await phoneAs("member", pollPath, lang);
      try {
        // Each time's radio group is one Tab stop: Space takes the choice focused (the first, "yes"); in Arabic an
        // arrow key then moves on to "if need be".
        const answer = lang === "ar" ? "if_need_be" : "yes";
        const answered = new Set<string>();
        for (let presses = 0; presses < 80 && answered.size < 2; presses++) {
          await page.keyboard.press("Tab");
          const f = await focused(page);
          if (f.type === "radio" && !answered.has(f.name)) {
            await page.keyboard.press("Space");
            if (answer === "if_need_be") await page.keyboard.press("ArrowDown");
            answered.add(f.name);
          }
        }
        expect(answered.size).toBe(2);
        expect(await tabTo(page, (f) => f.tag === "button" && f.type === "submit")).toBeDefined();
        await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
        expect(page.url()).toContain("saved=1");
        expect(await page.locator("html").getAttribute("dir")).toBe(lang === "ar" ? "rtl" : "ltr");
        // Both times now stand answered as chosen, by this member.
        expect(await page.locator(`input[type=radio][value="${answer}"]:checked`).count()).toBe(2);
      } finally {
        await close();
      }
    },
    60_000,
  );

  it.each(["en", "ar"])(
    "comments on a paragraph with the keyboard alone (%s)",
    async (lang) => {
      const { page, close } = await phoneAs("reader", documentPath, lang);
      const words = `By keyboard in ${lang}: trusted channels need a contact list.`;
      try {
        // The second paragraph's "add a comment" disclosure opens with Enter; then the comment, typed, sent.
        let summaries = 0;
        const summary = await tabTo(page, (f) => f.tag === "summary" && ++summaries === 2);
        expect(summary).toBeDefined();
        await page.keyboard.press("Enter");
        expect(await tabTo(page, (f) => f.tag === "textarea" && f.name === "body")).toBeDefined();
        await page.keyboard.type(words);
        expect(await tabTo(page, (f) => f.tag === "button" && f.type === "submit")).toBeDefined();
        await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
        expect(page.url()).toMatch(/#comment-/);
        expect(await page.locator("html").getAttribute("dir")).toBe(lang === "ar" ? "rtl" : "ltr");
        // The comment stands beside the paragraph it was written on.
        const paragraph = page.locator("p", { hasText: "Trusted channels between response teams matter." });
        const block = paragraph.locator("xpath=..");
        expect(await block.textContent()).toContain(words);
      } finally {
        await close();
      }
    },
    60_000,
  );
});
