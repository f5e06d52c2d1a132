// A sliding-window counter kept in this process's memory: how many times a key acted in the last window,
// and when it may act again. Several server processes each keep their own count (the limit then applies per
// process), which is acceptable for limits meant to stop floods rather than to meter.

/** What a check says: allowed (and counted), or refused with the seconds until the next slot frees. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Counts actions per key within a moving window and refuses beyond the limit. */
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();
  private checks = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Counts one action for the key if it is under the limit; a refused action is not counted. */
  take(key: string, now: number): RateDecision {
    if (++this.checks % 1000 === 0) this.sweep(now);
    const since = now - this.windowMs;
    const recent = (this.hits.get(key) ?? []).filter((at) => at > since);
    if (recent.length >= this.limit) {
      this.hits.set(key, recent);
      const oldest = recent[0] ?? now;
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000)),
      };
    }
    recent.push(now);
    this.hits.set(key, recent);
    return { allowed: true };
  }

  /** Whether the key is at its limit now, without counting anything. */
  peek(key: string, now: number): RateDecision {
    const since = now - this.windowMs;
    const recent = (this.hits.get(key) ?? []).filter((at) => at > since);
    if (recent.length < this.limit) return { allowed: true };
    const oldest = recent[0] ?? now;
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000)),
    };
  }

  private sweep(now: number): void {
    const since = now - this.windowMs;
    for (const [key, times] of this.hits) if (!times.some((at) => at > since)) this.hits.delete(key);
  }
}
