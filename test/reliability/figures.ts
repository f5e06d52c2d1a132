// The figures the closing note needs, gathered from every reliability test into one file
// (test-results/reliability-figures.jsonl, a JSON object a line) and printed as one block at the end of the run
// (figures-setup.ts), instead of lines scattered through Vitest's output.
import { appendFileSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

/** Where the run's figures are collected. */
export const figuresFile = fileURLToPath(
  new URL("../../test-results/reliability-figures.jsonl", import.meta.url),
);

/** One measured figure: which part of the suite, a sentence for the note, and its numbers. */
export interface Figure {
  part: string;
  summary: string;
  values?: Record<string, number | string>;
}

/** Appends a figure for the end-of-run summary (and prints it where the test ran). */
export function recordFigure(figure: Figure): void {
  mkdirSync(dirname(figuresFile), { recursive: true });
  appendFileSync(figuresFile, `${JSON.stringify(figure)}\n`);
}

/** Empties the collection (at the start of a run). */
export function clearFigures(): void {
  rmSync(figuresFile, { force: true });
}

/** The figures collected so far, in the order they were recorded. */
export function readFigures(): Figure[] {
  let text = "";
  try {
    text = readFileSync(figuresFile, "utf8");
  } catch {
    return [];
  }
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Figure);
}

/** The one block printed at the end of the run: each part's figures under its name. */
export function summaryBlock(figures: Figure[]): string {
  if (figures.length === 0) return "Reliability figures: none were recorded.";
  const parts = [...new Set(figures.map((f) => f.part))];
  const lines = ["", "── Reliability figures (for the closing note) ──"];
  for (const part of parts) {
    lines.push(`${part}:`);
    for (const f of figures.filter((x) => x.part === part)) lines.push(`  - ${f.summary}`);
  }
  lines.push(`(also in ${figuresFile})`, "");
  return lines.join("\n");
}

/** Prints a figure where the test ran and records it for the end-of-run block. */
export function report(part: string, summary: string): void {
  console.log(summary);
  recordFigure({ part, summary });
}
