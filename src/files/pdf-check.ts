// Runs the PDF stream check (pdf-streams.ts) on one long-lived worker thread, started on first use, so the
// server's event loop stays free while a bomb is decoded and counted. The check's memory is bounded by its
// own caps; a deadline and a restart cover the unexpected.
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
  worker ??= startWorker();
  // A check in flight keeps the process alive; an idle checker must not.
  worker.ref();
  worker.postMessage({ id, bytes: request.bytes } satisfies CheckRequest);
}

function finish(id: number, request: Pending, problem: Problem | undefined): void {
  pending.delete(id);
  clearTimeout(request.timer);
  if (pending.size === 0) worker?.unref();
  request.resolve(problem);
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
