/** Heap in use after a full collection (run with --expose-gc), in bytes. */
export function settledHeap(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

/** Runs `fn` over `items`, returning items per second of wall time. */
export function throughput<T>(
  items: readonly T[],
  fn: (item: T) => unknown,
): { perSecond: number; seconds: number } {
  const start = process.hrtime.bigint();
  for (const item of items) fn(item);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { perSecond: items.length / seconds, seconds };
}

export const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
