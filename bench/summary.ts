// `npm run bench:summary`: the results files in bench/results as Markdown tables, for BENCHMARKS.md.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { root } from "./lib/processes.js";
import type { Figure, Report } from "./lib/report.js";

const folder = process.argv[2] ?? join(root, "bench/results");
const order = ["corpus", "list", "intake", "memory", "embedded", "export"];
const reports = readdirSync(folder)
  .filter((f) => f.endsWith(".json"))
  .map((f) => JSON.parse(readFileSync(join(folder, f), "utf8")) as Report)
  .sort((a, b) => order.indexOf(a.benchmark) - order.indexOf(b.benchmark));

const number = (value: number | null | undefined, unit = "") => {
  if (value === null || value === undefined) return "—";
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toLocaleString("en", { maximumFractionDigits: digits })}${unit ? ` ${unit}` : ""}`;
};
const goal = (f: Figure) =>
  (f.goals ?? [])
    .map((g) => (g.on === "ratio" ? `ratio ${g.op} ${g.value}` : `${g.op} ${number(g.value, f.unit)}`))
    .join(", ")
    .replace(/<=/g, "≤")
    .replace(/>=/g, "≥");

for (const r of reports) {
  const m = r.machine;
  const corpus = r.corpus ? `, ${Number(r.corpus.docs).toLocaleString("en")} contributions` : "";
  console.log(`### ${r.benchmark}\n`);
  console.log(
    `${r.startedAt.slice(0, 16).replace("T", " ")} UTC, ${Math.round(r.seconds)} s${corpus}; ${m.cores} × ${m.cpu}, load ${m.loadAverage.join(" ")}; commit ${m.gitCommit?.slice(0, 10) ?? "?"}${m.gitDirty ? " (dirty)" : ""}; options: duration ${r.options.duration} s, ${r.options.connections} connections, rate ${r.options.rate}/s.\n`,
  );
  console.log("| what | figure | ceiling | ratio | goal | met? |\n| --- | ---: | ---: | ---: | --- | --- |");
  for (const f of r.figures)
    console.log(
      `| ${f.what} | ${number(f.value, f.unit)} | ${f.ceiling === undefined ? "" : number(f.ceiling, f.unit)} | ${f.ratio === undefined ? "" : f.ratio === null ? "—" : f.ratio.toFixed(2)} | ${goal(f)} | ${f.met === undefined || f.met === null ? "" : f.met ? "yes" : "no"} |`,
    );
  for (const note of r.notes) console.log(`\n${note}`);
  console.log("");
}
