import { readdirSync, readFileSync } from 'node:fs';

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

/** CPU seconds (user + system) and memory of a process, from /proc. */
export function procSample(pid: number): { cpu: number; rssMb: number; peakMb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { cpu: ticks / 100, rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

/** CPU seconds of the processes whose command line matches (the broker, Postgres). */
export function cpuOfProcesses(matches: (cmdline: string) => boolean): number {
  let seconds = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (matches(cmdline)) seconds += procSample(Number(pid)).cpu;
    } catch {
      // the process ended while we looked
    }
  }
  return seconds;
}

/**
 * CPU seconds of Postgres on this machine: the postmaster (`.../bin/postgres -D
 * ...`) and its children (`postgres: ...`). Backends that exit in between are
 * missed; the benchmarks' pools stay open.
 */
export function postgresCpu(): number {
  return cpuOfProcesses((c) => c.startsWith('postgres') || /\/bin\/postgres\s/.test(c));
}
