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

/** Seeded PRNG (mulberry32): the same synthetic data on every run and machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}
