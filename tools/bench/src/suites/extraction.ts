import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { extractArticle } from '@newsgraph/extraction';
import { mb, settledHeap, throughput } from '../measure';
import type { BenchSuite } from './index';

/** The repository root: the nearest folder holding nx.json, from here or the working directory. */
export function repoRoot(from = __dirname): string {
  for (const start of [from, process.cwd()]) {
    for (let dir = resolve(start); ; dir = dirname(dir)) {
      if (existsSync(join(dir, 'nx.json'))) return dir;
      if (dirname(dir) === dir) break;
    }
  }
  throw new Error('no nx.json above the bench tool or the working directory');
}

const PASSES = 3;

/**
 * extractArticle over the news pages of the extraction evaluation set,
 * decompressed up front: pages/s and MB/s of HTML on one thread, per-page
 * latency, and the memory the process holds afterwards.
 */
export const extractionSuite: BenchSuite = async () => {
  const dir = join(repoRoot(), '..', 'shared', 'data', 'extraction', 'html');
  if (!existsSync(dir)) return [`skipped: ${dir} not found`];
  const files = (await readdir(dir)).filter((f) => f.endsWith('.html.gz')).sort();
  const utf8 = new TextDecoder('utf-8');
  const pages = await Promise.all(
    files.map(async (f) => utf8.decode(gunzipSync(await readFile(join(dir, f))))),
  );
  const bytes = pages.reduce((n, p) => n + Buffer.byteLength(p, 'utf8'), 0);
  const heapBefore = settledHeap();
  const rssBefore = process.memoryUsage().rss;

  // One pass to let the JIT settle, then timed passes over the same pages.
  for (const p of pages) extractArticle(p);
  const runs = Array.from({ length: PASSES }, () => pages).flat();
  const { perSecond, seconds } = throughput(runs, (p) => extractArticle(p));

  const latencies = pages
    .map((p) => {
      const t = process.hrtime.bigint();
      extractArticle(p);
      return Number(process.hrtime.bigint() - t) / 1e6;
    })
    .sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;

  const heapAfter = settledHeap();
  const { rss } = process.memoryUsage();
  const peakRss = process.resourceUsage().maxRSS * 1024;
  return [
    `pages:      ${pages.length} (${mb(bytes)} of HTML, ${mb(bytes / pages.length)} per page on average)`,
    `throughput: ${perSecond.toFixed(1)} pages/s, ${((bytes * PASSES) / 2 ** 20 / seconds).toFixed(1)} MB/s (${PASSES} passes, one thread)`,
    `latency:    median ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms, max ${at(1).toFixed(1)} ms per page`,
    `memory:     rss ${mb(rss)} (peak ${mb(peakRss)}, ${mb(rssBefore)} with the pages loaded), heap ${mb(heapAfter)} settled (${mb(heapBefore)} before extraction)`,
  ];
};
