/** Messages exchanged between the server thread and the PGlite worker thread. */
export type WorkerRequest =
  | { id: number; type: "query"; sql: string; params: readonly unknown[] }
  | { id: number; type: "exec"; sql: string }
  | { id: number; type: "close" };

export type WorkerResponse =
  | { id: number; ok: true; rows: Record<string, unknown>[]; affectedRows?: number }
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
}
