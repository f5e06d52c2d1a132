// Runs the PDF stream check (pdf-streams.ts) on a worker thread, started on first use and ended after a quiet
// minute, so the server's event loop stays free while a bomb is decoded and counted. The check's memory is
// bounded by its own caps; a deadline and a restart cover the unexpected.
import { Worker } from "node:worker_threads";
import type { Problem } from "./refusals.js";

/** What the server sends the checking thread. */
export interface CheckRequest {
  id: number;
  bytes: Uint8Array;
}

/** What the checking thread answers. */
export interface CheckReply {
  id: number;
  problem: Problem | undefined;
}

interface Pending {
  bytes: Uint8Array;
  attempts: number;
  resolve: (problem: Problem | undefined) => void;
  timer: NodeJS.Timeout;
}

const isSource = import.meta.url.endsWith(".ts");
const threadUrl = new URL(isSource ? "./pdf-check-thread.ts" : "./pdf-check-thread.js", import.meta.url);
/** Far beyond what the caps allow a check to take; reaching it means the file is built to be slow. */
const deadlineMs = 30_000;
const tooSlow: Problem = {
  code: "zip_bomb",
  detail: "its structure is built in a way that would take too long to check",
};

/**
 * A thread costs about 10-20 MB resident while it lives (its own V8 heap and code, and what the C allocator
 * keeps of the buffers it decoded), for a check a forum needs a few times a day: after this long without one
 * it ends, and the next upload starts a new thread (about 50 ms).
 */
let idleMs = 60_000;
let idleTimer: NodeJS.Timeout | undefined;

let worker: Worker | undefined;
const pending = new Map<number, Pending>();
let nextId = 0;

function startWorker(): Worker {
  const options = { resourceLimits: { maxOldGenerationSizeMb: 256 } };
  // Under Vitest and tsx the code runs from .ts sources, which a worker cannot load without tsx's loader.
  const started = isSource
    ? new Worker(
        `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(threadUrl.href)}); })`,
        { ...options, eval: true },
      )
    : new Worker(threadUrl, options);
  started.on("message", ({ id, problem }: CheckReply) => {
    const request = pending.get(id);
    if (!request) return;
    finish(id, request, problem);
  });
  const restart = () => {
    if (worker !== started) return;
    worker = undefined;
    // Whatever was in flight is sent again to a fresh thread; a file in flight at two failures is refused.
    for (const [id, request] of pending) {
      if (++request.attempts >= 2) finish(id, request, tooSlow);
      else send(id, request);
    }
  };
  started.once("error", restart);
  started.once("exit", restart);
  return started;
}

function send(id: number, request: Pending): void {
  clearTimeout(idleTimer);
  worker ??= startWorker();
  // A check in flight keeps the process alive; an idle checker must not.
  worker.ref();
  worker.postMessage({ id, bytes: request.bytes } satisfies CheckRequest);
}

function finish(id: number, request: Pending, problem: Problem | undefined): void {
  pending.delete(id);
  clearTimeout(request.timer);
  if (pending.size === 0) {
    worker?.unref();
    clearTimeout(idleTimer);
    idleTimer = setTimeout(endIdleWorker, idleMs);
    idleTimer.unref();
  }
  request.resolve(problem);
}

function endIdleWorker(): void {
  if (pending.size > 0 || !worker) return;
  const ending = worker;
  worker = undefined;
  void ending.terminate();
}

/** Whether the checking thread is running (for tests). */
export function isPdfCheckThreadRunning(): boolean {
  return worker !== undefined;
}

/** How long the checking thread waits for the next PDF before it ends (for tests). */
export function setPdfCheckIdleMs(ms: number): void {
  idleMs = ms;
}

/** Checks a PDF's streams off the server's thread; a problem means refuse the file. */
export function checkPdfUpload(bytes: Uint8Array): Promise<Problem | undefined> {
  return new Promise((resolve) => {
    const id = nextId++;
    const timer = setTimeout(() => {
      const request = pending.get(id);
      if (request) finish(id, request, tooSlow);
      // The thread may be stuck on this file: start afresh, resending the others.
      void worker?.terminate();
    }, deadlineMs);
    // A copy of just these bytes: posting a view clones its whole underlying buffer.
    const request: Pending = { bytes: new Uint8Array(bytes), attempts: 0, resolve, timer };
    pending.set(id, request);
    send(id, request);
  });
}
