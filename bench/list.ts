// `npm run bench -- list`: the public contributions list on PostgreSQL with the corpus loaded. For each page
// (first, deep, filtered, searched, and one contribution's page): requests per second with 10 connections,
// and p99 latency at a fixed 500 requests per second, each beside a bare Fastify route serving the same bytes
// with the same compression. Then the list right after submissions (each publication forgets the list's
// cached figures and ends the cycle's kept pages) and right after the caches expire, and the server's memory
// throughout. The load generator sends no cookie, as a first-time reader: its requests are anonymous, so they
// are answered from the kept pages (server/page-cache.ts) once the first of each has been made.
import pg from "pg";
import { encodeCursor } from "../src/contributions/public/cursor.js";
import { formatReference } from "../src/contributions/reference.js";
import { PAGE_CACHE_TTL_MS } from "../src/server/page-cache.js";
import { resetBenchCycles } from "./corpus/load.js";
import {
  type BenchContext,
  capture,
  createToken,
  describeCorpus,
  percentile,
  submitThroughApi,
} from "./lib/context.js";
import {
  type CapturedResponse,
  type RunningProcess,
  runLoad,
  sleep,
  startCeiling,
  startIntersession,
} from "./lib/processes.js";
import { type Figure, figure, type Report } from "./lib/report.js";
import { type MemorySummary, RssSampler } from "./lib/rss.js";
import type { HttpRequestSpec } from "./load/worker.js";

interface Page {
  key: string;
  what: string;
  paths: string[];
  isList: boolean;
}

const BROWSER_HEADERS = { "accept-encoding": "gzip, deflate, br", accept: "text/html" };
/** How long the list keeps its published count and filter choices (contributions/list-stats.ts). */
const LIST_STATS_KEEP_MS = 60_000;

