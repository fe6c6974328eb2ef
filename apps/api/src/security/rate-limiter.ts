/**
 * Token bucket per caller: `perMinute` requests a minute on average, bursts up to
 * the same number. In memory, per api instance (each instance enforces its own
 * share; put a shared limiter in front when running many).
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes a token; returns 0 when allowed, else the seconds to wait. */
  take(caller: string): number {
    const t = this.now();
    const rate = this.perMinute / 60_000;
    const bucket = this.buckets.get(caller) ?? { tokens: this.perMinute, at: t };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (t - bucket.at) * rate);
    bucket.at = t;
    this.buckets.set(caller, bucket);
    if (this.buckets.size > 100_000) this.evictFull(t);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) / rate / 1000);
  }

  /** Callers whose bucket has refilled carry no state worth keeping. */
  private evictFull(t: number): void {
    const rate = this.perMinute / 60_000;
    for (const [caller, b] of this.buckets) {
      if (b.tokens + (t - b.at) * rate >= this.perMinute) this.buckets.delete(caller);
    }
  }
}
