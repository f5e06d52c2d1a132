// The embedded default keeps its own backups: a server started on a data folder registers the daily backup
// job and takes its first backup at once (then one a day), without anyone running `intersession backup`.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../db/database.js";
import { startCli } from "../test-support/cli.js";
import { listBackups } from "./backup.js";

describe("the embedded server's own backups", () => {
  it("takes a first backup at start and schedules the next for the day after", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "intersession-first-backup-"));
    const server = startCli(["serve", "--port", "0", "--no-demo", "--data", dataDir], {
      DATABASE_URL: "",
      BACKUP_RETENTION_DAYS: "3",
    });
    const backups = join(dataDir, "backups");
    const end = Date.now() + 240_000;
    let kept: Awaited<ReturnType<typeof listBackups>> = [];
    while (Date.now() < end && kept.length === 0 && server.child.exitCode === null) {
      await new Promise((r) => setTimeout(r, 250));
      kept = await listBackups(backups);
    }
    const startedAt = Date.now();
    server.child.kill("SIGTERM");
    const result = await server.done;
    expect(
      kept.map((b) => b.path.startsWith(backups)),
      result.stderr,
    ).toEqual([true]);
    expect(Math.abs(startedAt - (kept[0]?.createdAt.getTime() ?? 0))).toBeLessThan(240_000);

    const database = await openDatabase({ dataDir });
    try {
      const jobs = await database.db
        .selectFrom("jobs")
        .select(["run_at", "done_at"])
        .where("kind", "=", "backup.daily")
        .orderBy("id")
        .execute();
      // The first run is done; the next waits a day.
      expect(jobs.filter((j) => j.done_at)).toHaveLength(1);
      const next = jobs.filter((j) => !j.done_at);
      expect(next).toHaveLength(1);
      const hoursAhead = ((next[0]?.run_at.getTime() ?? 0) - Date.now()) / 3600_000;
      expect(hoursAhead).toBeGreaterThan(23);
      expect(hoursAhead).toBeLessThan(24.1);
    } finally {
      await database.close();
    }
  }, 300_000);
});
