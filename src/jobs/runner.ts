// Runs queued jobs in the server process: polls for due jobs and hands each to the handler of its kind.
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import { claimJob, completeJob, failJob, type Job } from "./queue.js";

export type JobHandler = (job: Job) => Promise<void>;

export interface JobRunnerOptions {
  db: Kysely<Database>;
  clock: () => Date;
  pollMs?: number;
  log?: (message: string, error?: unknown) => void;
}

/** A poller over the jobs table with one handler per kind. */
export class JobRunner {
  private readonly handlers = new Map<string, JobHandler>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  constructor(private readonly options: JobRunnerOptions) {}

  /** Registers the handler of a kind of job. */
  register(kind: string, handler: JobHandler): void {
    this.handlers.set(kind, handler);
  }

  /** Runs one due job if there is one; returns whether it found one. */
  async runOne(): Promise<boolean> {
    const { db, clock } = this.options;
    const job = await claimJob(db, [...this.handlers.keys()], clock());
    if (!job) return false;
    const handler = this.handlers.get(job.kind);
    try {
      await handler!(job);
      await completeJob(db, job.id, clock());
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const outcome = await failJob(db, job, message, clock());
      this.options.log?.(
        `job ${job.kind} #${job.id} attempt ${job.attempts} failed (${outcome}): ${message}`,
        error,
      );
    }
    return true;
  }

  /** Runs due jobs until none is left (tests, and the CLI after an import). */
  async runUntilIdle(maxJobs = 10_000): Promise<number> {
    let count = 0;
    while (count < maxJobs && (await this.runOne())) count++;
    return count;
  }

  /** Starts polling. */
  start(): void {
    this.stopped = false;
    const tick = () => {
      if (this.stopped) return;
      this.running = this.runUntilIdle(50)
        .catch((error) => this.options.log?.("job runner error", error))
        .then(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.options.pollMs ?? 1000);
        });
    };
    tick();
  }

  /** Stops polling and waits for the job in hand to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
