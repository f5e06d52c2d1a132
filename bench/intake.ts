// `npm run bench -- intake`: contributions submitted through the API (multipart, a fresh Idempotency-Key each,
// a secretariat token made with the command line) by 1 and by 50 clients, each beside the ceiling: the same
// generated rows INSERTed straight into PostgreSQL through the same driver (pg) at the same concurrency.

import { loadavg } from "node:os";
import pg from "pg";
import { generateContribution } from "./corpus/generate.js";
import { CONTRIBUTION_COLUMNS, type Corpus, contributionValues, resetBenchCycles } from "./corpus/load.js";
import { type BenchContext, createToken, describeCorpus } from "./lib/context.js";
import { backendCpu, backendCpuSince, cpuMs } from "./lib/cpu.js";
import { runLoad, sleep, startIntersession } from "./lib/processes.js";
import { type Figure, figure, type Report } from "./lib/report.js";
import { RssSampler } from "./lib/rss.js";

const CLIENTS = [1, 50];

/** Inserts generated rows one statement each from `clients` connections for `seconds`; rows per second. */
async function rawInserts(corpus: Corpus, firstIndex: number, clients: number, seconds: number) {
  const pool = new pg.Pool({ connectionString: corpus.databaseUrl, max: clients });
  // The same rows as the API run: an earlier raw run may have taken some of these indexes already.
  await pool.query(`DELETE FROM contributions WHERE cycle_id = $1`, [corpus.raw.cycleId]);
  const placeholders = CONTRIBUTION_COLUMNS.map((_, i) => `$${i + 1}`).join(", ");
  const statement = `INSERT INTO contributions (${CONTRIBUTION_COLUMNS.join(", ")}) VALUES (${placeholders})`;
  let next = firstIndex;
  let inserted = 0;
  const latencies: number[] = [];
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < until) {
        const index = next++;
        const c = generateContribution(corpus.raw, corpus.seed, index, corpus.docs);
        // What intake stores before moderation: submitted, not yet published.
        const values = contributionValues(corpus.raw, c, "submitted");
        const t = performance.now();
        await pool.query(statement, values);
        latencies.push(performance.now() - t);
        inserted++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  await pool.end();
  latencies.sort((a, b) => a - b);
  return {
    perSecond: inserted / elapsed,
    inserted,
    p99: latencies[Math.floor(latencies.length * 0.99)] ?? null,
    p50: latencies[Math.floor(latencies.length * 0.5)] ?? null,
  };
}

/**
 * Waits until the server has finished the submissions a run left in flight (autocannon stops counting at the
 * end of its duration, the server does not stop working), so they do not slow the next run.
 */
async function settle(corpus: Corpus): Promise<{ count: number; at: number }> {
  const client = new pg.Client({ connectionString: corpus.databaseUrl });
  await client.connect();
  try {
    let last = -1;
    let lastChange = Date.now();
    for (let i = 0; i < 120; i++) {
      const result = await client.query<{ n: string }>(
        `SELECT count(*) AS n FROM contributions WHERE cycle_id = $1`,
        [corpus.intake.cycleId],
      );
      const n = Number(result.rows[0]?.n);
      if (n === last) return { count: n, at: lastChange };
      last = n;
      lastChange = Date.now();
      await sleep(1000);
    }
    return { count: last, at: lastChange };
  } finally {
    await client.end();
  }
}

/** Waits (up to two minutes) until no receipt is left to compose or deliver, so its CPU is counted. */
async function receiptsDone(corpus: Corpus): Promise<number> {
  const client = new pg.Client({ connectionString: corpus.databaseUrl });
  await client.connect();
  try {
    for (let i = 0; i < 120; i++) {
      const result = await client.query<{ n: string }>(
        `SELECT count(*) AS n FROM jobs WHERE done_at IS NULL AND failed_at IS NULL
           AND kind IN ('mail.deliver', 'contributions.receipt')`,
      );
      const n = Number(result.rows[0]?.n);
      if (n === 0) return 0;
      await sleep(1000);
    }
    return -1;
  } finally {
    await client.end();
  }
}

