// The embedded default's daily backup, a recurring job: PostgreSQL has its own tools and its administrators'
// schedules, but a forum run from a data folder on a laptop has no one else to keep a copy.
import type { AppServices } from "../server/app.js";
import { dailyBackup } from "./backup.js";

declare module "../jobs/kinds.js" {
  interface JobPayloads {
    "backup.daily": Record<string, never>;
  }
}

const DAY_MS = 24 * 3600_000;

/** Registers the daily backup on the embedded database, unless its retention is 0. */
export function registerBackupJobs(services: AppServices): void {
  const { jobs, database, config, clock } = services;
  // An in-memory database (tests) has nothing to keep.
  if (database.engine !== "pglite" || database.location === "memory") return;
  if (config.backupRetentionDays === 0 || !database.snapshot) return;
  jobs.register(
    "backup.daily",
    async () => {
      await dailyBackup({
        database,
        dataDir: config.dataDir,
        retentionDays: config.backupRetentionDays,
        now: clock(),
      });
    },
    { next: (now) => new Date(now.getTime() + DAY_MS) },
  );
}