/** Runs the list benchmark and publishes its report. */
export async function listBenchmark(ctx: BenchContext): Promise<Report> {
  const started = performance.now();
  const { options } = ctx;
  const corpus = await ctx.corpus();
  await resetBenchCycles(corpus.databaseUrl, corpus);
  const notes: string[] = [];
  const base = `/f/${corpus.forumSlug}/${corpus.corpus.year}/contributions`;

  const client = new pg.Client({ connectionString: corpus.databaseUrl });
  await client.connect();
  const middle = Math.floor(corpus.docs / 2);
  const deep = await client.query<{ id: string; received_at: Date }>(
    `SELECT id, received_at FROM contributions WHERE cycle_id = $1 AND status = 'published'
     ORDER BY received_at, id OFFSET $2 LIMIT 1`,
    [corpus.corpus.cycleId, Math.max(0, middle - 1)],
  );
  await client.end();
  const cursor = deep.rows[0] ? encodeCursor(deep.rows[0]) : null;
  const references = Array.from({ length: 100 }, (_, i) =>
    formatReference(
      corpus.corpus.referencePrefix,
      corpus.corpus.year,
      1 + Math.floor((corpus.docs * i) / 100),
    ),
  );
  const pages: Page[] = [
    { key: "first", what: "list, first page", paths: [base], isList: true },
    { key: "deep", what: "list, deep page", paths: [`${base}?after=${cursor}&at=${middle}`], isList: true },
    {
      key: "filtered",
      what: "list, filtered (academia + KE)",
      paths: [`${base}?stakeholder_group=academia&country=KE`],
      isList: true,
    },
    { key: "searched", what: "list, searched (encryption)", paths: [`${base}?q=encryption`], isList: true },
    {
      key: "contribution",
      what: "one contribution's page (100 rotating)",
      paths: references.map((r) => `${base}/${r}`),
      isList: false,
    },
  ];
  const listPaths = pages.filter((p) => p.isList).flatMap((p) => p.paths);

  const server = await startIntersession({
    databaseUrl: corpus.databaseUrl,
    demo: false,
    logLevel: options.logLevel,
  });
  const token = createToken({ databaseUrl: corpus.databaseUrl }, corpus.forumSlug);
  const appMemory = new RssSampler(server.pid);
  let lastAppRequest = Date.now();
  const figures: Figure[] = [];
  const captured: CapturedResponse[] = [];
  let ceilingMemory: MemorySummary | undefined;
  let afterSubmission: Record<string, unknown> & { p99: number | null };
  let afterSubmissionCeiling: number | null = null;
  let afterExpiry: Record<string, unknown> & { p99: number | null };
  let steadyMinute: Record<string, unknown> & { p99: number | null };
  let ceiling: RunningProcess | undefined;
  let memory: MemorySummary;
  try {
    for (const page of pages)
      for (const path of page.paths) {
        const response = await capture(server.url, path);
        if (response.status !== 200)
          throw new Error(`${path} answered ${response.status}: ${response.body.slice(0, 300)}`);
        captured.push(response);
      }
    const sizes = pages.map((p) => {
      const bytes = captured.filter((c) => p.paths.includes(c.path)).map((c) => Buffer.byteLength(c.body));
      return `${p.key} ${(bytes.reduce((a, b) => a + b, 0) / bytes.length / 1024).toFixed(1)} KB`;
    });
    notes.push(`Page sizes before compression: ${sizes.join(", ")}.`);

    // The server goes on with requests the load generator gave up on when its run ended; one more request,
    // queued behind them, returns once they are done, so the next run does not start on a backlog.
    const drain = async (url: string, page: Page) => {
      await capture(url, page.paths[0]!);
    };
    const measure = async (url: string, page: Page) => {
      const requests: HttpRequestSpec[] = page.paths.map((path) => ({ path }));
      const common = { mode: "http" as const, url, requests, headers: BROWSER_HEADERS };
      await runLoad({ ...common, connections: options.connections, duration: Math.min(3, options.duration) });
      const throughput = await runLoad({
        ...common,
        connections: options.connections,
        duration: options.duration,
      });
      const fixed = await runLoad({
        ...common,
        connections: options.connections,
        duration: options.duration,
        overallRate: options.rate,
      });
      await drain(url, page);
      return { throughput: throughput.summary!, fixed: fixed.summary! };
    };

    const app = new Map<string, Awaited<ReturnType<typeof measure>>>();
    for (const page of pages) {
      console.log(`  ${page.what}: application…`);
      app.set(page.key, await measure(server.url, page));
      lastAppRequest = Date.now();
    }

    // Right after a submission: the list at the fixed rate while a contribution is published every second;
    // each publication forgets the list's cached count, so the next requests recount.
    console.log("  list pages while contributions are published every second…");
    const submissionTimes: number[] = [];
    const statuses: number[] = [];
    const rotation: HttpRequestSpec[] = listPaths.map((path) => ({ path }));
    let loadStarted: () => void = () => undefined;
    const requestsFlowing = new Promise<void>((resolve) => {
      loadStarted = resolve;
    });
    let loading = true;
    const loadDuring = runLoad(
      {
        mode: "http",
        url: server.url,
        requests: rotation,
        headers: BROWSER_HEADERS,
        connections: options.connections,
        duration: options.duration,
        overallRate: options.rate,
        timeline: true,
      },
      () => loadStarted(),
    ).finally(() => {
      loading = false;
    });
    await requestsFlowing;
    // Submissions stop early enough for the second after the last one to lie inside the run.
    const lastSubmission = Date.now() + options.duration * 1000 - 2500;
    await sleep(500);
    for (let i = 0; loading && Date.now() < lastSubmission; i++) {
      const status = await submitThroughApi(server.url, corpus, token, corpus.docs + 1_000_000 + i, {
        publish: true,
        key: `list-${Date.now()}-${i}`,
      });
      statuses.push(status);
      submissionTimes.push(Date.now());
      await sleep(1000);
    }
    const during = await loadDuring;
    await drain(server.url, pages[0]!);
    lastAppRequest = Date.now();
    const windowed = (timeline: [number, number, number][], marks: number[], windowMs: number) =>
      timeline.filter(([start]) => marks.some((t) => start >= t && start < t + windowMs)).map(([, ms]) => ms);
    const after = windowed(during.timeline ?? [], submissionTimes, 1000);
    afterSubmission = {
      p99: percentile(after, 99),
      max: after.length ? Math.max(...after) : null,
      requests: after.length,
      submissions: submissionTimes.length,
      statuses,
      steady: during.summary,
    };
    if (statuses.some((s) => s !== 201))
      notes.push(`Submissions during the list run answered ${statuses.join(", ")}.`);

    // The ceilings, while the application rests (long enough for its cached figures to expire).
    ceiling = await startCeiling(captured);
    const ceilingSampler = new RssSampler(ceiling.pid);
    const bare = new Map<string, Awaited<ReturnType<typeof measure>>>();
    for (const page of pages) {
      console.log(`  ${page.what}: bare route…`);
      bare.set(page.key, await measure(ceiling.url, page));
    }
    const bareDuring = await runLoad({
      mode: "http",
      url: ceiling.url,
      requests: rotation,
      headers: BROWSER_HEADERS,
      connections: options.connections,
      duration: options.duration,
      overallRate: options.rate,
    });
    afterSubmissionCeiling = bareDuring.summary!.latency.p99;
    ceilingMemory = ceilingSampler.stop();
    await ceiling.stop();
    ceiling = undefined;

    // Right after the cache expires: the first second of load once the kept figures have run out.
    const waited = Math.max(0, LIST_STATS_KEEP_MS + 2000 - (Date.now() - lastAppRequest));
    if (waited > 0) {
      console.log(`  waiting ${Math.round(waited / 1000)} s for the list's cached figures to expire…`);
      await sleep(waited);
    }
    let expiryStart = Date.now();
    const expiry = await runLoad(
      {
        mode: "http",
        url: server.url,
        requests: rotation,
        headers: BROWSER_HEADERS,
        connections: options.connections,
        duration: 5,
        overallRate: options.rate,
        timeline: true,
      },
      () => {
        expiryStart = Date.now();
      },
    );
    const firstSecond = windowed(expiry.timeline ?? [], [expiryStart], 1000);
    afterExpiry = {
      p99: percentile(firstSecond, 99),
      max: firstSecond.length ? Math.max(...firstSecond) : null,
      requests: firstSecond.length,
      waitedMs: waited,
    };

    // Steady reading through the figures' next minute: the figures counted at the start of the run above are
    // counted again in their last seconds, behind them, while readers keep coming. The worst second of the
    // run says what a reader meets when that happens.
    console.log(`  list pages under steady load for ${LIST_STATS_KEEP_MS / 1000 + 10} s…`);
    const steady = await runLoad({
      mode: "http",
      url: server.url,
      requests: rotation,
      headers: BROWSER_HEADERS,
      connections: options.connections,
      duration: LIST_STATS_KEEP_MS / 1000 + 10,
      overallRate: options.rate,
      timeline: true,
    });
    lastAppRequest = Date.now();
    const seconds = new Map<number, number[]>();
    for (const [start, ms] of steady.timeline ?? []) {
      const second = Math.floor(start / 1000);
      const list = seconds.get(second) ?? [];
      list.push(ms);
      seconds.set(second, list);
    }
    const perSecond = [...seconds.entries()]
      .filter(([, list]) => list.length >= 10)
      .map(([second, list]) => ({ second, p99: percentile(list, 99) ?? 0, requests: list.length }));
    const worst = perSecond.reduce<(typeof perSecond)[number] | undefined>(
      (w, s) => (!w || s.p99 > w.p99 ? s : w),
      undefined,
    );
    steadyMinute = {
      p99: worst?.p99 ?? null,
      wholeRunP99: steady.summary?.latency.p99 ?? null,
      worstSecondOffsetS: worst ? worst.second - Math.floor(expiryStart / 1000) : null,
      seconds: perSecond.length,
    };

    for (const page of pages) {
      const a = app.get(page.key)!;
      const b = bare.get(page.key)!;
      figures.push(
        figure({
          what: `${page.what}: throughput`,
          value: a.throughput.requestsPerSecond,
          unit: "req/s",
          better: "higher",
          ceiling: b.throughput.requestsPerSecond,
          ceilingIs: "bare Fastify route, same bytes, same compression",
          goals: page.isList ? [{ on: "ratio", op: ">=", value: 0.4 }] : undefined,
          detail: { app: a.throughput, bare: b.throughput },
        }),
        figure({
          what: `${page.what}: p99 at ${options.rate} req/s`,
          value: a.fixed.latency.p99,
          unit: "ms",
          better: "lower",
          ceiling: b.fixed.latency.p99,
          ceilingIs: "bare Fastify route at the same rate",
          goals: page.isList ? [{ on: "figure", op: "<=", value: 25 }] : undefined,
          detail: { app: a.fixed, bare: b.fixed },
        }),
      );
    }
    figures.push(
      figure({
        what: "list pages within 1 s after a submission: p99",
        value: afterSubmission.p99,
        unit: "ms",
        better: "lower",
        ceiling: afterSubmissionCeiling,
        ceilingIs: "bare route, same pages, same rate",
        goals: [{ on: "figure", op: "<=", value: 100 }],
        detail: afterSubmission,
      }),
      figure({
        what: "list pages in the first second after a cache expiry: p99",
        value: afterExpiry.p99,
        unit: "ms",
        better: "lower",
        ceiling: afterSubmissionCeiling,
        ceilingIs: "bare route, same pages, same rate",
        goals: [{ on: "figure", op: "<=", value: 100 }],
        detail: afterExpiry,
      }),
      figure({
        what: "list pages under steady load through the figures' minute: worst second's p99",
        value: steadyMinute.p99,
        unit: "ms",
        better: "lower",
        ceiling: afterSubmissionCeiling,
        ceilingIs: "bare route, same pages, same rate",
        goals: [{ on: "figure", op: "<=", value: 100 }],
        detail: steadyMinute,
      }),
    );
  } finally {
    await ceiling?.stop();
    memory = appMemory.stop();
    await server.stop();
  }
  figures.push(
    figure({
      what: "server RSS under load (max)",
      value: memory.maxMb,
      unit: "MB",
      better: "lower",
      ceiling: ceilingMemory?.maxMb ?? null,
      ceilingIs: "bare Fastify server serving the same pages",
      goals: [{ on: "figure", op: "<=", value: 300 }],
      detail: { app: memory, bare: ceilingMemory },
    }),
  );
  await resetBenchCycles(corpus.databaseUrl, corpus);
  notes.push(
    `${options.connections} connections, ${options.duration} s per run after a ${Math.min(3, options.duration)} s warm-up; latencies at a fixed rate are corrected for coordinated omission by autocannon.`,
    `Anonymous requests: pages are answered from the server's kept copies (at most ${PAGE_CACHE_TTL_MS / 1000} s old, ended by a publication) after the first of each.`,
  );
  return {
    benchmark: "list",
    startedAt: new Date(Date.now() - (performance.now() - started)).toISOString(),
    seconds: (performance.now() - started) / 1000,
    options: { ...options },
    machine: ctx.machine,
    corpus: describeCorpus(corpus),
    figures,
    notes,
  };
}
