// `npm run bench [-- NAME…] [options]`: the benchmark suite. Each sub-benchmark prints a table (figure,
// ceiling measured in the same run, ratio, goal, met?) and writes bench/results/<name>.json with the machine's
// description. See BENCHMARKS.md for the method.
import { join } from "node:path";
import { Command, InvalidArgumentError } from "commander";
import { campaignsBenchmark } from "./campaigns.js";
import { compareBenchmark } from "./compare.js";
import { corpusBenchmark } from "./corpus.js";
import { embeddedBenchmark } from "./embedded.js";
import { exportBenchmark } from "./export.js";
import { intakeBenchmark } from "./intake.js";
import { type BenchContext, type BenchOptions, createContext } from "./lib/context.js";
import { describeMachine } from "./lib/machine.js";
import { buildProject, root } from "./lib/processes.js";
import { publish, type Report } from "./lib/report.js";
import { listBenchmark } from "./list.js";
import { memoryBenchmark } from "./memory.js";
import { searchBenchmark } from "./search.js";
import { suggestionsBenchmark } from "./suggestions.js";

const benchmarks: Record<string, (ctx: BenchContext) => Promise<Report>> = {
  corpus: corpusBenchmark,
  list: listBenchmark,
  intake: intakeBenchmark,
  memory: memoryBenchmark,
  embedded: embeddedBenchmark,
  export: exportBenchmark,
  campaigns: campaignsBenchmark,
  search: searchBenchmark,
  compare: compareBenchmark,
  suggestions: suggestionsBenchmark,
};

const whole = (label: string, min: number) => (value: string) => {
  const n = Number(value.replace(/[_,]/g, ""));
  if (!Number.isInteger(n) || n < min)
    throw new InvalidArgumentError(`${label} must be a whole number ≥ ${min}.`);
  return n;
};

const program = new Command("bench")
  .description(
    `Intersession's benchmarks: ${Object.keys(benchmarks).join(", ")} (all of them when none is named).`,
  )
  .argument("[names...]", "sub-benchmarks to run")
  .option("--docs <n>", "contributions in the corpus", whole("--docs", 1), 1_000_000)
  .option("--seed <n>", "the corpus generator's seed", whole("--seed", 0), 1)
  .option("--duration <s>", "seconds per load run", whole("--duration", 1), 15)
  .option("--connections <n>", "connections of the load generator", whole("--connections", 1), 10)
  .option("--rate <n>", "fixed request rate for latency runs (req/s)", whole("--rate", 1), 500)
  .option(
    "--pg <url>",
    "PostgreSQL server (the bench database is created on it)",
    "postgres://postgres@127.0.0.1:5432/postgres",
  )
  .option("--database <name>", "the database the corpus is loaded into", "intersession_bench")
  .option("--fresh", "load the corpus again even when a matching one is cached", false)
  .option("--no-build", "use dist/ as it is instead of building src/ first")
  .option("--log-level <level>", "the server's LOG_LEVEL during runs", "warn")
  .option(
    "--embedded-docs <n>",
    "contributions loaded into the embedded database for its busy test",
    whole("--embedded-docs", 0),
    20_000,
  )
  .option("--results <dir>", "where results files go", join(root, "bench/results"))
  .action(async (names: string[], raw: BenchOptions) => {
    const unknown = names.filter((n) => !(n in benchmarks));
    if (unknown.length)
      throw new InvalidArgumentError(
        `Unknown benchmark ${unknown.join(", ")}: choose from ${Object.keys(benchmarks).join(", ")}.`,
      );
    const selected = names.length ? names : Object.keys(benchmarks);
    if (raw.build) console.log(`Built src/ in ${buildProject().toFixed(1)} s.`);
    const machine = await describeMachine(raw.pg);
    console.log(
      `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB; Node ${machine.node}; load ${machine.loadAverage.join(" ")}`,
    );
    const ctx = createContext(raw, machine);
    for (const name of selected) {
      console.log(`\n== ${name} ==`);
      const report = await benchmarks[name]!(ctx);
      publish(report, raw.results);
    }
  });

await program.parseAsync();
process.exit(0);
