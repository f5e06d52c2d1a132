// Each kind of background job and the payload it carries. A domain declares its own kinds next to their
// handler by augmenting this interface:
//
//   declare module "../jobs/kinds.js" {
//     interface JobPayloads { "mail.deliver": { id: string } }
//   }
//
// so `enqueueJob` accepts only a known kind with its payload's shape, and a handler receives that shape.

export interface JobPayloads {
  /** The runner's own housekeeping: old finished jobs are deleted (see runner.ts). */
  "jobs.prune": Record<string, never>;
}

export type JobKind = keyof JobPayloads;
