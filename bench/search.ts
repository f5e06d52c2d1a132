// `npm run bench -- search`: the F6 search on PostgreSQL with the corpus loaded. For a common word, a rare
// word, a phrase and a Spanish word typed without its accent, what the members' search does for one page of
// results, run the way `analysis/search/service.ts` runs them: the count (stopping at 1,001, with the
// estimate beyond), the page (51 rows in arrival order) and the page's highlighted snippets, once as a first
// search (the count made) and once within the minute a count that reached the cap is kept. Then the public
// list's count to 10,001. Latency per search, p50 and p95 over repeated runs after a warm-up, with the count.
import pg from "pg";
import { forgetSearchCounts, searchCount } from "../src/analysis/search/counts.js";
import { SEARCH_COUNT_CAP } from "../src/analysis/search/service.js";
import {
  contributionListPage,
  countMatchesUpTo,
  FEW_MATCHES,
  searchSnippets,
} from "../src/contributions/index.js";
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
      // fresh: as the first search of these words in a minute (the count made); kept: as the next page or
      // another member's same search within the minute (a count that reached the cap is kept).
      const once = async (fresh: boolean) => {
        if (fresh) forgetSearchCounts();
        const t0 = performance.now();
        const count = await searchCount(db, filter, CAP);
        const t1 = performance.now();
        const rows = await contributionListPage(db, {
          ...filter,
          limit: PAGE + 1,
          fewMatches: count.exact && count.value <= FEW_MATCHES,
        });
        const t2 = performance.now();
        const snippets = await searchSnippets(
          db,
          rows.slice(0, PAGE).map((r) => r.id),
          query.q,
        );
        const t3 = performance.now();
        const marked = [...snippets.values()].filter((parts) => parts.some((p) => p.match)).length;
        return { ms: t3 - t0, countMs: t1 - t0, pageMs: t2 - t1, snippetsMs: t3 - t2, count, rows, marked };
      };
      for (const fresh of [true, false]) {
        const first = await once(fresh);
        for (let i = 1; i < WARM_UP; i++) await once(fresh);
        const runs: Awaited<ReturnType<typeof once>>[] = [];
        for (let i = 0; i < RUNS; i++) runs.push(await once(fresh));
        const times = runs.map((r) => r.ms);
        const p50Of = (k: "countMs" | "pageMs" | "snippetsMs") =>
          percentile(
            runs.map((r) => r[k]),
            50,
          );
        const last = runs.at(-1) ?? first;
        const shown = last.count.exact
          ? String(last.count.value)
          : `more than ${CAP.toLocaleString("en")}${last.count.estimate ? ` (estimate ${last.count.estimate.toLocaleString("en")})` : ""}`;
        const how = fresh ? "counted afresh" : "count kept";
        console.log(
          `${query.what}, ${how}: first ${first.ms.toFixed(1)} ms, p50 ${percentile(times, 50)?.toFixed(1)} ms, p95 ${percentile(times, 95)?.toFixed(1)} ms (p50 count ${p50Of("countMs")?.toFixed(1)}, page ${p50Of("pageMs")?.toFixed(1)}, snippets ${p50Of("snippetsMs")?.toFixed(1)}); ${shown} matches, ${Math.min(last.rows.length, PAGE)} on the page, ${last.marked} snippets with a match`,
        );
        figures.push(
          figure({
            what: `search, ${query.what}, ${how}: p95`,
            value: percentile(times, 95),
            unit: "ms",
            better: "lower",
            goals: [{ on: "figure", op: "<=", value: 50 }],
            detail: {
              p50: percentile(times, 50),
              first: first.ms,
              runs: RUNS,
              countP50: p50Of("countMs"),
              pageP50: p50Of("pageMs"),
              snippetsP50: p50Of("snippetsMs"),
              matches: last.count.exact ? last.count.value : `>${CAP}`,
              estimate: last.count.estimate,
              onPage: Math.min(last.rows.length, PAGE),
              snippetsWithMatch: last.marked,
            },
          }),
        );
      }
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
    `Each search: the count stopping at ${CAP + 1} (through the text index; PostgreSQL's estimate asked beyond it; counted afresh, or kept from an earlier run), then the page of ${PAGE} (51 read: through the text index and sorted when the count is exact, along the arrival order otherwise), then the page's snippets; ${WARM_UP} warm-up runs, then ${RUNS} in a row, one at a time.`,
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
