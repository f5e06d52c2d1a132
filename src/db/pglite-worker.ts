// Runs PGlite on its own thread: PGlite executes queries synchronously inside WASM, and a slow query on the
// HTTP server's thread would freeze every other request.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { unaccent } from "@electric-sql/pglite/contrib/unaccent";
import type { SerializedDbError, WorkerInit, WorkerRequest, WorkerResponse } from "./pglite-protocol.js";
import { memorySettings } from "./pglite-settings.js";
import { pgliteParsers } from "./types.js";

const init = workerData as WorkerInit;
const port = parentPort;
if (!port) throw new Error("pglite-worker must run as a worker thread");

const db = await PGlite.create({
  dataDir: init.dataDir === "memory://" ? undefined : init.dataDir,
  loadDataDir: init.loadDataDir ? new Blob([init.loadDataDir as Uint8Array<ArrayBuffer>]) : undefined,
  extensions: { pg_trgm, unaccent },
  parsers: pgliteParsers,
  postgresqlconf: memorySettings,
});
await db.exec("SET TIME ZONE 'UTC'");
collectGarbage();

/**
 * Where this thread runs initdb itself (an in-memory database, a restore from a snapshot; a new data folder is
 * created in a child process instead, see pglite-initdb.ts), initdb's WebAssembly instance (about 400 MB
 * resident) is freed only when this thread's heap is next collected, and an idle worker may not collect for
 * hours: the embedded default then sat at 806-858 MB instead of about 410 MB at rest after a fresh start. One
 * full collection once PGlite is open releases it. `gc` is reachable only with --expose-gc, set here for this
 * one call.
 */
function collectGarbage(): void {
  try {
    setFlagsFromString("--expose-gc");
    (runInNewContext("gc") as () => void)();
  } catch {
    // A Node that does not allow it: the memory is freed at the next collection instead.
  }
}

function serializeError(error: unknown): SerializedDbError {
  const e = error as Record<string, unknown>;
  const pick = (k: string) => (typeof e[k] === "string" ? (e[k] as string) : undefined);
  return {
    message: error instanceof Error ? error.message : String(error),
    code: pick("code"),
    detail: pick("detail"),
    constraint: pick("constraint"),
    table: pick("table"),
    column: pick("column"),
  };
}

// Requests run strictly one after another: the driver on the other side already hands out a single
// connection at a time, so order here is the order the server asked in.
let chain: Promise<void> = Promise.resolve();
port.on("message", (request: WorkerRequest) => {
  chain = chain.then(async () => {
    let response: WorkerResponse;
    try {
      if (request.type === "close") {
        await db.close();
        response = { id: request.id, ok: true, rows: [] };
      } else if (request.type === "dump") {
        // The checkpoint writes every committed page to the files, so the snapshot needs no WAL replay.
        await db.exec("CHECKPOINT");
        const snapshot = await db.dumpDataDir("gzip");
        response = {
          id: request.id,
          ok: true,
          rows: [],
          bytes: new Uint8Array(await snapshot.arrayBuffer()),
        };
      } else if (request.type === "exec") {
        await db.exec(request.sql);
        response = { id: request.id, ok: true, rows: [] };
      } else {
        const result = await db.query<Record<string, unknown>>(request.sql, request.params as unknown[]);
        response = { id: request.id, ok: true, rows: result.rows, affectedRows: result.affectedRows };
      }
    } catch (error) {
      response = { id: request.id, ok: false, error: serializeError(error) };
    }
    port.postMessage(response, response.ok && response.bytes ? [response.bytes.buffer as ArrayBuffer] : []);
  });
});
port.postMessage({ id: 0, ok: true, rows: [] } satisfies WorkerResponse);
