// Runs queued jobs in the server process. Each kind of job has its own lane (one poller per unit of its
// concurrency), so a slow kind never holds up another: a 30 s text extraction does not delay the mail.
// A recurring kind is re-scheduled by the runner after every run, successful or failed for good, and
// re-seeded at start, so it cannot stop for good after a bad night.
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import type { JobKind } from "./kinds.js";
import {
  claimJob,
  completeJob,
  enqueueJob,
  failJob,
  hasPendingJob,
  type Job,
  type JobOf,
  pendingKinds,
  pruneJobs,
  releaseLeases,
} from "./queries.js";

export type JobHandler<K extends JobKind = JobKind> = (job: JobOf<K>) => Promise<void>;

export interface JobKindOptions {
  /** How many jobs of this kind may run at once (default 1). */
  concurrency?: number;
  /** For a recurring kind: when its next run is due, given the time the last one ended. */
  next?: (now: Date) => Date;
}

export interface JobRunnerOptions {
  db: Kysely<Database>;
  clock: () => Date;
  pollMs?: number;
  log?: (message: string, error?: unknown) => void;
  /**
   * No other process can share this queue (the embedded database, held by one process through the data
   * folder's lock): at start, jobs still leased were leased by a process that died, so their leases are
   * released at once instead of after their lease. On PostgreSQL several servers share the queue, and a
   * lease can only be waited out (`leaseSeconds`).
   */
  soleProcess?: boolean;
  /**
   * Seconds a claimed job stays leased (default 300). It bounds how long a crashed server's jobs wait on
   * PostgreSQL, and must exceed the longest job, or a second server would run it again meanwhile.
   */
  leaseSeconds?: number;
}

const DAY_MS = 24 * 3600_000;
/** Jobs a lane runs before it lets the event loop turn and polls again. */
const BATCH = 50;
/** Finished jobs are kept two weeks (to answer "was that mail sent?"), failed ones three months. */
const KEEP_DONE_MS = 14 * DAY_MS;
const KEEP_FAILED_MS = 90 * DAY_MS;

/** Thrown at start when jobs wait whose kind nothing handles: better a clear refusal than a silent queue. */
export class UnhandledJobKindsError extends Error {
  constructor(readonly kinds: string[]) {
    super(
      `Jobs of kind ${kinds.join(", ")} are waiting, but no handler is registered for them. ` +
        "Register the handler (src/server/jobs.ts), or delete those rows if the kind was retired.",
    );
  }
}

interface Lane {
  handler: JobHandler<JobKind>;
  options: JobKindOptions;
}

/** A poller over the jobs table with one lane per kind. */
export class JobRunner {
  private readonly lanes = new Map<string, Lane>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<unknown>>();
  private stopped = true;

  constructor(private readonly options: JobRunnerOptions) {
    this.register(
      "jobs.prune",
      async () => {
        const now = options.clock().getTime();
        await pruneJobs(options.db, {
          doneBefore: new Date(now - KEEP_DONE_MS),
          failedBefore: new Date(now - KEEP_FAILED_MS),
        });
      },
      { next: (now) => new Date(now.getTime() + DAY_MS) },
    );
  }

  /** Registers the handler of a kind of job. */
  register<K extends JobKind>(kind: K, handler: JobHandler<K>, options: JobKindOptions = {}): void {
    this.lanes.set(kind, { handler: handler as unknown as JobHandler<JobKind>, options });
  }

  /** The kinds with a handler. */
  kinds(): string[] {
    return [...this.lanes.keys()];
  }

  /** Runs one due job of the given kinds (all by default); returns whether it found one. */
  async runOne(kinds: string[] = this.kinds()): Promise<boolean> {
    const { db, clock } = this.options;
    const job = await claimJob(db, kinds, clock(), this.options.leaseSeconds);
    if (!job) return false;
    const lane = this.lanes.get(job.kind)!;
    let finished = true;
    try {
      await lane.handler(job as unknown as JobOf<JobKind>);
      await completeJob(db, job.id, clock());
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const outcome = await failJob(db, job, message, clock());
      finished = outcome === "failed";
      this.options.log?.(
        `job ${job.kind} #${job.id} attempt ${job.attempts} failed (${outcome}): ${message}`,
        error,
      );
    }
    if (finished) await this.scheduleNext(job);
    return true;
  }

  /** Runs due jobs until none is left (tests, and the CLI after an import). */
  async runUntilIdle(maxJobs = 10_000): Promise<number> {
    let count = 0;
    while (count < maxJobs && (await this.runOne())) count++;
    return count;
  }

  /**
   * Checks that every waiting job has a handler (throws UnhandledJobKindsError otherwise) and seeds each
   * recurring kind that has no run waiting. Called by `start`; tests call it alone.
   */
  async prepare(): Promise<void> {
    const { db, clock } = this.options;
    const unhandled = (await pendingKinds(db)).filter((kind) => !this.lanes.has(kind));
    if (unhandled.length) throw new UnhandledJobKindsError(unhandled.sort());
    if (this.options.soleProcess) await releaseLeases(db);
    for (const [kind, lane] of this.lanes)
      if (lane.options.next && !(await hasPendingJob(db, kind)))
        await enqueueJob(db, kind as JobKind, {} as never, { runAt: clock() });
  }

  /** Starts a poller per unit of each kind's concurrency. */
  async start(): Promise<void> {
    await this.prepare();
    this.stopped = false;
    for (const [kind, lane] of this.lanes)
      for (let i = 0; i < Math.max(1, lane.options.concurrency ?? 1); i++) this.poll([kind]);
  }

  /** Stops polling and waits for the jobs in hand to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled([...this.running]);
  }

  private poll(kinds: string[]): void {
    if (this.stopped) return;
    let more = false;
    const run = (async () => {
      let count = 0;
      while (!this.stopped && count < BATCH && (await this.runOne(kinds))) count++;
      more = count === BATCH;
    })()
      .catch((error) => this.options.log?.(`job runner error (${kinds.join(", ")})`, error))
      .finally(() => {
        this.running.delete(run);
        if (this.stopped) return;
        // A full batch means more are due: carry on at once (after the event loop has had a turn) rather
        // than a poll interval later, which capped a lane at 50 jobs a second and let a burst's receipts lag
        // minutes behind.
        const timer = setTimeout(
          () => {
            this.timers.delete(timer);
            this.poll(kinds);
          },
          more ? 0 : (this.options.pollMs ?? 1000),
        );
        this.timers.add(timer);
      });
    this.running.add(run);
  }

  /** A recurring kind's next run, unless one is already waiting. */
  private async scheduleNext(job: Job): Promise<void> {
    const next = this.lanes.get(job.kind)?.options.next;
    if (!next || (await hasPendingJob(this.options.db, job.kind))) return;
    await enqueueJob(this.options.db, job.kind as JobKind, job.payload as never, {
      runAt: next(this.options.clock()),
    });
  }
}
