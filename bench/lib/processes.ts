// Child processes of a benchmark: the server under test (the built `intersession serve`), the ceiling (a bare
// Fastify server) and the load generator. Every child is stopped when the benchmark ends, however it ends.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { allocatorEnvironment } from "../../src/cli/allocator-env.js";
import type { LoadJob, LoadResult } from "../load/worker.js";

export const root = new URL("../../", import.meta.url).pathname;

const children = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
});
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.on(signal, () => {
    for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
    process.exit(130);
  });

/** Builds dist/ from src/ (what `intersession serve` runs); returns the seconds it took. */
export function buildProject(): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, [join(root, "scripts/build.mjs")], {
    cwd: root,
    stdio: "inherit",
  });
  if (result.status !== 0) throw new Error("npm run build failed; the benchmark needs a build of src/.");
  return (performance.now() - started) / 1000;
}

export interface RunningProcess {
  pid: number;
  /** http://127.0.0.1:PORT */
  url: string;
  /** The last lines it printed (for error messages). */
  output: string[];
  stop(): Promise<void>;
}

function watch(
  child: ChildProcess,
  ready: RegExp,
  label: string,
  timeoutMs: number,
): Promise<RunningProcess> {
  children.add(child);
  const output: string[] = [];
  const remember = (line: string) => {
    output.push(line);
    if (output.length > 40) output.shift();
  };
  if (child.stderr) createInterface({ input: child.stderr }).on("line", remember);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${label} did not start within ${timeoutMs / 1000} s:\n${output.join("\n")}`));
    }, timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      children.delete(child);
      reject(new Error(`${label} exited (code ${code}) before it was ready:\n${output.join("\n")}`));
    });
    if (!child.stdout) throw new Error("no stdout");
    createInterface({ input: child.stdout }).on("line", (line) => {
      remember(line);
      const match = ready.exec(line);
      if (!match) return;
      clearTimeout(timer);
      const port = Number(match[1]);
      resolve({
        pid: child.pid!,
        url: `http://127.0.0.1:${port}`,
        output,
        stop: async () => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          const exited = once(child, "exit");
          child.kill("SIGTERM");
          const timeout = setTimeout(() => child.kill("SIGKILL"), 20_000);
          await exited;
          clearTimeout(timeout);
          children.delete(child);
        },
      });
    });
  });
}

/** Starts the built server (`node bin/intersession.js serve --port 0 …`) and waits until it listens. */
export function startIntersession(options: {
  databaseUrl?: string;
  dataDir?: string;
  demo?: boolean;
  logLevel?: string;
  env?: Record<string, string>;
}): Promise<RunningProcess> {
  // BENCH_SERVER_NODE_ARGS gives the server's node its own flags, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
  // (node refuses --cpu-prof in NODE_OPTIONS).
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [];
  const args = [...nodeArgs, join(root, "bin/intersession.js"), "serve", "--port", "0"];
  if (options.dataDir) args.push("--data", options.dataDir);
  if (options.demo === false) args.push("--no-demo");
  // The C allocator settings `npm start` gives the server (src/cli/allocator-env.ts): measured as it runs.
  const env: Record<string, string | undefined> = {
    ...allocatorEnvironment,
    ...process.env,
    LOG_LEVEL: options.logLevel ?? "warn",
    HOST: "127.0.0.1",
    ...options.env,
  };
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  else delete env.DATABASE_URL;
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  return watch(child, /is running at http:\/\/[^:]+:(\d+)/, "The server under test", 180_000);
}

/** Runs the CLI to completion and returns what it printed (e.g. `token create`). */
export function runCli(args: string[], env: Record<string, string | undefined>): string {
  const result = spawnSync(process.execPath, [join(root, "bin/intersession.js"), ...args], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: "warn", ...env },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`intersession ${args.join(" ")} failed:\n${result.stderr}`);
  return result.stdout;
}

/** Starts a TypeScript file of the bench in a child process with tsx. */
function startTs(script: string, args: string[]): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", join(root, script), ...args], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NODE_ENV: "production" },
  });
}

/** A captured response the ceiling serves byte for byte. */
export interface CapturedResponse {
  path: string;
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Starts the bare Fastify server that serves these responses with the same compression as the app. */
export async function startCeiling(responses: CapturedResponse[]): Promise<RunningProcess> {
  const folder = mkdtempSync(join(tmpdir(), "bench-ceiling-"));
  const file = join(folder, "responses.json");
  writeFileSync(file, JSON.stringify(responses));
  const server = await watch(
    startTs("bench/ceiling/server.ts", [file]),
    /^listening (\d+)$/,
    "The ceiling",
    60_000,
  );
  return {
    ...server,
    stop: async () => {
      await server.stop();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** Runs the load generator in its own process and returns its result; `onStart` when requests begin. */
export async function runLoad(job: LoadJob, onStart?: () => void): Promise<LoadResult> {
  const folder = mkdtempSync(join(tmpdir(), "bench-load-"));
  try {
    const jobFile = join(folder, "job.json");
    const outFile = join(folder, "result.json");
    writeFileSync(jobFile, JSON.stringify(job));
    const child = startTs("bench/load/worker.ts", [jobFile, outFile]);
    children.add(child);
    let stderr = "";
    child.stderr?.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    if (child.stdout)
      createInterface({ input: child.stdout }).on("line", (line) => {
        if (line === "started") onStart?.();
      });
    const [code] = (await once(child, "exit")) as [number | null];
    children.delete(child);
    if (code !== 0) throw new Error(`The load generator failed (${job.mode}):\n${stderr}`);
    return JSON.parse(readFileSync(outFile, "utf8")) as LoadResult;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Waits a number of milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
