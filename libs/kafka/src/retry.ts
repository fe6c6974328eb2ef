export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  attempts: 4,
  initialDelayMs: 200,
  maxDelayMs: 5_000,
};

/** Exponential backoff with full jitter, so many instances don't retry in lockstep. */
export function backoffDelay(policy: RetryPolicy, attempt: number, random = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Errors that say nothing about the message, only about a dependency being away
 * (broker, database, network). They are retried without end instead of
 * dead-lettering good messages while Postgres restarts.
 */
export function isTransientError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (
      /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|57P01|57P02|57P03|08\d{3}|53300)$/.test(
        code,
      )
    ) {
      return true;
    }
    // Prisma: can't reach / timed out / connection closed / pool timeout.
    if (/^P10(01|02|08|17)$|^P2024$/.test(code)) return true;
  }
  if (/KafkaJS(Connection|Broker|Timeout|NumberOfRetriesExceeded|Lock)/.test(error.name))
    return true;
  const cause = (error as { cause?: unknown }).cause;
  return cause !== undefined && cause !== error && isTransientError(cause);
}
