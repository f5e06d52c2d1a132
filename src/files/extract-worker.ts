// Runs one extraction on a fresh worker thread with a heap cap, a memory watchdog and a deadline. Parsers are
// large, fed hostile input, and (pdf.js especially) can loop or allocate without bound on a crafted file; on
// the server's own thread that would stall every request. One thread per file costs a start-up but means a
// crash, a leak or a kill never touches the next file.
import { Worker } from "node:worker_threads";
import type { ExtractInput, Extraction } from "./extract.js";
import type { UploadLimits } from "./limits.js";
import { quoteName } from "./refusals.js";

export type WorkerFailureCode = "timeout" | "out_of_memory" | "failed" | "encrypted";

export type WorkerExtraction =
  | { ok: true; extraction: Extraction }
  | { ok: false; code: WorkerFailureCode; message: string };

export interface ExtractInWorkerOptions {
  timeoutMs?: number;
  /** Cap on the worker's JavaScript heap (old generation), enforced by V8. */
  maxMemoryMb?: number;
  /**
   * Cap on the process's resident memory growth while the extraction runs (default 2 x maxMemoryMb + 64).
   * The heap cap does not see typed arrays, where pdf.js inflates streams, so this watchdog is what stops a
   * PDF whose 1 MB content stream inflates to gigabytes.
   */
  maxRssGrowthMb?: number;
  limits?: UploadLimits;
  /**
   * "document" (default): text, sanitised HTML and language, as extract.ts reads them. "layout": plain text
   * with the original lines and pages kept (layout-text.ts), for parsers that work on the page layout.
   */
  reader?: "document" | "layout";
  /** Test aid, honoured only under Vitest: make the thread spin or allocate instead of extracting. */
  simulate?: "hang" | "exhaust-memory";
}

/** What the main thread hands the extraction thread. */
export interface ThreadRequest {
  bytes: Uint8Array;
  detectedType: ExtractInput["detectedType"];
  fileName: string;
  limits?: UploadLimits;
  reader?: ExtractInWorkerOptions["reader"];
  simulate?: ExtractInWorkerOptions["simulate"];
}

/** What the extraction thread sends back: once when its modules are loaded, once with the result. */
export type ThreadMessage = { type: "started" } | { type: "result"; result: WorkerExtraction };

const isSource = import.meta.url.endsWith(".ts");
const threadUrl = new URL(isSource ? "./extract-thread.ts" : "./extract-thread.js", import.meta.url);
const watchdogIntervalMs = 50;
const MB = 1024 * 1024;

function startThread(workerData: ThreadRequest, transfer: ArrayBuffer, maxMemoryMb: number): Worker {
  const resourceLimits = {
    maxOldGenerationSizeMb: maxMemoryMb,
    maxYoungGenerationSizeMb: Math.min(32, Math.max(4, Math.floor(maxMemoryMb / 8))),
  };
  const options = { workerData, transferList: [transfer], resourceLimits };
  // Under Vitest the code runs from .ts sources, which a worker cannot load without tsx's loader.
  return isSource
    ? new Worker(
        `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(threadUrl.href)}); })`,
        { ...options, eval: true },
      )
    : new Worker(threadUrl, options);
}

/** Extracts text from an upload on its own worker thread, stopping it on timeout or when memory runs away. */
export function extractInWorker(
  file: ExtractInput,
  opts: ExtractInWorkerOptions = {},
): Promise<WorkerExtraction> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const maxMemoryMb = opts.maxMemoryMb ?? 256;
  const maxRssGrowthMb = opts.maxRssGrowthMb ?? maxMemoryMb * 2 + 64;
  const name = quoteName(file.fileName ?? "the file");
  // Copied so the transfer never detaches the caller's buffer.
  const bytes = new Uint8Array(file.bytes);
  const request: ThreadRequest = {
    bytes,
    detectedType: file.detectedType,
    fileName: file.fileName ?? "the file",
  };
  if (opts.limits) request.limits = opts.limits;
  if (opts.reader) request.reader = opts.reader;
  if (opts.simulate) request.simulate = opts.simulate;

  const outOfMemory: WorkerExtraction = {
    ok: false,
    code: "out_of_memory",
    message: `Reading ${name} needed more memory than one document is allowed, so it was stopped. Please try a smaller or simpler version of the file.`,
  };

  return new Promise((resolve) => {
    let settled = false;
    let watchdog: NodeJS.Timeout | undefined;
    const worker = startThread(request, bytes.buffer, maxMemoryMb);
    const settle = (result: WorkerExtraction) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(watchdog);
      void worker.terminate();
      resolve(result);
    };
    const timer = setTimeout(() => {
      settle({
        ok: false,
        code: "timeout",
        message: `Reading ${name} took longer than ${Math.round(timeoutMs / 1000)} seconds, so it was stopped. The file may be unusually complex; please try exporting it again (for example as PDF) and upload the new copy.`,
      });
    }, timeoutMs);

    worker.on("message", (message: ThreadMessage) => {
      if (message.type === "result") return settle(message.result);
      // A late "started" after a timeout must not leave a watchdog ticking forever.
      if (settled) return;
      // Measured from here so loading the parsers is not charged to the document. Resident memory is the
      // whole process's: extractions running side by side share (and may exhaust) one budget.
      const baseline = process.memoryUsage.rss();
      watchdog = setInterval(() => {
        if (process.memoryUsage.rss() - baseline > maxRssGrowthMb * MB) settle(outOfMemory);
      }, watchdogIntervalMs);
    });
    worker.once("error", (error: Error & { code?: string }) => {
      if (error.code === "ERR_WORKER_OUT_OF_MEMORY") return settle(outOfMemory);
      settle({
        ok: false,
        code: "failed",
        message: `We couldn't read the text of ${name} (${error.message.slice(0, 160)}).`,
      });
    });
    worker.once("exit", (exitCode) => {
      settle({
        ok: false,
        code: "failed",
        message: `We couldn't read the text of ${name}: the reader stopped unexpectedly (exit code ${exitCode}).`,
      });
    });
  });
}
