// Every sub-benchmark reports the same way: a table of figures, each beside the ceiling measured in the same
// run and the ratio to it, with the goal and whether it is met; and bench/results/<name>.json with the same
// rows, the options and the machine.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Machine } from "./machine.js";

export type Better = "higher" | "lower";

/** A goal on the figure itself or on its ratio to the ceiling. */
export interface Goal {
  on: "figure" | "ratio";
  op: "<=" | ">=";
  value: number;
}

export interface Figure {
  what: string;
  value: number | null;
  unit: string;
  better: Better;
  /** The same measurement on the ceiling (a bare route, raw inserts, COPY…), and what the ceiling was. */
  ceiling?: number | null;
  ceilingIs?: string;
  /** Share of the ceiling reached: figure / ceiling when higher is better, ceiling / figure otherwise. */
  ratio?: number | null;
  goals?: Goal[];
  met?: boolean | null;
  /** Other numbers worth keeping (p50, errors, counts). */
  detail?: Record<string, unknown>;
}

/** A figure with its ratio and whether its goals are met, computed. */
export function figure(input: Omit<Figure, "ratio" | "met">): Figure {
  const { value, ceiling, better } = input;
  let ratio: number | null | undefined;
  if (ceiling !== undefined) {
    ratio =
      value === null || ceiling === null || value === 0 || ceiling === 0
        ? null
        : better === "higher"
          ? value / ceiling
          : ceiling / value;
  }
  let met: boolean | null | undefined;
  if (input.goals?.length) {
    met = input.goals.every((g) => {
      const x = g.on === "figure" ? value : ratio;
      if (x === null || x === undefined) return false;
      return g.op === "<=" ? x <= g.value : x >= g.value;
    });
  }
  return { ...input, ratio, met };
}

function formatNumber(value: number | null | undefined, unit = ""): string {
  if (value === null || value === undefined) return "—";
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  const text = value.toLocaleString("en", { maximumFractionDigits: digits, minimumFractionDigits: 0 });
  return unit ? `${text} ${unit}` : text;
}

function formatGoal(goals: Goal[] | undefined, unit: string): string {
  if (!goals?.length) return "";
  return goals
    .map((g) => (g.on === "ratio" ? `ratio ${g.op} ${g.value}` : `${g.op} ${formatNumber(g.value, unit)}`))
    .join(", ");
}

/** The table as text, columns padded. */
export function formatTable(figures: Figure[]): string {
  const header = ["what", "figure", "ceiling", "ratio", "goal", "met?"];
  const rows = figures.map((f) => [
    f.what,
    formatNumber(f.value, f.unit),
    f.ceiling === undefined ? "" : formatNumber(f.ceiling, f.unit),
    f.ratio === undefined ? "" : f.ratio === null ? "—" : f.ratio.toFixed(2),
    formatGoal(f.goals, f.unit),
    f.met === undefined ? "" : f.met ? "yes" : "NO",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 || i === 4 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

export interface Report {
  benchmark: string;
  startedAt: string;
  seconds: number;
  options: Record<string, unknown>;
  machine: Machine;
  corpus?: Record<string, unknown>;
  figures: Figure[];
  notes: string[];
}

/** Prints the table and notes, and writes bench/results/<name>.json; returns the file's path. */
export function publish(report: Report, folder: string): string {
  console.log(`\n${report.benchmark}: ${report.seconds.toFixed(0)} s\n`);
  console.log(formatTable(report.figures));
  for (const note of report.notes) console.log(`  · ${note}`);
  mkdirSync(folder, { recursive: true });
  const path = join(folder, `${report.benchmark}.json`);
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nWrote ${path}`);
  return path;
}
