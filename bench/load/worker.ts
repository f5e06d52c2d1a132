// The load generator, run in a process of its own so that making requests never competes with the
// benchmark's bookkeeping (or the server) inside one event loop. It reads a job (JSON) from the file named
// by its first argument and writes the result (JSON) to the file named by its second.
//   http:     autocannon against a list of requests, optionally at a fixed overall rate, optionally keeping
//             every request's start time and latency (to look at the moments after a submission)
//   intake:   autocannon POSTing generated contributions (multipart, a fresh Idempotency-Key each)
//   probe:    one request at a time at an interval (a health check's latency while something else runs)
//   download: one streamed GET, counting bytes and time to first byte
import { readFileSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import autocannon from "autocannon";
import type { CorpusCycle } from "../corpus/generate.js";
import { intakeBody } from "./intake-body.js";

export interface HttpRequestSpec {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export type LoadJob =
  | {
      mode: "http";
      url: string;
      requests: HttpRequestSpec[];
      connections: number;
      duration: number;
      overallRate?: number;
      headers?: Record<string, string>;
      timeline?: boolean;
    }
  | {
      mode: "intake";
      url: string;
      path: string;
      token: string;
      cycle: CorpusCycle;
      seed: number;
      firstIndex: number;
      corpusSize: number;
      keyPrefix: string;
      connections: number;
      duration: number;
    }
  | { mode: "probe"; url: string; intervalMs: number; durationMs: number }
  | { mode: "download"; url: string; headers?: Record<string, string> };

export interface AutocannonSummary {
  requestsPerSecond: number;
  completed: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
  /** Null when no request completed: a run that got no answer has no latency, not a latency of 0. */
  latency: {
    p50: number | null;
    p90: number | null;
    p97_5: number | null;
    p99: number | null;
    max: number | null;
    mean: number | null;
  };
  bytesPerSecond: number;
  statusCodes: Record<string, number>;
}

export interface LoadResult {
  summary?: AutocannonSummary;
  /** [start epoch ms, latency ms, status] of each request, when asked for. */
  timeline?: [number, number, number][];
  /** Probe latencies in ms with their start times. */
  probes?: [number, number, number][];
  download?: { status: number; bytes: number; seconds: number; firstByteMs: number; lines: number };
  /** Intake: the index after the last generated contribution. */
  nextIndex?: number;
}

type AutocannonResult = Awaited<ReturnType<typeof autocannon>>;

function summarise(result: AutocannonResult): AutocannonSummary {
  const ok = result["2xx"];
  const codes: Record<string, number> = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats ?? {}))
    codes[code] = (stats as { count: number }).count;
  return {
    requestsPerSecond: ok / result.duration,
    completed: result.requests.total,
    ok,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    duration: result.duration,
    latency: {
      p50: ok ? result.latency.p50 : null,
      p90: ok ? result.latency.p90 : null,
      p97_5: ok ? result.latency.p97_5 : null,
      p99: ok ? result.latency.p99 : null,
      max: ok ? result.latency.max : null,
      mean: ok ? result.latency.average : null,
    },
    bytesPerSecond: result.throughput.average,
    statusCodes: codes,
  };
}

function run(
  options: autocannon.Options,
  timeline: [number, number, number][] | undefined,
): Promise<AutocannonResult> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
    // The parent times events against the load: tell it the moment requests start flowing.
    instance.on("start", () => console.log("started"));
    if (timeline)
      instance.on("response", (_client, statusCode, _bytes, responseTime) => {
        timeline.push([Date.now() - responseTime, responseTime, statusCode]);
      });
  });
}

async function http(job: Extract<LoadJob, { mode: "http" }>): Promise<LoadResult> {
  const timeline: [number, number, number][] | undefined = job.timeline ? [] : undefined;
  const result = await run(
    {
      url: job.url,
      connections: job.connections,
      duration: job.duration,
      ...(job.overallRate ? { overallRate: job.overallRate } : {}),
      headers: job.headers ?? {},
      timeout: 30,
      requests: job.requests.map((r) => ({
        method: (r.method ?? "GET") as "GET",
        path: r.path,
        ...(r.headers ? { headers: r.headers } : {}),
        ...(r.body ? { body: r.body } : {}),
      })),
    },
    timeline,
  );
  return { summary: summarise(result), ...(timeline ? { timeline } : {}) };
}

async function intake(job: Extract<LoadJob, { mode: "intake" }>): Promise<LoadResult> {
  let next = job.firstIndex;
  const result = await run(
    {
      url: job.url,
      connections: job.connections,
      duration: job.duration,
      timeout: 30,
      requests: [
        {
          method: "POST",
          path: job.path,
          setupRequest: (request) => {
            const index = next++;
            const { body, boundary } = intakeBody(job.cycle, job.seed, index, job.corpusSize);
            return {
              ...request,
              method: "POST",
              path: job.path,
              body,
              headers: {
                "content-type": `multipart/form-data; boundary=${boundary}`,
                authorization: `Bearer ${job.token}`,
                "idempotency-key": `${job.keyPrefix}-${index}`,
              },
            };
          },
        },
      ],
    },
    undefined,
  );
  return { summary: summarise(result), nextIndex: next };
}

function get(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; bytes: number; firstByteMs: number; lines: number }>(
    (resolve, reject) => {
      const started = performance.now();
      let firstByteMs = -1;
      let bytes = 0;
      let lines = 0;
      const req = httpRequest(url, { headers, agent: false }, (res) => {
        res.on("data", (chunk: Buffer) => {
          if (firstByteMs < 0) firstByteMs = performance.now() - started;
          bytes += chunk.length;
          for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, bytes, firstByteMs, lines }));
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end();
    },
  );
}

async function probe(job: Extract<LoadJob, { mode: "probe" }>): Promise<LoadResult> {
  const probes: [number, number, number][] = [];
  const until = Date.now() + job.durationMs;
  while (Date.now() < until) {
    const at = Date.now();
    const started = performance.now();
    const res = await get(job.url);
    probes.push([at, performance.now() - started, res.status]);
    await new Promise((r) => setTimeout(r, job.intervalMs));
  }
  return { probes };
}

async function download(job: Extract<LoadJob, { mode: "download" }>): Promise<LoadResult> {
  const started = performance.now();
  const res = await get(job.url, job.headers);
  return { download: { ...res, seconds: (performance.now() - started) / 1000 } };
}

const [jobFile, outFile] = process.argv.slice(2);
if (!jobFile || !outFile) throw new Error("Usage: worker.ts JOB.json RESULT.json");
const job = JSON.parse(readFileSync(jobFile, "utf8"), (key, value) =>
  typeof value === "string" && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(value) && key !== "path"
    ? new Date(value)
    : value,
) as LoadJob;
const result =
  job.mode === "http"
    ? await http(job)
    : job.mode === "intake"
      ? await intake(job)
      : job.mode === "probe"
        ? await probe(job)
        : await download(job);
writeFileSync(outFile, JSON.stringify(result));
