// The PostgreSQL settings every PGlite instance of the embedded default starts with: the worker thread that
// serves the database (pglite-worker.ts) and the child process that creates a new data folder
// (pglite-initdb-child.ts), so a folder is written by the same configuration it is later served with.

/**
 * Memory settings for a small forum on a laptop. PostgreSQL zeroes its whole buffer pool when it starts, and
 * WebAssembly memory never shrinks, so PGlite's defaults (shared_buffers 128 MB, maintenance_work_mem 64 MB)
 * cost their full size for the life of the process. Measured by reopening a data folder in a bare Node
 * process: resident memory at rest 304-323 MB with the defaults, 187-191 MB with these (168-176 MB with 16 MB
 * of buffers). The 32 MB pool still holds a small forum's hot pages; what it does not hold is read again from
 * the operating system's file cache. PGlite writes these lines to the data folder's postgresql.auto.conf at
 * every start.
 */
export const memorySettings = [
  "shared_buffers = 32MB",
  "maintenance_work_mem = 16MB",
  "temp_buffers = 2MB",
  "wal_buffers = 1MB",
];