/** Runs the intake benchmark and returns its report. */
export async function intakeBenchmark(ctx: BenchContext): Promise<Report> {
  const began = performance.now();
  const { options } = ctx;
  const corpus = await ctx.corpus();
  await resetBenchCycles(corpus.databaseUrl, corpus);
  const notes: string[] = [];
  const figures: Figure[] = [];
  const server = await startIntersession({
    databaseUrl: corpus.databaseUrl,
    demo: false,
    logLevel: options.logLevel,
  });
  const sampler = new RssSampler(server.pid);
  const token = createToken({ databaseUrl: corpus.databaseUrl }, corpus.forumSlug);
  const path = `/api/v1/forums/${corpus.forumSlug}/cycles/${corpus.intake.year}/contributions`;
  // Each run takes new contributions (indexes past the corpus), so no key or row repeats between runs.
  let nextIndex = corpus.docs;
  try {
    for (const clients of CLIENTS) {
      const job = {
        mode: "intake" as const,
        url: server.url,
        path,
        token,
        cycle: corpus.intake,
        seed: corpus.seed,
        corpusSize: corpus.docs,
        keyPrefix: `intake-${Date.now()}-${clients}`,
        connections: clients,
      };
      console.log(`  ${clients} client(s): API…`);
      const warm = await runLoad({ ...job, firstIndex: nextIndex, duration: Math.min(3, options.duration) });
      nextIndex = warm.nextIndex ?? nextIndex + 10_000;
      const before = await settle(corpus);
      await receiptsDone(corpus);
      const first = nextIndex;
      const load = loadavg();
      const serverCpuBefore = cpuMs(server.pid) ?? 0;
      const backendsBefore = await backendCpu(corpus.databaseUrl);
      const runStart = Date.now();
      const api = await runLoad({ ...job, firstIndex: first, duration: options.duration });
      nextIndex = api.nextIndex ?? nextIndex + 100_000;
      const after = await settle(corpus);
      // The CPU of the run's submissions, their receipts composed and delivered included.
      const receiptsLeft = await receiptsDone(corpus);
      const serverCpu = (cpuMs(server.pid) ?? 0) - serverCpuBefore;
      const backendsCpu = backendCpuSince(backendsBefore, await backendCpu(corpus.databaseUrl));
      const loadAfter = loadavg();
      // autocannon counts only answers within the run; the database also counts what finished after it.
      const stored = {
        rows: after.count - before.count,
        perSecond: (after.count - before.count) / Math.max(0.001, (after.at - runStart) / 1000),
      };
      console.log(
        `  ${clients} client(s): load ${load.map((x) => x.toFixed(1)).join(" ")} → ${loadAfter.map((x) => x.toFixed(1)).join(" ")}; raw INSERTs…`,
      );
      const raw = await rawInserts(corpus, first, clients, options.duration);
      const s = api.summary!;
      if (s.non2xx || s.errors)
        notes.push(
          `${clients} client(s): ${s.non2xx} non-2xx answers (${JSON.stringify(s.statusCodes)}) and ${s.errors} errors.`,
        );
      figures.push(
        figure({
          what: `intake through the API, ${clients} client${clients > 1 ? "s" : ""}`,
          value: s.requestsPerSecond,
          unit: "contrib/s",
          better: "higher",
          ceiling: raw.perSecond,
          ceilingIs: `raw INSERTs of the same rows, pg, ${clients} connection(s)`,
          goals:
            clients === 50
              ? [
                  { on: "figure", op: ">=", value: 1000 },
                  { on: "ratio", op: ">=", value: 0.5 },
                ]
              : undefined,
          detail: { api: s, raw, storedIncludingTail: stored },
        }),
        figure({
          what: `server CPU per submission, ${clients} client${clients > 1 ? "s" : ""} (receipt included)`,
          value: stored.rows ? serverCpu / stored.rows : null,
          unit: "ms",
          better: "lower",
          detail: { serverCpuMs: serverCpu, rows: stored.rows, receiptsLeft, load, loadAfter },
        }),
        figure({
          what: `PostgreSQL CPU per submission, ${clients} client${clients > 1 ? "s" : ""}`,
          value: stored.rows ? backendsCpu / stored.rows : null,
          unit: "ms",
          better: "lower",
          detail: { backendsCpuMs: backendsCpu, rows: stored.rows },
        }),
        figure({
          what: `intake through the API, ${clients} client${clients > 1 ? "s" : ""}: p99`,
          value: s.latency.p99,
          unit: "ms",
          better: "lower",
          ceiling: raw.p99,
          ceilingIs: "raw INSERT p99",
        }),
      );
    }
  } finally {
    const memory = sampler.stop();
    await server.stop();
    figures.push(
      figure({
        what: "server RSS during intake (max)",
        value: memory.maxMb,
        unit: "MB",
        better: "lower",
        goals: [{ on: "figure", op: "<=", value: 300 }],
        detail: { ...memory },
      }),
    );
  }
  const client = new pg.Client({ connectionString: corpus.databaseUrl });
  await client.connect();
  const stored = await client.query<{ n: string }>(
    `SELECT count(*) AS n FROM contributions WHERE cycle_id = $1`,
    [corpus.intake.cycleId],
  );
  await client.end();
  notes.push(
    `${Number(stored.rows[0]?.n).toLocaleString("en")} contributions stored by the API (warm-ups included); each answer came after its transaction committed.`,
  );
  await resetBenchCycles(corpus.databaseUrl, corpus);
  return {
    benchmark: "intake",
    startedAt: new Date(Date.now() - (performance.now() - began)).toISOString(),
    seconds: (performance.now() - began) / 1000,
    options: { ...options },
    machine: ctx.machine,
    corpus: describeCorpus(corpus),
    figures,
    notes,
  };
}
