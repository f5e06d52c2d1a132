// Runs the `intersession` command as a person would: a real process (through tsx, so no build is needed) that
// the test can watch, signal, or wait for. Children still running when the test file ends are killed.
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll } from "vitest";

const entry = fileURLToPath(new URL("../cli/run.ts", import.meta.url));

/** What a finished command left: its exit code or signal and everything it wrote. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A running command: the process, its result once it exits, and what it has printed so far. */
export interface CliRun {
  child: ChildProcess;
  done: Promise<CliResult>;
  output: () => string;
}

const running = new Set<ChildProcess>();
afterAll(() => {
  for (const child of running) child.kill("SIGKILL");
});

/** Starts `intersession <args>` without the demo forum and with quiet logs; `env` adds or overrides variables. */
export function startCli(args: string[], env: Record<string, string> = {}): CliRun {
  const child = spawn(process.execPath, ["--import", "tsx", entry, ...args], {
    env: { ...process.env, LOG_LEVEL: "warn", INTERSESSION_DEMO: "false", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d) => {
    stdout += d;
  });
  child.stderr?.on("data", (d) => {
    stderr += d;
  });
  const done = new Promise<CliResult>((resolve) =>
    child.on("exit", (code, signal) => {
      running.delete(child);
      resolve({ code, signal, stdout, stderr });
    }),
  );
  return { child, done, output: () => stdout };
}

/** Runs `intersession <args>` to the end. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return startCli(args, env).done;
}
