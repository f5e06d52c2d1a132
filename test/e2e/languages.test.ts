// The demo forum's public pages in the six languages on a 360 px phone: with JavaScript (axe-core WCAG 2.1 AA)
// and without, each page's transfer at most 50 KB, Arabic right to left, nothing wider than the screen. Then a
// contribution submitted with the keyboard alone, and the Arabic and Chinese forms photographed.
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SLUG } from "../../src/forums/index.js";
import { LOCALES } from "../../src/ui/i18n/locales.js";
import {
  browserAvailable,
  launchBrowser,
  screenshotDir,
  startTestServer,
  type TestServer,
} from "./support.js";

const phone = { width: 360, height: 740 };
const day = 86_400_000;

/**
 * Every HTML page reachable from the forum's home without signing in; of the pages that differ only by which
 * contribution they show, the first of each cycle (the others are the same template with other words).
 */
async function publicPages(base: string): Promise<string[]> {
  const seen = new Set<string>();
  const shapes = new Set<string>();
  const queue = [`/f/${DEMO_SLUG}`];
  const pages: string[] = [];
  while (queue.length) {
    const path = queue.shift() ?? "";
    if (seen.has(path)) continue;
    seen.add(path);
    const shape = path.replace(/\/contributions\/[A-Z0-9-]+$/, "/contributions/:reference");
    if (shapes.has(shape)) continue;
    shapes.add(shape);
    const res = await fetch(base + path);
    if (!res.headers.get("content-type")?.includes("text/html")) continue;
    pages.push(path);
    for (const [, href = ""] of (await res.text()).matchAll(/href="([^"#?]*)"/g))
      if (href.startsWith(`/f/${DEMO_SLUG}`) && !href.endsWith("/join") && !seen.has(href)) queue.push(href);
  }
  return pages;
}

/** Pages also checked without JavaScript: one of each kind a reader meets (the full run took over 3 minutes). */
const WITHOUT_JS = /^\/f\/[^/]+(\/2017(\/(call|contribute|contributions|meetings|statistics))?)?$/;

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** axe-core's WCAG 2.1 A and AA rules on the page as it is (its context lets the script in). */
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const result = (await page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected into the page at run time.
    const axe = (window as any).axe;
    return axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
  })) as { violations: { id: string; nodes: { target: string[] }[] }[] };
  return result.violations.map((v) => `${v.id} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/** Loads a page with the cache off and measures what crossed the wire for it (HTML, CSS, script, icon). */
async function visit(page: Page, url: string): Promise<number> {
  let bytes = 0;
  const count = async (response: import("playwright-core").Response) => {
    const sizes = await response
      .request()
      .sizes()
      .catch(() => undefined);
    if (sizes) bytes += sizes.responseBodySize + sizes.responseHeadersSize;
  };
  const pending: Promise<void>[] = [];
  const listener = (r: import("playwright-core").Response) => pending.push(count(r));
  page.on("response", listener);
  const res = await page.goto(url, { waitUntil: "load" });
  expect(res?.status(), url).toBe(200);
  await Promise.all(pending);
  page.off("response", listener);
  return bytes;
}

async function layout(page: Page) {
  return page.evaluate(() => ({
    lang: document.documentElement.lang,
    dir: document.documentElement.dir,
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
  }));
}

async function uncachedPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  return page;
}

describe.skipIf(!browserAvailable)("six languages on a 360 px phone", () => {
  let server: TestServer;
  let browser: Browser;
  let pages: string[] = [];
  const weights: Record<string, number> = {};

  beforeAll(async () => {
    server = await startTestServer({ demo: true });
    browser = await launchBrowser();
    // The demo's 2017 call is reopened for the form: the same forum, its deadlines moved ahead of today.
    const db = server.database.db;
    const cycle = await db
      .selectFrom("cycles")
      .innerJoin("forums", "forums.id", "cycles.forum_id")
      .select("cycles.id")
      .where("forums.slug", "=", DEMO_SLUG)
      .where("cycles.year", "=", 2017)
      .executeTakeFirstOrThrow();
    const ahead = {
      call_opens: -10,
      soft_deadline: 10,
      inclusion_cutoff: 20,
      call_closes: 60,
      annual_meeting: 70,
    };
    for (const [kind, days] of Object.entries(ahead))
      await db
        .updateTable("milestones")
        .set({ at: new Date(Date.now() + days * day) })
        .where("cycle_id", "=", cycle.id)
        .where("kind", "=", kind)
        .execute();
    await db.updateTable("cycles").set({ status: "call_open" }).where("id", "=", cycle.id).execute();
    pages = await publicPages(server.url);
    mkdirSync(screenshotDir, { recursive: true });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    console.log(
      `${pages.length} public pages; contribution form weights (bytes): ${JSON.stringify(weights)}`,
    );
  });

  it("finds the demo forum's public pages, the contribution form among them", () => {
    expect(pages).toContain(`/f/${DEMO_SLUG}/2017/contribute`);
    expect(pages.length).toBeGreaterThan(15);
  });

  it.each(LOCALES)(
    "serves every public page in %s: accessible, light, the right direction, no sideways scroll",
    async (locale) => {
      // JavaScript on: the CSP is bypassed so axe can be injected into the very page measured.
      const withJs = await browser.newContext({ viewport: phone, javaScriptEnabled: true, bypassCSP: true });
      const withoutJs = await browser.newContext({ viewport: phone, javaScriptEnabled: false });
      try {
        const on = await uncachedPage(withJs);
        const off = await uncachedPage(withoutJs);
        const problems: string[] = [];
        for (const path of pages) {
          const url = `${server.url}${path}?lang=${locale}`;
          const modes = WITHOUT_JS.test(path) ? (["js", "no-js"] as const) : (["js"] as const);
          for (const mode of modes) {
            const page = mode === "js" ? on : off;
            const bytes = await visit(page, url);
            const shape = await layout(page);
            if (bytes > 50_000) problems.push(`${path} (${mode}): ${bytes} bytes`);
            if (shape.lang !== locale) problems.push(`${path} (${mode}): lang="${shape.lang}"`);
            if (shape.dir !== (locale === "ar" ? "rtl" : "ltr"))
              problems.push(`${path} (${mode}): dir="${shape.dir}"`);
            if (shape.overflow > 0)
              problems.push(`${path} (${mode}): ${shape.overflow} px wider than the screen`);
            if (path.endsWith("/contribute") && mode === "no-js") weights[locale] = bytes;
            if (mode === "js") problems.push(...(await axeViolations(page)).map((v) => `${path}: ${v}`));
          }
        }
        expect(problems).toEqual([]);
        if (locale === "ar" || locale === "zh") {
          await off.goto(`${server.url}/f/${DEMO_SLUG}/2017/contribute?lang=${locale}`);
          // Beside the other journeys' screenshots (test-results/, not committed); contributions.test.ts
          // writes its own contribution-form-ar-360.png, hence the prefix.
          await off.screenshot({
            path: `${screenshotDir}/languages-contribution-form-${locale}-360.png`,
            fullPage: true,
          });
        }
      } finally {
        await withJs.close();
        await withoutJs.close();
      }
    },
    300_000,
  );

  it("takes a contribution typed and sent with the keyboard alone, on a phone without JavaScript", async () => {
    const context = await browser.newContext({ viewport: phone, javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}/f/${DEMO_SLUG}/2017/contribute?lang=en`);
      // Tab from the top through every control, answering each as its kind asks (typing, Space on a radio
      // group's first choice, an arrow key in a select), until the focus reaches "Submit contribution": Enter.
      let submitted = false;
      const answeredGroups = new Set<string>();
      for (let presses = 0; presses < 400 && !submitted; presses++) {
        await page.keyboard.press("Tab");
        const focus = await page.evaluate(() => {
          const el = document.activeElement as HTMLInputElement | null;
          return {
            tag: el?.tagName.toLowerCase() ?? "",
            type: el?.getAttribute("type") ?? "",
            name: el?.getAttribute("name") ?? "",
            value: el?.value ?? "",
          };
        });
        if (focus.tag === "button" && focus.value === "submit") {
          await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
          submitted = true;
        } else if (focus.tag === "select" && !answeredGroups.has(focus.name)) {
          // A closed select takes the arrow keys: the first choice after the empty one.
          await page.keyboard.press("ArrowDown");
          answeredGroups.add(focus.name);
        } else if (focus.type === "radio") {
          if (!answeredGroups.has(focus.name)) await page.keyboard.press("Space");
          answeredGroups.add(focus.name);
        } else if (
          (focus.tag === "textarea" ||
            (focus.tag === "input" && ["text", "email", "url", ""].includes(focus.type))) &&
          !focus.value
        ) {
          const email = focus.type === "email" || focus.name.includes("email");
          await page.keyboard.type(
            email ? "keyboard@example.org" : focus.type === "url" ? "https://example.org" : "By keyboard",
          );
        }
      }
      expect(submitted).toBe(true);
      const errors = await page.locator("[role=alert], .error-summary, .field-error").allTextContents();
      expect(await page.locator("h1").textContent(), errors.join(" | ")).toContain("Thank you");
    } finally {
      await context.close();
    }
  }, 120_000);
});
