import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Counts SQL statements issued inside `sqlQueryCounter.run({ count: 0 }, fn)`.
 * The api uses it to report queries per GraphQL request, which the N+1 tests assert.
 */
export const sqlQueryCounter = new AsyncLocalStorage<{ count: number }>();
