// PGlite allows one process per data folder; a second one would corrupt it. The lock file names its holder
// so that the person who sees the refusal knows which process to stop. The holder touches the file every
// few seconds; a lock whose holder is gone (killed, or a container that restarted under a new host name or
// with the same pid) is recognised and taken over.
import { linkSync, mkdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join, resolve } from "node:path";

const LOCK_NAME = "intersession.lock";
/** How often the holder touches the lock file. */
const HEARTBEAT_MS = 10_000;
/** A lock untouched for this long has no live holder, whatever its pid and host say. */
const STALE_AFTER_MS = 90_000;
/** Locks this process holds: a second acquire in the same process is refused, not mistaken for stale. */
const heldHere = new Set<string>();

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

function lastTouched(path: string): number | undefined {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

/** Whether the recorded holder may still be running; when unsure, it is. */
function holderIsLive(path: string, holder: LockRecord, now: number): boolean {
  if (heldHere.has(path)) return true;
  const touched = lastTouched(path);
  if (touched !== undefined && now - touched > STALE_AFTER_MS) return false;
  if (holder.hostname !== hostname()) return true;
  // Our own pid in a lock we do not hold: a previous life of this container, restarted with the same pid.
  if (holder.pid === process.pid) return false;
  return isAlive(holder.pid);
}

/** Takes the data folder's lock, taking over a stale one; returns a function that releases it. */
export function acquireDataFolderLock(folder: string): () => void {
  const dir = resolve(folder);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LOCK_NAME);
  const record: LockRecord = { pid: process.pid, hostname: hostname(), started_at: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    // Written whole to a private file, then linked into place: another process never reads a half-written
    // lock, and link() fails if the lock exists, atomically.
    const draft = join(dir, `${LOCK_NAME}.${process.pid}.${Date.now()}.tmp`);
    writeFileSync(draft, JSON.stringify(record));
    try {
      linkSync(draft, path);
      heldHere.add(path);
      const heartbeat = setInterval(() => {
        try {
          const at = new Date();
          utimesSync(path, at, at);
        } catch {
          // The folder went away; the database will report it.
        }
      }, HEARTBEAT_MS);
      heartbeat.unref();
      return () => {
        clearInterval(heartbeat);
        heldHere.delete(path);
        const current = readLock(path);
        if (current?.pid === process.pid && current.started_at === record.started_at)
          rmSync(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = readLock(path);
      if (holder && holderIsLive(path, holder, Date.now())) throw new DataFolderLockedError(dir, holder);
      // The holder is gone without releasing the lock (or the file is unreadable): take it over.
      rmSync(path, { force: true });
    } finally {
      rmSync(draft, { force: true });
    }
  }
  throw new Error(`Could not take the lock on ${dir}: another process keeps recreating ${LOCK_NAME}.`);
}
