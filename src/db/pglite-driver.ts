// A Kysely driver whose connection is a PGlite instance running in a worker thread.
import { Worker } from "node:worker_threads";
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  type TransactionSettings,
} from "kysely";
import type { SerializedDbError, WorkerRequest, WorkerResponse } from "./pglite-protocol.js";

/** An error raised by PGlite, with PostgreSQL's SQLSTATE in `code` like node-postgres errors. */
export class PgliteError extends Error {
  readonly code?: string;
  readonly detail?: string;
  readonly constraint?: string;
  readonly table?: string;
  readonly column?: string;
  constructor(e: SerializedDbError) {
    super(e.message);
    this.name = "PgliteError";
    this.code = e.code;
    this.detail = e.detail;
    this.constraint = e.constraint;
    this.table = e.table;
    this.column = e.column;
  }
}

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

/**
 * The database thread's JavaScript does little: it passes statements to PGlite and rows back. V8 still gave
 * its young generation the server's default (two 16 MB semi-spaces, resident once used); 4 MB semi-spaces
 * hold a page of rows many times over. PGlite's own memory is WebAssembly memory, outside these limits.
 */
const pgliteThreadLimits = { maxYoungGenerationSizeMb: 12 };

type Pending = { resolve: (r: WorkerResponse & { ok: true }) => void; reject: (e: Error) => void };

/** The worker thread and its request/response bookkeeping. */
export class PgliteWorkerClient {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  readonly ready: Promise<void>;
  private closed = false;

  constructor(dataDir: string, loadDataDir?: Uint8Array) {
    const isSource = import.meta.url.endsWith(".ts");
    const url = new URL(isSource ? "./pglite-worker.ts" : "./pglite-worker.js", import.meta.url);
    const options = { workerData: { dataDir, loadDataDir }, resourceLimits: pgliteThreadLimits };
    this.worker = isSource
      ? // From TypeScript sources (tests, development) the worker needs tsx's loader; the built code does not.
        new Worker(
          `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); })`,
          { ...options, eval: true },
        )
      : new Worker(url, options);
    this.ready = new Promise((resolve, reject) => {
      const onFirst = (message: WorkerResponse) => {
        if (message.id === 0) {
          this.worker.off("error", onError);
          this.worker.on("message", (m: WorkerResponse) => this.settle(m));
          resolve();
        }
      };
      const onError = (error: Error) => reject(error);
      this.worker.once("message", onFirst);
      this.worker.once("error", onError);
    });
    this.worker.on("error", (error) => this.failAll(error));
    this.worker.on("exit", (code) => {
      if (!this.closed)
        this.failAll(new Error(`The embedded database stopped unexpectedly (exit code ${code}).`));
    });
  }

  private settle(message: WorkerResponse): void {
    const entry = this.pending.get(message.id);
    if (!entry) return;
    this.pending.delete(message.id);
    if (message.ok) entry.resolve(message);
    else entry.reject(new PgliteError(message.error));
  }

  private failAll(error: Error): void {
    for (const entry of this.pending.values()) entry.reject(error);
    this.pending.clear();
  }

  /** Sends one request to the worker and waits for its answer. */
  request(req: DistributiveOmit<WorkerRequest, "id">): Promise<WorkerResponse & { ok: true }> {
    if (this.closed) return Promise.reject(new Error("The embedded database is closed."));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...req, id } as WorkerRequest);
    });
  }

  /** Closes PGlite cleanly (flushing its files), then ends the thread. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.request({ type: "close" }).catch(() => undefined);
    this.closed = true;
    await this.worker.terminate();
  }
}

class PgliteConnection implements DatabaseConnection {
  constructor(private readonly client: PgliteWorkerClient) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.client.request({
      type: "query",
      sql: compiled.sql,
      params: compiled.parameters,
    });
    const affected = result.affectedRows;
    return {
      rows: result.rows as R[],
      numAffectedRows: affected === undefined ? undefined : BigInt(affected),
    };
  }

  // biome-ignore lint/correctness/useYield: streaming is not offered by PGlite; Kysely requires the method.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error("Streaming queries are not supported on the embedded database.");
  }
}

/**
 * PGlite has one session: the driver hands out its single connection to one caller at a time, so a
 * transaction is never interleaved with another caller's statements.
 */
export class PgliteDriver implements Driver {
  private readonly connection: PgliteConnection;
  private queue: Array<() => void> = [];
  private busy = false;

  constructor(private readonly client: PgliteWorkerClient) {
    this.connection = new PgliteConnection(client);
  }

  async init(): Promise<void> {
    await this.client.ready;
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    if (this.busy) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.busy = true;
    return this.connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const level = settings.isolationLevel ? ` ISOLATION LEVEL ${settings.isolationLevel.toUpperCase()}` : "";
    await connection.executeQuery(CompiledQuery.raw(`BEGIN${level}`));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("COMMIT"));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("ROLLBACK"));
  }

  async releaseConnection(): Promise<void> {
    const next = this.queue.shift();
    if (next) next();
    else this.busy = false;
  }

  async destroy(): Promise<void> {
    await this.client.close();
  }
}
