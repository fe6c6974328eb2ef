import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { EnrichedArticle } from '@newsgraph/contracts';
import { dropDatabase, PrismaService } from '@newsgraph/db';
import { ProjectionService } from '@newsgraph/projection';
import { postgresCpu } from '../measure';
import { zipfWord } from '../synthetic-text';
import type { BenchSuite } from './index';

/** Articles per story: BENCH_PROJECTOR_STORY_SIZE (the pipeline bench's stories are large). */
const STORY_SIZE = Number(process.env.BENCH_PROJECTOR_STORY_SIZE ?? 8);

// Deterministic synthetic events: news-sized bodies of news-like vocabulary, ~20 mentions over a pool of
// entities, a copy every 10th article, stories of 8 articles unless set.
function* events(count: number, seed = 42, offset = 0): Generator<EnrichedArticle> {
  let x = seed;
  const rand = () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const t0 = Date.UTC(2024, 0, 1);
  for (let i = offset; i < offset + count; i++) {
    const id = i.toString(16).padStart(32, '0');
    const body = Array.from({ length: 600 }, () => zipfWord(rand())).join(' ');
    const at = new Date(t0 + i * 1000).toISOString();
    const storyNo = Math.floor(i / STORY_SIZE);
    const mentions = new Map<
      number,
      { start: number; end: number; surface: string; confidence: number }[]
    >();
    for (let m = 0; m < 20; m++) {
      const entity = Math.floor(rand() * 5000);
      const start = m * 150;
      const list = mentions.get(entity) ?? [];
      list.push({ start, end: start + 8, surface: `Entity ${entity}`, confidence: 0.9 });
      mentions.set(entity, list);
    }
    yield {
      schemaVersion: 1,
      article: {
        schemaVersion: 1,
        articleId: id,
        source: { id: `source-${i % 50}`, name: `Source ${i % 50}`, url: null },
        externalId: `item-${i}`,
        url: null,
        title: `Synthetic article ${i}`,
        body,
        language: 'en',
        publishedAt: at,
        ingestedAt: at,
        contentHash: id.padEnd(64, '0'),
        byline: null,
      },
      verdict:
        i % 10 === 9
          ? { kind: 'exact', duplicateOf: (i - 1).toString(16).padStart(32, '0'), similarity: 1 }
          : { kind: 'unique', duplicateOf: null, similarity: 0 },
      story: { id: `s-${storyNo}`, title: `Story ${storyNo}`, revision: i },
      entities: [...mentions.entries()].map(([e, ms]) => ({
        id: `Q${e + 1}`,
        qid: `Q${e + 1}`,
        name: `Entity ${e}`,
        type: 'person' as const,
        salience: 0.5,
        mentions: ms,
      })),
    };
  }
}

/**
 * Projector write throughput into a fresh Postgres database (DATABASE_URL's server,
 * database `newsgraph_bench_projector`), batches of 1,000 as the service consumes
 * them, BENCH_PROJECTOR_CONCURRENCY (default 2) at a time; Kafka is left out to
 * measure the projection itself. BENCH_PROJECTOR_EXISTING articles (default 0)
 * are projected first, unmeasured, so that the measured ones go into a database
 * of that size: its indexes deeper, a join or scan that grows with a table
 * shown for what it costs in production.
 */
export const projectorSuite: BenchSuite = async () => {
  const total = Number(process.env.BENCH_PROJECTOR_ARTICLES ?? 20_000);
  const existing = Number(process.env.BENCH_PROJECTOR_EXISTING ?? 0);
  const batchSize = Number(process.env.BENCH_PROJECTOR_BATCH ?? 1000);
  const url = new URL(process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres');
  url.pathname = '/newsgraph_bench_projector';
  await dropDatabase(url.toString());
  execFileSync(process.execPath, [join(__dirname, '../../../stack/dist/main.js'), 'migrate'], {
    env: { ...process.env, DATABASE_URL: url.toString(), NODE_NO_WARNINGS: '1' },
    stdio: 'ignore',
  });
  const prisma = new PrismaService(url.toString(), { poolSize: 4 });
  await prisma.$connect();
  const projection = new ProjectionService(prisma);
  // As the projector runs: PROJECTOR_CONCURRENCY partitions written at once, each
  // batch in its own transaction, so Postgres works on more than one core.
  const writers = Number(process.env.BENCH_PROJECTOR_CONCURRENCY ?? 2);
  const applyAll = async (batches: EnrichedArticle[][]) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: writers }, async () => {
        while (next < batches.length) await projection.apply(batches[next++]!);
      }),
    );
  };
  // The existing articles, in chunks (a whole 1,000,000 would not fit in memory);
  // their ids and times come before the measured ones.
  const fillStarted = Date.now();
  for (let from = 0; from < existing; from += 10 * batchSize) {
    const chunk = [...events(Math.min(10 * batchSize, existing - from), 7 + from, from)];
    const chunkBatches: EnrichedArticle[][] = [];
    for (let at = 0; at < chunk.length; at += batchSize) {
      chunkBatches.push(chunk.slice(at, at + batchSize));
    }
    await applyAll(chunkBatches);
  }
  if (existing > 0) await prisma.$executeRawUnsafe('VACUUM ANALYZE');
  const fillSeconds = (Date.now() - fillStarted) / 1000;
  // Generated before the clock starts (about 100 MB for 20,000 articles).
  const batches: EnrichedArticle[][] = [];
  let mentionCount = 0;
  for (const e of events(total, 42, existing)) {
    if (batches.length === 0 || batches[batches.length - 1]!.length === batchSize) batches.push([]);
    batches[batches.length - 1]!.push(e);
    mentionCount += e.entities.reduce((n, x) => n + x.mentions.length, 0);
  }
  const ownBefore = process.cpuUsage();
  const postgresBefore = postgresCpu();
  const started = process.hrtime.bigint();
  await applyAll(batches);
  const busy = Number(process.hrtime.bigint() - started) / 1e9;
  // CPU per article, which wall time on a shared 2-core machine hides.
  const own = process.cpuUsage(ownBefore);
  const ownMs = ((own.user + own.system) / 1e3 / total).toFixed(3);
  const postgresMs = (((postgresCpu() - postgresBefore) * 1e3) / total).toFixed(3);
  const t = process.hrtime.bigint();
  await projection.apply([...events(batchSize, 42, existing)]);
  const replay = Number(process.hrtime.bigint() - t) / 1e9;
  await prisma.$disconnect();
  await dropDatabase(url.toString());
  return [
    `articles: ${total}, mentions: ${mentionCount} (${(mentionCount / total).toFixed(1)} per article), batch ${batchSize}`,
    `database before the clock: ${existing} articles${existing > 0 ? ` (projected in ${fillSeconds.toFixed(0)} s, then VACUUM ANALYZE)` : ''}`,
    `projector: ${(total / busy).toFixed(0)} articles/s (${busy.toFixed(1)} s, ${writers} writers, wall time)`,
    `cpu per article: projector ${ownMs} ms, Postgres ${postgresMs} ms`,
    `replaying a batch of ${batchSize} already projected: ${(batchSize / replay).toFixed(0)} articles/s`,
  ];
};
