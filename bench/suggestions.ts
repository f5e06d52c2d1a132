// `npm run bench -- suggestions`: the F6 theme suggestions over 10,000 contributions on PostgreSQL. The
// contributions are generated into the bench forum's raw-insert cycle (the corpus's generator, another seed), a
// run is recorded as a member's request records it, and the job's own handler (`suggestionJobHandler`) reads
// and weighs them while another connection polls the run's progress, as the page does. Wall time, this
// process's CPU time, its peak memory, and the progress seen during the run.
import { resourceUsage } from "node:process";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { insertSuggestionRun, selectSuggestionRun } from "../src/analysis/queries.js";
import { suggestionJobHandler } from "../src/analysis/suggestions/service.js";
import { openDatabase } from "../src/db/database.js";
import type { JobOf } from "../src/jobs/queue.js";
import { generateContribution } from "./corpus/generate.js";
import {
  CONTRIBUTION_COLUMNS,
  contributionValues,
  copyValue,
  FILE_COLUMNS,
  fileValues,
  finish,
  resetBenchCycles,
  write,
} from "./corpus/load.js";
import type { BenchContext } from "./lib/context.js";
import { describeCorpus } from "./lib/context.js";
import { figure, type Report } from "./lib/report.js";

const DOCS = 10_000;
const GOAL_SECONDS = 30;
/** Another seed than the corpus's: the same seed and index would make the corpus's own ids again. */
const SEED_OFFSET = 7919;

/** Runs the suggestions benchmark and publishes its report. */
export async function suggestionsBenchmark(ctx: BenchContext): Promise<Report> {
  const started = performance.now();
  const corpus = await ctx.corpus();
  const cycle = corpus.raw;
  await resetBenchCycles(corpus.databaseUrl, corpus);
  const client = new pg.Client({ connectionString: corpus.databaseUrl });
  const filesClient = new pg.Client({ connectionString: corpus.databaseUrl });
  await client.connect();
  await filesClient.connect();
  const rows = client.query(copyFrom(`COPY contributions (${CONTRIBUTION_COLUMNS.join(", ")}) FROM STDIN`));
  const files = filesClient.query(
    copyFrom(`COPY contribution_files (${FILE_COLUMNS.join(", ")}) FROM STDIN`),
  );
  let fileCount = 0;
  for (let first = 0; first < DOCS; first += 500) {
    let text = "";
    let fileText = "";
    for (let i = first; i < Math.min(DOCS, first + 500); i++) {
      const c = generateContribution(cycle, SEED_OFFSET + corpus.seed, i, DOCS);
      text += `${contributionValues(cycle, c).map(copyValue).join("\t")}\n`;
      for (const f of c.files) {
        fileCount++;
        fileText += `${fileValues(c, f).map(copyValue).join("\t")}\n`;
      }
    }
    await write(rows, text);
    if (fileText) await write(files, fileText);
  }
  await finish(rows);
  await finish(files);
  await client.query(`ANALYZE contributions`);
  await filesClient.end();
  console.log(`${DOCS.toLocaleString("en")} contributions (${fileCount} documents) in the raw-insert cycle`);

  const app = await openDatabase({ databaseUrl: corpus.databaseUrl, poolSize: 4 });
  const db = app.db;
  const run = await insertSuggestionRun(db, {
    forum_id: cycle.forumId,
    cycle_id: cycle.cycleId,
    requested_by: null,
  });
  // The page's view of the run, from a connection of its own every 200 ms (the event loop only turns while
  // the job waits for PostgreSQL, so what is seen is what the page would have been shown at those moments).
  const seen: { at: number; status: string; done: number; total: number }[] = [];
  const t0 = performance.now();
  const poll = setInterval(() => {
    client
      .query<{ status: string; done: number; total: number }>(
        `SELECT status, done, total FROM analysis_suggestion_runs WHERE id = $1`,
        [run.id],
      )
      .then((r) => {
        const row = r.rows[0];
        if (row && seen.at(-1)?.done !== row.done) seen.push({ at: (performance.now() - t0) / 1000, ...row });
      })
      .catch(() => undefined);
  }, 200);
  const rss0 = resourceUsage().maxRSS / 1024;
  const cpu0 = process.cpuUsage();
  const heap0 = process.memoryUsage().heapUsed;
  let peakHeap = heap0;
  const heapWatch = setInterval(() => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }, 50);
  try {
    await suggestionJobHandler({ db, clock: () => new Date() })({
      payload: { runId: run.id },
    } as JobOf<"analysis.suggest">);
  } finally {
    clearInterval(poll);
    clearInterval(heapWatch);
  }
  const wall = (performance.now() - t0) / 1000;
  const used = process.cpuUsage(cpu0);
  const cpu = (used.user + used.system) / 1e6;
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  const maxRssMb = resourceUsage().maxRSS / 1024;
  const finished = await selectSuggestionRun(db, run.id);
  await app.close();
  await client.end();
  await resetBenchCycles(corpus.databaseUrl, corpus);
  const midway = seen.filter((s) => s.status === "running" && s.done > 0 && s.done < s.total);
  console.log(
    `suggestions: ${wall.toFixed(1)} s wall, ${cpu.toFixed(1)} s CPU; ${finished?.status}, ${finished?.result?.clusters.length ?? 0} groups; progress seen ${midway.length} times before the end`,
  );
  return {
    benchmark: "suggestions",
    startedAt: new Date(Date.now() - (performance.now() - started)).toISOString(),
    seconds: (performance.now() - started) / 1000,
    options: { ...ctx.options },
    machine: ctx.machine,
    corpus: { ...describeCorpus(corpus), suggestionsOver: DOCS, documents: fileCount },
    figures: [
      figure({
        what: `theme suggestions, ${DOCS.toLocaleString("en")} contributions: wall time`,
        value: wall,
        unit: "s",
        better: "lower",
        goals: [{ on: "figure", op: "<=", value: GOAL_SECONDS }],
        detail: { status: finished?.status, groups: finished?.result?.clusters.length ?? 0 },
      }),
      figure({ what: "theme suggestions: CPU time (this process)", value: cpu, unit: "s", better: "lower" }),
      figure({
        what: "theme suggestions: peak memory (process RSS)",
        value: maxRssMb,
        unit: "MB",
        better: "lower",
        detail: {
          peakBeforeRunMb: rss0,
          heapBeforeMb: heap0 / 1024 / 1024,
          heapPeakSampledMb: peakHeap / 1024 / 1024,
        },
      }),
      figure({
        what: "progress updates seen while running",
        value: midway.length,
        unit: "",
        better: "higher",
        goals: [{ on: "figure", op: ">=", value: 2 }],
        detail: { seen },
      }),
    ],
    notes: [
      `The job reads the cycle's ${DOCS.toLocaleString("en")} published contributions (answers, body and documents' text) 200 at a time, recording progress after each batch, then weighs them (TF-IDF, k-means) in one synchronous step. CPU is this Node process's user+system time; PostgreSQL's is not in it. Peak memory: the process's peak RSS (getrusage), with the peak before the run beside it, and the heap sampled every 50 ms (not while the synchronous step holds the event loop).`,
    ],
  };
}
