export interface ScheduleOptions {
  /** Never poll a feed more often than this. */
  minIntervalMs: number;
  /** Never leave a healthy feed unpolled longer than this. */
  maxIntervalMs: number;
  /** Interval while the publish rate is unknown. */
  defaultIntervalMs: number;
  /** Polls per mean publish interval: 2 catches most items within half an interval. */
  pollsPerItem: number;
  /** First retry delay after a failure; doubles per consecutive failure. */
  backoffBaseMs: number;
  maxBackoffMs: number;
  /** Spread, as a fraction, so feeds added together do not stay in lockstep. */
  jitter: number;
  /** Weight of the newest observation in the moving average of the publish interval. */
  smoothing: number;
}

export const defaultSchedule: ScheduleOptions = {
  minIntervalMs: 5 * 60_000,
  maxIntervalMs: 6 * 3600_000,
  defaultIntervalMs: 30 * 60_000,
  pollsPerItem: 2,
  backoffBaseMs: 60_000,
  maxBackoffMs: 12 * 3600_000,
  jitter: 0.1,
  smoothing: 0.3,
};

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** `ms` moved by up to ±jitter, uniformly. */
export function withJitter(ms: number, jitter: number, random = Math.random): number {
  return Math.round(ms * (1 + jitter * (2 * random() - 1)));
}

/** Delay until the next poll of a healthy feed publishing every `meanIntervalSeconds` on average. */
export function nextPollDelay(
  meanIntervalSeconds: number | null,
  options: ScheduleOptions,
  random = Math.random,
): number {
  const target =
    meanIntervalSeconds === null
      ? options.defaultIntervalMs
      : (meanIntervalSeconds * 1000) / options.pollsPerItem;
  return clamp(
    withJitter(target, options.jitter, random),
    options.minIntervalMs,
    options.maxIntervalMs,
  );
}

/**
 * Delay before retrying a feed after its `failures`-th consecutive failure:
 * exponential, capped, with equal jitter (half fixed, half random) so retries
 * spread out but never come early. A server's Retry-After is honoured (it is
 * waited out, though not beyond the cap, nor sooner than the minimum interval).
 */
export function backoffDelay(
  failures: number,
  options: ScheduleOptions,
  retryAfterMs: number | null = null,
  random = Math.random,
): number {
  if (retryAfterMs !== null) {
    return clamp(retryAfterMs, options.minIntervalMs, options.maxBackoffMs);
  }
  const ceiling = Math.min(
    options.maxBackoffMs,
    options.backoffBaseMs * 2 ** Math.max(0, Math.min(failures - 1, 30)),
  );
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * The mean interval between items seen in one document: the span of their dates
 * over the gaps between them, but at least the silence since the newest one (a
 * feed that stopped publishing is polled less). Null when fewer than two dates.
 */
export function observedIntervalSeconds(
  published: readonly (Date | null)[],
  now: Date,
  recent = 20,
): number | null {
  const times = published
    .filter((d): d is Date => d !== null && d.getTime() <= now.getTime() + 60_000)
    .map((d) => d.getTime())
    .sort((a, b) => b - a)
    .slice(0, recent);
  if (times.length < 2) return null;
  const span = (times[0]! - times[times.length - 1]!) / (times.length - 1);
  const silence = now.getTime() - times[0]!;
  return Math.max(span, silence, 1000) / 1000;
}

/** Exponential moving average of the publish interval. */
export function updateMeanInterval(
  previous: number | null,
  sample: number | null,
  smoothing: number,
): number | null {
  if (sample === null) return previous;
  if (previous === null) return sample;
  return previous + smoothing * (sample - previous);
}
