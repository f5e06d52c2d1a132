// A hashing worker for a full detection run (pool.ts): fingerprints each batch it is sent and sends it back,
// its typed arrays moved rather than copied.
import { parentPort } from "node:worker_threads";
import { packPrints, type WrittenBoxes } from "./prints.js";

parentPort?.on("message", (message: { seq: number; batch: WrittenBoxes[] }) => {
  const prints = packPrints(message.batch);
  parentPort?.postMessage({ seq: message.seq, prints }, [
    prints.boxes.buffer,
    prints.parts.buffer,
    prints.banded.buffer,
    prints.words.buffer,
    prints.signatures.buffer,
    prints.keys.buffer,
  ] as ArrayBuffer[]);
});
