// `npm run bench -- export`: the CSV export of the whole corpus and of a sixth of it, streamed to a client in
// its own process, with the server's memory sampled throughout. The ceiling is PostgreSQL's own COPY … TO
// STDOUT of the same rows in the same order through the same driver. The goal is constant memory: the
// server's growth must not depend on how many rows go out.
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { type Corpus, resetBenchCycles } from "./corpus/load.js";
import { type BenchContext, describeCorpus } from "./lib/context.js";
import { runLoad, sleep, startIntersession } from "./lib/processes.js";
import { type Figure, figure, type Report } from "./lib/report.js";
import { RssSampler } from "./lib/rss.js";

/** Streams COPY of the published rows (optionally one stakeholder group) in arrival order; seconds and bytes. */
async function copyOut(corpus: Corpus, group: string | undefined) {
  const client = new pg.Client({ connectionString: corpus.databaseUrl });
  await client.connect();
  const started = performance.now();
  let bytes = 0;
  let rows = 0;
  try {
    const where = group ? ` AND stakeholder_group = '${group.replace(/'/g, "''")}'` : "";
    const stream = client.query(
      copyTo(`COPY (SELECT reference, contributor_name, organisation, stakeholder_group, country, region, language,
        variant_key, received_at, timeliness, licence, body_text FROM contributions
        WHERE cycle_id = '${corpus.corpus.cycleId}' AND status = 'published'${where}
        ORDER BY received_at, id) TO STDOUT WITH (FORMAT csv, HEADER)`),
    );
    await pipeline(
      stream,
      new Writable({
        write(chunk: Buffer, _encoding, callback) {
          bytes += chunk.length;
          for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) rows++;
          callback();
        },
      }),
    );
  } finally {
    await client.end();
  }
  return { seconds: (performance.now() - started) / 1000, bytes, lines: rows };
}

/** Runs the export benchmark and returns its report. */
export async function exportBenchmark(ctx: BenchContext): Promise<Report> {
  const began = performance.now();
  const { options } = ctx;
  const corpus = await ctx.corpus();
  await resetBenchCycles(corpus.databaseUrl, corpus);
  const figures: Figure[] = [];
  const notes: string[] = [];
  const server = await startIntersession({
    databaseUrl: corpus.databaseUrl,
    demo: false,
    logLevel: options.logLevel,
  });
  const base = `/f/${corpus.forumSlug}/${corpus.corpus.year}/contributions.csv`;
  try {
    for (const [label, group] of [
      ["all published", undefined],
      ["one stakeholder group (government)", "government"],
    ] as const) {
      // The resting size first: what the process holds before this export begins.
      await sleep(2000);
      const sampler = new RssSampler(server.pid, 50);
      await sleep(1000);
      const before = sampler.stop();
      const during = new RssSampler(server.pid, 50);
      const result = await runLoad({
        mode: "download",
        url: `${server.url}${base}${group ? `?stakeholder_group=${group}` : ""}`,
      });
      const memory = during.stop();
      const download = result.download!;
      if (download.status !== 200) throw new Error(`The export answered ${download.status}.`);
      const ceiling = await copyOut(corpus, group);
      const rows = download.lines - 1;
      const growth = memory.maxMb - before.medianMb;
      console.log(`  ${label}: ${rows.toLocaleString("en")} rows in ${download.seconds.toFixed(1)} s`);
      figures.push(
        figure({
          what: `CSV export, ${label} (${rows.toLocaleString("en")} rows)`,
          value: download.seconds,
          unit: "s",
          better: "lower",
          ceiling: ceiling.seconds,
          ceilingIs: "COPY … TO STDOUT of the same rows, same order, pg",
          detail: { download, ceiling, rowsPerSecond: rows / download.seconds },
        }),
        figure({
          what: `CSV export, ${label}: server RSS growth`,
          value: growth,
          unit: "MB",
          better: "lower",
          goals: [{ on: "figure", op: "<=", value: 50 }],
          detail: { before, during: memory },
        }),
      );
    }
  } finally {
    await server.stop();
  }
  notes.push(
    "Growth is the highest RSS during the export minus the median RSS in the second before it; the goal holds whatever N, so compare the two rows.",
  );
  return {
    benchmark: "export",
    startedAt: new Date(Date.now() - (performance.now() - began)).toISOString(),
    seconds: (performance.now() - began) / 1000,
    options: { ...options },
    machine: ctx.machine,
    corpus: describeCorpus(corpus),
    figures,
    notes,
  };
}
