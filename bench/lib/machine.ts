// What a result was measured on: written into every results file, since a figure means little without it.
import { execFileSync } from "node:child_process";
import { cpus, freemem, loadavg, totalmem } from "node:os";
import pg from "pg";

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  freeMemoryGiB: number;
  /** Load averages (1, 5, 15 min) when the run started: a busy machine makes noisy figures. */
  loadAverage: number[];
  node: string;
  postgres: string | null;
  postgresSettings: Record<string, string>;
  kernel: string;
  gitCommit: string | null;
  gitDirty: boolean;
}

function command(name: string, args: string[]): string | null {
  try {
    return execFileSync(name, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return null;
  }
}

/** Describes this machine, its PostgreSQL and the code's commit. */
export async function describeMachine(serverUrl: string | undefined): Promise<Machine> {
  let postgres: string | null = null;
  const postgresSettings: Record<string, string> = {};
  if (serverUrl) {
    const client = new pg.Client({ connectionString: serverUrl });
    try {
      await client.connect();
      postgres = (await client.query<{ v: string }>("SELECT version() AS v")).rows[0]?.v ?? null;
      const settings = await client.query<{ name: string; setting: string; unit: string | null }>(
        `SELECT name, setting, unit FROM pg_settings WHERE name IN
          ('shared_buffers', 'work_mem', 'max_connections', 'effective_cache_size', 'synchronous_commit', 'max_parallel_workers_per_gather')`,
      );
      for (const s of settings.rows) postgresSettings[s.name] = s.unit ? `${s.setting} ${s.unit}` : s.setting;
    } catch {
      postgres = null;
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  return {
    cpu: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    freeMemoryGiB: Math.round((freemem() / 1024 ** 3) * 10) / 10,
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
    node: process.version,
    postgres,
    postgresSettings,
    kernel: command("uname", ["-sr"]) ?? "unknown",
    gitCommit: command("git", ["rev-parse", "HEAD"]),
    gitDirty: (command("git", ["status", "--porcelain", "--", "src", "bench", "package.json"]) ?? "") !== "",
  };
}
