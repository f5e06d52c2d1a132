// Worker threads that fingerprint a full run's batches while the main thread reads the next rows from the
// database and groups what is already hashed: on two cores, hashing and reading overlap instead of taking
// turns. Batches go to the workers in turn and come back as promises the caller awaits in order, so grouping
// sees contributions in arrival order whatever finishes first.

import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { PackedPrints, WrittenBoxes } from "./prints.js";

/** Hashing workers for a machine: every core but the main thread's, at least one, at most `limit`. */
export function defaultWorkers(limit = 2): number {
  return Math.max(1, Math.min(limit, availableParallelism() - 1));
}

/** A few fingerprinting workers; close() when done. */
export class FingerprintPool {
  private readonly workers: Worker[];
  private readonly waiting = new Map<
    number,
    { resolve: (p: PackedPrints) => void; reject: (e: unknown) => void }
  >();
  private seq = 0;

  constructor(size: number) {
    this.workers = Array.from({ length: size }, () => {
      const worker = workerFromHere();
      worker.on("message", (m: { seq: number; prints: PackedPrints }) => {
        this.waiting.get(m.seq)?.resolve(m.prints);
        this.waiting.delete(m.seq);
      });
      worker.on("error", (error) => this.failAll(error));
      worker.on("exit", (code) => {
        if (code !== 0) this.failAll(new Error(`A fingerprinting worker stopped (exit code ${code}).`));
      });
      return worker;
    });
  }

  /** Fingerprints one batch (each contribution as its boxes' texts) on the next worker. */
  print(batch: readonly WrittenBoxes[]): Promise<PackedPrints> {
    const seq = this.seq++;
    const worker = this.workers[seq % this.workers.length]!;
    return new Promise((resolve, reject) => {
      this.waiting.set(seq, { resolve, reject });
      worker.postMessage({ seq, batch });
    });
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    const workers = this.workers.splice(0);
    await Promise.all(workers.map((w) => w.terminate()));
  }

  private failAll(error: unknown): void {
    for (const { reject } of this.waiting.values()) reject(error);
    this.waiting.clear();
  }
}

/**
 * The worker script beside this module: built, the .js; from source (tests, the benchmark under tsx), the .ts,
 * loaded after registering tsx's loader in the worker (a worker does not inherit the parent's).
 */
function workerFromHere(): Worker {
  if (!import.meta.url.endsWith(".ts"))
    return new Worker(new URL("./fingerprint-worker.js", import.meta.url));
  const script = new URL("./fingerprint-worker.ts", import.meta.url).href;
  // The ES module entry (require.resolve names the CommonJS one, whose register() cannot load in a worker).
  const api = createRequire(import.meta.url)
    .resolve("tsx/esm/api")
    .replace(/\.cjs$/, ".mjs");
  const tsx = pathToFileURL(api).href;
  return new Worker(
    `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(script)}); });`,
    { eval: true },
  );
}
