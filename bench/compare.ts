// `npm run bench -- compare`: the F6 compare view on PostgreSQL with the corpus loaded (every contribution
// answers the required question `q_good_security_helps`, so a 100,000-contribution corpus holds 100,000
// answers to it). Through the service the page calls (`compareQuestion`, the member check included): the first
// page, a deep page (keyset cursor at 90% of the arrival order), the first page filtered by stakeholder group,
// and the choice counts (`countChoices`) over every matching contribution; p50 and p95 over repeated runs.
import { randomUUID } from "node:crypto";
import pg from "pg";
import {
  type CompareScope,
  compareQuestion,
  countChoices,
  tallyChoices,
} from "../src/analysis/compare/service.js";
import { openDatabase } from "../src/db/database.js";
import { type BenchContext, describeCorpus, percentile } from "./lib/context.js";
import { type Figure, figure, type Report } from "./lib/report.js";

const QUESTION = "q_good_security_helps";
/** A question id no contribution answers: its count reads every row's answers and groups nothing. */
const UNANSWERED = "q_bench_unanswered";
const WARM_UP = 3;
const RUNS = 30;

/** Runs the compare benchmark and publishes its report. */
export async function compareBenchmark(ctx: BenchContext): Promise<Report> {
  const started = performance.now();
  const corpus = await ctx.corpus();
  const cycleId = corpus.corpus.cycleId;
  const client = new pg.Client({ connectionString: corpus.databaseUrl });
  await client.connect();
  const stats = await client.query<{ answered: string; received_at: Date; id: string }>(
    `SELECT (SELECT count(*) FROM contributions WHERE cycle_id = $1 AND status = 'published'
               AND answers ? $2) AS answered,
            received_at, id
     FROM contributions WHERE cycle_id = $1 AND status = 'published'
     ORDER BY received_at, id OFFSET (SELECT floor(count(*) * 0.9) FROM contributions WHERE cycle_id = $1) LIMIT 1`,
    [cycleId, QUESTION],
  );
  await client.end();
  const answered = Number(stats.rows[0]?.answered ?? 0);
  const deep = stats.rows[0] ? { receivedAt: stats.rows[0].received_at, id: stats.rows[0].id } : undefined;
  console.log(`${answered.toLocaleString("en")} answers to ${QUESTION}`);

  const app = await openDatabase({ databaseUrl: corpus.databaseUrl, poolSize: 10 });
  // A site administrator who holds no role of their own: the member check reads the roles table as for anyone.
  const scope: CompareScope = {
    db: app.db,
    actor: {
      kind: "user",
      userId: randomUUID(),
      name: "Bench",
      email: "bench@example.org",
      isSiteAdmin: true,
    },
    forumId: corpus.corpus.forumId,
    cycleId,
  };
  const cases = [
    { key: "first", what: "first page", run: () => compareQuestion(scope, QUESTION, {}) },
    { key: "deep", what: "deep page (90% in)", run: () => compareQuestion(scope, QUESTION, {}, deep) },
    {
      key: "group",
      what: "first page, group = government",
      run: () => compareQuestion(scope, QUESTION, { stakeholderGroup: "government" }),
    },
    {
      key: "counts-scan",
      what: "choice counts counted afresh, few distinct answers",
      run: () => tallyChoices(scope, UNANSWERED, {}),
      runs: 10,
    },
    {
      key: "counts-texts",
      what: "choice counts counted afresh, 100,000 distinct texts",
      run: () => tallyChoices(scope, QUESTION, {}),
      runs: 10,
    },
    {
      key: "counts-kept",
      what: "choice counts within the minute they are kept",
      run: () => countChoices(scope, QUESTION, {}),
    },
  ];
  const figures: Figure[] = [];
  try {
    for (const c of cases) {
      const times: number[] = [];
      const cpu: number[] = [];
      let rows = 0;
      const runs = ("runs" in c ? c.runs : undefined) ?? RUNS;
      for (let i = 0; i < WARM_UP + runs; i++) {
        const cpu0 = process.cpuUsage();
        const t0 = performance.now();
        const result = await c.run();
        const ms = performance.now() - t0;
        const used = process.cpuUsage(cpu0);
        rows = !result ? 0 : "answers" in result ? result.answers.length : result.answered;
        if (i >= WARM_UP) {
          times.push(ms);
          cpu.push((used.user + used.system) / 1000);
        }
      }
      const p50 = percentile(times, 50);
      const p95 = percentile(times, 95);
      console.log(
        `${c.what}: p50 ${p50?.toFixed(1)} ms, p95 ${p95?.toFixed(1)} ms, Node CPU p50 ${percentile(cpu, 50)?.toFixed(1)} ms; ${rows} rows`,
      );
      figures.push(
        figure({
          what: `compare, ${c.what}: p95`,
          value: p95,
          unit: "ms",
          better: "lower",
          goals: c.key.startsWith("counts") ? undefined : [{ on: "figure", op: "<=", value: 100 }],
          detail: { p50, runs, nodeCpuMsP50: percentile(cpu, 50), rows },
        }),
      );
    }
  } finally {
    await app.close();
  }
  return {
    benchmark: "compare",
    startedAt: new Date(Date.now() - (performance.now() - started)).toISOString(),
    seconds: (performance.now() - started) / 1000,
    options: { ...ctx.options },
    machine: ctx.machine,
    corpus: { ...describeCorpus(corpus), answers: answered, question: QUESTION },
    figures,
    notes: [
      `${WARM_UP} warm-up runs, then ${RUNS} in a row (10 for counts counted afresh), one at a time, through compareQuestion / countChoices with a signed-in member (the member check included). Node CPU is this process's user+system time per run; PostgreSQL's is not in it.`,
      "The bench questionnaire (the demo's) has no choice question, so a choice question's counts are bracketed: below, a question no one answered (every row's answers read and tested, nothing to group: a real choice question adds a handful of groups); above, the text question, whose 100,000 distinct answers are grouped and sent to Node. A choice question's page runs the page query plus the counts, which are kept a minute once 5,000 or more answered (the kept figure).",
    ],
  };
}
