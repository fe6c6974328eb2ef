import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runImport } from '@newsgraph/ingest';
import { mb } from '../measure';
import { ProseGenerator } from './dedup';
import type { BenchSuite } from './index';

/** One record in this many is a whole HTML page (extracted), the others plain text. */
const HTML_EVERY = 10;
const DEFAULT_MB = 1024;

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><title>${title}</title>` +
  `<script>window.dataLayer=[];dataLayer.push({section:'news'});</script></head><body>` +
  `<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>` +
  `<article><h1>${title}</h1>${body
    .split('\n\n')
    .map((p) => `<p>${p}</p>`)
    .join('')}</article>` +
  `<aside><h2>Read More</h2><ul><li><a href="/a">Another story</a></li></ul></aside>` +
  `<footer>Copyright Bench News</footer></body></html>`;

/**
 * Writes a JSON Lines file of about `bytes` (articles of 300-700 words, one in
 * ten as an HTML page), with backpressure so the writer holds little itself.
 */
async function writeCorpus(file: string, bytes: number): Promise<number> {
  const gen = new ProseGenerator(20250101);
  const out = createWriteStream(file, { highWaterMark: 1 << 20 });
  let written = 0;
  let n = 0;
  while (written < bytes) {
    n++;
    const title = gen.sentence(6 + Math.floor(gen.random() * 8)).slice(0, -1);
    // The number makes every text unique: the import does not count copies.
    const body = `Report ${n}. ${gen.article(300 + Math.floor(gen.random() * 400))}`;
    const day = String(1 + (n % 28)).padStart(2, '0');
    const record = {
      id: `bench-${n}`,
      url: `https://bench.example/news/${n}`,
      source: `Bench ${n % 50}`,
      publishedAt: `2024-03-${day}T08:00:00Z`,
      language: 'en',
      ...(n % HTML_EVERY === 0 ? { html: page(title, body) } : { title, text: body }),
    };
    const line = `${JSON.stringify(record)}\n`;
    written += Buffer.byteLength(line);
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return n;
}

/**
 * The bulk import's memory and speed on one large JSON Lines file: the file is
 * generated in a temporary folder (BENCH_IMPORT_MB, default 1024), then read by
 * the importer the CLI uses (runImport: streamed reading, validation, cleaning
 * or extraction, copy detection, batching) with a publisher that only counts,
 * so the broker's speed is not measured. RSS is sampled every 50 ms during the
 * import; the process peak (getrusage maxRSS) includes writing the file.
 */
export const importSuite: BenchSuite = async () => {
  const size = Number(process.env.BENCH_IMPORT_MB ?? DEFAULT_MB);
  if (!(size > 0)) throw new Error(`BENCH_IMPORT_MB must be a positive number, got ${size}`);
  const dir = await mkdtemp(join(tmpdir(), 'newsgraph-bench-import-'));
  try {
    const file = join(dir, 'bench.jsonl');
    let t = process.hrtime.bigint();
    const records = await writeCorpus(file, size * 2 ** 20);
    const writeSeconds = Number(process.hrtime.bigint() - t) / 1e9;
    const bytes = (await stat(file)).size;

    (globalThis as { gc?: () => void }).gc?.();
    const rssBefore = process.memoryUsage.rss();
    let peak = rssBefore;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage.rss());
    }, 50);
    let published = 0;
    t = process.hrtime.bigint();
    let summary;
    try {
      summary = await runImport({
        path: file,
        publish: async (articles) => void (published += articles.length),
      });
    } finally {
      clearInterval(sampler);
    }
    const seconds = Number(process.hrtime.bigint() - t) / 1e9;
    peak = Math.max(peak, process.memoryUsage.rss());
    const maxRss = process.resourceUsage().maxRSS * 1024;
    const items = published + summary.duplicates + summary.skippedCount;
    return [
      `file:       ${mb(bytes)} JSON Lines, ${records} records (1 in ${HTML_EVERY} an HTML page), written in ${writeSeconds.toFixed(1)} s`,
      `import:     ${published} published, ${summary.duplicates} copies, ${summary.skippedCount} skipped in ${seconds.toFixed(1)} s`,
      `throughput: ${(items / seconds).toFixed(0)} articles/s, ${(bytes / 2 ** 20 / seconds).toFixed(1)} MB/s (one thread, publisher that only counts)`,
      `memory:     rss ${mb(rssBefore)} before the import, peak ${mb(peak)} during it (sampled every 50 ms); process peak ${mb(maxRss)} (maxRSS)`,
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};
