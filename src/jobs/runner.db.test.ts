// The job runner as the server uses it: lanes per kind, recurring kinds that never stop, refusal to start
// with jobs nothing handles, and pruning of old rows.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../test-support/databases.js";
import { enqueueJob } from "./queries.js";
import { JobRunner, UnhandledJobKindsError } from "./runner.js";

declare module "./kinds.js" {
  interface JobPayloads {
    "test.slow": { label: string };
    "test.fast": { label: string };
    "test.daily": Record<string, never>;
  }
}

describe("job runner", () => {
  let database: TestDatabase;
  let now: Date;
  const clock = () => now;
  beforeAll(async () => {
    database = await createTestDatabase("pglite");
  });
  afterAll(() => database.drop());
  beforeEach(async () => {
    now = new Date("2026-12-07T09:00:00Z");
    await database.db.deleteFrom("jobs").execute();
  });

  const jobsOf = (kind: string) =>
    database.db.selectFrom("jobs").selectAll().where("kind", "=", kind).orderBy("id").execute();

  it("runs a fast kind while a slow job of another kind is still running", async () => {
    const runner = new JobRunner({ db: database.db, clock, pollMs: 10 });
    const finished: string[] = [];
    let releaseSlow: () => void = () => {};
    const slowStarted = new Promise<void>((started) => {
      runner.register("test.slow", async (job) => {
        started();
        await new Promise<void>((release) => {
          releaseSlow = release;
        });
        finished.push(job.payload.label);
      });
    });
    const fastDone = new Promise<void>((done) => {
      runner.register("test.fast", async (job) => {
        finished.push(job.payload.label);
        done();
      });
    });
    // Due by the test's clock (the database's own now() is today's date, after the test's).
    await enqueueJob(database.db, "test.slow", { label: "extraction" }, { runAt: now });
    await enqueueJob(database.db, "test.fast", { label: "mail" }, { runAt: now });
    await runner.start();
    await slowStarted;
    await fastDone;
    expect(finished).toEqual(["mail"]);
    releaseSlow();
    await runner.stop();
    expect(finished).toEqual(["mail", "extraction"]);
  });

  it("works through a burst larger than one batch without waiting a poll interval between batches", async () => {
    // A minute between polls: only carrying on after a full batch finishes 120 jobs within the test.
    const runner = new JobRunner({ db: database.db, clock, pollMs: 60_000 });
    let done = 0;
    const allDone = new Promise<void>((resolve) => {
      runner.register("test.fast", async () => {
        if (++done === 120) resolve();
      });
    });
    for (let i = 0; i < 120; i++)
      await enqueueJob(database.db, "test.fast", { label: `receipt ${i}` }, { runAt: now });
    await runner.start();
    await Promise.race([allDone, new Promise((r) => setTimeout(r, 20_000))]);
    await runner.stop();
    expect(done).toBe(120);
  });

  it("refuses to start while jobs wait whose kind has no handler, naming the kind", async () => {
    await database.db.insertInto("jobs").values({ kind: "retired.kind", payload: "{}" }).execute();
    const runner = new JobRunner({ db: database.db, clock });
    await expect(runner.start()).rejects.toThrow(UnhandledJobKindsError);
    await expect(runner.prepare()).rejects.toThrow(/retired\.kind/);
    await runner.stop();
  });

  it("schedules a recurring kind again after it fails for good, and seeds it at start when none waits", async () => {
    const runner = new JobRunner({ db: database.db, clock });
    const nextDay = (at: Date) => new Date(at.getTime() + 24 * 3600_000);
    runner.register(
      "test.daily",
      async () => {
        throw new Error("SMTP server down");
      },
      { next: nextDay },
    );
    await runner.prepare();
    const seeded = await jobsOf("test.daily");
    expect(seeded).toHaveLength(1);
    await database.db.updateTable("jobs").set({ max_attempts: 1 }).execute();
    await runner.runOne(["test.daily"]);
    const after = await jobsOf("test.daily");
    expect(after).toHaveLength(2);
    expect(after[0]?.failed_at).not.toBeNull();
    expect(after[1]?.run_at.toISOString()).toBe("2026-12-08T09:00:00.000Z");
    // A second start does not add a third: one run is already waiting.
    await runner.prepare();
    expect(await jobsOf("test.daily")).toHaveLength(2);
  });

  it("prunes finished jobs after two weeks and failed ones after three months, keeping waiting ones", async () => {
    const runner = new JobRunner({ db: database.db, clock });
    const day = 24 * 3600_000;
    const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * day);
    await database.db
      .insertInto("jobs")
      .values([
        { kind: "test.fast", payload: '{"label":"old done"}', done_at: at(15) },
        { kind: "test.fast", payload: '{"label":"recent done"}', done_at: at(3) },
        { kind: "test.fast", payload: '{"label":"old failed"}', failed_at: at(91) },
        { kind: "test.fast", payload: '{"label":"failed last month"}', failed_at: at(30) },
        { kind: "test.fast", payload: '{"label":"waiting"}', run_at: at(-1) },
      ])
      .execute();
    await enqueueJob(database.db, "jobs.prune", {}, { runAt: now });
    await runner.runOne(["jobs.prune"]);
    const labels = (await jobsOf("test.fast")).map((j) => j.payload.label);
    expect(labels).toEqual(["recent done", "failed last month", "waiting"]);
    // Pruning is itself recurring: tomorrow's run is waiting.
    const prunes = await jobsOf("jobs.prune");
    expect(prunes.at(-1)?.run_at.toISOString()).toBe("2026-12-08T09:00:00.000Z");
  });
});
