// `npm run bench -- campaigns --docs N`: campaign detection from the database. Loads the corpus (5 % copies of
// eight form letters, their true campaign recorded in bench_campaign_members), then in one run: streams the
// cycle's texts out of PostgreSQL with the product's own reader (the ceiling), runs the product's full
// detection (the same stream, the detector, then writing campaigns and the intake index), scores it pairwise
// against the truth, and times assignment at intake against the index the run left: the last 2,000
// contributions in arrival order are forgotten by the index and assigned again, one at a time, as intake does.
import pg from "pg";
import { assignAtIntake } from "../src/campaigns/assign.js";
import { createRun, runDetection } from "../src/campaigns/service.js";
import { contributionTextBatches, contributionTexts } from "../src/contributions/index.js";
import { openDatabase } from "../src/db/database.js";
import { type BenchContext, describeCorpus, percentile } from "./lib/context.js";
import { type Figure, figure, type Report } from "./lib/report.js";

const STATUSES = ["submitted", "published", "hidden"] as const;
const PROBES = 2000;

/** Samples this process's RSS until stopped; returns the highest, in MiB. */
function peakRss(): () => number {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  return () => {
    clearInterval(timer);
    return Math.max(peak, process.memoryUsage().rss) / 2 ** 20;
  };
}

const pairs = (n: number) => (n * (n - 1)) / 2;

