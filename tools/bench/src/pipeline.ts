import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { arch, cpus, platform, release, totalmem } from 'node:os';
import { encodeValue, topicName, Topics, type RawArticle } from '@newsgraph/contracts';
import { dropDatabase, parseProjectionNotice, PROJECTION_CHANNEL } from '@newsgraph/db';
import {
  FIXTURE_KB_NAMES,
  PORT_VARIABLE,
  startPipeline,
  waitFor,
  type TestPipeline,
} from '@newsgraph/devstack';
import { fixKafkajsRequestQueue, useNativeCrc32c } from '@newsgraph/kafka';
import { Kafka, logLevel, Partitioners, type Message, type Producer } from 'kafkajs';
import { Client } from 'pg';
import { cpuOfProcesses, postgresCpu, procSample } from './measure';
import { zipfWord } from './synthetic-text';

/**
 * `npm run bench:pipeline`: the five real services on the shared broker (their own
 * database and topic prefix), fed synthetic news-sized articles through the raw
 * topic. Reports sustained end-to-end throughput, publish-to-visible latency
 * (the projector's NOTIFY after its commit), CPU and memory per service, the raw
 * Kafka produce-to-consume rate of the same messages, and freshness at 100/s.
 */
const TOTAL = Number(process.env.BENCH_PIPELINE_ARTICLES ?? 20_000);
const PACED_RATE = Number(process.env.BENCH_PIPELINE_RATE ?? 100);
const PACED_SECONDS = Number(process.env.BENCH_PIPELINE_SECONDS ?? 30);
const WARMUP = Number(process.env.BENCH_PIPELINE_WARMUP ?? 2_000);
const BATCH = 500;

const NAMES = FIXTURE_KB_NAMES;

/** Deterministic raw articles of ~600 words (synthetic-text.ts); every 10th copies the one before it. */
function articles(count: number, offset: number, seed: number): RawArticle[] {
  let x = seed;
  const rand = () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const out: RawArticle[] = [];
  for (let n = 0; n < count; n++) {
    const i = offset + n;
    const at = new Date().toISOString();
    const id = createHash('md5').update(`bench-${seed}-${i}`).digest('hex');
    const previous = out[n - 1];
    if (n % 10 === 9 && previous) {
      out.push({
        ...previous,
        articleId: id,
        externalId: `copy-${i}`,
        source: { id: `mirror-${i % 7}`, name: `Mirror ${i % 7}`, url: null },
      });
      continue;
    }
    const words = Array.from({ length: 600 }, (_, w) =>
      w % 60 === 0 ? NAMES[Math.floor(rand() * NAMES.length)]! : zipfWord(rand()),
    );
    const body = `${words.join(' ')}. Report ${i}.`;
    out.push({
      schemaVersion: 1,
      articleId: id,
      source: { id: `source-${i % 50}`, name: `Source ${i % 50}`, url: null },
      externalId: `item-${i}`,
      url: null,
      title: `${NAMES[i % NAMES.length]} in the news, report ${i}`,
      body,
      language: 'en',
      publishedAt: at,
      ingestedAt: at,
      contentHash: createHash('sha256').update(body).digest('hex'),
      byline: null,
    });
  }
  return out;
}

const toMessages = (batch: RawArticle[]): Message[] =>
  batch.map((a) => ({ key: a.articleId, value: encodeValue(Topics.articleRaw, a) }));

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
const ms = (v: number) => `${v.toFixed(0)} ms`;
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

/** Every CPU consumer of the run, as CPU seconds so far. */
function cpuSnapshot(pipeline: TestPipeline): Map<string, number> {
  const out = new Map<string, number>(
    pipeline.services.map((s) => [s.name, procSample(s.child.pid!).cpu]),
  );
  out.set(
    'Kafka broker',
    cpuOfProcesses((c) => c.includes('kafka.Kafka')),
  );
  out.set('Postgres', postgresCpu());
  const own = process.cpuUsage();
  out.set('load generator', (own.user + own.system) / 1e6);
  return out;
}

