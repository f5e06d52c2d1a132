// CPU time of processes, read from /proc/<pid>/stat (utime + stime), for figures that a shared machine's load
// barely moves: CPU per request of the server and of the database's backends, where throughput moves by 2×.
import { readFileSync } from "node:fs";
import pg from "pg";

/** Clock ticks per second of /proc's times (USER_HZ, 100 on Linux whatever the kernel's HZ). */
const TICKS = 100;

/** A process's user + system CPU in ms, or undefined once it has gone. */
export function cpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name may hold spaces: the fields that follow it start after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS;
  } catch {
    return undefined;
  }
}

/** The CPU of a database's PostgreSQL backends (on this machine), by pid. */
export async function backendCpu(databaseUrl: string): Promise<Map<number, number>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    const cpu = new Map<number, number>();
    for (const { pid } of result.rows) {
      const ms = cpuMs(pid);
      if (ms !== undefined) cpu.set(pid, ms);
    }
    return cpu;
  } finally {
    await client.end();
  }
}

/** CPU spent between two readings of backendCpu (a backend that began meanwhile counts from zero). */
export function backendCpuSince(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}
