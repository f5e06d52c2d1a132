// A small seeded pseudo-random generator (sfc32 seeded through splitmix32) so that a corpus is the same on
// every machine for the same seed, and any contribution can be made again from its index alone.

// Weight tables are constants of the generator: their keys and total are worked out once.
const tables = new WeakMap<object, { keys: string[]; weights: number[]; total: number }>();

/** A deterministic source of numbers in [0, 1) with the helpers the generator needs. */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(...seeds: number[]) {
    let h = 0x9e3779b9;
    for (const s of seeds) h = mix32(h ^ (s >>> 0)) ^ mix32((s / 2 ** 32) >>> 0);
    this.a = mix32(h);
    this.b = mix32(this.a ^ 0x85ebca6b);
    this.c = mix32(this.b ^ 0xc2b2ae35);
    this.d = mix32(this.c ^ 0x27d4eb2f);
    for (let i = 0; i < 12; i++) this.next();
  }

  /** The next number in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** Whether an event of probability p happens. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** One element of a non-empty list. */
  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)]!;
  }

  /** One key of a table of weights, in proportion to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    let table = tables.get(weights);
    if (!table) {
      const entries = Object.entries(weights) as [string, number][];
      table = { keys: entries.map(([k]) => k), weights: entries.map(([, w]) => w), total: 0 };
      for (const w of table.weights) table.total += w;
      tables.set(weights, table);
    }
    let x = this.next() * table.total;
    for (let i = 0; i < table.keys.length; i++) {
      x -= table.weights[i]!;
      if (x < 0) return table.keys[i] as K;
    }
    return table.keys.at(-1) as K;
  }

  /**
   * A whole number drawn from a log-normal distribution with this median, clamped: lengths of human writing
   * are skewed (most answers are short, a few are very long).
   */
  logNormal(median: number, spread: number, min: number, max: number): number {
    const u = Math.max(this.next(), 1e-12);
    const v = this.next();
    const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return Math.max(min, Math.min(max, Math.round(median * Math.exp(spread * normal))));
  }

  /** A copy of a list in random order. */
  shuffled<T>(list: readonly T[]): T[] {
    const out = [...list];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }

  /** Hex digits (for checksums and ids). */
  hex(length: number): string {
    let out = "";
    while (out.length < length) out += ((this.next() * 4294967296) >>> 0).toString(16).padStart(8, "0");
    return out.slice(0, length);
  }

  /** A version-4 UUID made from this generator (deterministic for a seed). */
  uuid(): string {
    const h = this.hex(32).split("");
    h[12] = "4";
    h[16] = "89ab"[Number.parseInt(h[16]!, 16) & 3]!;
    const s = h.join("");
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }
}

function mix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** A 32-bit number from a string (to turn a seed word into a seed). */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
