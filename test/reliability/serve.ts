// A real server for the reliability tests that measure it from outside: `intersession serve` as a child
// process on a free port, with a forum whose call is open today, its resident memory read from /proc, and
// timed probes of its answers.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { allocatorEnvironment } from "../../src/cli/allocator-env.js";
import { type DatabaseTarget, openDatabase } from "../../src/db/database.js";
import { migrateToLatest } from "../../src/db/migrate.js";
import { makeCycle, makeForum } from "../../src/test-support/factories.js";

const entry = fileURLToPath(new URL("../../src/cli/run.ts", import.meta.url));
const built = fileURLToPath(new URL("../../dist/cli/run.js", import.meta.url));
const children: ChildProcess[] = [];

/** Kills every server this module started and that still runs (for afterAll). */
export function killServers(): void {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
}

/** A running server: its process, its address, and everything it printed so far. */
export interface Served {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/** Starts `intersession serve` as a child process and resolves with its address once it listens. */
export async function serve(env: Record<string, string>, options: { built?: boolean } = {}): Promise<Served> {
  const args = options.built ? [built] : ["--import", "tsx", entry];
  const child = spawn(process.execPath, [...args, "serve", "--port", "0", "--no-demo"], {
    // The C allocator settings `npm start` gives the server (src/cli/allocator-env.ts): measured as it runs.
    env: {
      ...allocatorEnvironment,
      ...process.env,
      LOG_LEVEL: "warn",
      INTERSESSION_DEMO: "false",
      CONTRIBUTION_LIMIT_PER_IP: "100000",
      CONTRIBUTION_LIMIT_PER_ADDRESS: "100000",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let out = "";
  child.stdout?.on("data", (d) => {
    out += d;
  });
  child.stderr?.on("data", (d) => {
    out += d;
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /Intersession is running at (http:\/\/\S+) /.exec(out);
      if (m?.[1]) {
        clearInterval(timer);
        resolve(m[1]);
      }
    }, 50);
    child.on("exit", (code, signal) => {
      clearInterval(timer);
      reject(new Error(`the server stopped (${code ?? signal}) before listening:\n${out}`));
    });
  });
  return { child, url, output: () => out };
}

let builtOnce = false;

/** Builds dist/ as `npm start` and CI do (once per run), so a server measured from outside runs the shipped code, not tsx. */
export function build(): void {
  if (builtOnce) return;
  builtOnce = true;
  execFileSync(process.execPath, [fileURLToPath(new URL("../../scripts/build.mjs", import.meta.url))], {
    stdio: "ignore",
  });
}

/** Resolves when the process has ended. */
export function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once("exit", () => resolve()));
}

/** A day's date, `days` from now, as the secretariat types it. */
export function day(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** Migrates the database and makes a forum `slug` whose call for this year is open today. */
export async function prepareForum(target: DatabaseTarget, slug: string): Promise<string> {
  const year = new Date().getUTCFullYear();
  const database = await openDatabase(target);
  try {
    await migrateToLatest(database.db);
    const forum = await makeForum(database.db, { slug });
    await makeCycle(database.db, forum, {
      year,
      milestones: { call_opens: day(-10), call_closes: day(60) },
      zone: "UTC",
    });
  } finally {
    await database.close();
  }
  return `${slug}/${year}`;
}

/** The resident memory of a process in bytes, from /proc (0 where there is none). */
export function residentBytes(pid: number | undefined): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** The processes a process started, and theirs (every thread's children, from /proc), without the process. */
function descendants(pid: number): number[] {
  const found: number[] = [];
  const queue = [pid];
  while (queue.length) {
    const parent = queue.shift() as number;
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${parent}/task`);
    } catch {
      continue;
    }
    for (const task of tasks) {
      let children = "";
      try {
        children = readFileSync(`/proc/${parent}/task/${task}/children`, "utf8");
      } catch {
        continue;
      }
      for (const child of children.split(" ").filter(Boolean).map(Number)) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

/**
 * The resident memory of a process and of everything it started (text extraction runs in child processes of
 * the server, each with memory of its own), in bytes.
 */
export function treeResidentBytes(pid: number | undefined): { own: number; children: number } {
  if (pid === undefined) return { own: 0, children: 0 };
  const own = residentBytes(pid);
  const children = descendants(pid).reduce((sum, child) => sum + residentBytes(child), 0);
  return { own, children };
}

/** Latency figures of a probe, in milliseconds. */
export interface Timings {
  count: number;
  failures: number;
  p50: number;
  p95: number;
  max: number;
}

/** Asks `url` every `everyMs` until `until()` says stop; each answer is timed, non-2xx answers counted. */
export async function probe(url: string, until: () => boolean, everyMs = 25): Promise<Timings> {
  const times: number[] = [];
  let failures = 0;
  while (!until()) {
    const started = performance.now();
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      await res.arrayBuffer();
      if (!res.ok) failures += 1;
    } catch {
      failures += 1;
    }
    times.push(performance.now() - started);
    await new Promise((r) => setTimeout(r, everyMs));
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
  return { count: times.length, failures, p50: at(0.5), p95: at(0.95), max: at(1) };
}

/** Prints rows as a Markdown table. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
