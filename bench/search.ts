// `npm run bench -- search`: the F6 search on PostgreSQL with the corpus loaded. For a common word, a rare
// word, a phrase and a Spanish word typed without its accent, what the members' search does for one page of
// results, run the way `analysis/search/service.ts` runs them: the count (stopping at 1,001), the page (51
// rows in arrival order) and the page's highlighted snippets. Then the public list's count to 10,001. Latency per search, p50 and p95 over repeated runs after a warm-up, with the count.
import pg from "pg";
import { SEARCH_COUNT_CAP } from "../src/analysis/search/service.js";
import { contributionsPage, countMatchesUpTo, searchSnippets } from "../src/contributions/index.js";
import { openDatabase } from "../src/db/database.js";
import { type BenchContext, describeCorpus, percentile } from "./lib/context.js";
import { type Figure, figure, type Report } from "./lib/report.js";

const PAGE = 50;
const CAP = SEARCH_COUNT_CAP;
/** The public list's count stops at 10,000 (contributions/public/list-stats.ts CAP_COUNT). */
const LIST_CAP = 10_000;
const WARM_UP = 3;
const RUNS = 40;

/** Runs the search benchmark and publishes its report. */
export async function searchBenchmark(ctx: BenchContext): Promise<Report> {
  const started = performance.now();
  const corpus = await ctx.corpus();
  const notes: string[] = [];
  const cycleId = corpus.corpus.cycleId;

  // A rare word: one found in a single contribution of the first 20,000 (so in a handful of the whole cycle).
  const client = new pg.Client({ connectionString: corpus.databaseUrl });
  await client.connect();
  const rare = await client.query<{ word: string }>(
    `SELECT word FROM ts_stat($$SELECT search_vector FROM contributions WHERE cycle_id = '${cycleId}'
       AND status = 'published' AND language = 'en' ORDER BY received_at LIMIT 20000$$)
     WHERE ndoc = 1 AND word ~ '^[a-z]{6,}$' ORDER BY word LIMIT 1`,
  );
  await client.end();
  const rareWord = rare.rows[0]?.word ?? "soutiennent";

  const queries = [
    { key: "common", what: "common word (encryption)", q: "encryption" },
    { key: "rare", what: `rare word (${rareWord})`, q: rareWord },
    { key: "phrase", what: 'phrase ("digital identity systems")', q: '"digital identity systems"' },
    { key: "unaccented", what: "Spanish without accents (cooperacion)", q: "cooperacion" },
  ];

  const app = await openDatabase({ databaseUrl: corpus.databaseUrl, poolSize: 10 });
  const db = app.db;
  const figures: Figure[] = [];
  try {
    for (const query of queries) {
      const filter = { cycleId, statuses: ["published" as const], q: query.q };
      const once = async () => {
        const t0 = performance.now();
        const count = await countMatchesUpTo(db, filter, CAP + 1);
        const rows = await contributionsPage(db, { ...filter, limit: PAGE + 1, fewMatches: count <= CAP });
        const snippets = await searchSnippets(
          db,
          rows.slice(0, PAGE).map((r) => r.id),
          query.q,
        );
        return { ms: performance.now() - t0, count, rows: rows.length, snippets: snippets.size };
      };
      const first = await once();
      for (let i = 1; i < WARM_UP; i++) await once();
      const times: number[] = [];
      let last = first;
      for (let i = 0; i < RUNS; i++) {
        last = await once();
        times.push(last.ms);
      }
      const count = last.count > CAP ? `more than ${CAP.toLocaleString("en")}` : String(last.count);
      console.log(
        `${query.what}: first ${first.ms.toFixed(1)} ms, p50 ${percentile(times, 50)?.toFixed(1)} ms, p95 ${percentile(times, 95)?.toFixed(1)} ms; ${count} matches, ${Math.min(last.rows, PAGE)} on the page`,
      );
      figures.push(
        figure({
          what: `search, ${query.what}: p95`,
          value: percentile(times, 95),
          unit: "ms",
          better: "lower",
          goals: [{ on: "figure", op: "<=", value: 50 }],
          detail: {
            p50: percentile(times, 50),
            first: first.ms,
            runs: RUNS,
            matches: last.count > CAP ? `>${CAP}` : last.count,
            onPage: Math.min(last.rows, PAGE),
            snippets: last.snippets,
          },
        }),
      );
    }
    // The public list's count of a common word (kept a minute and counted once for everyone, but still a
    // statement that must use the text index: it planned a sequential scan before).
    const filter = { cycleId, statuses: ["published" as const], q: "encryption" };
    const times: number[] = [];
    let n = 0;
    for (let i = 0; i < WARM_UP + RUNS; i++) {
      const t0 = performance.now();
      n = await countMatchesUpTo(db, filter, LIST_CAP + 1);
      if (i >= WARM_UP) times.push(performance.now() - t0);
    }
    console.log(
      `public list count (encryption, to ${LIST_CAP + 1}): p50 ${percentile(times, 50)?.toFixed(1)} ms, p95 ${percentile(times, 95)?.toFixed(1)} ms; ${n}`,
    );
    figures.push(
      figure({
        what: "public list's count of a common word (to 10,001): p95",
        value: percentile(times, 95),
        unit: "ms",
        better: "lower",
        detail: { p50: percentile(times, 50), counted: n },
      }),
    );
  } finally {
    await app.close();
  }
  notes.push(
    `Each search: the count stopping at ${CAP + 1} (through the text index), then the page of ${PAGE} (51 read: through the text index and sorted when the count is exact, along the arrival order otherwise), then the page's snippets; ${WARM_UP} warm-up runs, then ${RUNS} in a row, one at a time.`,
  );
  return {
    benchmark: "search",
    startedAt: new Date(Date.now() - (performance.now() - started)).toISOString(),
    seconds: (performance.now() - started) / 1000,
    options: { ...ctx.options },
    machine: ctx.machine,
    corpus: describeCorpus(corpus),
    figures,
    notes,
  };
}
