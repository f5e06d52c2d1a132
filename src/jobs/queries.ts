// The job queue's SQL. A small job queue in the database: a job is enqueued in the same transaction as the change that needs it
// (so neither exists without the other), and claimed with SKIP LOCKED so several processes can share work.
import {
  type InsertQueryBuilder,
  type InsertResult,
  type Kysely,
  type QueryCreator,
  type Selectable,
  sql,
} from "kysely";
import type { Database } from "../db/schema.js";
import type { JobKind, JobPayloads } from "./kinds.js";
import type { JobsTable } from "./tables.js";

export type Job = Selectable<JobsTable>;
/** A claimed job of one kind, its payload typed by that kind. */
export type JobOf<K extends JobKind> = Omit<Job, "kind" | "payload"> & { kind: K; payload: JobPayloads[K] };

/** A job's row: its kind, its payload as JSON, and when and how often to run it when said. */
function jobValues<K extends JobKind>(
  kind: K,
  payload: JobPayloads[K],
  options: { runAt?: Date; maxAttempts?: number },
) {
  return {
    kind,
    payload: JSON.stringify(payload),
    ...(options.runAt ? { run_at: options.runAt } : {}),
    ...(options.maxAttempts ? { max_attempts: options.maxAttempts } : {}),
  };
}

/** Adds a job; pass the change's transaction so the job commits with it. */
export async function enqueueJob<K extends JobKind>(
  db: Kysely<Database>,
  kind: K,
  payload: JobPayloads[K],
  options: { runAt?: Date; maxAttempts?: number } = {},
): Promise<number> {
  const row = await db
    .insertInto("jobs")
    .values(jobValues(kind, payload, options))
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Adds a job and, in the same statement, the row it works on (`withRow` builds the owner's INSERT, run as a
 * CTE): one round trip instead of two, as both must commit together anyway. The payload must not need
 * anything the row's INSERT returns (choose its id beforehand).
 */
export async function enqueueJobWith<K extends JobKind, T extends keyof Database>(
  db: Kysely<Database>,
  kind: K,
  payload: JobPayloads[K],
  options: { runAt?: Date; maxAttempts?: number },
  withRow: (db: QueryCreator<Database>) => InsertQueryBuilder<Database, T, InsertResult>,
): Promise<number> {
  const row = await db
    .with("job_row", withRow)
    .insertInto("jobs")
    .values(jobValues(kind, payload, options))
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Releases every unfinished job's lease (only for a queue no other process can be working on). */
export async function releaseLeases(db: Kysely<Database>): Promise<number> {
  const result = await db
    .updateTable("jobs")
    .set({ locked_until: null })
    .where("done_at", "is", null)
    .where("failed_at", "is", null)
    .where("locked_until", "is not", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Claims the next due job of the given kinds, locking it for `lockSeconds`. */
export async function claimJob(
  db: Kysely<Database>,
  kinds: string[],
  now: Date,
  lockSeconds = 300,
): Promise<Job | undefined> {
  if (kinds.length === 0) return undefined;
  const result = await sql<Job>`
    UPDATE jobs SET attempts = attempts + 1, locked_until = ${new Date(now.getTime() + lockSeconds * 1000)}
    WHERE id = (
      SELECT id FROM jobs
      WHERE done_at IS NULL AND failed_at IS NULL AND run_at <= ${now}
        AND (locked_until IS NULL OR locked_until < ${now})
        AND kind IN (${sql.join(kinds)})
      ORDER BY run_at, id
      FOR UPDATE SKIP LOCKED
      LIMIT 1
    )
    RETURNING *`.execute(db);
  return result.rows[0];
}

/** Marks a job done. */
export async function completeJob(db: Kysely<Database>, id: number, now: Date): Promise<void> {
  await db.updateTable("jobs").set({ done_at: now, locked_until: null }).where("id", "=", id).execute();
}

/** Backoff before the next attempt: 30 s, 2 min, 8 min, 32 min… capped at 6 hours. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 4 ** Math.max(0, attempts - 1), 6 * 3600_000);
}

/** Records a failed attempt: retried later with backoff, or failed for good after its last attempt. */
export async function failJob(
  db: Kysely<Database>,
  job: Job,
  error: string,
  now: Date,
): Promise<"retry" | "failed"> {
  if (job.attempts >= job.max_attempts) {
    await db
      .updateTable("jobs")
      .set({ failed_at: now, last_error: error, locked_until: null })
      .where("id", "=", job.id)
      .execute();
    return "failed";
  }
  await db
    .updateTable("jobs")
    .set({
      run_at: new Date(now.getTime() + retryDelayMs(job.attempts)),
      last_error: error,
      locked_until: null,
    })
    .where("id", "=", job.id)
    .execute();
  return "retry";
}

/** The kinds of jobs waiting to run (neither done nor failed for good). */
export async function pendingKinds(db: Kysely<Database>): Promise<string[]> {
  const rows = await db
    .selectFrom("jobs")
    .select("kind")
    .distinct()
    .where("done_at", "is", null)
    .where("failed_at", "is", null)
    .execute();
  return rows.map((r) => r.kind);
}

/** Whether a job of this kind waits to run. */
export async function hasPendingJob(db: Kysely<Database>, kind: string): Promise<boolean> {
  const row = await db
    .selectFrom("jobs")
    .select("id")
    .where("kind", "=", kind)
    .where("done_at", "is", null)
    .where("failed_at", "is", null)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Deletes jobs that finished before `doneBefore` and jobs that failed for good before `failedBefore`. */
export async function pruneJobs(
  db: Kysely<Database>,
  cutoffs: { doneBefore: Date; failedBefore: Date },
): Promise<number> {
  const result = await db
    .deleteFrom("jobs")
    .where((eb) =>
      eb.or([
        eb("done_at", "<", cutoffs.doneBefore),
        eb.and([eb("failed_at", "is not", null), eb("failed_at", "<", cutoffs.failedBefore)]),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
