// Entry point of the extraction worker thread started by extract-worker.ts: one request in, one answer out.
import { parentPort, workerData } from "node:worker_threads";
import { ExtractionError, extractText, preloadParser } from "./extract.js";
import type { ThreadMessage, ThreadRequest, WorkerExtraction } from "./extract-worker.js";

const port = parentPort;
if (!port) throw new Error("extract-thread must run as a worker thread");
const request = workerData as ThreadRequest;

function simulate(kind: NonNullable<ThreadRequest["simulate"]>): void {
  if (kind === "hang") {
    // A busy loop, like a parser stuck on a crafted file: only termination from outside ends it.
    for (;;) {}
  }
  const hoard: string[][] = [];
  for (;;) hoard.push(Array.from({ length: 100_000 }, (_, i) => `${i}-${hoard.length}`));
}

let answer: WorkerExtraction;
try {
  if (request.reader === "layout") {
    const { extractLayoutText } = await import("./layout-text.js");
    await preloadParser(request.detectedType);
    port.postMessage({ type: "started" } satisfies ThreadMessage);
    if (request.simulate && process.env.VITEST) simulate(request.simulate);
    const text = await extractLayoutText(Buffer.from(request.bytes), request.detectedType, request.fileName);
    answer = { ok: true, extraction: { text, html: null, language: null, warnings: [] } };
  } else {
    await preloadParser(request.detectedType);
    port.postMessage({ type: "started" } satisfies ThreadMessage);
    if (request.simulate && process.env.VITEST) simulate(request.simulate);
    const extraction = await extractText(
      { bytes: request.bytes, detectedType: request.detectedType, fileName: request.fileName },
      request.limits ? { limits: request.limits } : {},
    );
    answer = { ok: true, extraction };
  }
} catch (error) {
  answer =
    error instanceof ExtractionError
      ? { ok: false, code: error.code, message: error.message }
      : {
          ok: false,
          code: "failed",
          message: `We couldn't read the text of “${request.fileName}” (${error instanceof Error ? error.message.slice(0, 160) : "unknown error"}).`,
        };
}
port.postMessage({ type: "result", result: answer } satisfies ThreadMessage);