/** Runs the campaigns benchmark and returns its report. */
export async function campaignsBenchmark(ctx: BenchContext): Promise<Report> {
  const began = performance.now();
  const corpus = await ctx.corpus();
  const database = await openDatabase({ databaseUrl: corpus.databaseUrl, poolSize: 4 });
  const db = database.db;
  const client = new pg.Client({ connectionString: corpus.databaseUrl });
  await client.connect();
  const figures: Figure[] = [];
  const notes: string[] = [];
  try {
    const place = { forumId: corpus.corpus.forumId, cycleId: corpus.corpus.cycleId };
    // The ceiling: the same rows, the same reader, nothing done with them.
    let streamed = 0;
    let characters = 0;
    const streamStart = performance.now();
    for await (const batch of contributionTextBatches(
      db,
      { cycleId: place.cycleId, statuses: [...STATUSES] },
      500,
    )) {
      streamed += batch.length;
      for (const c of batch) characters += c.text.length;
    }
    const streamSeconds = (performance.now() - streamStart) / 1000;
    console.log(`  streamed ${streamed.toLocaleString("en")} texts in ${streamSeconds.toFixed(1)} s`);

    const run = await createRun(db, place);
    const memory = peakRss();
    const cpuBefore = process.cpuUsage();
    const result = await runDetection(db, { runId: run.id, now: () => new Date() });
    const cpu = process.cpuUsage(cpuBefore);
    const peakMb = memory();
    console.log(
      `  detection: ${result.processed.toLocaleString("en")} texts in ${result.seconds.detect.toFixed(1)} s, ${result.campaigns} campaigns; writing ${result.seconds.write.toFixed(1)} s`,
    );

    // Pairwise precision and recall against the corpus' truth.
    const truth = await client.query<{ contribution_id: string; campaign_id: string }>(
      "SELECT contribution_id, campaign_id FROM bench_campaign_members",
    );
    const truthOf = new Map(truth.rows.map((r) => [r.contribution_id, r.campaign_id]));
    const trueSizes = new Map<string, number>();
    for (const r of truth.rows) trueSizes.set(r.campaign_id, (trueSizes.get(r.campaign_id) ?? 0) + 1);
    let truePairs = 0;
    for (const n of trueSizes.values()) truePairs += pairs(n);
    const found = await client.query<{ campaign_id: string; contribution_id: string }>(
      "SELECT m.campaign_id, m.contribution_id FROM campaign_members m JOIN campaigns c ON c.id = m.campaign_id WHERE c.cycle_id = $1",
      [place.cycleId],
    );
    const groups = new Map<string, string[]>();
    for (const r of found.rows) {
      const list = groups.get(r.campaign_id) ?? [];
      list.push(r.contribution_id);
      groups.set(r.campaign_id, list);
    }
    let foundPairs = 0;
    let right = 0;
    for (const members of groups.values()) {
      foundPairs += pairs(members.length);
      const within = new Map<string, number>();
      for (const id of members) {
        const t = truthOf.get(id);
        if (t) within.set(t, (within.get(t) ?? 0) + 1);
      }
      for (const n of within.values()) right += pairs(n);
    }
    const precision = foundPairs ? right / foundPairs : 1;
    const recall = truePairs ? right / truePairs : 1;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const detail = {
      texts: result.processed,
      characters,
      campaigns: result.campaigns,
      trueCampaigns: trueSizes.size,
      precision,
      recall,
      cpuSeconds,
      writeSeconds: result.seconds.write,
    };
    figures.push(
      figure({
        what: `detection, ${result.processed.toLocaleString("en")} texts streamed from PostgreSQL`,
        value: result.seconds.detect,
        unit: "s",
        better: "lower",
        ceiling: streamSeconds,
        ceilingIs: "streaming the same rows with the same reader, nothing done",
        goals: [
          { on: "ratio", op: ">=", value: 0.5 },
          ...(result.processed >= 1_000_000 ? [{ on: "figure" as const, op: "<=" as const, value: 60 }] : []),
        ],
        detail,
      }),
      figure({
        what: "detection, texts per second",
        value: result.processed / result.seconds.detect,
        unit: "texts/s",
        better: "higher",
      }),
      figure({
        what: "F1, pairs of true campaigns",
        value: f1,
        unit: "",
        better: "higher",
        goals: [{ on: "figure", op: ">=", value: 0.95 }],
        detail: { precision, recall },
      }),
      figure({
        what: "peak RSS of the process, detection and writing",
        value: peakMb,
        unit: "MiB",
        better: "lower",
        goals: [{ on: "figure", op: "<=", value: 2048 }],
      }),
      figure({
        what: "writing campaigns and the intake index",
        value: result.seconds.write,
        unit: "s",
        better: "lower",
      }),
    );
    console.log(`  precision ${precision.toFixed(4)}, recall ${recall.toFixed(4)}, F1 ${f1.toFixed(4)}`);

    // Assignment at intake against the index the run left.
    const last = await client.query<{ id: string; received_at: Date }>(
      `SELECT id, received_at FROM contributions WHERE cycle_id = $1 AND status IN ('submitted', 'published', 'hidden')
       ORDER BY received_at DESC, id DESC LIMIT ${PROBES}`,
      [place.cycleId],
    );
    const ids = last.rows.map((r) => r.id).reverse();
    const arrival = new Map(last.rows.map((r) => [r.id, r.received_at]));
    await client.query("DELETE FROM campaign_texts WHERE contribution_id = ANY($1::uuid[])", [ids]);
    const texts = new Map((await contributionTexts(db, ids)).map((t) => [t.id, t]));
    const latencies: number[] = [];
    const outcomes = { alone: 0, joined: 0, formed: 0 };
    for (const id of ids) {
      const started = performance.now();
      const outcome = await assignAtIntake(db, {
        id,
        forumId: place.forumId,
        cycleId: place.cycleId,
        receivedAt: arrival.get(id)!,
        text: texts.get(id)?.text ?? "",
        // What intake sees: the typed boxes (files' text is extracted after it).
        parts: texts.get(id)?.parts.slice(0, texts.get(id)?.typed) ?? [],
      });
      latencies.push(performance.now() - started);
      outcomes[outcome.kind]++;
    }
    const sizes = await client.query<{ texts: string; buckets: string }>(
      "SELECT pg_total_relation_size('campaign_texts') AS texts, pg_total_relation_size('campaign_buckets') AS buckets",
    );
    const p95 = percentile(latencies, 95);
    console.log(
      `  assignment at intake: p50 ${percentile(latencies, 50)?.toFixed(2)} ms, p95 ${p95?.toFixed(2)} ms`,
    );
    figures.push(
      figure({
        what: `assignment at intake, p95 of ${PROBES.toLocaleString("en")} (index of ${result.processed.toLocaleString("en")})`,
        value: p95,
        unit: "ms",
        better: "lower",
        goals: [{ on: "figure", op: "<=", value: 5 }],
        detail: {
          p50: percentile(latencies, 50),
          p99: percentile(latencies, 99),
          max: Math.max(...latencies),
          outcomes,
          indexBytes: { texts: Number(sizes.rows[0]?.texts), buckets: Number(sizes.rows[0]?.buckets) },
        },
      }),
    );
    notes.push(
      "Detection is the product's runDetection: the keyset stream of 500 rows (text, answers, files' text), the detector, grouping; writing (campaigns, members, every text's signature and the buckets) is timed apart.",
      "The ceiling streams the same rows with the same reader in the same run; the ratio is stream ÷ detection (goal ≥ 0.5: detection within twice the streaming).",
      `Assignment: the last ${PROBES} contributions are removed from the index and assigned again one by one, sequentially, each a few indexed lookups and, for a copy, the campaign's row update; index size ${Math.round(Number(sizes.rows[0]?.texts) / 2 ** 20)} MiB of texts and ${Math.round(Number(sizes.rows[0]?.buckets) / 2 ** 20)} MiB of buckets.`,
      "The machine is shared (2 cores, ~8 workers): compare CPU seconds in the detail as well as wall time.",
    );
  } finally {
    await client.end();
    await database.close();
  }
  return {
    benchmark: "campaigns",
    startedAt: new Date(Date.now() - (performance.now() - began)).toISOString(),
    seconds: (performance.now() - began) / 1000,
    options: { ...ctx.options },
    machine: ctx.machine,
    corpus: describeCorpus(corpus),
    figures,
    notes,
  };
}
