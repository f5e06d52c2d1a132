// What other folders use of the job queue: enqueue a job in the same transaction as the change that needs
// it, and the job's types for handlers. The SQL lives in queries.ts; the runner in runner.ts.
export { enqueueJob, enqueueJobWith, type Job, type JobOf } from "./queries.js";
