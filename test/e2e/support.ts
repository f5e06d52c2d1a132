// Browser journeys: the system Chromium driven by playwright-core, a real server on a fresh data folder, and
// axe-core run on every page a journey visits.
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, expect, inject } from "vitest";
import { openDatabase } from "../../src/db/database.js";
import { type Config, parseConfig } from "../../src/server/config.js";
import { type RunningServer, startServer } from "../../src/server/start.js";

const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Whether browser journeys can run; under CI a missing browser is a failure, elsewhere a printed skip. */
export const browserAvailable = (() => {
  if (existsSync(chromiumPath)) return true;
  if (process.env.CI === "true") {
    throw new Error(
      `Chromium is required under CI but was not found at ${chromiumPath} (set CHROMIUM_PATH).`,
    );
  }
  console.warn(
    `\n⚠ Skipping browser tests: no Chromium at ${chromiumPath}. Install Debian's chromium or set CHROMIUM_PATH.\n`,
  );
  return false;
})();

/** Starts Chromium headless with the flags this machine's closed network needs. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
}

/** A running test server and what it printed (the administrator's sign-in link among it). */
export type TestServer = RunningServer & { printed: string[]; adminLink(): string };

/** Starts a real Intersession server on a fresh embedded data folder. */
export async function startTestServer(overrides: Partial<Config> = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "intersession-e2e-"));
  await seedMigrated(dataDir);
  const config = {
    ...parseConfig({ INTERSESSION_DATA: dataDir, LOG_LEVEL: "warn", PORT: "0", INTERSESSION_DEMO: "false" }),
    ...overrides,
  };
  const printed: string[] = [];
  const server = await startServer(config, (line) => printed.push(line));
  return {
    ...server,
    printed,
    adminLink() {
      const link = printed.join("\n").match(/https?:\/\/\S+\/sign-in\/link\/\S+/)?.[0];
      if (!link) throw new Error(`No sign-in link was printed:\n${printed.join("\n")}`);
      return link;
    },
  };
}

/** A journey file's server and browser, there once its `beforeAll` has run. */
export interface ServerAndBrowser {
  server: TestServer;
  browser: Browser;
}

/**
 * Starts a test server and Chromium before the enclosing block's tests and closes both after them (the browser
 * first). A `beforeAll` the block registers after this call finds them started.
 */
export function serverAndBrowser(overrides: Partial<Config> = {}): ServerAndBrowser {
  const env: Partial<ServerAndBrowser> = {};
  beforeAll(async () => {
    env.server = await startTestServer(overrides);
    env.browser = await launchBrowser();
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
  return env as ServerAndBrowser;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/**
 * Runs axe-core (WCAG 2.1 A and AA) on the page the journey is on. The audit runs in a second context with
 * JavaScript on and the CSP bypassed (axe is injected as a script), carrying the journey's cookies.
 */
export async function expectAccessible(page: Page, audit: BrowserContext): Promise<void> {
  const url = page.url();
  await audit.clearCookies();
  await audit.addCookies(await page.context().cookies());
  const auditPage = await audit.newPage();
  try {
    await auditPage.goto(url);
    await auditPage.addScriptTag({ content: axeSource });
    const result = (await auditPage.evaluate(async () => {
      // biome-ignore lint/suspicious/noExplicitAny: axe is injected into the page at run time.
      const axe = (window as any).axe;
      return axe.run(document, {
        runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
      });
    })) as { violations: { id: string; help: string; nodes: { target: string[] }[] }[] };
    const summary = result.violations.map(
      (v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
    );
    expect(summary, `axe violations on ${url}`).toEqual([]);
  } finally {
    await auditPage.close();
  }
}

/** A journey context with JavaScript off (every page must work without it) and an audit context. */
export async function newJourney(
  browser: Browser,
  options: {
    javaScript?: boolean;
    viewport?: { width: number; height: number };
    timezoneId?: string;
    locale?: string;
  } = {},
) {
  const context = await browser.newContext({
    javaScriptEnabled: options.javaScript ?? false,
    viewport: options.viewport ?? { width: 1280, height: 900 },
    timezoneId: options.timezoneId,
    locale: options.locale,
  });
  const audit = await browser.newContext({
    bypassCSP: true,
    javaScriptEnabled: true,
    viewport: options.viewport ?? { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  return {
    page,
    /** Navigates (or follows the last action) and audits the page reached. */
    audit: () => expectAccessible(page, audit),
    close: async () => {
      await context.close();
      await audit.close();
    },
  };
}

/** Where screenshots of journeys go, for people to look at. */
export const screenshotDir = join(process.cwd(), "test-results");

/**
 * Fills a fresh data folder with the schema the run's global setup migrated once (migrated-once.ts), so the
 * server skips initdb and the migrations, as a folder from an earlier start would.
 */
async function seedMigrated(dataDir: string): Promise<void> {
  const snapshotFile = inject("migratedPgliteSnapshot");
  if (!snapshotFile) return;
  const seeded = await openDatabase({ dataDir, loadSnapshot: readFileSync(snapshotFile) });
  await seeded.close();
}
