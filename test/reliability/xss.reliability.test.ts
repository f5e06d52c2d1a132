// Cross-site scripting: the payload corpus (xss-payloads.ts) sits in every field of a forum a person can fill
// (xss-world.ts), and Chromium, with JavaScript on, opens every page of the route table as an anonymous
// reader, a member and the secretariat (also site administrator). Nothing runs: no payload calls the
// `__xss` binding or opens a dialog, no payload's markup or javascript: address reaches the DOM, and the
// Content-Security-Policy reports no violation (a violation would mean markup got through and was only
// stopped by the policy).
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../src/test-support/app.js";
import { browserAvailable, launchBrowser } from "../e2e/support.js";
import { report } from "./figures.js";
import { routeTable } from "./world.js";
import { injectedInDom, PAYLOADS } from "./xss-payloads.js";
import { seedXssWorld, type XssWorld } from "./xss-world.js";

const ROLES = ["anonymous", "member", "secretariat"] as const;
type Role = (typeof ROLES)[number];
// Not pages: files, feeds, redirects, one-time links, the API.
const NOT_PAGES =
  /^\/(api|assets)\b|\.(csv|xlsx|docx|zip|json|atom|ics)$|\/files\/:fileId$|:token|^\/(healthz|favicon\.ico|lang\/:locale)$/;

/** The addresses of a route with its parameters filled from the world (up to three of each), or none. */
function pagesOf(url: string, w: XssWorld): string[] {
  const names = url.match(/:[a-zA-Z]+/g) ?? [];
  const values = names.map((name) => {
    const before = url.slice(0, url.indexOf(name)).replace(/\/$/, "");
    const segment = before.slice(before.lastIndexOf("/") + 1);
    const twoSegments = before.split("/").slice(-2).join("/");
    return w.params[`${twoSegments}/${name}`] ?? w.params[`${segment}/${name}`] ?? w.params[name] ?? [];
  });
  if (values.some((v) => v.length === 0)) return [];
  const n = Math.max(1, ...values.map((v) => v.length));
  return Array.from({ length: n }, (_, i) => {
    let filled = url;
    names.forEach((name, k) => {
      const v = values[k] as string[];
      filled = filled.replace(name, v[i % v.length] as string);
    });
    return filled;
  });
}

describe.skipIf(!browserAvailable)("cross-site scripting", () => {
  let t: TestApp;
  let w: XssWorld;
  let browser: Browser;
  let origin: string;

  beforeAll(async () => {
    t = await createTestApp("pglite");
    w = await seedXssWorld(t);
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    origin = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const figures = { pages: 0, loads: 0, skipped: [] as string[], showing: {} as Record<string, number> };
  afterAll(() => {
    report(
      "cross-site scripting",
      `xss: ${PAYLOADS.length} payloads in every field (${w?.overwritten ?? 0} short values overwritten), ${figures.pages} page addresses × ${ROLES.length} roles = ${figures.loads} page loads in Chromium (pages showing payloads as text: ${JSON.stringify(figures.showing)}); routes without data to show: ${figures.skipped.join(", ") || "none"}`,
    );
  });

  it.each(ROLES)("runs nothing a user wrote, for %s", async (role: Role) => {
    const context = await browser.newContext({ javaScriptEnabled: true });
    const fired: string[] = [];
    let current = "";
    await context.exposeBinding("__xss", (_source, n: unknown) => {
      fired.push(`${current}: payload ${String(n)} ran`);
    });
    await context.exposeBinding("__cspViolation", (_source, what: unknown) => {
      fired.push(`${current}: CSP violation ${String(what)}`);
    });
    await context.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) => {
        // biome-ignore lint/suspicious/noExplicitAny: the binding is added by the test.
        (window as any).__cspViolation(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`);
      });
    });
    if (role !== "anonymous")
      await context.addCookies([{ name: "session", value: w.sessions[role], url: origin }]);
    const page = await context.newPage();
    page.on("dialog", (d) => {
      fired.push(`${current}: dialog “${d.message()}”`);
      d.dismiss().catch(() => undefined);
    });
    page.on("console", (m) => {
      if (/Content.Security.Policy|Refused to/i.test(m.text())) fired.push(`${current}: console ${m.text()}`);
    });
    // The detectors work: markup put into a page by hand is seen, its handler blocked and reported.
    current = "canary";
    await page.goto(`${origin}/`);
    await page.evaluate(() =>
      document.body.insertAdjacentHTML("beforeend", '<img data-xss src="/nowhere" onerror="__xss(0)">'),
    );
    await page.waitForTimeout(300);
    expect(await page.evaluate(injectedInDom), "the DOM check sees injected markup").not.toEqual([]);
    expect(fired.join("\n"), "the policy reports the blocked handler").toMatch(/CSP violation/);
    fired.length = 0;

    const injected: string[] = [];
    const errors: string[] = [];
    let showing = 0;
    const routes = routeTable(t.app)
      .filter((r) => r.methods.includes("GET") && !NOT_PAGES.test(r.url))
      .map((r) => r.url);
    const urls: string[] = role === "anonymous" ? [...w.privatePaths, `${w.privatePaths[0]}/edit`] : [];
    for (const route of routes) {
      const pages = pagesOf(route, w);
      if (pages.length === 0 && role === "anonymous") figures.skipped.push(route);
      urls.push(...pages);
    }
    for (const url of urls) {
      current = url;
      const res = await page.goto(`${origin}${url}`, { waitUntil: "load" });
      figures.loads += 1;
      if (role === "anonymous") figures.pages += 1;
      if ((res?.status() ?? 0) >= 500) errors.push(`${url}: ${res?.status()}`);
      // Focus and hover reach handlers that only fire on interaction.
      await page.mouse.move(10, 10).catch(() => undefined);
      await page.keyboard.press("Tab").catch(() => undefined);
      for (const found of await page.evaluate(injectedInDom)) injected.push(`${url}: ${found}`);
      if ((await page.content()).includes("__xss(")) showing += 1;
    }
    await page.waitForTimeout(200);
    await context.close();
    figures.showing[role] = showing;
    // Pages show what people wrote (an anonymous reader is sent to sign in from most); a world whose
    // payloads reached no page would test nothing.
    expect(showing, "pages showing a payload as text").toBeGreaterThan(
      role === "anonymous" ? 12 : urls.length / 2,
    );
    expect(errors, "no page fails").toEqual([]);
    expect(fired, "no payload ran and no CSP violation was reported").toEqual([]);
    expect(injected, "no payload's markup or address reached the page").toEqual([]);
  });
});
