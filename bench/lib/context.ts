// What every sub-benchmark receives: the options, the machine's description, the corpus (loaded on first
// use) and helpers shared by several of them.
import { request as httpRequest } from "node:http";
import { type Corpus, ensureCorpus } from "../corpus/load.js";
import { intakeBody } from "../load/intake-body.js";
import type { Machine } from "./machine.js";
import { type CapturedResponse, runCli } from "./processes.js";

export interface BenchOptions {
  docs: number;
  seed: number;
  duration: number;
  connections: number;
  rate: number;
  pg: string;
  database: string;
  fresh: boolean;
  build: boolean;
  logLevel: string;
  embeddedDocs: number;
  results: string;
}

export interface BenchContext {
  options: BenchOptions;
  machine: Machine;
  corpus(): Promise<Corpus>;
}

/** A context whose corpus is loaded once, by the first sub-benchmark that needs it. */
export function createContext(options: BenchOptions, machine: Machine): BenchContext {
  let loading: Promise<Corpus> | undefined;
  return {
    options,
    machine,
    corpus: () => {
      loading ??= ensureCorpus({
        serverUrl: options.pg,
        database: options.database,
        docs: options.docs,
        seed: options.seed,
        fresh: options.fresh,
      });
      return loading;
    },
  };
}

/** What a results file says about the corpus. */
export function describeCorpus(corpus: Corpus): Record<string, unknown> {
  return {
    docs: corpus.docs,
    seed: corpus.seed,
    reused: corpus.reused,
    loadSeconds: Math.round(corpus.loadSeconds),
    loadedAt: corpus.loadedAt,
    database: new URL(corpus.databaseUrl).pathname.slice(1),
  };
}

/** A secretariat API token for the bench forum, made with the command line as an operator would. */
export function createToken(env: { databaseUrl?: string; dataDir?: string }, forum: string): string {
  const args = ["token", "create", "--role", "secretariat", "--name", "benchmark", "--forum", forum];
  if (env.dataDir) args.push("--data", env.dataDir);
  const printed = runCli(args, { DATABASE_URL: env.databaseUrl });
  const token = printed.trim().split("\n").at(-1)?.trim();
  if (!token) throw new Error(`token create printed no token:\n${printed}`);
  return token;
}

const SKIPPED_HEADERS = new Set([
  "content-length",
  "content-encoding",
  "transfer-encoding",
  "connection",
  "keep-alive",
  "date",
  "vary",
]);

/** GETs a path without compression and keeps status, headers and body, for the ceiling to serve. */
export function capture(base: string, path: string): Promise<CapturedResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { headers: { "accept-encoding": "identity" } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers))
          if (v !== undefined && !SKIPPED_HEADERS.has(k)) headers[k] = Array.isArray(v) ? v.join(", ") : v;
        resolve({ path, status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString("utf8") });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

/** Submits one generated contribution through the API (published at once when asked); returns the status. */
export async function submitThroughApi(
  base: string,
  corpus: Corpus,
  token: string,
  index: number,
  options: { publish?: boolean; cycle?: "corpus" | "intake"; key: string },
): Promise<number> {
  const cycle = options.cycle === "intake" ? corpus.intake : corpus.corpus;
  const { body, boundary } = intakeBody(
    cycle,
    corpus.seed,
    index,
    corpus.docs,
    options.publish ? [["publish", "true"]] : [],
  );
  const res = await fetch(`${base}/api/v1/forums/${corpus.forumSlug}/cycles/${cycle.year}/contributions`, {
    method: "POST",
    body: new Uint8Array(body),
    headers: {
      "content-type": `multipart/form-data; boundary=${boundary}`,
      authorization: `Bearer ${token}`,
      "idempotency-key": options.key,
    },
  });
  await res.arrayBuffer();
  return res.status;
}

/** The p-th percentile (0..100) of a list of numbers. */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? null;
}