/** Publish times by article id, and when each became visible (projector NOTIFY). */
class Visibility {
  readonly sentAt = new Map<string, number>();
  readonly latencies: number[] = [];
  /** When each article became visible, in order. */
  readonly seenAt: number[] = [];
  lastSeen = 0;
  private readonly seen = new Set<string>();
  constructor(private readonly client: Client) {
    client.on('notification', (n) => {
      const now = performance.now();
      for (const id of parseProjectionNotice(n.payload)?.articles ?? []) {
        const sent = this.sentAt.get(id);
        if (sent === undefined || this.seen.has(id)) continue;
        this.seen.add(id);
        this.latencies.push(now - sent);
        this.seenAt.push(now);
        this.lastSeen = now;
      }
    });
  }
  get count() {
    return this.seen.size;
  }
  reset() {
    this.sentAt.clear();
    this.seen.clear();
    this.latencies.length = 0;
    this.seenAt.length = 0;
  }
  /**
   * The rate between the 10th and the 90th percentile of articles made visible:
   * the pipeline full, without the seconds in which it fills (later stages
   * waiting for the first batches) and drains (earlier stages done).
   */
  steadyRate(): number {
    const first = this.seenAt[Math.floor(this.seenAt.length * 0.1)]!;
    const last = this.seenAt[Math.floor(this.seenAt.length * 0.9)]!;
    return (
      (Math.floor(this.seenAt.length * 0.9) - Math.floor(this.seenAt.length * 0.1)) /
      ((last - first) / 1000)
    );
  }
}

/** Sends in batches; each article is stamped ingested when its batch goes, as the ingester does. */
async function publishAll(
  producer: Producer,
  topic: string,
  items: RawArticle[],
  visibility?: Visibility,
): Promise<void> {
  for (let i = 0; i < items.length; i += BATCH) {
    const ingestedAt = new Date().toISOString();
    const batch = items.slice(i, i + BATCH).map((a) => ({ ...a, ingestedAt }));
    const now = performance.now();
    for (const a of batch) visibility?.sentAt.set(a.articleId, now);
    await producer.send({ topic, acks: -1, messages: toMessages(batch) });
  }
}

type Sums = Map<string, { sum: number; count: number }>;

/** Sums and counts of the stage histograms on each service's /metrics. */
async function stageSums(pipeline: TestPipeline): Promise<Sums> {
  const out: Sums = new Map();
  const pattern =
    /^newsgraph_(pipeline_message_age|kafka_message_duration|kafka_batch_duration)_seconds_(sum|count)\{[^}]*group="([^"]+)"[^}]*\} ([0-9.e+-]+)$/;
  for (const service of ['deduplicator', 'entity-linker', 'projector'] as const) {
    const port = pipeline.env[PORT_VARIABLE[service]];
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    for (const line of text.split('\n')) {
      const m = pattern.exec(line);
      if (!m) continue;
      const key = `${m[1]} ${m[3]!.replace(/^.*\.newsgraph\./, '')}`;
      const entry = out.get(key) ?? { sum: 0, count: 0 };
      if (m[2] === 'sum') entry.sum += Number(m[4]);
      else entry.count += Number(m[4]);
      out.set(key, entry);
    }
  }
  return out;
}

/** Per stage, over the interval between two samples: where an article's time goes. */
function stageReport(before: Sums, after: Sums): string[] {
  const mean = (key: string) => {
    const a = after.get(key);
    const b = before.get(key) ?? { sum: 0, count: 0 };
    if (!a || a.count === b.count) return undefined;
    return { ms: ((a.sum - b.sum) / (a.count - b.count)) * 1000, n: a.count - b.count };
  };
  const groups = [...new Set([...after.keys()].map((k) => k.split(' ')[1]!))];
  return groups.map((group) => {
    const age = mean(`pipeline_message_age ${group}`);
    const inStage = mean(`kafka_message_duration ${group}`);
    const batch = mean(`kafka_batch_duration ${group}`);
    return `  ${group.padEnd(24)} age when consumed ${age ? ms(age.ms) : '-'}, consumed to handled ${inStage ? ms(inStage.ms) : '-'}, handler ${batch ? `${ms(batch.ms)} per batch of ${((inStage?.n ?? 0) / batch.n).toFixed(1)}` : '-'}`;
  });
}

