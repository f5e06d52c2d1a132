// Runs one extraction in a fresh child process with a heap cap, a watchdog on the child's resident memory and
// a deadline. Parsers are large, fed hostile input, and (pdf.js especially) can loop or allocate without bound
// on a crafted file. A worker thread would share the server's process: its typed arrays and WASM memory are
// the server's memory, a heap cap does not see them, and two extractions side by side would share (and could
// together exhaust) one budget. A child process has memory of its own, which is killed with it: one file can
// take down only the process reading it, and each extraction gets its whole budget.
import { type ChildProcess, fork } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { DEFAULT_LOCALE, type Locale } from "../ui/i18n/locales.js";
import { translator } from "../ui/i18n/translate.js";
import type { ExtractInput, Extraction } from "./extract.js";
import type { UploadLimits } from "./limits.js";
import { quoteName } from "./refusals.js";

export type WorkerFailureCode = "timeout" | "out_of_memory" | "failed" | "encrypted";

export type WorkerExtraction =
  | { ok: true; extraction: Extraction }
  | { ok: false; code: WorkerFailureCode; message: string };

export interface ExtractInWorkerOptions {
  timeoutMs?: number;
  /** Cap on the child's JavaScript heap (old generation), enforced by V8. */
  maxMemoryMb?: number;
  /**
   * Cap on the child's resident memory growth once its parsers are loaded (default 2 x maxMemoryMb + 64).
   * The heap cap does not see typed arrays or WASM memory, where pdf.js decodes streams; this watchdog does.
   */
  maxRssGrowthMb?: number;
  limits?: UploadLimits;
  /**
   * "document" (default): text, sanitised HTML and language, as extract.ts reads them. "layout": plain text
   * with the original lines and pages kept (layout-text.ts), for parsers that work on the page layout.
   */
  reader?: "document" | "layout";
  /**
   * Test aid, honoured only under Vitest: make the child spin, fill its heap, fill memory outside its heap,
   * or wait 1.5 s before extracting.
   */
  simulate?: "hang" | "exhaust-memory" | "exhaust-native-memory" | "slow";
  /** The language of the failure messages (English when not given). */
  locale?: Locale;
}

/** What the server sends the extraction child. */
export interface ChildRequest {
  bytes: Uint8Array;
  detectedType: ExtractInput["detectedType"];
  fileName: string;
  limits?: UploadLimits;
  reader?: ExtractInWorkerOptions["reader"];
  simulate?: ExtractInWorkerOptions["simulate"];
}

/** What the child sends back: once its parsers are loaded, its memory now and then, and the result. */
export type ChildMessage =
  | { type: "started" }
  | { type: "memory"; rss: number }
  | { type: "result"; result: WorkerExtraction };

// Under Vitest and tsx the code runs from .ts sources, which plain Node cannot load: the child gets tsx's
// loader, found from here so it works whatever the current directory. The built dist/ needs nothing.
const isSource = import.meta.url.endsWith(".ts");
const childPath = fileURLToPath(
  new URL(isSource ? "./extract-child.ts" : "./extract-child.js", import.meta.url),
);
const sourceLoader = () => pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
const watchdogIntervalMs = 25;
const MB = 1024 * 1024;

function startChild(maxMemoryMb: number): ChildProcess {
  const execArgv = [
    `--max-old-space-size=${maxMemoryMb}`,
    // A small young generation: a child reads one file and ends, so V8's default (up to 16 MB semi-spaces)
    // bought little speed and cost memory: with 2 MB a 110-page PDF's child peaked at 133 MB instead of 159.
    "--max-semi-space-size=2",
    ...(isSource ? ["--import", sourceLoader()] : []),
  ];
  // The child parses hostile files: it gets none of the server's environment (database URL, mail secrets).
  const env: NodeJS.ProcessEnv = { NODE_ENV: process.env.NODE_ENV ?? "production", TZ: "UTC" };
  if (process.env.VITEST) env.VITEST = process.env.VITEST;
  return fork(childPath, [], {
    execArgv,
    env,
    serialization: "advanced",
    stdio: ["ignore", "ignore", "pipe", "ipc"],
  });
}

/** The child's resident memory from /proc (Linux), or undefined where there is none. */
function residentBytes(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const match = readFileSync(`/proc/${pid}/status`, "latin1").match(/VmRSS:\s+(\d+) kB/);
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Extracts text from an upload in its own child process, killing it on timeout or when its memory runs away. */
export function extractInWorker(
  file: ExtractInput,
  opts: ExtractInWorkerOptions = {},
): Promise<WorkerExtraction> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const maxMemoryMb = opts.maxMemoryMb ?? 256;
  const maxRssGrowthMb = opts.maxRssGrowthMb ?? maxMemoryMb * 2 + 64;
  const name = quoteName(file.fileName ?? "the file");
  const t = translator(opts.locale ?? DEFAULT_LOCALE);
  const request: ChildRequest = {
    bytes: file.bytes,
    detectedType: file.detectedType,
    fileName: file.fileName ?? "the file",
  };
  if (opts.limits) request.limits = opts.limits;
  if (opts.reader) request.reader = opts.reader;
  if (opts.simulate) request.simulate = opts.simulate;

  const outOfMemory: WorkerExtraction = {
    ok: false,
    code: "out_of_memory",
    message: t("files.reading.outOfMemory", { name }),
  };

  return new Promise((resolve) => {
    let settled = false;
    let watchdog: NodeJS.Timeout | undefined;
    let baseline: number | undefined;
    let stderr = "";
    const child = startChild(maxMemoryMb);
    const settle = (result: WorkerExtraction) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(watchdog);
      child.kill("SIGKILL");
      resolve(result);
    };
    const timer = setTimeout(() => {
      settle({
        ok: false,
        code: "timeout",
        message: t("files.reading.timeout", { name, seconds: Math.round(timeoutMs / 1000) }),
      });
    }, timeoutMs);
    const overBudget = (rss: number | undefined) =>
      rss !== undefined && baseline !== undefined && rss - baseline > maxRssGrowthMb * MB;

    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (chunk: string) => {
      stderr = (stderr + chunk).slice(-4096);
    });
    let reported = false;
    child.on("message", (message: ChildMessage) => {
      if (settled) return;
      if (message.type === "result") return settle(message.result);
      if (message.type === "memory") {
        // Only where /proc cannot be read; a child too busy to report is ended by the deadline.
        if (!reported) return;
        baseline ??= message.rss;
        if (overBudget(message.rss)) settle(outOfMemory);
        return;
      }
      // Measured from here so loading the parsers is not charged to the document.
      baseline = residentBytes(child.pid);
      if (baseline === undefined) {
        reported = true;
        return;
      }
      watchdog = setInterval(() => {
        if (overBudget(residentBytes(child.pid))) settle(outOfMemory);
      }, watchdogIntervalMs);
    });
    child.once("error", (error: Error) => {
      settle({
        ok: false,
        code: "failed",
        message: t("files.reading.failed", { name, reason: error.message.slice(0, 160) }),
      });
    });
    child.once("exit", (exitCode, signal) => {
      // V8 ends a process whose heap is full with a fatal error; a SIGKILL nobody here sent is the system's
      // out-of-memory killer.
      if (/heap out of memory|Reached heap limit|Allocation failed/i.test(stderr) || signal === "SIGKILL")
        return settle(outOfMemory);
      settle({
        ok: false,
        code: "failed",
        message: t("files.reading.stopped", { name, reason: signal ?? `exit code ${exitCode}` }),
      });
    });
    child.send(request);
  });
}
