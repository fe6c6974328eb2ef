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
 * Network errors, and Postgres: shutting down or restarting (57P0x), connection
 * exceptions (08xxx), too many connections (53300), a serialization failure or
 * deadlock (40001, 40P01), and a statement that ran out of time (57014, from a
 * statement_timeout: a lock held longer than that by another writer).
 */
const TRANSIENT_CODES =
  /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|57P01|57P02|57P03|57014|08\d{3}|53300|40001|40P01)$/;

/** node-postgres's own errors for a connection that dropped or could not be made. */
const PG_CONNECTION_LOST =
  /^(Connection terminated( unexpectedly| due to connection timeout)?|Client has encountered a connection error and is not queryable|Client was closed and is not queryable|timeout exceeded when trying to connect)$/;

/**
 * Errors that say nothing about the message, only about a dependency being away
 * (broker, database, network). They are retried without end instead of
 * dead-lettering good messages while Postgres restarts.
 */
export function isTransientError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (TRANSIENT_CODES.test(code)) return true;
    // Prisma: can't reach / timed out / connection closed / pool timeout; a
    // transaction that ran out of time (P2028) or lost to a deadlock or write
    // conflict (P2034), which a retry resolves.
    if (/^P10(01|02|08|17)$|^P20(24|28|34)$/.test(code)) return true;
  }
  // Prisma's "raw query failed" (P2010) carries the driver's own code here.
  const original = (
    error as { meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } }
  ).meta?.driverAdapterError?.cause?.originalCode;
  if (typeof original === 'string' && TRANSIENT_CODES.test(original)) return true;
  // node-postgres, used directly on hot write paths, gives a lost connection no code.
  if (PG_CONNECTION_LOST.test(error.message)) return true;
  if (
    /KafkaJS(Connection|Broker|Timeout|NumberOfRetriesExceeded|Lock)|KafkaPublishError/.test(
      error.name,
    )
  )
    return true;
  const cause = (error as { cause?: unknown }).cause;
  return cause !== undefined && cause !== error && isTransientError(cause);
}
