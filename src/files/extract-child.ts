// Entry point of the extraction child process started by extract-worker.ts: one request in, one answer out,
// then the parent ends the process. Nothing here may trust the file: PDFs are checked for stream bombs again
// (a file stored before a check existed, or bytes that never went through inspectUpload, meet it here), and
// whatever a parser does with memory is bounded by this process's own limits, not the server's.
import { ExtractionError, extractText, preloadParser } from "./extract.js";
import type { ChildMessage, ChildRequest, WorkerExtraction } from "./extract-worker.js";
import { checkPdfStreams } from "./pdf-streams.js";
import { quoteName, refuse } from "./refusals.js";

const MB = 1024 * 1024;

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

/** Test aids, honoured only under Vitest: misbehave the way a hostile file can make a parser misbehave. */
async function simulate(kind: NonNullable<ChildRequest["simulate"]>): Promise<void> {
  if (kind === "slow") {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    return;
  }
  if (kind === "hang") {
    // A busy loop, like a parser stuck on a crafted file: only a kill from outside ends it.
    for (;;) {}
  }
  if (kind === "exhaust-native-memory") {
    // Typed arrays live outside the JavaScript heap, as pdf.js's decoded streams do: no heap cap sees them.
    const hoard: Buffer[] = [];
    for (;;) {
      hoard.push(Buffer.alloc(16 * MB, hoard.length));
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  const hoard: string[][] = [];
  for (;;) hoard.push(Array.from({ length: 100_000 }, (_, i) => `${i}-${hoard.length}`));
}

async function extract(request: ChildRequest): Promise<WorkerExtraction> {
  const bytes = Buffer.from(request.bytes.buffer, request.bytes.byteOffset, request.bytes.byteLength);
  if (request.reader === "layout") await import("./layout-text.js");
  await preloadParser(request.detectedType);
  await send({ type: "started" });
  if (request.simulate && process.env.VITEST) await simulate(request.simulate);
  if (request.detectedType === "pdf") {
    const problem = await checkPdfStreams(bytes);
    if (problem) return { ok: false, code: "failed", message: refuse(request.fileName, problem).message };
  }
  if (request.reader === "layout") {
    const { extractLayoutText } = await import("./layout-text.js");
    const text = await extractLayoutText(bytes, request.detectedType, request.fileName);
    return { ok: true, extraction: { text, html: null, language: null, warnings: [] } };
  }
  const extraction = await extractText(
    { bytes, detectedType: request.detectedType, fileName: request.fileName },
    request.limits ? { limits: request.limits } : {},
  );
  return { ok: true, extraction };
}

// The parent's death must not leave this process parsing on its own.
process.on("disconnect", () => process.exit(0));

// Resident memory, for a parent on a system without /proc to watch. A child stuck in a loop stops
// reporting; the deadline then ends it.
setInterval(() => void send({ type: "memory", rss: process.memoryUsage.rss() }), 50).unref();

process.once("message", async (request: ChildRequest) => {
  let answer: WorkerExtraction;
  try {
    answer = await extract(request);
  } catch (error) {
    answer =
      error instanceof ExtractionError
        ? { ok: false, code: error.code, message: error.message }
        : {
            ok: false,
            code: "failed",
            message: `We couldn't read the text of ${quoteName(request.fileName)} (${error instanceof Error ? error.message.slice(0, 160) : "unknown error"}).`,
          };
  }
  await send({ type: "result", result: answer });
});
