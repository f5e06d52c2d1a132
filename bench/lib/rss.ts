// Resident memory of a process, read from /proc/<pid>/status: VmRSS now, VmHWM the most it ever held.
import { readFileSync } from "node:fs";

/** The process's current and peak resident memory in MB, or undefined once it has gone. */
export function readMemory(pid: number): { rssMb: number; hwmMb: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0);
    return { rssMb: kb("VmRSS") / 1024, hwmMb: kb("VmHWM") / 1024 };
  } catch {
    return undefined;
  }
}

export interface MemorySummary {
  samples: number;
  firstMb: number;
  minMb: number;
  medianMb: number;
  maxMb: number;
  lastMb: number;
  /** The kernel's high-water mark at the end (includes peaks between samples). */
  hwmMb: number;
}

/** Samples a process's RSS every `intervalMs` until stopped. */
export class RssSampler {
  private readonly values: number[] = [];
  private hwm = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pid: number,
    intervalMs = 100,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  private sample() {
    const m = readMemory(this.pid);
    // A process that has exited but not yet been reaped reports no memory: not a sample.
    if (!m || m.rssMb === 0) return;
    this.values.push(m.rssMb);
    this.hwm = Math.max(this.hwm, m.hwmMb);
  }

  /** Stops sampling and summarises. */
  stop(): MemorySummary {
    clearInterval(this.timer);
    this.sample();
    const sorted = [...this.values].sort((a, b) => a - b);
    return {
      samples: sorted.length,
      firstMb: this.values[0] ?? 0,
      minMb: sorted[0] ?? 0,
      medianMb: sorted[Math.floor(sorted.length / 2)] ?? 0,
      maxMb: sorted.at(-1) ?? 0,
      lastMb: this.values.at(-1) ?? 0,
      hwmMb: this.hwm,
    };
  }
}
