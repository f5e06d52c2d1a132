// Entry point of the worker thread that checks uploaded PDFs for stream bombs (pdf-check.ts starts it): the
// decoding is CPU work, and on the server's own thread it would hold up every other request while it ran.
import { parentPort } from "node:worker_threads";
import type { CheckReply, CheckRequest } from "./pdf-check.js";
import { checkPdfStreams } from "./pdf-streams.js";

const port = parentPort;
if (!port) throw new Error("pdf-check-thread must run as a worker thread");

port.on("message", async ({ id, bytes }: CheckRequest) => {
  const problem = await checkPdfStreams(bytes);
  port.postMessage({ id, problem } satisfies CheckReply);
});
