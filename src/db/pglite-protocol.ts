/** Messages exchanged between the server thread and the PGlite worker thread. */
export type WorkerRequest =
  | { id: number; type: "query"; sql: string; params: readonly unknown[] }
  | { id: number; type: "exec"; sql: string }
  /** A consistent snapshot of the data folder: a checkpoint, then PGlite's own gzipped tar of it. */
  | { id: number; type: "dump" }
  | { id: number; type: "close" };

export type WorkerResponse =
  | { id: number; ok: true; rows: Record<string, unknown>[]; affectedRows?: number; bytes?: Uint8Array }
  | { id: number; ok: false; error: SerializedDbError };

/** A database error carried across the thread boundary, keeping PostgreSQL's fields. */
export interface SerializedDbError {
  message: string;
  code?: string;
  detail?: string;
  constraint?: string;
  table?: string;
  column?: string;
}

export interface WorkerInit {
  dataDir: string;
  /** A snapshot (from "dump") to fill an empty data folder with: a restore. */
  loadDataDir?: Uint8Array;
}
