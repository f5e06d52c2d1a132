// PGlite allows one process per data folder; a second one would corrupt it. The lock file names its holder
// so that the person who sees the refusal knows which process to stop.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { join, resolve } from "node:path";

const LOCK_NAME = "intersession.lock";

interface LockRecord {
  pid: number;
  hostname: string;
  started_at: string;
}

/** Raised when another live process holds the data folder. */
export class DataFolderLockedError extends Error {
  constructor(
    readonly folder: string,
    readonly holder: LockRecord,
  ) {
    super(
      `The data folder ${folder} is in use by another Intersession process (pid ${holder.pid} on ${holder.hostname}, ` +
        `started ${holder.started_at}). Stop that process, or start this one with another folder: --data DIR.`,
    );
    this.name = "DataFolderLockedError";
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM means the process exists but belongs to someone else: still alive.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readLock(path: string): LockRecord | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, "utf8")) as Partial<LockRecord>;
    if (typeof parsed.pid === "number" && typeof parsed.hostname === "string") return parsed as LockRecord;
  } catch {
    // A half-written or unreadable lock is treated as stale below.
  }
  return undefined;
}

/** Takes the data folder's lock, taking over a stale one; returns a function that releases it. */
export function acquireDataFolderLock(folder: string): () => void {
  const dir = resolve(folder);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LOCK_NAME);
  const record: LockRecord = { pid: process.pid, hostname: hostname(), started_at: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, JSON.stringify(record));
      closeSync(fd);
      return () => {
        const current = readLock(path);
        if (current?.pid === process.pid) rmSync(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = readLock(path);
      const sameHost = holder?.hostname === record.hostname;
      if (holder && (!sameHost || isAlive(holder.pid))) {
        throw new DataFolderLockedError(dir, holder);
      }
      // The holder was killed without releasing the lock (or the file is unreadable): take it over.
      rmSync(path, { force: true });
    }
  }
  throw new Error(`Could not take the lock on ${dir}: another process keeps recreating ${LOCK_NAME}.`);
}
