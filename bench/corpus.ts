// `npm run bench -- corpus`: loads the corpus (or finds it cached) and reports how long loading took, phase
// by phase, so the generator's speed is a figure like any other.
import type { BenchContext } from "./lib/context.js";
import { describeCorpus } from "./lib/context.js";
import { figure, type Report } from "./lib/report.js";

/** Loads (or reuses) the corpus and reports the load's figures. */
export async function corpusBenchmark(ctx: BenchContext): Promise<Report> {
  const started = performance.now();
  const corpus = await ctx.corpus();
  const phases = corpus.phases;
  const notes = [
    corpus.reused
      ? `The corpus was already loaded (${corpus.loadedAt}); its figures are from that load.`
      : "Loaded in this run.",
    `${phases.documents ?? 0} documents' extracted text; ${phases.campaignMembers ?? 0} contributions from form-letter campaigns (truth in bench_campaign_members).`,
  ];
  return {
    benchmark: "corpus",
    startedAt: new Date(Date.now() - (performance.now() - started)).toISOString(),
    seconds: (performance.now() - started) / 1000,
    options: { ...ctx.options },
    machine: ctx.machine,
    corpus: describeCorpus(corpus),
    figures: [
      figure({ what: "load, total", value: corpus.loadSeconds, unit: "s", better: "lower" }),
      figure({
        what: "load rate",
        value: corpus.docs / corpus.loadSeconds,
        unit: "rows/s",
        better: "higher",
      }),
      figure({ what: "generate and COPY", value: phases.copySeconds ?? null, unit: "s", better: "lower" }),
      figure({ what: "rebuild indexes", value: phases.indexSeconds ?? null, unit: "s", better: "lower" }),
      figure({ what: "vacuum and analyse", value: phases.vacuumSeconds ?? null, unit: "s", better: "lower" }),
      figure({ what: "database size", value: phases.databaseMb ?? null, unit: "MB", better: "lower" }),
    ],
    notes,
  };
}
