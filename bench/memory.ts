// `npm run bench -- memory`: the PostgreSQL-backed server's resident memory at rest and under a mixed load
// (list pages, contribution pages, API intake and exports at once), sampled from /proc of its pid, beside a
// bare Fastify server serving the same pages under the same page load.
import { formatReference } from "../src/contributions/reference.js";
import { resetBenchCycles } from "./corpus/load.js";
import { type BenchContext, capture, createToken, describeCorpus } from "./lib/context.js";
import { type CapturedResponse, runLoad, sleep, startCeiling, startIntersession } from "./lib/processes.js";
import { figure, type Report } from "./lib/report.js";
import { type MemorySummary, RssSampler } from "./lib/rss.js";

const HEADERS = { "accept-encoding": "gzip, deflate, br", accept: "text/html" };

async function atRest(pid: number, seconds: number): Promise<MemorySummary> {
  const sampler = new RssSampler(pid, 200);
  await sleep(seconds * 1000);
  return sampler.stop();
}

/** Runs the memory benchmark and returns its report. */
export async function memoryBenchmark(ctx: BenchContext): Promise<Report> {
  const began = performance.now();
  const { options } = ctx;
  const corpus = await ctx.corpus();
  await resetBenchCycles(corpus.databaseUrl, corpus);
  const base = `/f/${corpus.forumSlug}/${corpus.corpus.year}/contributions`;
  const paths = [
    base,
    `${base}?stakeholder_group=academia&country=KE`,
    `${base}?q=encryption`,
    ...Array.from(
      { length: 20 },
      (_, i) =>
        `${base}/${formatReference(corpus.corpus.referencePrefix, corpus.corpus.year, 1 + Math.floor((corpus.docs * i) / 20))}`,
    ),
  ];
  const server = await startIntersession({
    databaseUrl: corpus.databaseUrl,
    demo: false,
    logLevel: options.logLevel,
  });
  const token = createToken({ databaseUrl: corpus.databaseUrl }, corpus.forumSlug);
  let rest: MemorySummary;
  let load: MemorySummary;
  const captured: CapturedResponse[] = [];
  try {
    await sleep(3000);
    rest = await atRest(server.pid, 10);
    for (const path of paths) captured.push(await capture(server.url, path));
    console.log("  mixed load on the application…");
    const sampler = new RssSampler(server.pid, 100);
    const pages = runLoad({
      mode: "http",
      url: server.url,
      requests: paths.map((path) => ({ path })),
      headers: HEADERS,
      connections: options.connections,
      duration: options.duration,
    });
    const intake = runLoad({
      mode: "intake",
      url: server.url,
      path: `/api/v1/forums/${corpus.forumSlug}/cycles/${corpus.intake.year}/contributions`,
      token,
      cycle: corpus.intake,
      seed: corpus.seed,
      firstIndex: corpus.docs + 5_000_000,
      corpusSize: corpus.docs,
      keyPrefix: `memory-${Date.now()}`,
      connections: 10,
      duration: options.duration,
    });
    let exporting = true;
    const exports = (async () => {
      let count = 0;
      while (exporting) {
        await runLoad({ mode: "download", url: `${server.url}${base}.csv?stakeholder_group=government` });
        count++;
      }
      return count;
    })();
    const [pageResult, intakeResult] = await Promise.all([pages, intake]);
    exporting = false;
    const exportCount = await exports;
    load = sampler.stop();
    Object.assign(load, {
      pages: pageResult.summary,
      intake: intakeResult.summary,
      exports: exportCount,
    });
  } finally {
    await server.stop();
  }

  const ceiling = await startCeiling(captured);
  let bareRest: MemorySummary;
  let bareLoad: MemorySummary;
  try {
    await sleep(3000);
    bareRest = await atRest(ceiling.pid, 10);
    console.log("  the same page load on the bare server…");
    const sampler = new RssSampler(ceiling.pid, 100);
    await runLoad({
      mode: "http",
      url: ceiling.url,
      requests: paths.map((path) => ({ path })),
      headers: HEADERS,
      connections: options.connections,
      duration: options.duration,
    });
    bareLoad = sampler.stop();
  } finally {
    await ceiling.stop();
  }
  await resetBenchCycles(corpus.databaseUrl, corpus);
  return {
    benchmark: "memory",
    startedAt: new Date(Date.now() - (performance.now() - began)).toISOString(),
    seconds: (performance.now() - began) / 1000,
    options: { ...options },
    machine: ctx.machine,
    corpus: describeCorpus(corpus),
    figures: [
      figure({
        what: "server RSS at rest (median)",
        value: rest.medianMb,
        unit: "MB",
        better: "lower",
        ceiling: bareRest.medianMb,
        ceilingIs: "bare Fastify server at rest",
        detail: { app: rest, bare: bareRest },
      }),
      figure({
        what: "server RSS under mixed load (max)",
        value: load.maxMb,
        unit: "MB",
        better: "lower",
        ceiling: bareLoad.maxMb,
        ceilingIs: "bare Fastify server under the same page load",
        goals: [{ on: "figure", op: "<=", value: 300 }],
        detail: { app: load, bare: bareLoad },
      }),
      figure({ what: "server RSS high-water mark (VmHWM)", value: load.hwmMb, unit: "MB", better: "lower" }),
    ],
    notes: [
      `Mixed load for ${options.duration} s: list, filtered, searched and 20 contribution pages with ${options.connections} connections, API intake with 10 clients, and CSV exports one after another.`,
    ],
  };
}
