/**
 * kafkajs 2.2.4, its last release, keeps a 1 ms timer running on every broker
 * connection for as long as the connection is open. After each response,
 * `RequestQueue.scheduleCheckPendingRequests` schedules another check of the
 * pending queue, even when the queue is empty. Its delay is `throttledUntil - now`,
 * which is `-1 - now` when unthrottled, and Node runs a negative delay as 1 ms
 * (the `TimeoutNegativeWarning` every process printed at start). Upstream:
 * tulios/kafkajs#1704 and #1751, both open. An idle client with one producer and
 * one consumer used 3.4% of a core with the loop and 1.05% without it.
 *
 * Replaced here by what the method means to do. A check is scheduled only while a
 * request waits in the queue: at the end of a client-side throttle, or after
 * kafkajs's 10 ms interval when requests wait only for in-flight ones. `push`
 * enqueues through this method, and every response and timeout checks the queue
 * again, so no waiting request is left without a check.
 */

/** The part of kafkajs's internal RequestQueue that the fix touches. */
export interface RequestQueueInternals {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: ReturnType<typeof setTimeout> | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

/** The kafkajs release whose RequestQueue this was written against. */
export const PATCHED_KAFKAJS_VERSION = '2.2.4';
const CHECK_PENDING_REQUESTS_INTERVAL_MS = 10;

function scheduleCheckPendingRequests(this: RequestQueueInternals): void {
  if (this.throttleCheckTimeoutId || this.pending.length === 0) return;
  const throttled = this.throttledUntil - Date.now();
  this.throttleCheckTimeoutId = setTimeout(
    () => {
      this.throttleCheckTimeoutId = null;
      this.checkPendingRequests();
    },
    throttled > 0 ? throttled : CHECK_PENDING_REQUESTS_INTERVAL_MS,
  );
}

/** kafkajs's RequestQueue class (not part of its public API, hence the deep path). */
export function requestQueueClass(): { prototype: RequestQueueInternals } {
  return require('kafkajs/src/network/requestQueue/index.js') as {
    prototype: RequestQueueInternals;
  };
}

let applied: boolean | undefined;

/**
 * Installs the fix once per process, only on the kafkajs release it was written
 * for; returns whether it is in place. Another release keeps its own code.
 */
export function fixKafkajsRequestQueue(): boolean {
  if (applied !== undefined) return applied;
  const { version } = require('kafkajs/package.json') as { version: string };
  applied = version === PATCHED_KAFKAJS_VERSION;
  if (applied)
    requestQueueClass().prototype.scheduleCheckPendingRequests = scheduleCheckPendingRequests;
  return applied;
}