async function kafkaYardstick(kafka: Kafka, prefix: string, items: RawArticle[]) {
  const topic = `${prefix}scratch`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [{ topic, numPartitions: 6, replicationFactor: -1 }],
  });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const consumer = kafka.consumer({ groupId: `${prefix}scratch-reader` });
  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let consumed = 0;
  let last = 0;
  await consumer.run({
    eachBatch: async ({ batch }) => {
      consumed += batch.messages.length;
      last = performance.now();
    },
  });
  // Let the consumer join before the clock starts.
  await new Promise((r) => setTimeout(r, 3000));
  const start = performance.now();
  for (let i = 0; i < items.length; i += BATCH)
    await producer.send({ topic, acks: -1, messages: toMessages(items.slice(i, i + BATCH)) });
  const produced = performance.now();
  await waitFor('the scratch topic to be consumed', () =>
    consumed >= items.length ? true : undefined,
  );
  await consumer.disconnect();
  await producer.disconnect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
  return {
    produceRate: items.length / ((produced - start) / 1000),
    endToEndRate: items.length / ((last - start) / 1000),
  };
}

async function main(): Promise<void> {
  const cpu = cpus();
  const lines: string[] = [];
  const say = (line: string) => {
    lines.push(line);
    process.stdout.write(`${line}\n`);
  };
  say(
    `machine: ${cpu.length} x ${cpu[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ${platform()} ${release()} ${arch()}, node ${process.version}`,
  );
  say(`load average at start: ${loadavg()}`);

  const runId = Date.now().toString(36);
  process.env.KAFKA_BROKERS ??= '127.0.0.1:9092';
  const base = new URL(process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres');
  base.pathname = '/newsgraph_bench';
  process.env.DATABASE_URL = base.toString();
  process.env.TOPIC_PREFIX = `bench-${runId}.`;
  // startPipeline('pipeline') derives this name; query parameters (host, sslmode) stay.
  const derived = new URL(base);
  derived.pathname = `${base.pathname}_pipeline`;
  const databaseUrl = derived.toString();
  await dropDatabase(databaseUrl);

  // The same client as the services' (see libs/kafka/src/request-queue-fix.ts).
  fixKafkajsRequestQueue();
  useNativeCrc32c();
  const kafka = new Kafka({
    clientId: 'bench-pipeline',
    brokers: process.env.KAFKA_BROKERS.split(','),
    logLevel: logLevel.ERROR,
  });
  const items = articles(TOTAL, 0, 7);
  const yardstick = await kafkaYardstick(kafka, process.env.TOPIC_PREFIX, items);

  const pipeline: TestPipeline = await startPipeline('pipeline');
  const listener = new Client({ connectionString: pipeline.env.DATABASE_URL });
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  try {
    await listener.connect();
    await listener.query(`LISTEN ${PROJECTION_CHANNEL}`);
    const visibility = new Visibility(listener);
    await producer.connect();
    const raw = topicName(Topics.articleRaw, pipeline.env.TOPIC_PREFIX!);

    // Warm-up, not measured: the services' and the broker's JIT compilers, pools
    // and caches reach the state a long-running deployment is in.
    if (WARMUP > 0) {
      const warm = articles(WARMUP, 0, 13);
      await publishAll(producer, raw, warm, visibility);
      await waitFor(
        'the warm-up articles to be projected',
        () => (visibility.count >= warm.length ? true : undefined),
        10 * 60_000,
        200,
      );
      visibility.reset();
      say(`warm-up: ${WARMUP} articles through the pipeline first, not measured`);
    }

    // Full speed.
    const cpuBefore = new Map(pipeline.services.map((s) => [s.name, procSample(s.child.pid!)]));
    const allBefore = cpuSnapshot(pipeline);
    const fullBefore = await stageSums(pipeline);
    const start = performance.now();
    await publishAll(producer, raw, items, visibility);
    const published = performance.now();
    await waitFor(
      'every article to be projected',
      () => (visibility.count >= TOTAL ? true : undefined),
      30 * 60_000,
      200,
    );
    const seconds = (visibility.lastSeen - start) / 1000;
    const cpuAfter = new Map(pipeline.services.map((s) => [s.name, procSample(s.child.pid!)]));
    const allAfter = cpuSnapshot(pipeline);
    const sorted = [...visibility.latencies].sort((a, b) => a - b);
    say(`\n## pipeline, full speed: ${TOTAL} articles of ~600 words (every 10th an exact copy)`);
    say(
      `end to end: ${(TOTAL / seconds).toFixed(0)} articles/s sustained (${seconds.toFixed(1)} s from first publish to the last projector commit; publishing took ${((published - start) / 1000).toFixed(1)} s)`,
    );
    say(
      `steady state: ${visibility.steadyRate().toFixed(0)} articles/s while the pipeline is full (from the 10th to the 90th percentile of articles visible)`,
    );
    say(
      `latency publish -> visible in Postgres: p50 ${ms(quantile(sorted, 0.5))}, p95 ${ms(quantile(sorted, 0.95))}, p99 ${ms(quantile(sorted, 0.99))}`,
    );
    for (const s of pipeline.services) {
      const a = cpuBefore.get(s.name)!;
      const b = cpuAfter.get(s.name)!;
      say(
        `  ${s.name.padEnd(13)} cpu ${(((b.cpu - a.cpu) / seconds) * 100).toFixed(0).padStart(3)}% of a core, rss ${b.rssMb.toFixed(0)} MB (peak ${b.peakMb.toFixed(0)} MB)`,
      );
    }
    // The machine's budget: with every core busy, throughput is cores / CPU per article.
    const perArticle = [...allAfter].map(
      ([name, after]) => [name, ((after - allBefore.get(name)!) * 1000) / TOTAL] as const,
    );
    const total = perArticle.reduce((sum, [, ms]) => sum + ms, 0);
    say(
      `cpu per article: ${perArticle.map(([name, ms]) => `${name} ${ms.toFixed(2)}`).join(', ')}; ` +
        `total ${total.toFixed(2)} ms, so at most ${((cpu.length * 1000) / total).toFixed(0)} articles/s on ${cpu.length} cores`,
    );
    // Where the queue builds at full speed: the stage whose age grows is the limit.
    say("stages (means over all articles, from the services' own metrics):");
    for (const line of stageReport(fullBefore, await stageSums(pipeline))) say(line);
    say(
      `raw Kafka, same ${TOTAL} messages, scratch topic (6 partitions), kafkajs: produce ${yardstick.produceRate.toFixed(0)} msg/s, produce-to-consume ${yardstick.endToEndRate.toFixed(0)} msg/s`,
    );

    // Paced: freshness at a steady rate well below capacity.
    visibility.reset();
    const paced = articles(PACED_RATE * PACED_SECONDS, TOTAL, 11);
    const tick = 100;
    const perTick = Math.max(1, Math.round((PACED_RATE * tick) / 1000));
    const sumsBefore = await stageSums(pipeline);
    const pacedStart = performance.now();
    for (let i = 0; i < paced.length; i += perTick) {
      const due = pacedStart + (i / perTick) * tick;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      await publishAll(producer, raw, paced.slice(i, i + perTick), visibility);
    }
    await waitFor(
      'the paced articles to be projected',
      () => (visibility.count >= paced.length ? true : undefined),
      5 * 60_000,
      200,
    );
    const pacedSorted = [...visibility.latencies].sort((a, b) => a - b);
    say(`\n## pipeline, paced at ${PACED_RATE} articles/s for ${PACED_SECONDS} s`);
    say(
      `freshness publish -> visible: p50 ${ms(quantile(pacedSorted, 0.5))}, p95 ${ms(quantile(pacedSorted, 0.95))}, p99 ${ms(quantile(pacedSorted, 0.99))}, max ${ms(pacedSorted.at(-1) ?? NaN)}`,
    );
    say("stages (means over the paced articles, from the services' own metrics):");
    for (const line of stageReport(sumsBefore, await stageSums(pipeline))) say(line);
    say(`\nload average at end: ${loadavg()}`);
  } finally {
    await producer.disconnect().catch(() => undefined);
    await listener.end().catch(() => undefined);
    await pipeline.stop();
    const admin = kafka.admin();
    await admin.connect();
    const mine = (await admin.listTopics()).filter((t) => t.startsWith(process.env.TOPIC_PREFIX!));
    await admin.deleteTopics({ topics: mine }).catch(() => undefined);
    await admin.disconnect();
    await dropDatabase(databaseUrl).catch(() => undefined);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:pipeline: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
