import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { acquireDataFolderLock, DataFolderLockedError } from "./data-lock.js";

const freshFolder = () => mkdtempSync(join(tmpdir(), "intersession-lock-"));

describe("data folder lock", () => {
  it("refuses a second holder and names the folder and the holding process", () => {
    const folder = freshFolder();
    const release = acquireDataFolderLock(folder);
    try {
      expect(() => acquireDataFolderLock(folder)).toThrow(DataFolderLockedError);
      try {
        acquireDataFolderLock(folder);
      } catch (error) {
        expect((error as Error).message).toContain(folder);
        expect((error as Error).message).toContain(`pid ${process.pid}`);
      }
    } finally {
      release();
    }
    expect(existsSync(join(folder, "intersession.lock"))).toBe(false);
  });

  it("takes over the lock of a process that was killed", async () => {
    const folder = freshFolder();
    // A real process takes the lock and is then killed with SIGKILL, so it never releases it.
    const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
    await new Promise((resolve) => child.once("spawn", resolve));
    writeFileSync(
      join(folder, "intersession.lock"),
      JSON.stringify({ pid: child.pid, hostname: hostname(), started_at: new Date().toISOString() }),
    );
    expect(() => acquireDataFolderLock(folder)).toThrow(DataFolderLockedError);
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    const release = acquireDataFolderLock(folder);
    expect(JSON.parse(readFileSync(join(folder, "intersession.lock"), "utf8")).pid).toBe(process.pid);
    release();
  });

  it("treats an unreadable lock file as stale", () => {
    const folder = freshFolder();
    writeFileSync(join(folder, "intersession.lock"), "{half-writ");
    const release = acquireDataFolderLock(folder);
    release();
  });

  it("takes over a lock left by a container that restarted under a new host name, once it goes quiet", async () => {
    const folder = freshFolder();
    const lock = join(folder, "intersession.lock");
    const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
    await new Promise((resolve) => child.once("spawn", resolve));
    try {
      // Another host's holder that touched the lock a moment ago: assumed alive.
      writeFileSync(
        lock,
        JSON.stringify({ pid: child.pid, hostname: "old-container", started_at: new Date().toISOString() }),
      );
      expect(() => acquireDataFolderLock(folder)).toThrow(/old-container/);
      // Untouched for ten minutes: no holder keeps it fresh, so it is stale whatever the pid and host say.
      const tenMinutesAgo = new Date(Date.now() - 600_000);
      utimesSync(lock, tenMinutesAgo, tenMinutesAgo);
      const release = acquireDataFolderLock(folder);
      expect(JSON.parse(readFileSync(lock, "utf8")).hostname).toBe(hostname());
      release();
    } finally {
      child.kill("SIGKILL");
    }
  });

  it("takes over a lock naming its own pid that it does not hold (a restart with the same pid)", () => {
    const folder = freshFolder();
    writeFileSync(
      join(folder, "intersession.lock"),
      JSON.stringify({ pid: process.pid, hostname: hostname(), started_at: "2026-01-01T00:00:00.000Z" }),
    );
    const release = acquireDataFolderLock(folder);
    expect(() => acquireDataFolderLock(folder)).toThrow(DataFolderLockedError);
    release();
    expect(existsSync(join(folder, "intersession.lock"))).toBe(false);
  });
});
